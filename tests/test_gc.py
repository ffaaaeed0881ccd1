"""parse switches the cycle collector off while it runs, and always leaves it as it found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from episode_parse import api, parse
from episode_parse.rules import run_rules

TEXT = "### T\n\n**A [00:00:01]**: Hi.\n\n**B [00:61:00]**: Oops.\n"


@pytest.fixture(autouse=True)
def _restore_gc() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_collector_is_off_during_parse_and_on_after(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    def spy(*args: object) -> object:
        seen.append(gc.isenabled())
        return run_rules(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "run_rules", spy)
    gc.enable()
    parse(TEXT)
    assert seen == [False]
    assert gc.isenabled()


def test_collector_left_off_when_it_was_off() -> None:
    gc.disable()
    parse(TEXT)
    assert not gc.isenabled()


def test_collector_back_on_when_parsing_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> object:
        raise RuntimeError("bug")

    monkeypatch.setattr(api, "read_markdown", broken)
    gc.enable()
    with pytest.raises(RuntimeError):
        parse(TEXT)
    assert gc.isenabled()


def test_collector_back_on_after_a_strict_error() -> None:
    gc.enable()
    with pytest.raises(ValueError):
        parse(TEXT, strict=True)
    assert gc.isenabled()

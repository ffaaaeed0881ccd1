"""The Dask recipe of the README (``pip install -e '.[dist]'``), run on the local scheduler."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from episode_parse import Episode, parse_file
from episode_parse.cli import main
from tests.conftest import CORPUS, needs_corpus

if os.environ.get("CI"):
    # CI installs the dist extra: a missing Dask must fail there, not skip.
    import dask
    import dask.bag as db
else:
    dask = pytest.importorskip("dask", reason="Dask is not installed (pip install -e '.[dist]')")
    db = pytest.importorskip("dask.bag")


def recipe(corpus: Path, out: Path) -> list[tuple[str | None, int, int]]:
    """The README's recipe: parse a corpus with dask.bag, write JSON Lines, summarise."""
    files = sorted(str(p) for p in corpus.rglob("*") if p.suffix in (".md", ".txt"))
    episodes = db.from_sequence(files, partition_size=8).map(parse_file)

    # One JSON line per episode, one file per partition, in input order:
    episodes.map(lambda e: e.to_json().decode()).to_textfiles(str(out / "part-*.jsonl"), last_endline=True)

    # Or a summary of each episode:
    summary = episodes.map(lambda e: (e.source.name, len(e.turns), sum(d.severity == "error" for d in e.diagnostics)))
    rows: list[tuple[str | None, int, int]] = summary.compute()
    return rows


def _check(corpus: Path, out: Path, scheduler: str, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    out.mkdir()
    with dask.config.set(scheduler=scheduler):
        rows = recipe(corpus, out)
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".md", ".txt"))
    expected = [parse_file(p) for p in files]
    assert rows == [
        (str(p), len(e.turns), sum(d.severity == "error" for d in e.diagnostics))
        for p, e in zip(files, expected, strict=True)
    ]
    parts = sorted(out.glob("part-*.jsonl"), key=lambda p: int(p.stem.split("-")[1]))
    lines = [line for part in parts for line in part.read_bytes().splitlines()]
    assert [Episode.from_json(line) for line in lines] == expected
    # The same bytes as the command line's JSON Lines.
    assert main(["convert", *map(str, files), "--jsonl", "--jobs", "1"]) in (0, 1)
    assert capsysbinary.readouterr().out.splitlines() == lines


def _small_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    (corpus / "b").mkdir(parents=True)
    for k in range(12):
        text = f"### Transcript\n\n**A [00:00:{k:02d}]**: Turn {k}.\n\n**B [00:01:00]**: Reply.\n"
        (corpus / ("b" if k % 2 else "") / f"ep{k:02d}.md").write_text(text, encoding="utf-8")
    (corpus / "bad.txt").write_bytes(b"**A [00:61:00]**: caf\xe9\n")
    return corpus


@pytest.mark.parametrize("scheduler", ["sync", "processes"])
def test_recipe_on_a_small_corpus(tmp_path: Path, scheduler: str, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    _check(_small_corpus(tmp_path), tmp_path / "out", scheduler, capsysbinary)


@needs_corpus
def test_recipe_on_the_shared_corpus(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    _check(CORPUS, tmp_path / "out", "processes", capsysbinary)

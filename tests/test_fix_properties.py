"""Properties of ``episode-parse fix`` over clean documents with fixable mistakes injected, and arbitrary input.

The strategies live in ``tests/strategies.py`` (:func:`fixable_mistakes`).
Run them thorough on purpose (2,000 examples a property)::

    HYPOTHESIS_PROFILE=thorough .venv/bin/python -m pytest tests/test_fix_properties.py
"""

from __future__ import annotations

import os
import tempfile

from hypothesis import assume, given
from hypothesis import strategies as st

from episode_parse import parse_bytes
from episode_parse.cli import main
from episode_parse.fix import FixResult, fix_bytes
from tests.strategies import Mistaken, arbitrary_text, fixable_mistakes, mistaken_cue_files, rendered_episodes

CHANGEABLE = frozenset(" \t\r\n\ufeff0123456789:")
"""What the fixes replace: blanks, line breaks, byte-order marks, the digits and colons of timestamps."""


def _fix(data: bytes) -> FixResult:
    return fix_bytes(data, unsafe=True)


@given(fixable_mistakes())
def test_fixing_gives_back_the_clean_document(m: Mistaken) -> None:
    result = _fix(m.text.encode())
    assert result.settled and result.problem is None
    original = m.original.episode
    after = result.episode
    left = {d.code for d in after.diagnostics}
    # The one-digit change of TS002 is fixed only when it is the only one that fits.
    unfixed = [d for d in after.diagnostics if d.code == "TS002"]
    assert all(d.fix is None and d.span.line == _line_of(after, m.digit_turn) for d in unfixed)
    allowed = {"TS002", "CH003", "CH006"} if unfixed else set()  # a last turn's wrong time moves the last chapter's end
    assert left <= allowed, [(d.code, d.message) for d in after.diagnostics]
    assert not left & {d.code for d in result.fixed}
    assert [(t.speaker, t.text) for t in after.turns] == [(t.speaker, t.text) for t in original.turns]
    assert [(c.title, c.start) for c in after.chapters] == [(c.title, c.start) for c in original.chapters]
    for k, (got, want) in enumerate(zip(after.turns, original.turns, strict=True)):
        assert got.start == want.start or (unfixed and k == m.digit_turn)
    if m.exact:
        assert result.data == m.clean_text.encode()


def _line_of(episode: object, k: int | None) -> int:
    from episode_parse import Episode

    assert isinstance(episode, Episode) and k is not None
    return episode.turns[k].span.line


@given(fixable_mistakes(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be"]), st.booleans())
def test_only_the_edited_spans_change(m: Mistaken, encoding: str, final_newline: bool) -> None:
    text = m.text + "\n" if final_newline else m.text
    data = text.encode(encoding)
    if encoding.startswith("utf-16"):
        data = "\ufeff".encode(encoding) + data  # UTF-16 is read by its byte-order mark
    codec = encoding.removesuffix("-sig")
    result = _fix(data)
    rebuilt = data
    for edits in result.byte_edits:  # each round's edits, spliced by hand
        pieces, pos = [], 0
        for start, end, new in edits:
            assert pos <= start <= end
            assert set(rebuilt[start:end].decode(codec)) <= CHANGEABLE
            pieces += [rebuilt[pos:start], new]
            pos = end
        rebuilt = b"".join([*pieces, rebuilt[pos:]])
    assert rebuilt == result.data
    # The encoding, the byte-order mark and the final newline (or its absence) are kept.
    plain = _fix(text.encode()).data.decode()
    assert result.data == (("\ufeff" if encoding != "utf-8" else "") + plain).encode(codec)


def _surrogatepass(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate becomes bytes that are not UTF-8


@given(st.one_of(fixable_mistakes().map(lambda m: m.text.encode()), arbitrary_text().map(_surrogatepass), st.binary()))
def test_fix_is_idempotent(data: bytes) -> None:
    once = _fix(data)
    if once.settled:
        assert _fix(once.data).data == once.data


@given(arbitrary_text(), st.sampled_from(["utf-8", "utf-16"]))
def test_arbitrary_text_fixes_without_raising_and_reads_back(text: str, encoding: str) -> None:
    data = text.encode(encoding, "surrogatepass")
    result = _fix(data)
    assert result.settled or result.problem is not None
    if not result.changed:
        assert result.data == data
    left = {d.code for d in result.episode.diagnostics if d.fix is not None}
    assert result.problem is not None or not left, left


@given(st.one_of(rendered_episodes().map(lambda r: r.text), arbitrary_text()))
def test_documents_with_no_fixable_finding_are_unchanged(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    assume(not any(d.fix for d in parse_bytes(data).diagnostics))
    result = _fix(data)
    assert result.data == data and not result.changed and result.rounds == 0


@given(rendered_episodes())
def test_check_passes_on_clean_documents(r: object) -> None:
    from tests.strategies import Rendered

    assert isinstance(r, Rendered)
    data = r.text.encode()
    assert not any(d.fix for d in parse_bytes(data).diagnostics)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "episode.md")
        with open(path, "wb") as f:
            f.write(data)
        assert main(["fix", "--check", "--isolated", path]) == 0
        assert main(["fix", "--isolated", path]) == 0
        with open(path, "rb") as f:
            assert f.read() == data


@given(mistaken_cue_files())
def test_cue_files_fix_into_the_file_written_right(case: tuple[str, str, str]) -> None:
    bad, name, good = case
    before = parse_bytes(bad.encode(), name=name)
    result = fix_bytes(bad.encode(), name=name)  # safe fixes only: every mistake here is certain
    assert result.settled and result.problem is None
    assert result.data == good.encode()
    assert not {"CUE006", "CUE009", "CUE011"} & {d.code for d in result.episode.diagnostics}
    assert [(s.start, s.end, s.text) for s in result.episode.segments] == [
        (s.start, s.end, s.text) for s in before.segments
    ]
    assert fix_bytes(result.data, name=name).data == result.data

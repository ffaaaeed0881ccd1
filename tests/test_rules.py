"""Every rule of the catalogue: a document that triggers it and a near miss that must not.

The cases live in tests/fixtures/rules.txt, readable as documents; each test
id carries the case's line number there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from episode_parse import parse
from episode_parse.diagnostics import CATALOGUE
from tests.test_lines import BYTE_CASES

FIXTURES = Path(__file__).parent / "fixtures" / "rules.txt"


def read_cases(path: Path) -> list[tuple[int, str, str, list[str]]]:
    """(line, title, document, expected findings) for each case of a fixture file."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases = []
    i = 0
    while i < len(lines):
        if not lines[i].strip() or lines[i].startswith("#"):
            i += 1
            continue
        title, start = lines[i], i + 1
        assert lines[i + 1] == ".", f"line {i + 2}: expected '.'"
        j = i + 2
        while lines[j] != ".":
            j += 1
        document = "\n".join(lines[i + 2 : j]) + "\n"
        k = j + 1
        while lines[k] != ".":
            k += 1
        cases.append((start, title, document, [x for x in lines[j + 1 : k] if x]))
        i = k + 1
    return cases


CASES = read_cases(FIXTURES)
BYTE_CODES = {code for _, found in BYTE_CASES.values() for code, _, _ in found}
"""The codes of reading findings, whose cases are in test_lines.py."""

INVISIBLE_CODES = {"DOC009", "DOC010"}
"""Codes whose examples write invisible characters as escapes (a stray byte-order mark, trailing blanks); cases below."""


@pytest.mark.parametrize(
    ("line", "title", "document", "expected"), CASES, ids=[f"rules.txt:{c[0]} {c[1]}" for c in CASES]
)
def test_rule_case(line: int, title: str, document: str, expected: list[str]) -> None:
    episode = parse(document)
    got = [f"{d.code} {d.span.line}:{d.span.column}" for d in episode.diagnostics]
    assert got == expected


def test_every_rule_has_a_case_and_the_catalogue_is_complete() -> None:
    triggered = {e.split()[0] for _, _, _, expected in CASES for e in expected}
    # The findings of reading need bytes or control characters: their cases are in test_lines.py.
    assert {"DOC001", "DOC002", "DOC003", "DOC004", "DOC007", "DOC008"} == BYTE_CODES
    # A stray byte-order mark and trailing blanks are invisible: their cases are below.
    assert set(CATALOGUE) - triggered == BYTE_CODES | INVISIBLE_CODES
    for rule in CATALOGUE.values():
        assert rule.code[:-3] in ("DOC", "TS", "TR", "CH", "NT", "CUE", "FMT") and rule.code[-3:].isdigit()
        assert (rule.fixable is None) or (rule.fixable in ("always", "sometimes") and rule.fix)
        assert rule.summary and rule.explanation and rule.good
        assert rule.severity in ("error", "warning", "info")


def test_out_of_order_suggests_the_one_digit_fix() -> None:
    text = "**A [00:11:00]**: a.\n\n**B [01:11:17]**: b.\n\n**A [00:12:01]**: c.\n"
    [d] = parse(text).diagnostics
    assert (d.code, d.suggestion) == ("TS002", "00:11:17")
    assert "00:11:00 to 00:12:01" in d.message


# The examples of reading findings describe bytes (their cases are test_lines.py's).
_EXAMPLES = [code for code in CATALOGUE if code not in BYTE_CODES | INVISIBLE_CODES]


@pytest.mark.parametrize("code", _EXAMPLES)
def test_each_rules_examples_show_what_it_explains(code: str) -> None:
    # `episode-parse rules CODE` shows these: the bad one must give the finding, the good one not.
    rule = CATALOGUE[code]
    assert code in [d.code for d in parse(rule.bad).diagnostics]
    assert code not in [d.code for d in parse(rule.good).diagnostics]


def test_timestamp_examples_give_their_finding_alone() -> None:
    for code in ("TS001", "TS002", "TS003"):
        rule = CATALOGUE[code]
        assert [d.code for d in parse(rule.bad).diagnostics] == [code]
        assert parse(rule.good).diagnostics == ()


def test_out_of_order_explanation_matches_its_example() -> None:
    # The example's outlier is later than both neighbours; the explanation must not say "earlier than".
    rule = CATALOGUE["TS002"]
    [d] = parse(rule.bad).diagnostics
    assert d.suggestion is not None and d.suggestion in rule.good
    assert "earlier or later than both neighbours" in rule.explanation
    assert "01:11:17 between 00:11:00 and 00:12:01" in rule.explanation


def test_an_out_of_order_chapter_has_no_start_and_moves_no_turn() -> None:
    text = (
        "## Chapters\n\n00:00 Intro\n05:00 Middle\n02:00 Oops\n09:00 End\n\n## Transcript\n\n"
        "**A [00:01:00]**: Hi.\n\n**B [00:03:00]**: Yes.\n\n**A [00:06:00]**: So.\n\n**B [00:10:00]**: Bye.\n"
    )
    episode = parse(text)
    assert [(c.timestamp, c.start, c.end) for c in episode.chapters] == [
        ("00:00", 0.0, 300.0),
        ("05:00", 300.0, None),  # its next chapter's start is unknown, not 02:00
        ("02:00", None, 540.0),
        ("09:00", 540.0, 600.0),
    ]
    # 00:03:00 is in Intro (the out-of-order 02:00 chapter is no chapter start).
    assert [t.chapter for t in episode.turns] == [0, 0, 1, 3]
    assert [d.code for d in episode.diagnostics] == ["CH002"]


def test_stray_byte_order_marks() -> None:
    [d] = parse("\ufeff**A [00:00:01]**: Hi.\ufeff\ufeff there.\n").diagnostics  # the leading one is the file's
    assert (d.code, d.span.column, d.span.end_column) == ("DOC009", 22, 24)
    assert d.fix is not None and d.fix.applicability == "safe" and d.fix.edits[0].replacement == ""
    assert parse("\ufeff**A [00:00:01]**: Hi.\n").diagnostics == ()  # near miss: a leading mark


def test_trailing_blanks_on_header_lines() -> None:
    text = "## Transcript \t\n\n**A [00:00:01]**: Hi.  \n\n**B [00:00:02]**: Yo.  \nmore\n"
    found = [(d.code, d.span.line, d.span.column, d.span.end_column) for d in parse(text).diagnostics]
    # The last header's blanks are a hard break before "more": they stay.
    assert found == [("DOC010", 1, 14, 16), ("DOC010", 3, 22, 24)]
    assert parse("## Transcript\n\n**A [00:00:01]**: Hi.\n").diagnostics == ()

"""Every rule of the catalogue: a document that triggers it and a near miss that must not.

The cases live in tests/fixtures/rules.txt, readable as documents; each test
id carries the case's line number there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from episode_parse import parse, parse_bytes
from episode_parse.diagnostics import CATALOGUE

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


@pytest.mark.parametrize(
    ("line", "title", "document", "expected"), CASES, ids=[f"rules.txt:{c[0]} {c[1]}" for c in CASES]
)
def test_rule_case(line: int, title: str, document: str, expected: list[str]) -> None:
    episode = parse(document)
    got = [f"{d.code} {d.span.line}:{d.span.column}" for d in episode.diagnostics]
    assert got == expected


def test_every_rule_has_a_case_and_the_catalogue_is_complete() -> None:
    triggered = {e.split()[0] for _, _, _, expected in CASES for e in expected}
    # DOC001, DOC002, DOC003, DOC004 and DOC007 need bytes or control characters; they are below.
    assert set(CATALOGUE) - triggered == {"DOC001", "DOC002", "DOC003", "DOC004", "DOC007"}
    for rule in CATALOGUE.values():
        assert rule.code[:-3] in ("DOC", "TS", "TR", "CH", "NT") and rule.code[-3:].isdigit()
        assert rule.summary and rule.explanation and rule.good
        assert rule.severity in ("error", "warning", "info")


def test_out_of_order_suggests_the_one_digit_fix() -> None:
    text = "**A [00:11:00]**: a.\n\n**B [01:11:17]**: b.\n\n**A [00:12:01]**: c.\n"
    [d] = parse(text).diagnostics
    assert (d.code, d.suggestion) == ("TS002", "00:11:17")
    assert "00:11:00 to 00:12:01" in d.message


def test_nul_characters() -> None:
    episode = parse("**A [00:00:01]**: a\x00\x00b\n")
    [d] = episode.diagnostics
    assert (d.code, d.span.line, d.span.column, d.span.end_column) == ("DOC003", 1, 20, 22)
    assert parse("**A [00:00:01]**: a\\x00b\n").diagnostics == ()  # near miss: the escape written out


def test_mixed_line_endings() -> None:
    [d] = parse("**A [00:00:01]**: Hi.\n\n**B [00:00:02]**: Yo.\r\n").diagnostics
    assert (d.code, d.span.line) == ("DOC004", 3)
    assert "1 CRLF" in d.message
    assert parse("**A [00:00:01]**: Hi.\r\n\r\n**B [00:00:02]**: Yo.\r\n").diagnostics == ()


def test_invalid_utf8_and_utf16_and_surrogates() -> None:
    [bad] = parse_bytes(b"**A [00:00:01]**: \xff\n").diagnostics
    assert (bad.code, bad.span.line, bad.span.column) == ("DOC001", 1, 19)
    assert parse_bytes("**A [00:00:01]**: é\n".encode()).diagnostics == ()
    [utf16] = parse_bytes("**A [00:00:01]**: a".encode("utf-16")).diagnostics
    assert utf16.code == "DOC002"
    [lone] = parse("**A [00:00:01]**: \udc80").diagnostics
    assert (lone.code, lone.span.column) == ("DOC007", 19)

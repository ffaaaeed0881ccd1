"""Runaway guard: pathological inputs parse quickly.

This guards against catastrophic regular-expression backtracking and other
blow-ups (a pattern that is quadratic or exponential on some input); it is
not a speed measurement, so the bound is a generous 2 seconds a document.
"""

from __future__ import annotations

import time

import pytest

from episode_parse import parse

LIMIT = 2.0
"""Seconds one pathological document may take; a linear parser needs a small fraction of it."""

HEADER = "**Host [00:00:01]**:"

PATHOLOGICAL = {
    "100,000 asterisks": "*" * 100_000,
    "100,000 asterisks after a turn header": f"{HEADER} " + "*" * 100_000,
    "100,000 spaces after a turn header": HEADER + " " * 100_000,
    "100,000 spaces and a word after a turn header": HEADER + " " * 100_000 + "word",
    "a 10 MB line": "a" * 10_000_000,
    "a 10 MB line opening with bold": "**" + "word " * 2_000_000,
    "a 10 MB turn": f"{HEADER} " + "word, " * 1_700_000,
    "100,000 [": "[" * 100_000,
    "100,000 [ after bold": "**Name " + "[" * 100_000,
    "100,000 [ in a turn": f"{HEADER} " + "[" * 100_000,
    "100,000 opening quotation marks": "\u201c" * 100_000,
    "100,000 colons after digits": "1" + ":1" * 50_000,
    "100,000 hashes": "#" * 100_000,
    "a chapter line with 100,000 spaces": "00:00" + " " * 100_000 + "Intro",
    # Each merged header used to restart the search for the next one at the
    # rest of the line, for every layout: quadratic in the line's length.
    "10,000 turn headers merged onto one line": f"{HEADER} Hi." + " **Guest [00:00:02]**: Yes." * 10_000,
    "10,000 paren headers merged onto one line": f"{HEADER} Hi." + " **Guest (00:00:02):** Yes." * 10_000,
    # TS002 looked for each outlier's kept neighbours past all the others: quadratic.
    "20,000 turns counting down": "\n".join(f"A: {k // 60}:{k % 60:02d}" for k in range(20_000, 0, -1)),
    # TR005 picked the usual spelling with list.index inside max: quadratic in the spellings.
    "32,768 spellings of one name": "\n".join(
        "".join(c.upper() if bits >> i & 1 else c for i, c in enumerate("abcdefghijklmno")) + ": 0:01"
        for bits in range(1 << 15)
    ),
}


@pytest.mark.parametrize("text", list(PATHOLOGICAL.values()), ids=list(PATHOLOGICAL))
def test_pathological_input_parses_quickly(text: str) -> None:
    began = time.perf_counter()
    episode = parse(text)
    took = time.perf_counter() - began
    assert took < LIMIT, f"parse took {took:.2f} s"
    # The whole input is accounted for: the sections reach its last non-blank character.
    assert max(s.span.end for s in episode.sections) == len(text.rstrip())

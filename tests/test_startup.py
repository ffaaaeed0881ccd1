"""Start-up tricks give what the plain code gives: layout patterns compiled when first used.

These tests pin that each trick behaves as what it replaces; the modules a
command imports are pinned in tests/test_cli.py.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from typing import Any

import pytest

from episode_parse import layouts


def _fresh(code: str) -> Any:
    """The value a fresh interpreter prints (as a literal) after running ``code``."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return ast.literal_eval(result.stdout.splitlines()[-1])


# layouts ----------------------------------------------------------------------

_ROWS: tuple[layouts.TurnLayout | layouts.ChapterLayout, ...] = (*layouts.TURN_LAYOUTS, *layouts.CHAPTER_LAYOUTS)


def test_importing_the_layouts_compiles_no_pattern() -> None:
    compiled = _fresh(
        "import episode_parse.layouts as L\n"
        "rows = L.TURN_LAYOUTS + L.CHAPTER_LAYOUTS\n"
        "print((L._compiled.cache_info().currsize, [r.name for r in rows if {'pattern', 'probe'} & set(vars(r))]))"
    )
    assert compiled == (0, [])


def test_a_document_compiles_only_the_layouts_it_tries() -> None:
    # One bold-bracket header: the bold layouts are tried, the bracket-first and
    # name-first ones (that the line's first character rules out) are not.
    compiled = _fresh(
        "import episode_parse as E, episode_parse.layouts as L\n"
        "E.parse('**Ana [00:00:01]**: Hi.\\n')\n"
        "print([r.name for r in L.TURN_LAYOUTS if 'pattern' in vars(r)])"
    )
    assert "bold-name-bracket-time" in compiled
    assert "bracket-name-bracket-time" not in compiled and "name-colon" not in compiled


@pytest.mark.parametrize("row", _ROWS, ids=[row.name for row in _ROWS])
def test_a_layout_pattern_is_its_source_compiled_once(row: layouts.TurnLayout | layouts.ChapterLayout) -> None:
    assert row.pattern.pattern == row.source and row.pattern is row.pattern
    if isinstance(row, layouts.TurnLayout):
        assert (row.probe is None) == (row.probe_source is None)
        assert row.probe is None or (row.probe.pattern == row.probe_source and row.probe is row.probe)


def test_the_chapter_title_patterns_are_compiled_on_use() -> None:
    found = layouts.match_chapter("00:00 [Intro](https://example.com/a) and **more**")
    assert found is not None
    assert (found.title, found.url) == ("Intro and more", "https://example.com/a")
    assert layouts.match_chapter("[46:53] **Ana**: text") is None

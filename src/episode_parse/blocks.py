"""Stage 2: split the lines into blocks: headings, paragraphs and fenced code.

A paragraph is a run of non-blank lines; a blank line holds only spaces and
tabs.  ATX headings (``#`` to ``######``) stand alone.  A fenced block
(`````` ``` `````` or ``~~~``) runs to its closing fence or the end of the
document and is kept opaque: nothing inside it is read as a turn or chapter.
YAML front matter (a first line ``---`` up to the next ``---`` or ``...``)
is opaque in the same way.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from typing import Literal, NamedTuple

from episode_parse.read import Document

_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")

BlockKind = Literal["heading", "paragraph", "fence", "front_matter"]


class Block(NamedTuple):
    """A run of lines of one kind."""

    kind: BlockKind
    """heading, paragraph, fence or front_matter."""
    first: int
    """Index of the first line (0-based)."""
    last: int
    """Index of the last line (0-based, inclusive)."""
    level: int = 0
    """Heading level (headings only)."""
    title: str = ""
    """Heading text (headings only)."""


_PARAGRAPH: BlockKind = "paragraph"
_paragraph = functools.partial(tuple.__new__, Block)
"""``Block(*fields)`` without the Python-level ``__new__`` a NamedTuple has (half the time; every field given)."""


def split_blocks(doc: Document) -> list[Block]:
    """Blocks in document order; blank lines belong to none."""
    blocks: list[Block] = []
    lines = doc.lines
    n = len(lines)
    para_start = -1
    # One iterator over the lines, which a fence advances to its closing line:
    # iterating is faster than indexing (much faster for a document's lazy Lines).
    rows: Iterator[tuple[int, str]] = enumerate(lines)
    if n > 1 and lines[0].rstrip() == "---":
        end = next((j for j in range(1, n) if lines[j].rstrip() in ("---", "...")), None)
        if end is not None:
            blocks.append(Block("front_matter", 0, end))
            rows = itertools.islice(rows, end + 1, None)
    for i, line in rows:
        if not line.strip(" \t"):
            if para_start >= 0:
                # One int object for both ends of a one-line paragraph (28 bytes a paragraph).
                blocks.append(_paragraph((_PARAGRAPH, para_start, para_start if para_start == i - 1 else i - 1, 0, "")))
                para_start = -1
            continue
        first = line[0]
        if first in "# ~`":
            m = _HEADING.match(line) if first in "# " else None
            if m is not None:
                if para_start >= 0:
                    blocks.append(Block("paragraph", para_start, i - 1))
                    para_start = -1
                title = line[m.end() :].strip()
                # Closing hashes are decoration: "## Title ##".
                stripped = title.rstrip("#")
                if stripped != title and (not stripped or stripped[-1] in " \t"):
                    title = stripped.strip()
                blocks.append(Block("heading", i, i, len(m.group(1)), title))
                continue
            f = _FENCE.match(line)
            if f is not None:
                if para_start >= 0:
                    blocks.append(Block("paragraph", para_start, i - 1))
                    para_start = -1
                closing = f.group(1)[0] * len(f.group(1))
                last = next((j for j, inner in rows if inner.lstrip(" ").startswith(closing)), n - 1)
                blocks.append(Block("fence", i, last))
                continue
        if para_start < 0:
            para_start = i
    if para_start >= 0:
        blocks.append(Block("paragraph", para_start, n - 1))
    return blocks

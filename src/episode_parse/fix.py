"""Applying the fixes that diagnostics carry, byte for byte.

A fix is a list of edits of the document text (code-point spans of the text
after a leading byte-order mark is dropped).  :func:`fix_bytes` maps them
back to the bytes of the file, so everything outside the edited spans keeps
its bytes: the encoding (UTF-8 or UTF-16), the byte-order mark, the line
endings, a final newline or its absence, even bytes that are not valid
UTF-8.  Fixes whose edits overlap are applied in rounds: each round applies
the fixes that do not overlap one applied before it, parses the result again
and looks for fixes anew, up to :data:`MAX_ROUNDS` rounds; fixes of how the
text is read (:data:`READING_FIRST`) go in rounds of their own first.  Every round
checks that the new bytes read back as exactly the edited text; if they do
not, the file is left as the last round that did.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

import attrs

from episode_parse.api import parse_document
from episode_parse.read import Document, invalid_runs, read_bytes
from episode_parse.records import Diagnostic, Edit, Episode, Fix

MAX_ROUNDS = 10
"""Rounds of fixing before giving up on a document whose fixes do not settle."""

READING_FIRST = frozenset({"DOC004", "DOC009"})
"""Fixes of how the text is read (line endings, stray byte-order marks), applied in rounds of their own first.

A mark alone on the line between two paragraphs makes them one paragraph,
so a turn after it looks merged (TR001); deleting the mark alone, then
reading the text again, finds nothing left to split.
"""

Wanted = Callable[[Diagnostic], bool]
"""Which findings to fix (select and ignore)."""


@attrs.frozen(slots=True)
class FixResult:
    """What fixing one document did."""

    data: bytes
    """The fixed document (the input itself when nothing changed)."""
    fixed: tuple[Diagnostic, ...]
    """The findings whose fixes were applied, round by round."""
    episode: Episode
    """The fixed document parsed again: its diagnostics are what is left."""
    rounds: int
    """Rounds that changed the document."""
    settled: bool
    """False when fixes were still to apply after :data:`MAX_ROUNDS` rounds."""
    byte_edits: tuple[tuple[tuple[int, int, bytes], ...], ...] = ()
    """Each round's edits as (start, end, new bytes) of that round's input bytes."""
    problem: str | None = None
    """Why fixing stopped early, when a round's bytes did not read back as its text."""

    @property
    def changed(self) -> bool:
        """Whether the document changed."""
        return bool(self.fixed)


def fixable(d: Diagnostic, unsafe: bool) -> bool:
    """Whether ``d`` carries a fix that is applied (a safe one, or any with ``unsafe``)."""
    return d.fix is not None and (unsafe or d.fix.applicability == "safe")


def fix_bytes(data: bytes, *, name: str | None = None, wanted: Wanted | None = None, unsafe: bool = False) -> FixResult:
    """Apply the fixes of ``data``'s findings (those ``wanted``; safe ones unless ``unsafe``) until none is left."""
    doc = read_bytes(data, name)
    episode = parse_document(doc)
    if episode.source.sha256 != doc.source.sha256:
        # An episode JSON file carries the findings of the document it was first read from,
        # whose spans are not this file's: there is nothing here to fix.
        return FixResult(data, (), episode, 0, True)
    fixed: list[Diagnostic] = []
    rounds: list[tuple[tuple[int, int, bytes], ...]] = []
    for _ in range(MAX_ROUNDS):
        found = [d for d in episode.diagnostics if fixable(d, unsafe) and (wanted is None or wanted(d))]
        # How the text is read first: the other findings are made again on the text that leaves.
        chosen = _choose([d for d in found if d.code in READING_FIRST] or found)
        edits = sorted(
            (e for d in chosen for e in _fix_of(d).edits if doc.text[e.span.start : e.span.end] != e.replacement),
            key=lambda e: (e.span.start, e.span.end),
        )
        if not edits:
            return FixResult(data, tuple(fixed), episode, len(rounds), True, tuple(rounds))
        byte_edits = _byte_edits(data, doc, edits)
        new_data = _splice(data, byte_edits)
        new_doc = read_bytes(new_data, name)
        if new_doc.text != _splice_text(doc.text, edits):
            problem = "the fixed bytes would not read back as the fixed text; the file is left as it was before that"
            return FixResult(data, tuple(fixed), episode, len(rounds), False, tuple(rounds), problem)
        data, doc = new_data, new_doc
        episode = parse_document(doc)
        fixed.extend(chosen)
        rounds.append(tuple(byte_edits))
    settled = not any(fixable(d, unsafe) and (wanted is None or wanted(d)) for d in episode.diagnostics)
    return FixResult(data, tuple(fixed), episode, len(rounds), settled, tuple(rounds))


def _fix_of(d: Diagnostic) -> Fix:
    assert d.fix is not None
    return d.fix


def _choose(found: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The fixes to apply in one round: in document order, each unless an edit of it meets an edit already taken.

    Edits meet when they overlap, or touch where one of them is an insertion
    (two insertions at one place, or one at the edge of a replacement, have no
    order that is clearly right).
    """
    taken: list[tuple[int, int]] = []  # sorted, non-overlapping
    chosen = []
    for d in sorted(found, key=lambda d: (_fix_of(d).edits[0].span.start if _fix_of(d).edits else 0, d.code)):
        spans = [(e.span.start, e.span.end) for e in _fix_of(d).edits]
        if not spans or any(_meets(taken, s, e) for s, e in spans):
            continue
        for span in spans:
            bisect.insort(taken, span)
        chosen.append(d)
    return chosen


def _meets(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    at = bisect.bisect_left(taken, (start, start))
    for s, e in taken[max(0, at - 1) : at + 2]:
        if start < e and s < end:
            return True
        if (start == end or s == e) and s <= end and start <= e:
            return True
    return False


def _splice_text(text: str, edits: Sequence[Edit]) -> str:
    pieces = []
    pos = 0
    for e in edits:
        pieces.append(text[pos : e.span.start])
        pieces.append(e.replacement)
        pos = e.span.end
    pieces.append(text[pos:])
    return "".join(pieces)


def _splice(data: bytes, byte_edits: Sequence[tuple[int, int, bytes]]) -> bytes:
    pieces = []
    pos = 0
    for start, end, new in byte_edits:
        pieces.append(data[pos:start])
        pieces.append(new)
        pos = end
    pieces.append(data[pos:])
    return b"".join(pieces)


def _byte_edits(data: bytes, doc: Document, edits: Sequence[Edit]) -> list[tuple[int, int, bytes]]:
    """The edits (in order, not overlapping) as byte ranges of ``data`` and the bytes to put there."""
    codec, offset = _codec(data, doc.text)
    to_byte = _ByteOffsets(data, doc.text, codec, offset)
    return [(to_byte(e.span.start), to_byte(e.span.end), e.replacement.encode(codec)) for e in edits]


def _codec(data: bytes, text: str) -> tuple[str, int]:
    """How ``text`` was read from ``data``: the codec and the bytes before the text's first character."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Read as UTF-16 with every leading byte-order mark dropped.
        codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        marks = 1
        bom = data[:2]
        while data[2 * marks : 2 * marks + 2] == bom:
            marks += 1
        return codec, 2 * marks
    return "utf-8", 3 if data.startswith(b"\xef\xbb\xbf") else 0


class _ByteOffsets:
    """Byte offsets of code-point offsets of ``text``, asked for in increasing order (linear in all)."""

    def __init__(self, data: bytes, text: str, codec: str, offset: int) -> None:
        self.text = text
        self.codec = codec
        self.runs = _placed_runs(data, codec, offset)
        self.char = 0
        self.byte = offset
        self.next_run = 0

    def __call__(self, char: int) -> int:
        runs = self.runs
        while self.next_run < len(runs) and runs[self.next_run][0] < char:
            at, end = runs[self.next_run]
            self.next_run += 1
            self.char, self.byte = at + 1, end
        self.byte += len(self.text[self.char : char].encode(self.codec))
        self.char = char
        return self.byte


def _placed_runs(data: bytes, codec: str, offset: int) -> list[tuple[int, int]]:
    """For each run of bytes that did not decode: the offset of its U+FFFD in the text, and the run's end in ``data``."""
    body = data[offset:]
    try:
        body.decode(codec)
        return []
    except UnicodeDecodeError:
        pass
    placed = []
    chars, pos = 0, 0
    for start, end in invalid_runs(body, codec):
        chars += len(body[pos:start].decode(codec))
        placed.append((chars, end + offset))
        chars += 1
        pos = end
    return placed

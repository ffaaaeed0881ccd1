"""Stage 1: read the document into text and lines.

Lines end at LF, CRLF or CR only (U+2028, NEL, VT and FF are ordinary
characters here, so this is not ``str.splitlines()``).  A leading byte-order
mark is dropped; every offset elsewhere counts code points of the text after
that.
"""

from __future__ import annotations

import array
import bisect
import codecs
import functools
import importlib
import itertools
import operator
import re
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import Any, cast, overload

from episode_parse.diagnostics import MAX_PER_CODE, make
from episode_parse.records import Diagnostic, Source, Span

_BREAK = re.compile(r"\r\n|\r|\n")

LIST_LINES = 1 << 16
"""Lines up to which line starts are a list; past it, an array.

A list of int objects takes 36 bytes a line (a million lines: 36 MB, more
than the text of short lines), an array 8; but indexing a list is faster,
and the reference document at 10x has 20,000 lines.
"""

SAMPLE_BYTES = 8192
"""How much of the start of a file is looked at to tell whether it is text (git looks at 8,000 bytes)."""

BINARY_INVALID_SHARE = 0.3
"""More than this share of the sample's bytes not UTF-8 makes a file not text (with at least 8 such bytes)."""
_SURROGATE = re.compile("[\ud800-\udfff]")

_invalid_runs = threading.local()
"""The invalid byte runs met by this thread's decoding: codec error handlers are process-wide."""


def _record_invalid(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    found = _invalid_runs.found
    found.append((exc.start, exc.end))
    if len(found) >= _invalid_runs.limit:
        raise _Enough
    return "\ufffd", exc.end


codecs.register_error("episode_parse.record", _record_invalid)


class Document:
    """The text of one document, split into lines, with what reading found."""

    text: str
    """Document text, BOM removed, lone surrogates replaced by U+FFFD."""
    source: Source
    """Name, hash and size of the input."""
    diagnostics: list[Diagnostic]
    """What reading found (encoding problems, NUL bytes, line endings)."""
    endings: dict[str, int]
    """How many lines end with each of LF, CRLF and CR."""
    first_ending: dict[str, int]
    """Line index of the first line ending with each kind present."""
    unlisted: dict[str, int]
    """By code, findings not built because :data:`~episode_parse.diagnostics.MAX_PER_CODE` was reached.

    A stage that stops building findings of a code past the cap (it builds
    the first one past it, where the summary goes) adds the rest here.
    """
    binary: bool
    """Whether the input is not text (DOC008): ``text`` is then only the part read before deciding, and nothing is parsed."""

    def __init__(
        self,
        text: str,
        lines: list[str] | Lines | None,
        starts: list[int] | array.array[int] | None,
        source: Source,
        diagnostics: list[Diagnostic],
        endings: dict[str, int],
        first_ending: dict[str, int],
        unlisted: dict[str, int],
        binary: bool = False,
        has_nul: bool | None = None,
    ) -> None:
        self.text = text
        if lines is not None:  # None: split on first use (LF endings only, at most LIST_LINES lines)
            self.__dict__["lines"] = lines
        if starts is not None:  # None: made on first use (LF endings only, lines a list)
            self.__dict__["starts"] = starts
        if has_nul is not None:  # None: looked for in the text on first use
            self.__dict__["has_nul"] = has_nul
        self.source = source
        self.diagnostics = diagnostics
        self.endings = endings
        self.first_ending = first_ending
        self.unlisted = unlisted
        self.binary = binary

    @functools.cached_property
    def lines(self) -> list[str] | Lines:
        """Lines without their endings: a list, or past :data:`LIST_LINES` lines a :class:`Lines` that slices the text."""
        # Split here on first use only for a text with LF endings and at most
        # LIST_LINES lines (the others are split when read): a reader that
        # finds its lines otherwise (the SRT fast path) never pays for them.
        return self.text.split("\n")

    def has_lines(self) -> bool:
        """Whether :attr:`lines` is made (it is split on first use for a text with LF endings only)."""
        return "lines" in self.__dict__

    @functools.cached_property
    def has_nul(self) -> bool:
        """Whether the text holds a NUL character (U+0000)."""
        # Reading from bytes sets it (a NUL byte of UTF-8 is a NUL character,
        # found by memchr); otherwise looked for here on first use.
        return "\x00" in self.text

    @functools.cached_property
    def starts(self) -> list[int] | array.array[int]:
        """Offset of each line's first character: a list, or past :data:`LIST_LINES` lines an array of machine integers."""
        # Made here on first use only for a document whose lines are a list
        # split at LF (the others have them from splitting); then kept, and
        # read as a plain attribute.  A reader that finds its offsets otherwise
        # (the SRT fast path) never pays for them; the others pay what they
        # paid when reading.
        return _lf_starts(cast("list[str]", self.lines))

    def _replace(self, **changes: Any) -> Document:
        """A copy with the fields named changed (as a NamedTuple's ``_replace``)."""
        fields = {name: getattr(self, name) for name in _DOCUMENT_FIELDS}
        fields.update(changes)
        return Document(**fields)

    def span(self, start: int, end: int) -> Span:
        """The span of ``text[start:end]`` with 1-based lines and columns."""
        starts = self.starts
        line = bisect.bisect_right(starts, start) - 1
        end_line = line if end == start else bisect.bisect_right(starts, end, lo=line) - 1
        return Span(start, end, line + 1, start - starts[line] + 1, end_line + 1, end - starts[end_line] + 1)

    def line_end(self, i: int) -> int:
        """Offset just past the last character of line ``i`` (before its ending)."""
        lines = self.lines
        return lines.end(i) if isinstance(lines, Lines) else self.starts[i] + len(lines[i])

    def line_span(self, first: int, last: int | None = None, *, start_col: int = 0) -> Span:
        """The span from column ``start_col`` (0-based) of line ``first`` to the end of line ``last``."""
        if last is None:
            last = first
        start = self.starts[first] + start_col
        end = self.starts[last] + len(self.lines[last])
        return Span(start, end, first + 1, start_col + 1, last + 1, len(self.lines[last]) + 1)


def read_text(text: str, name: str | None = None) -> Document:
    """Read a document given as a string; its bytes are its UTF-8 encoding."""
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:  # only lone surrogates fail to encode
        return _read_surrogates(text, name, text.encode("utf-8", "surrogatepass"))
    return _read_valid(text, name, raw)


def _read_surrogates(text: str, name: str | None, raw: bytes) -> Document:
    # orjson and every UTF-8 consumer refuse lone surrogates; replace them
    # one for one so offsets stay put, and say where.
    diagnostics: list[Diagnostic] = []
    text = _drop_bom(text)
    # Positions of the first ones only: a finding each past the cap is not built.
    found = [m.start() for m in itertools.islice(_SURROGATE.finditer(text), MAX_PER_CODE + 1)]
    text, total = _SURROGATE.subn("\ufffd", text)
    doc = _split(text, name, raw, diagnostics, b"\x00" in raw)
    for offset in found:
        diagnostics.append(_diag(doc, "DOC007", offset, offset + 1))
    if total > len(found):
        doc.unlisted["DOC007"] = total - len(found)
    return doc


def _drop_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _read_valid(text: str, name: str | None, raw: bytes) -> Document:
    """Read text that is valid Unicode (no lone surrogates), ``raw`` being its bytes."""
    # A NUL byte of the UTF-8 (valid or not) is a NUL character of the text: found by memchr.
    return _split(_drop_bom(text), name, raw, [], b"\x00" in raw)


def read_bytes(data: bytes, name: str | None = None) -> Document:
    """Read a document given as bytes: UTF-8, with what does not decode reported.

    A file that is not text (:func:`binary_evidence`) is not decoded past its
    first :data:`SAMPLE_BYTES`: the document is marked ``binary`` and holds
    one DOC008.
    """
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        # UTF-32 is no episode's encoding (and would read as UTF-16 with a NUL in every other character).
        return _read_binary(data, name, 0, 4, "not a text file: a UTF-32 byte-order mark (episode documents are UTF-8)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", "replace")
        doc = _split(text.lstrip("\ufeff"), name, data, [])
        doc.diagnostics.append(_diag(doc, "DOC002", 0, 0))
        return doc
    evidence = binary_evidence(data)
    if evidence is not None:
        return _read_binary(data, name, *evidence)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _read_invalid(data, name)
    fingerprint = (sha256_hex(data), len(data))
    has_nul = b"\x00" in data  # a NUL byte of UTF-8 is a NUL character
    # The bytes are let go before the text is split into lines: when the
    # caller handed them over (``read_bytes(f.read())``), this was the last
    # reference, and the peak memory of reading no longer counts them.
    del data
    return _split(_drop_bom(text), name, fingerprint, [], has_nul)


def binary_evidence(data: bytes) -> tuple[int, int, str] | None:
    """Why ``data`` is not text, as git and ripgrep decide: (byte offset, end of the evidence, message), or None.

    Not text: a NUL byte in the first :data:`SAMPLE_BYTES`, or more than
    :data:`BINARY_INVALID_SHARE` of them (and at least 8) in byte runs that
    are not UTF-8.
    """
    nul = data.find(b"\x00", 0, SAMPLE_BYTES)
    if nul >= 0:
        return nul, nul + 1, f"not a text file: NUL byte at byte offset {nul:,}"
    sample = data[:SAMPLE_BYTES]
    runs = _invalid_runs_of(sample, SAMPLE_BYTES)
    if runs and runs[-1][1] == len(sample) and len(data) > len(sample):
        runs.pop()  # a character cut by the end of the sample
    invalid = sum(end - start for start, end in runs)
    if invalid >= 8 and invalid > BINARY_INVALID_SHARE * len(sample):
        share = round(100 * invalid / len(sample))
        message = (
            f"not a text file, or not UTF-8: {share}% of the first {len(sample):,} bytes are not UTF-8 "
            f"(the first at byte offset {runs[0][0]:,})"
        )
        return runs[0][0], len(sample), message
    return None


class _Enough(Exception):
    """Raised by the recording error handler once it has found as many invalid runs as asked."""


def _invalid_runs_of(data: bytes, limit: int) -> list[tuple[int, int]]:
    """(start, end) byte offsets of the first ``limit`` invalid UTF-8 runs of ``data``, in order."""
    runs: list[tuple[int, int]] = []
    _invalid_runs.found = runs
    _invalid_runs.limit = limit
    try:
        data.decode("utf-8", "episode_parse.record")
    except _Enough:
        pass
    finally:
        del _invalid_runs.found, _invalid_runs.limit
    return runs


def _read_binary(data: bytes, name: str | None, at: int, end: int, message: str) -> Document:
    """The document of a file that is not text: the bytes up to the evidence, decoded, and one DOC008."""
    text = _drop_bom(data[:end].decode("utf-8", "replace"))  # as UTF-8: what a text tool would show
    doc = _split(text, name, data, [])
    # Where the evidence starts, in code points of the text read.
    start = len(_drop_bom(data[:at].decode("utf-8", "replace")))
    doc.diagnostics.append(_diag(doc, "DOC008", start, len(text) if end > at + 1 else start + 1, message))
    return doc._replace(binary=True)


def _read_invalid(data: bytes, name: str | None) -> Document:
    """Read bytes that are not all valid UTF-8: each invalid run is one U+FFFD and, up to the cap, one DOC001."""
    text = data.decode("utf-8", "replace")
    # Every invalid run became one U+FFFD; so did every valid U+FFFD of the input (EF BF BD).
    total = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    # Where the first runs are, by byte and by code point: decoding stops past the cap.
    runs = _invalid_runs_of(data, MAX_PER_CODE + 1)
    doc = _read_valid(text, name, data)
    shift = 1 if data.startswith(b"\xef\xbb\xbf") else 0
    pos = chars = 0
    for start, end in runs:
        chars += len(data[pos:start].decode("utf-8"))
        length = end - start
        message = f"invalid UTF-8 ({length} byte{'s' if length > 1 else ''} at byte offset {start})"
        doc.diagnostics.append(_diag(doc, "DOC001", chars - shift, chars - shift + 1, message))
        chars += 1
        pos = end
    if total > len(runs):
        doc.unlisted["DOC001"] = total - len(runs)
    return doc


def invalid_runs(data: bytes, encoding: str = "utf-8") -> list[tuple[int, int]]:
    """The byte ranges of ``data`` that do not decode in ``encoding``, in order; each is read as one U+FFFD.

    (``episode-parse fix`` uses them to map text offsets back to bytes.)
    """
    runs: list[tuple[int, int]] = []
    _invalid_runs.found = runs
    _invalid_runs.limit = len(data) + 1  # every run: there are at most as many as bytes
    try:
        data.decode(encoding, "episode_parse.record")
    finally:
        del _invalid_runs.found, _invalid_runs.limit
    return runs


def _split(
    text: str,
    name: str | None,
    raw: bytes | tuple[str, int],
    diagnostics: list[Diagnostic],
    has_nul: bool | None = None,
) -> Document:
    """The document of ``text``; ``raw`` is its input bytes, or their SHA-256 and size; ``has_nul`` if known."""
    endings = {"LF": 0, "CRLF": 0, "CR": 0}
    first_ending: dict[str, int] = {}
    lines: list[str] | Lines | None
    starts: list[int] | array.array[int] | None
    end = len(text)
    if "\r" not in text:
        breaks = endings["LF"] = text.count("\n")
        if breaks:
            first_ending["LF"] = 0
        # Up to LIST_LINES lines, split on first use (Document.lines): the last line is all the span needs.
        lines, starts = _split_lf(text) if breaks >= LIST_LINES else (None, None)
        last = breaks
        last_width = end - text.rfind("\n") - 1
    else:
        lines, starts = _split_breaks(text, endings, first_ending)
        last = len(lines) - 1
        last_width = len(lines[last])
    line_count = last + (1 if last_width else 0)  # an empty last line (after a final break) is not counted
    whole = Span(0, end, 1, 1, last + 1, last_width + 1)  # the last line runs to the end
    if name is not None and not name.isascii():
        # A file name that is not UTF-8 comes as lone surrogates (os.fsdecode),
        # which JSON cannot hold.
        name = _SURROGATE.sub("\ufffd", name)
    digest, size = (sha256_hex(raw), len(raw)) if isinstance(raw, bytes) else raw
    source = Source(name, digest, size, line_count, whole)
    return Document(text, lines, starts, source, diagnostics, endings, first_ending, {}, False, has_nul)


class Lines(Sequence[str]):
    """The lines of a document past :data:`LIST_LINES` lines, each sliced from the text when asked for.

    A list of line strings takes about 60 bytes a line besides the text (a
    million short lines: more than the text itself); this takes 16 (where
    each line starts and ends, as machine integers).
    """

    __slots__ = ("_ends", "_starts", "_text")

    def __init__(self, text: str, starts: array.array[int], ends: array.array[int]) -> None:
        self._text = text
        self._starts = starts
        self._ends = ends

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, i: int) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i: int | slice) -> str | list[str]:
        try:
            return self._text[self._starts[i] : self._ends[i]]  # type: ignore[index]
        except TypeError:  # a slice: the arrays gave arrays, which cannot slice the text
            assert isinstance(i, slice)
            return [self[k] for k in range(*i.indices(len(self)))]

    def end(self, i: int) -> int:
        """Offset in the text just past line ``i`` (before its ending), without slicing the line."""
        return self._ends[i]

    def __iter__(self) -> Iterator[str]:
        """The lines in order, sliced in C (indexing calls a Python method a line)."""
        return map(self._text.__getitem__, map(slice, self._starts, self._ends))


_DOCUMENT_FIELDS = Document.__init__.__code__.co_varnames[1:11]
"""The fields of a :class:`Document`, in the order its constructor takes them."""

CHUNK = 1 << 20
"""Characters of text split into lines at a time when the lines are not kept (past :data:`LIST_LINES`)."""


def _lf_starts(lines: list[str]) -> list[int]:
    """The line starts of ``lines``, a text split at LF (at most :data:`LIST_LINES` lines)."""
    # A line starts after the lengths of the lines before it plus one break each: a running
    # sum plus a count, all in C (accumulate with a Python function called that once a line).
    return list(map(operator.add, itertools.accumulate(map(len, lines[:-1]), initial=0), itertools.count()))


def _split_lf(text: str) -> tuple[Lines, array.array[int]]:
    """Lines and line starts of a text with LF endings only, split a chunk at a time (no list of lines)."""
    starts: array.array[int] = array.array("q")
    ends: array.array[int] = array.array("q")
    n = len(text)
    pos = 0
    while True:
        cut = text.find("\n", pos + CHUNK) if pos + CHUNK < n else -1
        stop = n if cut < 0 else cut + 1
        lengths = list(map(len, text[pos:stop].split("\n")))
        if cut >= 0:
            lengths.pop()  # the empty rest after the chunk's last line break: the next chunk's first line
        firsts = list(map(operator.add, itertools.accumulate(lengths[:-1], initial=pos), itertools.count()))
        starts.extend(firsts)
        ends.extend(map(operator.add, firsts, lengths))
        if cut < 0:
            return Lines(text, starts, ends), starts
        pos = stop


def _split_breaks(
    text: str, endings: dict[str, int], first_ending: dict[str, int]
) -> tuple[list[str], list[int]] | tuple[Lines, array.array[int]]:
    """Lines and line starts of a text with CR or CRLF endings; counts the endings of each kind."""
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _BREAK.finditer(text):
        starts.append(pos)
        ends.append(m.start())
        kind = "CRLF" if m.end() - m.start() == 2 else ("CR" if m.group() == "\r" else "LF")
        endings[kind] += 1
        first_ending.setdefault(kind, len(starts) - 1)
        pos = m.end()
    starts.append(pos)
    ends.append(len(text))
    if len(starts) > LIST_LINES:
        firsts = array.array("q", starts)
        return Lines(text, firsts, array.array("q", ends)), firsts
    return [text[a:b] for a, b in zip(starts, ends, strict=True)], starts


SMALL_DOCUMENT = 1 << 20
"""Bytes up to which :func:`sha256_hex` may use the interpreter's own SHA-256."""


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 lowercase hex digits.

    ``hashlib`` loads OpenSSL, which takes longer than hashing a small
    document (a tenth of the command line's start-up).  So while hashlib is
    not loaded, documents up to :data:`SMALL_DOCUMENT` bytes are hashed by
    the interpreter's built-in SHA-256 module (the one hashlib itself falls
    back to); the digest is the same.  Larger ones go to OpenSSL, which is
    several times faster per byte.
    """
    if len(data) <= SMALL_DOCUMENT and "hashlib" not in sys.modules:
        builtin = _builtin_sha256()
        if builtin is not None:
            digest: str = builtin(data).hexdigest()
            return digest
    import hashlib

    return hashlib.sha256(data).hexdigest()


@functools.cache
def _builtin_sha256() -> Any:
    """The interpreter's own SHA-256 constructor, or None (looked up once: a failed import is not remembered)."""
    for module in ("_sha2", "_sha256"):  # CPython 3.12 and later; 3.11
        try:
            return importlib.import_module(module).sha256
        except ImportError:
            continue
    return None


def _diag(doc: Document, code: str, start: int, end: int, message: str | None = None) -> Diagnostic:
    return make(code, doc.span(start, end), message)

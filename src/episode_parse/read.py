"""Stage 1: read the document into text and lines.

Lines end at LF, CRLF or CR only (U+2028, NEL, VT and FF are ordinary
characters here, so this is not ``str.splitlines()``).  A leading byte-order
mark is dropped; every offset elsewhere counts code points of the text after
that.
"""

from __future__ import annotations

import bisect
import codecs
import functools
import importlib
import itertools
import re
import sys
import threading
from typing import Any, NamedTuple

from episode_parse.diagnostics import make
from episode_parse.records import Diagnostic, Source, Span

_BREAK = re.compile(r"\r\n|\r|\n")
_SURROGATE = re.compile("[\ud800-\udfff]")

_invalid_runs = threading.local()
"""The invalid byte runs met by this thread's decoding: codec error handlers are process-wide."""


def _record_invalid(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    _invalid_runs.found.append((exc.start, exc.end))
    return "\ufffd", exc.end


codecs.register_error("episode_parse.record", _record_invalid)


class Document(NamedTuple):
    """The text of one document, split into lines, with what reading found."""

    text: str
    """Document text, BOM removed, lone surrogates replaced by U+FFFD."""
    lines: list[str]
    """Lines without their endings."""
    starts: list[int]
    """Offset of each line's first character."""
    source: Source
    """Name, hash and size of the input."""
    diagnostics: list[Diagnostic]
    """What reading found (encoding problems, NUL bytes, line endings)."""
    endings: dict[str, int]
    """How many lines end with each of LF, CRLF and CR."""
    first_ending: dict[str, int]
    """Line index of the first line ending with each kind present."""

    def span(self, start: int, end: int) -> Span:
        """The span of ``text[start:end]`` with 1-based lines and columns."""
        starts = self.starts
        line = bisect.bisect_right(starts, start) - 1
        end_line = line if end == start else bisect.bisect_right(starts, end, lo=line) - 1
        return Span(start, end, line + 1, start - starts[line] + 1, end_line + 1, end - starts[end_line] + 1)

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
    found = [m.start() for m in _SURROGATE.finditer(text)]
    text = _SURROGATE.sub("\ufffd", text)
    doc = _split(text, name, raw, diagnostics)
    for offset in found:
        diagnostics.append(_diag(doc, "DOC007", offset, offset + 1))
    return doc


def _drop_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _read_valid(text: str, name: str | None, raw: bytes) -> Document:
    """Read text that is valid Unicode (no lone surrogates), ``raw`` being its bytes."""
    return _split(_drop_bom(text), name, raw, [])


def read_bytes(data: bytes, name: str | None = None) -> Document:
    """Read a document given as bytes: UTF-8, with what does not decode reported."""
    diagnostics: list[Diagnostic] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", "replace")
        doc = _split(text.lstrip("\ufeff"), name, data, diagnostics)
        diagnostics.append(_diag(doc, "DOC002", 0, 0))
        return doc
    try:
        return _read_valid(data.decode("utf-8"), name, data)
    except UnicodeDecodeError:
        pass
    # Every invalid byte run becomes one U+FFFD and one diagnostic naming its
    # byte offset: nothing is dropped silently.  One pass finds the runs, a
    # second decodes the valid stretches between them (linear in the input).
    runs: list[tuple[int, int]] = []
    _invalid_runs.found = runs
    try:
        data.decode("utf-8", "episode_parse.record")
    finally:
        del _invalid_runs.found
    pieces: list[str] = []
    bad: list[tuple[int, int, int]] = []  # (char offset, byte offset, byte length)
    pos = 0
    chars = 0
    for start, end in runs:
        piece = data[pos:start].decode("utf-8")
        pieces.append(piece)
        chars += len(piece)
        bad.append((chars, start, end - start))
        pieces.append("\ufffd")
        chars += 1
        pos = end
    pieces.append(data[pos:].decode("utf-8"))
    doc = _read_valid("".join(pieces), name, data)
    shift = 1 if data.startswith(b"\xef\xbb\xbf") else 0
    for char_offset, byte_offset, length in bad:
        start = char_offset - shift
        diagnostics_msg = f"invalid UTF-8 ({length} byte{'s' if length > 1 else ''} at byte offset {byte_offset})"
        doc.diagnostics.append(_diag(doc, "DOC001", start, start + 1, message=diagnostics_msg))
    return doc


def _split(text: str, name: str | None, raw: bytes, diagnostics: list[Diagnostic]) -> Document:
    endings = {"LF": 0, "CRLF": 0, "CR": 0}
    first_ending: dict[str, int] = {}
    if "\r" not in text:
        lines = text.split("\n")
        endings["LF"] = len(lines) - 1
        if len(lines) > 1:
            first_ending["LF"] = 0
        # Offsets of line starts: running sum of (length + 1), all in C.
        starts = list(itertools.accumulate(map(len, lines[:-1]), lambda a, n: a + n + 1, initial=0))
    else:
        lines = []
        starts = []
        pos = 0
        for m in _BREAK.finditer(text):
            starts.append(pos)
            lines.append(text[pos : m.start()])
            kind = "CRLF" if m.end() - m.start() == 2 else ("CR" if m.group() == "\r" else "LF")
            endings[kind] += 1
            first_ending.setdefault(kind, len(lines) - 1)
            pos = m.end()
        starts.append(pos)
        lines.append(text[pos:])
    line_count = len(lines) - (1 if lines[-1] == "" else 0)
    end = len(text)
    last = len(lines) - 1
    whole = Span(0, end, 1, 1, last + 1, end - starts[last] + 1)
    if name is not None and not name.isascii():
        # A file name that is not UTF-8 comes as lone surrogates (os.fsdecode),
        # which JSON cannot hold.
        name = _SURROGATE.sub("\ufffd", name)
    source = Source(name, sha256_hex(raw), len(raw), line_count, whole)
    return Document(text, lines, starts, source, diagnostics, endings, first_ending)


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

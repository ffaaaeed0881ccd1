"""Timestamps: ``M:SS``, ``MM:SS``, ``H:MM:SS`` and ``HH:MM:SS``, ASCII digits only."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

_STRICT = re.compile(r"(?:(\d{1,2}):(\d\d)|(\d{1,3})):(\d\d)", re.ASCII)

LOOKALIKE_COLONS = "\uff1a\u2236\ua789\u02d0\u0589\u05c3\ufe13\ufe55\u0703\u0704"
"""Characters that look like a colon and are sometimes typed or OCR'd as one."""

TIMESTAMP_CHARS = rf"\d{{1,3}}[:{LOOKALIKE_COLONS}][\d:.,;{LOOKALIKE_COLONS}]{{0,20}}"
"""Regex fragment for anything that looks like a timestamp, well-formed or not.

Layouts capture this loose shape so that a malformed timestamp still makes a
turn header (and a diagnostic) instead of making the line unrecognisable.
"""


class Reading(NamedTuple):
    """What a timestamp string means."""

    seconds: float | None
    """The time in seconds, or None when the string is malformed."""
    code: str | None = None
    """Diagnostic code when something is wrong (TS001 malformed, TS003 minutes past 59)."""
    problem: str = ""
    """What is wrong, for the diagnostic message."""
    suggestion: str | None = None
    """A correction, when one exists."""
    certain: bool = True
    """Whether the correction only rewrites what the stamp plainly means (padding, a look-alike colon or digit, a
    trailing colon, minutes past 59), rather than guessing at garbled characters (``;`` or ``O`` among digits)."""


def clean_seconds(text: str) -> float | None:
    """The seconds of ``HH:MM:SS`` (the usual transcript stamp) when nothing is wrong with it; else None.

    A fast path for the common case: None means "ask :func:`read_timestamp`",
    which reads every form and says what is wrong.  Each field is looked up
    in a table of its valid two-digit strings (``00`` to ``99`` hours, ``00``
    to ``59`` minutes and seconds): a lookup that fails is a field that is not
    two ASCII digits in range, and three lookups cost a quarter of a regex
    match and three ``int`` calls (``tests/test_fast_paths.py`` compares it
    with :func:`read_timestamp`).
    """
    if len(text) != 8 or text[2] != ":" or text[5] != ":":
        return None
    try:
        return float(_HOURS[text[:2]] + _MINUTES[text[3:5]] + _SECONDS[text[6:]])
    except KeyError:
        return None


_HOURS = {f"{n:02d}": n * 3600 for n in range(100)}
_MINUTES = {f"{n:02d}": n * 60 for n in range(60)}
_SECONDS = {f"{n:02d}": n for n in range(60)}


def read_timestamp(text: str) -> Reading:
    """Read one timestamp, strictly, saying what is wrong when it is not well formed."""
    m = _STRICT.fullmatch(text)
    if m is not None:
        hours, minutes, bare_minutes, seconds = m.groups()
        sec = int(seconds)
        if hours is not None:
            mins = int(minutes)
            if mins < 60 and sec < 60:
                return Reading(float(int(hours) * 3600 + mins * 60 + sec))
            unit = "minutes" if mins >= 60 else "seconds"
            return Reading(None, "TS001", f"{unit} must be below 60 in {text!r}")
        mins = int(bare_minutes)
        if sec >= 60:
            return Reading(None, "TS001", f"seconds must be below 60 in {text!r}")
        value = float(mins * 60 + sec)
        if mins >= 60:
            fixed = f"{mins // 60}:{mins % 60:02d}:{sec:02d}"
            return Reading(value, "TS003", f"minutes past 59 in {text!r}; H:MM:SS expected", fixed)
        return Reading(value)
    return _malformed(text)


def _malformed(text: str) -> Reading:
    normal = "".join(_ascii(c) for c in text)
    if normal != text:
        odd = next(c for c in text if _ascii(c) != c)
        what = "non-ASCII digit" if unicodedata.category(odd) == "Nd" else "look-alike colon"
        problem = f"{what} {_name(odd)} in {text!r}"
        fixed = normal if _STRICT.fullmatch(normal) and read_timestamp(normal).code is None else None
        return Reading(None, "TS001", problem, fixed)
    if " " in text:  # a chapter line's "10: 32 - Title" (syntax.fm)
        squeezed = text.replace(" ", "")
        fixed = squeezed if _STRICT.fullmatch(squeezed) and read_timestamp(squeezed).code is None else None
        return Reading(None, "TS001", f"blank inside {text!r}", fixed)
    if text.endswith(":") and _STRICT.fullmatch(text[:-1]) is not None:
        fixed = text[:-1]
        return Reading(
            None, "TS001", f"trailing colon in {text!r}", fixed if read_timestamp(fixed).code is None else None
        )
    for wrong, right, what in (
        (";", ":", "wrong separator ';'"),
        ("O", "0", "letter O among the digits"),
        ("o", "0", "letter o among the digits"),
    ):
        if wrong in text:
            fixed = text.replace(wrong, right)
            good = _STRICT.fullmatch(fixed) is not None and read_timestamp(fixed).code is None
            return Reading(None, "TS001", f"{what} in {text!r}", fixed if good else None, certain=False)
    fields = text.split(":")
    if "" in fields and len(fields) > 1:
        return Reading(None, "TS001", f"empty field in {text!r}")
    if len(fields) > 3:
        return Reading(None, "TS001", f"{len(fields)} fields in {text!r}; at most H:MM:SS expected")
    if any(c in text for c in ".,;"):
        return Reading(None, "TS001", f"fraction or stray punctuation in {text!r}; H:MM:SS expected")
    if len(fields) >= 2 and all(f.isdigit() for f in fields) and any(len(f) != 2 for f in fields[1:]):
        padded: str | None = None
        if all(len(f) <= 2 for f in fields[1:]):
            # Padding only (``1:2:3``); a field of three digits or more has no safe fix,
            # and padding would leave it as it is.
            padded = ":".join([fields[0], *(f.zfill(2) for f in fields[1:])])
            if read_timestamp(padded).code is not None:
                padded = None
        return Reading(None, "TS001", f"minutes and seconds need two digits in {text!r}", padded)
    return Reading(None, "TS001", f"{text!r} is not M:SS, MM:SS, H:MM:SS or HH:MM:SS")


def _ascii(c: str) -> str:
    if c in LOOKALIKE_COLONS:
        return ":"
    if not c.isascii() and unicodedata.category(c) == "Nd":
        return str(unicodedata.digit(c))
    return c


def _name(c: str) -> str:
    return f"U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip()

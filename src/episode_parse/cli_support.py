"""What every command of the command line shares: input, output, messages."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from episode_parse.read import Document

PROG = "episode-parse"


class UsageError(Exception):
    """A bad command line or an unreadable input: exit 2 with one line."""


def _file_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


def read_input(path: str) -> tuple[bytes, str]:
    """The bytes of ``path`` (``-``: standard input) and the name to report them under (``fix`` keeps the bytes)."""
    if path == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    return _file_bytes(path), path


def read_document(path: str) -> tuple[Document, str]:
    """``path`` (``-``: standard input) read and decoded, and the name to report it under.

    The bytes are let go on return, before the document is parsed.
    """
    from episode_parse.read import read_bytes

    if path == "-":
        return read_bytes(sys.stdin.buffer.read(), "<stdin>"), "<stdin>"
    # The bytes go straight into read_bytes, which holds the only reference
    # and lets them go before splitting the text into lines.
    return read_bytes(_file_bytes(path), path), path


def write_output(path: str | None, data: bytes) -> None:
    """Write ``data`` to ``path``, or to standard output when it is None or ``-``."""
    if path is None or path == "-":
        out = stdout()
        out.write(data)
        out.flush()
        return
    try:
        with open(path, "wb") as f:
            f.write(data)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def stdout() -> BinaryIO:
    """Standard output as bytes."""
    return sys.stdout.buffer


def stdout_reader_gone() -> bool:
    """Whether standard output is a pipe its reader has closed (``| head``); assumed where it cannot be told."""
    try:
        import select

        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # no poll (Windows), no file descriptor
        return True


def silence_stdout() -> None:
    """Point stdout at devnull so the interpreter's final flush cannot raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def say(message: str) -> None:
    """One line on standard error, prefixed with the program name."""
    print(f"{PROG}: {message}", file=sys.stderr)


def escape(text: str) -> str:
    """Text safe for a terminal or CI log: control, format and separator characters escaped."""
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else f"\\u{ord(c):04x}" if c < "\U00010000" else f"\\U{ord(c):08x}" for c in text
    )


def jobs_argument(value: str) -> int:
    """The ``type=`` of a ``--jobs`` option: a positive number of processes."""
    import argparse

    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return jobs

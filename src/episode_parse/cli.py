"""The command line: ``episode-parse convert|schema``.

:func:`main` takes the arguments and returns the exit code, so tests run it
in-process.  Exit codes: 0 clean, 1 an error-level diagnostic (the output is
still written), 2 usage errors and unreadable files, 3 an internal error (a
bug: please report it).  No input makes it print a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import BinaryIO, NoReturn

PROG = "episode-parse"


class UsageError(Exception):
    """A bad command line or an unreadable input: exit 2 with one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Turn podcast episode documents into typed, validated JSON.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    convert = commands.add_parser("convert", help="write the episode JSON of a document")
    convert.add_argument("file", metavar="FILE", help="the document, or - for standard input")
    convert.add_argument("-o", "--output", metavar="OUT", help="write the JSON here instead of standard output")
    convert.add_argument("--indent", action="store_true", help="indent the JSON by two spaces")

    commands.add_parser("schema", help="print the JSON Schema of the episode JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    try:
        args = _build_parser().parse_args(argv)
        if args.command == "convert":
            return _convert(args)
        return _schema()
    except UsageError as exc:
        _say(f"error: {exc}")
        return 2
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``| head``); nothing more to say.
        _silence_stdout()
        return 0
    except Exception as exc:  # a bug: one line, never a traceback
        _say(f"internal error (please report): {type(exc).__name__}: {exc}")
        return 3


def _convert(args: argparse.Namespace) -> int:
    from episode_parse.api import parse_bytes

    data, name = _read_input(args.file)
    episode = parse_bytes(data, name=name)
    _write_output(args.output, episode.to_json(indent=args.indent) + b"\n")
    errors = [d for d in episode.diagnostics if d.severity == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        _say(f"{name}:{first.span.line}:{first.span.column}: {first.code} {_escape(first.message)}{more}")
        return 1
    return 0


def _schema() -> int:
    from episode_parse.schema import schema_json

    _stdout().write(schema_json())
    return 0


def _read_input(path: str) -> tuple[bytes, str]:
    if path == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    try:
        with open(path, "rb") as f:
            return f.read(), path
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


def _write_output(path: str | None, data: bytes) -> None:
    if path is None or path == "-":
        out = _stdout()
        out.write(data)
        out.flush()
        return
    try:
        with open(path, "wb") as f:
            f.write(data)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def _stdout() -> BinaryIO:
    return sys.stdout.buffer


def _silence_stdout() -> None:
    # Point stdout at devnull so the interpreter's final flush cannot raise again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _escape(text: str) -> str:
    """Text safe for a terminal or CI log: control and format characters escaped."""
    return "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in text)


def _version() -> str:
    from episode_parse import __version__

    return __version__

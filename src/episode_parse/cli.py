"""The command line: ``episode-parse COMMAND``.

:func:`main` takes the arguments and returns the exit code, so tests run it
in-process.  Exit codes: 0 clean, 1 findings (for ``convert``: an
error-level diagnostic; the output is still written), 2 usage errors and
unreadable files, 3 an internal error (a bug: please report it).  No input
makes it print a traceback.

Each command lives in its own module with ``add_parser`` and ``run``; the
modules import what they need only when they run, to keep start-up short.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import NoReturn

from episode_parse import cmd_convert, cmd_validate
from episode_parse.cli_support import PROG, UsageError, say, silence_stdout, stdout


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _schema(args: argparse.Namespace) -> int:
    from episode_parse.schema import schema_json

    stdout().write(schema_json())
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command registered."""
    from episode_parse import __version__

    parser = _Parser(prog=PROG, description="Turn podcast episode documents into typed, validated JSON.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    cmd_convert.add_parser(commands)
    cmd_validate.add_parser(commands)
    commands.add_parser("schema", help="print the JSON Schema of the episode JSON").set_defaults(run=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    try:
        args = build_parser().parse_args(argv)
        code: int = args.run(args)
        return code
    except UsageError as exc:
        say(f"error: {exc}")
        return 2
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``| head``); nothing more to say.
        silence_stdout()
        return 0
    except Exception as exc:  # a bug: one line, never a traceback
        say(f"internal error (please report): {type(exc).__name__}: {exc}")
        return 3

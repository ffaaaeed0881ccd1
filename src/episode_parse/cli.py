"""The command line: ``episode-parse COMMAND``.

:func:`main` takes the arguments and returns the exit code, so tests run it
in-process.  Exit codes: 0 clean, 1 findings (for ``convert``: an
error-level diagnostic; the output is still written), 2 usage errors and
unreadable files, 3 an internal error (a bug: please report it).  No input
makes it print a traceback.

Each command lives in its own module with ``add_arguments`` and ``run``.
Only the module of the command being run is imported and only its options
are registered (every command is still listed in ``--help``), and the
modules import what they need only when they run, to keep start-up short.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from episode_parse.cli_support import PROG, UsageError, say, silence_stdout, stdout, stdout_reader_gone


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, given the terminal width without importing shutil.

    (argparse asks ``shutil`` for the width each time it checks an option;
    importing it loads three compression modules, a tenth of start-up.)
    """

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_terminal_width() - 2)


def _terminal_width() -> int:
    """Columns of the terminal as ``shutil.get_terminal_size()`` finds them: COLUMNS, the terminal, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0 and sys.__stdout__ is not None:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


COMMANDS: dict[str, tuple[str, str]] = {
    "convert": ("episode_parse.cmd_convert", "write the episode JSON of documents"),
    "validate": ("episode_parse.cmd_validate", "check documents and report findings, like a linter"),
    "fix": ("episode_parse.cmd_fix", "apply the safe fixes of the findings in place, byte for byte"),
    "rules": ("episode_parse.cmd_validate", "list the diagnostic catalogue, or explain one rule"),
    "schema": ("episode_parse.cli", "print the JSON Schema of the episode JSON"),
}
"""Each command: the module with its ``add_arguments(name, parser)``, and its one-line help."""


def add_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    """Register ``schema``, which has no options."""
    parser.set_defaults(run=_schema)


def _schema(args: argparse.Namespace) -> int:
    from episode_parse.schema import schema_json

    stdout().write(schema_json())
    return 0


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every command, or with command ``only`` alone.

    The top-level help lists every command; a command's own help and errors
    need only that command, so ``main`` builds just it when it is named.
    """
    from episode_parse import __version__

    parser = _Parser(
        prog=PROG, description="Turn podcast episode documents into typed, validated JSON.", formatter_class=_Formatter
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for name, (module, help_line) in COMMANDS.items():
        if only is None or name == only:
            sub = commands.add_parser(
                name, help=help_line, description=help_line[0].upper() + help_line[1:] + ".", formatter_class=_Formatter
            )
            importlib.import_module(module).add_arguments(name, sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    try:
        given = list(sys.argv[1:] if argv is None else argv)
        # A command named first needs only its own parser; anything else
        # (``--help``, ``--version``, a typo) gets the parser with them all.
        command = given[0] if given and given[0] in COMMANDS else None
        args = build_parser(command).parse_args(given)
        code: int = args.run(args)
        return code
    except UsageError as exc:
        say(f"error: {exc}")
        return 2
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError as exc:
        if not stdout_reader_gone():  # a pipe other than standard output: a bug
            say(f"internal error (please report): {type(exc).__name__}: {exc}")
            return 3
        # The reader went away (``| head``); nothing more to say.
        silence_stdout()
        return 0
    except Exception as exc:  # a bug: one line, never a traceback
        say(f"internal error (please report): {type(exc).__name__}: {exc}")
        return 3

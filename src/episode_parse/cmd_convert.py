"""``episode-parse convert``: write the episode JSON of a document."""

from __future__ import annotations

import argparse
from typing import Any

from episode_parse.cli_support import escape, read_input, say, write_output


def add_parser(commands: argparse._SubParsersAction[Any]) -> None:
    """Register the command and its options."""
    parser = commands.add_parser("convert", help="write the episode JSON of a document")
    parser.add_argument("file", metavar="FILE", help="the document, or - for standard input")
    parser.add_argument("-o", "--output", metavar="OUT", help="write the JSON here instead of standard output")
    parser.add_argument("--indent", action="store_true", help="indent the JSON by two spaces")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Convert one document; 1 when it has an error-level diagnostic."""
    from episode_parse.api import parse_bytes

    data, name = read_input(args.file)
    episode = parse_bytes(data, name=name)
    write_output(args.output, episode.to_json(indent=args.indent) + b"\n")
    errors = [d for d in episode.diagnostics if d.severity == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        say(f"{escape(name)}:{first.span.line}:{first.span.column}: {first.code} {escape(first.message)}{more}")
        return 1
    return 0

"""``episode-parse convert``: write documents in another format (the episode JSON by default).

One document goes to standard output or ``-o FILE``.  Many (several paths,
or directories searched for documents, cue files and transcript or chapters
JSON) go one file per input into ``-o DIR``, named with the output format's
suffix, or one episode per line with ``--jsonl``; ``--jobs`` spreads them
over processes.  ``--from`` and ``--to`` take the names of the format
registry (:mod:`episode_parse.formats.base`).  A file that cannot be read is
reported and the batch goes on; the exit code says so at the end.  What an
output format cannot say as the source did is a notice on standard error.
"""

from __future__ import annotations

import argparse
import functools
import os
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, NamedTuple

from episode_parse.cli_support import UsageError, escape, jobs_argument, read_document, say, stdout, write_output
from episode_parse.formats.base import FORMATS, READ_FORMATS, WRITE_FORMATS, format_named

if TYPE_CHECKING:  # the batch machinery is imported only for several documents
    from episode_parse.batch import Failed
    from episode_parse.read import Document
    from episode_parse.records import Diagnostic


class Options(NamedTuple):
    """How to convert each file (handed to worker processes)."""

    indent: bool
    """Indent the episode JSON."""
    source: str | None
    """The input format's name; None: told from each file's content."""
    target: str
    """The output format's name."""
    duration: float | None
    """The episode's length in seconds, for a last end the source lacks."""


def _format_name(value: str) -> str:
    try:
        return format_named(value).name
    except ValueError:
        return value  # argparse then names the choices


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {value!r}")
    return seconds


def add_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    """Register the options of ``convert``."""
    parser.description = (
        "Write the episode JSON of documents, or another format with --to: one to standard output or "
        "-o FILE; several to -o DIR (one file each, named with the format's suffix) or, with --jsonl, one "
        "episode per line. Exit 0 when clean, 1 when a "
        "document has an error-level finding (its output is still written) or, in a batch, cannot be "
        "read, 2 for usage errors and an unreadable single file (and when no document is found), "
        "3 on an internal error."
    )
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="documents, directories (searched for .md, .txt, .vtt, .srt, .html and transcript or chapters "
        ".json files), or - for standard input",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write to this file; with several inputs, the directory to write one file per input into "
        "(named with the output format's suffix)",
    )
    parser.add_argument(
        "--from",
        dest="source",
        type=_format_name,
        choices=READ_FORMATS,
        metavar="FORMAT",
        help=f"read every input as this format instead of telling it from the content: {', '.join(READ_FORMATS)}",
    )
    parser.add_argument(
        "--to",
        dest="target",
        type=_format_name,
        choices=WRITE_FORMATS,
        default="json",
        metavar="FORMAT",
        help="the output format: "
        + "; ".join(f"{n} ({FORMATS[n].summary}, {FORMATS[n].suffix})" for n in WRITE_FORMATS)
        + " (default: json)",
    )
    parser.add_argument(
        "--duration",
        type=_seconds,
        metavar="SECONDS",
        help="the episode's length: the end of the last turn or chapter when the source has none "
        "(otherwise estimated from its words, with a notice)",
    )
    parser.add_argument("--indent", action="store_true", help="indent the JSON by two spaces")
    parser.add_argument("--jsonl", action="store_true", help="write one episode per line (JSON Lines)")
    parser.add_argument(
        "-j",
        "--jobs",
        type=jobs_argument,
        metavar="N",
        help="worker processes for several inputs (default: the number of cores, or one for under 8 MB)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Convert the documents; 1 when one has an error-level diagnostic or cannot be read."""
    files: list[str] = args.files
    options = Options(args.indent, args.source, args.target, args.duration)
    if args.jsonl and options.target != "json":
        raise UsageError("--jsonl writes episode JSON: it does not go with --to " + options.target)
    to_dir = args.output is not None and args.output != "-" and os.path.isdir(args.output)
    if len(files) == 1 and not args.jsonl and not to_dir and (files[0] == "-" or not os.path.isdir(files[0])):
        return _one(files[0], args.output, options)
    return _many(args, options)


def _one(path: str, output: str | None, options: Options) -> int:
    """One document to standard output or a file; an unreadable input is a usage error (2)."""
    converted = _convert(*read_document(path), options)
    assert converted.data is not None
    write_output(output, converted.data + (b"\n" if options.target == "json" else b""))
    for notice in converted.notices:
        say(notice)
    if converted.problem is not None:
        say(converted.problem)
        return 1
    return 0


class Converted(NamedTuple):
    """What converting one file of a batch gave (sent back from a worker process)."""

    name: str
    """The name the file is reported under."""
    data: bytes | None
    """The episode JSON (no final newline); None when the file could not be read."""
    problem: str | None
    """The first error-level diagnostic or why the file could not be read, as a message line."""
    notices: tuple[str, ...] = ()
    """What the output format could not say as the source did, each prefixed with the file's name."""


def convert_file(options: Options, path: str) -> Converted:
    """The worker of a batch: read and convert one file (runs in a worker process)."""
    try:
        doc, name = read_document(path)
    except UsageError as exc:
        return Converted(path, None, str(exc))
    return _convert(doc, name, options)


def _convert(doc: Document, name: str, options: Options) -> Converted:
    """The output of one document, its first error-level diagnostic, and the writer's notices."""
    from episode_parse.api import parse_document

    episode = parse_document(doc, format=options.source)
    del doc  # its text and lines are not needed to write the output
    errors = [d for d in episode.diagnostics if d.severity == "error"]
    problem = _first_error(name, errors[0], len(errors)) if errors else None
    if options.target == "json":  # the common case, without the registry's import
        return Converted(name, episode.to_json(indent=options.indent), problem)
    from episode_parse.formats.base import WriteOptions, writer

    written = writer(options.target)(episode, WriteOptions(indent=options.indent, duration=options.duration))
    notices = tuple(f"{escape(name)}: {escape(n)}" for n in written.notices)
    return Converted(name, written.data, problem, notices)


def _many(args: argparse.Namespace, options: Options) -> int:
    from episode_parse.batch import NO_DOCUMENTS, expand_paths_named

    if args.jsonl and args.indent:
        raise UsageError("--indent and --jsonl do not go together: JSON Lines holds one episode per line")
    named = expand_paths_named(args.files)
    if not named:
        raise UsageError(NO_DOCUMENTS)
    if any(path == "-" for path, _ in named) and (len(named) > 1 or not args.jsonl):
        raise UsageError("- (standard input) cannot be converted together with other files or into a directory")
    if not args.jsonl and args.output in (None, "-"):
        raise UsageError("several documents: give -o DIR to write one JSON file each, or --jsonl")
    files = [path for path, _ in named]
    worker = functools.partial(convert_file, options)
    if args.jsonl:
        return _to_jsonl(files, worker, args.output, args.jobs)
    return _to_directory(named, worker, args.output, args.jobs, options)


def _to_jsonl(files: list[str], worker: functools.partial[Converted], output: str | None, jobs: int | None) -> int:
    if output is None or output == "-":
        return _write_lines(files, worker, stdout(), jobs, shares_terminal=True)
    try:
        f = open(output, "wb")  # noqa: SIM115 (closed below, after the batch)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    with f:
        return _write_lines(files, worker, f, jobs)


def _write_lines(
    files: list[str],
    worker: functools.partial[Converted],
    out: IO[bytes],
    jobs: int | None,
    *,
    shares_terminal: bool = False,
) -> int:
    from episode_parse.batch import Failed, run_batch

    code = 0
    batch = run_batch(files, worker, jobs=jobs)
    for file, result in batch:
        if isinstance(result, Failed):
            code = max(code, _failed(batch.pause, file, result))
            continue
        _notices(batch.pause, result.notices)
        if result.data is not None:
            if shares_terminal:  # standard output may be the terminal the bar is drawn on
                batch.pause()
            out.write(result.data + b"\n")
            if shares_terminal:
                out.flush()
        if result.problem is not None:
            batch.pause()
            say(result.problem)
            code = max(code, 1)
    out.flush()
    return code


def _to_directory(
    named: list[tuple[str, str]],
    worker: functools.partial[Converted],
    out_dir: str,
    jobs: int | None,
    options: Options,
) -> int:
    targets: dict[str, str] = {}
    suffix = FORMATS[options.target].suffix
    newline = b"\n" if options.target == "json" else b""
    for path, rel in named:
        target = os.path.join(out_dir, os.path.splitext(rel)[0] + suffix)
        if target in targets:
            raise UsageError(f"{escape(targets[target])} and {escape(path)} would both be written to {escape(target)}")
        if os.path.exists(target) and os.path.samefile(target, path):
            raise UsageError(f"{escape(path)} would be overwritten by its own conversion: give another -o DIR")
        targets[target] = path
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create directory {out_dir}: {exc.strerror or exc}") from None
    from episode_parse.batch import Failed, run_batch

    code = 0
    batch = run_batch([path for path, _ in named], worker, jobs=jobs)
    for target, (file, result) in zip(targets, batch, strict=True):
        if isinstance(result, Failed):
            code = max(code, _failed(batch.pause, file, result))
            continue
        problem = result.problem
        _notices(batch.pause, result.notices)
        if result.data is not None:
            try:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                write_output(target, result.data + newline)
            except (OSError, UsageError) as exc:
                problem = str(exc) if isinstance(exc, UsageError) else f"cannot write {target}: {exc.strerror or exc}"
        if problem is not None:
            batch.pause()
            say(problem)
            code = max(code, 1)
    return code


def _notices(pause: Callable[[], None], notices: tuple[str, ...]) -> None:
    if notices:
        pause()
        for notice in notices:
            say(notice)


def _failed(pause: Callable[[], None], file: str, result: Failed) -> int:
    pause()
    say(f"{escape(file)}: internal error (please report): {escape(result.error)}")
    return 3


def _first_error(name: str, first: Diagnostic, count: int) -> str:
    more = f" (and {count - 1} more)" if count > 1 else ""
    return f"{escape(name)}:{first.span.line}:{first.span.column}: {first.code} {escape(first.message)}{more}"

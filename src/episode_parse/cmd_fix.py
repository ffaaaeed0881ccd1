"""``episode-parse fix``: apply the fixes the findings carry, in place, byte for byte.

Like a formatter: it writes the files it changes and says so on standard
error; ``--diff`` prints a unified diff instead, ``--check`` writes nothing
and exits 1 when something would change; ``-`` reads standard input and
writes the fixed text to standard output.  Safe fixes only, unless
``--unsafe-fixes``.  Findings that need judgement are left for
``episode-parse validate`` to report.  Exit 0 when done, 1 when ``--check``
finds something to fix or a file cannot be read, written or fixed, 2 for
usage errors.
"""

from __future__ import annotations

import argparse
import functools
import re
from typing import TYPE_CHECKING, Literal, NamedTuple

from episode_parse.cli_support import UsageError, escape, read_input, say, stdout

if TYPE_CHECKING:
    from episode_parse.config import LintConfig
    from episode_parse.records import Diagnostic
    from episode_parse.report import FileReport

Mode = Literal["write", "diff", "check"]


def add_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    """Register the options of ``fix``."""
    from episode_parse.cmd_validate import add_lint_options

    parser.description = (
        "Apply the safe fixes of the findings in place (byte for byte: encoding, line endings and all other "
        "text kept). Exit 0 when done, 1 when --check finds something to fix or a file cannot be read, "
        "written or fixed, 2 for usage or configuration errors."
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files, directories (searched for episode documents: .md, .txt, .vtt, .srt, .html, .json), or - (standard input, fixed text to standard output)",
    )
    parser.add_argument("--diff", action="store_true", help="print a unified diff of each change instead of writing")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when a file would change (with --diff: show it)"
    )
    add_lint_options(parser)
    parser.set_defaults(run=run)


class FixJob(NamedTuple):
    """What a worker is asked to do with each file."""

    config: LintConfig
    """Which findings to fix (select, ignore, per-file ignores)."""
    unsafe: bool
    """Whether unsafe fixes are applied too."""
    mode: Mode
    """write the file, make a diff, or only check."""


class FileFix(NamedTuple):
    """What fixing one file did (sent back from a worker process)."""

    name: str
    """The name the file is reported under."""
    fixed: tuple[str, ...]
    """The codes of the findings fixed, in the order fixed."""
    remaining: tuple[Diagnostic, ...]
    """The findings left (those selected), of the fixed text."""
    output: bytes | None
    """For standard output: the diff (``--diff``) or the fixed text (``-``)."""
    problem: str | None
    """Why the file could not be read, written or fully fixed."""


def fix_file(job: FixJob, path: str) -> FileFix:
    """The worker of a batch: fix one file as ``job`` says (runs in a worker process)."""
    from episode_parse.fix import MAX_ROUNDS, fix_bytes

    try:
        data, name = read_input(path)
    except UsageError as exc:
        return FileFix(path, (), (), None, str(exc))
    config = job.config
    result = fix_bytes(data, name=name, wanted=lambda d: config.reports(d.code, name), unsafe=job.unsafe)
    remaining = tuple(config.filter(result.episode.diagnostics, name))
    problem = result.problem
    if problem is None and not result.settled:
        problem = f"fixes still to apply after {MAX_ROUNDS} rounds; run fix again, or fix by hand"
    output = None
    if job.mode == "diff" and result.changed:
        output = unified_diff(name, data, result.data)
    elif job.mode == "write" and path == "-":
        output = result.data
    elif job.mode == "write" and result.changed:
        try:
            with open(path, "wb") as f:
                f.write(result.data)
        except OSError as exc:
            problem = f"cannot write: {exc.strerror or exc}"
    return FileFix(name, tuple(d.code for d in result.fixed), remaining, output, problem)


def fix_and_report(job: FixJob, path: str) -> FileReport:
    """The worker of ``validate --fix``: fix one file in place, then report what is left."""
    from episode_parse.report import FileReport

    done = fix_file(job, path)
    if done.problem is not None and done.problem.startswith("cannot read"):
        return FileReport(path, (), done.problem.removeprefix(f"cannot read {path}: "))
    if done.problem is not None:
        say(f"{escape(done.name)}: {done.problem}")
    return FileReport(done.name, done.remaining, fixed=len(done.fixed))


def run(args: argparse.Namespace) -> int:
    """Fix the given paths; return the exit code."""
    from episode_parse.batch import Failed, run_batch
    from episode_parse.cmd_validate import input_files, lint_config
    from episode_parse.fix import fixable

    config = lint_config(args)
    files = input_files(args.paths)
    mode: Mode = "check" if args.check and not args.diff else "diff" if args.diff else "write"
    job = FixJob(config, args.unsafe_fixes, mode)
    jobs = 1 if "-" in files else args.jobs
    batch = run_batch(files, functools.partial(fix_file, job), jobs=jobs)
    code = 0
    fixed = changed = left = unsafe_left = 0
    verb = "fixed" if mode == "write" else "would fix"
    for path, result in batch:
        batch.pause()
        if isinstance(result, Failed):
            say(f"{escape(path)}: internal error (please report): {escape(result.error)}")
            code = 3
            continue
        if result.output is not None:
            stdout().write(result.output)
            stdout().flush()
        if result.fixed:
            changed += 1
            fixed += len(result.fixed)
            say(
                f"{escape(result.name)}: {verb} {_findings(len(result.fixed))} ({', '.join(sorted(set(result.fixed)))})"
            )
            if args.check:
                code = max(code, 1)
        if result.problem is not None:
            say(f"{escape(result.name)}: {escape(result.problem)}")
            code = max(code, 1)
        left += len(result.remaining)
        unsafe_left += sum(1 for d in result.remaining if d.fix is not None and not fixable(d, args.unsafe_fixes))
    say(_summary(verb, fixed, changed, len(files), left, unsafe_left))
    return code


def _findings(n: int) -> str:
    return f"{n} finding{'s' if n != 1 else ''}"


def _summary(verb: str, fixed: int, changed: int, files: int, left: int, unsafe_left: int) -> str:
    of = f"{files} file{'s' if files != 1 else ''}"
    text = f"{verb.capitalize()} {_findings(fixed)} in {changed} of {of}." if fixed else f"Nothing to fix in {of}."
    if left:
        text += f" {_findings(left)} left: 'episode-parse validate' lists them."
    if unsafe_left:
        text += f" {unsafe_left} more fixable with --unsafe-fixes."
    return text


# diff -------------------------------------------------------------------------

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters a diff shows escaped: controls and bidirectional marks, which could rewrite a terminal or a log."""


def unified_diff(name: str, old: bytes, new: bytes) -> bytes:
    """A unified diff of ``old`` and ``new`` (three lines of context), lines ending as they do in the file.

    UTF-8 text is shown as its bytes (bytes that are not UTF-8 too), so the
    diff applies with ``patch``; UTF-16 text is shown as UTF-8.  Control
    characters and bidirectional marks are shown escaped.
    """
    import difflib

    before, after = _diff_lines(old), _diff_lines(new)
    out = []
    label = escape(name)
    for line in difflib.unified_diff(before, after, label, label, lineterm="\n"):
        line = _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", line)
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out).encode("utf-8", "surrogateescape")


def _diff_lines(data: bytes) -> list[str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", "replace")
    else:
        text = data.decode("utf-8", "surrogateescape")
    return _LINE.findall(text)

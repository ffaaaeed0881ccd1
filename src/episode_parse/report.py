"""Writing lint findings: one reporter per ``validate --format``, registered by name.

Every reporter has one signature: it takes the same :class:`FileReport`
list and :class:`ReportOptions` and returns the bytes to write.  Each caps
the findings shown per file (an "N more" line says what was left out), and
every string that came from a document is escaped so that control
characters and terminal escapes never reach a terminal or a CI log raw.

To add a format, write ``def write_NAME(reports, options) -> bytes`` here,
decorate it with ``@reporter("NAME", "what it is")``, and add it to the
shared test's expectations (``tests/test_report.py``); ``--format`` offers
every registered name.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import attrs
import orjson

from episode_parse.cli_support import escape
from episode_parse.diagnostics import CATALOGUE
from episode_parse.records import Diagnostic, Edit, Span

REPORT_VERSION = 2
"""Version of the ``--format json`` output (schemas/validate.schema.json); 2 added fixes."""

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


@attrs.frozen(slots=True)
class FileReport:
    """The findings for one input file."""

    path: str
    """The file as named on the command line (``<stdin>`` for standard input)."""
    diagnostics: tuple[Diagnostic, ...]
    """Reported findings (after select and ignore), in document order."""
    failure: str | None = None
    """Why the file could not be read, when it could not."""
    fixed: int = 0
    """Findings fixed in the file before these were found (``validate --fix``)."""


@attrs.frozen(slots=True)
class ReportOptions:
    """What every reporter is told besides the findings."""

    limit: int
    """Findings shown per file before an "N more" line."""
    version: str = "0"
    """The tool's version (SARIF names it)."""
    unsafe_fixes: bool = False
    """Whether unsafe fixes count as available (``--unsafe-fixes``); safe ones always do."""


Write = Callable[[Sequence[FileReport], ReportOptions], bytes]


class Reporter(NamedTuple):
    """One output format of ``validate``."""

    name: str
    """The ``--format`` value."""
    about: str
    """What it writes, for ``--help``."""
    write: Write
    """The writer."""


REPORTERS: dict[str, Reporter] = {}
"""The reporters by name, in the order ``--format`` lists them (the first is the default)."""


def reporter(name: str, about: str) -> Callable[[Write], Write]:
    """Register the decorated writer as format ``name``."""

    def register(write: Write) -> Write:
        REPORTERS[name] = Reporter(name, about, write)
        return write

    return register


@attrs.frozen(slots=True)
class Summary:
    """Totals over a run."""

    files: int
    findings: int
    by_severity: dict[str, int]
    failed_files: int
    fixed: int = 0
    """Findings fixed before the run reported (``validate --fix``)."""
    fixable: int = 0
    """Reported findings with a fix that ``fix`` applies (safe, or any with ``--unsafe-fixes``)."""
    unsafe_fixable: int = 0
    """Reported findings whose fix is unsafe, not counted in ``fixable``."""


def summarise(reports: Sequence[FileReport], unsafe_fixes: bool = False) -> Summary:
    """Totals over ``reports``."""
    counts = {"error": 0, "warning": 0, "info": 0}
    fixable = unsafe = 0
    for report in reports:
        for d in report.diagnostics:
            counts[d.severity] += 1
            if _fixable(d, unsafe_fixes):
                fixable += 1
            elif d.fix is not None:
                unsafe += 1
    return Summary(
        len(reports),
        sum(counts.values()),
        counts,
        sum(1 for r in reports if r.failure),
        fixed=sum(r.fixed for r in reports),
        fixable=fixable,
        unsafe_fixable=unsafe,
    )


def _fixable(d: Diagnostic, unsafe_fixes: bool) -> bool:
    return d.fix is not None and (unsafe_fixes or d.fix.applicability == "safe")


def _shown(report: FileReport, limit: int) -> tuple[tuple[Diagnostic, ...], int]:
    return report.diagnostics[:limit], max(0, len(report.diagnostics) - limit)


def _message(d: Diagnostic) -> str:
    text = escape(d.message)
    if d.suggestion is not None:
        text += f" (suggestion: {escape(d.suggestion)})"
    return text


# text -------------------------------------------------------------------------


@reporter("text", "plain lines, path:line:col: CODE message; [*] marks a finding fix can correct")
def write_text(reports: Sequence[FileReport], options: ReportOptions) -> bytes:
    """``path:line:col: CODE message`` lines and a closing summary; ``[*]`` marks a finding ``fix`` corrects."""
    limit = options.limit
    lines = []
    for report in reports:
        path = escape(report.path)
        if report.failure is not None:
            lines.append(f"{path}: cannot read: {escape(report.failure)}")
            continue
        shown, more = _shown(report, limit)
        for d in shown:
            mark = "[*] " if _fixable(d, options.unsafe_fixes) else ""
            lines.append(f"{path}:{d.span.line}:{d.span.column}: {d.code} {mark}{_message(d)}")
        if more:
            lines.append(f"{path}: {more} more finding{'s' if more > 1 else ''} not shown (limit {limit} per file)")
    s = summarise(reports, options.unsafe_fixes)
    if s.fixed:
        lines.append(f"Fixed {_count(s.fixed, 'finding')}.")
    if s.findings:
        parts = ", ".join(f"{n} {k}{'s' if n != 1 and k != 'info' else ''}" for k, n in s.by_severity.items() if n)
        with_findings = sum(1 for r in reports if r.diagnostics)
        lines.append(
            f"Found {_count(s.findings, 'finding')} ({parts}) in {with_findings} of {_count(s.files, 'file')}."
        )
    else:
        lines.append(f"No findings in {_count(s.files, 'file')}.")
    if s.fixable or s.unsafe_fixable:
        hidden = f" ({s.unsafe_fixable} more with --unsafe-fixes)" if s.unsafe_fixable else ""
        lines.append(f"[*] {s.fixable} fixable with 'episode-parse fix'{hidden}.")
    if s.failed_files:
        lines.append(f"{_count(s.failed_files, 'file')} could not be read.")
    return ("\n".join(lines) + "\n").encode()


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


# json -------------------------------------------------------------------------


@reporter("json", "one JSON document (schemas/validate.schema.json), fixes included")
def write_json(reports: Sequence[FileReport], options: ReportOptions) -> bytes:
    """One JSON document; its schema is ``schemas/validate.schema.json``."""
    limit = options.limit
    files = []
    for report in reports:
        shown, more = _shown(report, limit)
        files.append(
            {
                "path": escape(report.path),
                "failure": None if report.failure is None else escape(report.failure),
                "findings": [
                    {
                        "code": d.code,
                        "severity": d.severity,
                        "message": escape(d.message),
                        "line": d.span.line,
                        "column": d.span.column,
                        "end_line": d.span.end_line,
                        "end_column": d.span.end_column,
                        "suggestion": None if d.suggestion is None else escape(d.suggestion),
                        "fix": _json_fix(d),
                    }
                    for d in shown
                ],
                "omitted": more,
                "fixed": report.fixed,
            }
        )
    s = summarise(reports, options.unsafe_fixes)
    summary = {
        "files": s.files,
        "findings": s.findings,
        **s.by_severity,
        "failed_files": s.failed_files,
        "fixed": s.fixed,
        "fixable": s.fixable,
    }
    return (
        orjson.dumps({"version": REPORT_VERSION, "files": files, "summary": summary}, option=orjson.OPT_INDENT_2)
        + b"\n"
    )


def _json_fix(d: Diagnostic) -> dict[str, Any] | None:
    if d.fix is None:
        return None
    return {
        "applicability": d.fix.applicability,
        "description": escape(d.fix.description),
        "edits": [
            {
                "line": e.span.line,
                "column": e.span.column,
                "end_line": e.span.end_line,
                "end_column": e.span.end_column,
                "replacement": e.replacement,
            }
            for e in d.fix.edits
        ],
    }


# github -----------------------------------------------------------------------

_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


@reporter("github", "GitHub Actions workflow commands: annotations on the pull request")
def write_github(reports: Sequence[FileReport], options: ReportOptions) -> bytes:
    """GitHub Actions workflow commands (``::error file=...::message``), escaped as GitHub requires."""
    limit = options.limit
    lines = []
    for report in reports:
        path = _gh_property(escape(report.path))
        if report.failure is not None:
            lines.append(f"::error file={path},title=unreadable::{_gh_data(escape(report.failure))}")
            continue
        shown, more = _shown(report, limit)
        for d in shown:
            s = d.span
            props = (
                f"file={path},line={s.line},col={s.column},endLine={s.end_line},endColumn={s.end_column},title={d.code}"
            )
            lines.append(f"::{_GITHUB_LEVEL[d.severity]} {props}::{_gh_data(d.code + ' ' + _message(d))}")
        if more:
            lines.append(
                f"::notice file={path},title=more findings::{more} more findings not shown (limit {limit} per file)"
            )
    return ("\n".join(lines) + "\n").encode() if lines else b""


# sarif ------------------------------------------------------------------------

_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    import urllib.parse  # here, not at the top: only SARIF needs it, and it is slow to import

    if path == "<stdin>":
        return "stdin"
    # A file name that is not UTF-8 (lone surrogates from os.fsdecode) is
    # quoted as its bytes, which is what a file URI holds.
    slashed = path.replace(os.sep, "/")
    try:
        quoted = urllib.parse.quote(slashed, errors="surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that is no file system's byte
        quoted = urllib.parse.quote(slashed, errors="replace")
    return "file://" + quoted if os.path.isabs(path) else quoted


@reporter("sarif", "SARIF 2.1.0 for code-scanning tools, fixes included")
def write_sarif(reports: Sequence[FileReport], options: ReportOptions) -> bytes:
    """A SARIF 2.1.0 log with one run; columns count Unicode code points."""
    limit = options.limit
    codes = list(CATALOGUE)
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for report in reports:
        uri = _uri(report.path)
        if report.failure is not None:
            notifications.append(
                _notification("error", f"cannot read {escape(report.path)}: {escape(report.failure)}", uri)
            )
            continue
        shown, more = _shown(report, limit)
        for d in shown:
            result: dict[str, Any] = {
                "ruleId": d.code,
                "ruleIndex": codes.index(d.code),
                "level": _SARIF_LEVEL[d.severity],
                "message": {"text": _message(d)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(d.span)}}],
            }
            if d.fix is not None:
                result["fixes"] = [
                    {
                        "description": {"text": escape(d.fix.description)},
                        "artifactChanges": [
                            {"artifactLocation": {"uri": uri}, "replacements": [_replacement(e) for e in d.fix.edits]}
                        ],
                        "properties": {"applicability": d.fix.applicability},
                    }
                ]
            results.append(result)
        if more:
            notifications.append(
                _notification(
                    "note", f"{more} more findings in {escape(report.path)} not shown (limit {limit} per file)", uri
                )
            )
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "episode-parse", "version": options.version, "rules": _sarif_rules()}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [
            {"executionSuccessful": not any(r.failure for r in reports), "toolExecutionNotifications": notifications}
        ],
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return orjson.dumps(log, option=orjson.OPT_INDENT_2) + b"\n"


def _sarif_rules() -> list[dict[str, Any]]:
    """The catalogue as SARIF reporting descriptors, in code order."""
    return [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.explanation},
            "help": {
                "text": f"{rule.explanation}\n\nBad:\n{rule.bad}\n\nGood:\n{rule.good}"
                + (f"\n\nFix: {rule.fix}" if rule.fix else "")
            },
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        }
        for rule in CATALOGUE.values()
    ]


def _region(span: Span) -> dict[str, int]:
    return {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
    }


def _replacement(edit: Edit) -> dict[str, Any]:
    out: dict[str, Any] = {"deletedRegion": _region(edit.span)}
    if edit.replacement:  # none: the region is deleted
        out["insertedContent"] = {"text": edit.replacement}
    return out


def _notification(level: str, text: str, uri: str) -> dict[str, Any]:
    return {
        "level": level,
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
    }

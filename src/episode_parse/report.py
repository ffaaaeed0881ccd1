"""Writing lint findings: text, JSON, GitHub workflow commands and SARIF 2.1.0.

Every writer takes the same :class:`FileReport` list and caps the findings
shown per file (an "N more" line says what was left out), and every string
that came from a document is escaped so that control characters and
terminal escapes never reach a terminal or a CI log raw.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import attrs
import orjson

from episode_parse.cli_support import escape
from episode_parse.diagnostics import CATALOGUE
from episode_parse.records import Diagnostic

REPORT_VERSION = 1
"""Version of the ``--format json`` output (schemas/validate.schema.json)."""

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


@attrs.frozen(slots=True)
class Summary:
    """Totals over a run."""

    files: int
    findings: int
    by_severity: dict[str, int]
    failed_files: int


def summarise(reports: Sequence[FileReport]) -> Summary:
    """Totals over ``reports``."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for report in reports:
        for d in report.diagnostics:
            counts[d.severity] += 1
    return Summary(len(reports), sum(counts.values()), counts, sum(1 for r in reports if r.failure))


def _shown(report: FileReport, limit: int) -> tuple[tuple[Diagnostic, ...], int]:
    return report.diagnostics[:limit], max(0, len(report.diagnostics) - limit)


def _message(d: Diagnostic) -> str:
    text = escape(d.message)
    if d.suggestion is not None:
        text += f" (suggestion: {escape(d.suggestion)})"
    return text


# text -------------------------------------------------------------------------


def write_text(reports: Sequence[FileReport], limit: int) -> bytes:
    """``path:line:col: CODE message`` lines and a closing summary."""
    lines = []
    for report in reports:
        path = escape(report.path)
        if report.failure is not None:
            lines.append(f"{path}: cannot read: {escape(report.failure)}")
            continue
        shown, more = _shown(report, limit)
        for d in shown:
            lines.append(f"{path}:{d.span.line}:{d.span.column}: {d.code} {_message(d)}")
        if more:
            lines.append(f"{path}: {more} more finding{'s' if more > 1 else ''} not shown (limit {limit} per file)")
    s = summarise(reports)
    if s.findings:
        parts = ", ".join(f"{n} {k}{'s' if n != 1 and k != 'info' else ''}" for k, n in s.by_severity.items() if n)
        with_findings = sum(1 for r in reports if r.diagnostics)
        lines.append(
            f"Found {s.findings} finding{'s' if s.findings != 1 else ''} ({parts}) in {with_findings} of {s.files} file{'s' if s.files != 1 else ''}."
        )
    else:
        lines.append(f"No findings in {s.files} file{'s' if s.files != 1 else ''}.")
    if s.failed_files:
        lines.append(f"{s.failed_files} file{'s' if s.failed_files != 1 else ''} could not be read.")
    return ("\n".join(lines) + "\n").encode()


# json -------------------------------------------------------------------------


def write_json(reports: Sequence[FileReport], limit: int) -> bytes:
    """One JSON document; its schema is ``schemas/validate.schema.json``."""
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
                    }
                    for d in shown
                ],
                "omitted": more,
            }
        )
    s = summarise(reports)
    summary = {"files": s.files, "findings": s.findings, **s.by_severity, "failed_files": s.failed_files}
    return (
        orjson.dumps({"version": REPORT_VERSION, "files": files, "summary": summary}, option=orjson.OPT_INDENT_2)
        + b"\n"
    )


# github -----------------------------------------------------------------------

_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(reports: Sequence[FileReport], limit: int) -> bytes:
    """GitHub Actions workflow commands (``::error file=...::message``), escaped as GitHub requires."""
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


def write_sarif(reports: Sequence[FileReport], limit: int, version: str) -> bytes:
    """A SARIF 2.1.0 log with one run; columns count Unicode code points."""
    codes = list(CATALOGUE)
    rules = [
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
            region = {
                "startLine": d.span.line,
                "startColumn": d.span.column,
                "endLine": d.span.end_line,
                "endColumn": d.span.end_column,
            }
            result: dict[str, Any] = {
                "ruleId": d.code,
                "ruleIndex": codes.index(d.code),
                "level": _SARIF_LEVEL[d.severity],
                "message": {"text": _message(d)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
            }
            if d.suggestion is not None:
                result["fixes"] = [
                    {
                        "description": {"text": f"Replace with {escape(d.suggestion)}"},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": uri},
                                "replacements": [{"deletedRegion": region, "insertedContent": {"text": d.suggestion}}],
                            }
                        ],
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
        "tool": {"driver": {"name": "episode-parse", "version": version, "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [
            {"executionSuccessful": not any(r.failure for r in reports), "toolExecutionNotifications": notifications}
        ],
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return orjson.dumps(log, option=orjson.OPT_INDENT_2) + b"\n"


def _notification(level: str, text: str, uri: str) -> dict[str, Any]:
    return {
        "level": level,
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
    }

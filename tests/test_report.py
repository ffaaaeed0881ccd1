"""Every reporter of ``validate --format`` on the same findings: each registered format, one check each.

A new format registered in :mod:`episode_parse.report` must get a check
here (the first test fails until it does).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from episode_parse import parse
from episode_parse.cli_support import escape
from episode_parse.cmd_validate import add_arguments
from episode_parse.config import LintConfig
from episode_parse.records import Diagnostic
from episode_parse.report import REPORTERS, FileReport, ReportOptions
from tests.conftest import ROOT, SHARED
from tests.strategies import arbitrary_text

_VALIDATE_SCHEMA = jsonschema.Draft202012Validator(
    json.loads((ROOT / "schemas" / "validate.schema.json").read_text(encoding="utf-8"))
)
_SARIF_PATH = SHARED / "schemas" / "sarif-schema-2.1.0.json"
_SARIF: Any = None
if _SARIF_PATH.is_file():
    _schema = json.loads(_SARIF_PATH.read_text(encoding="utf-8"))
    _SARIF = jsonschema.validators.validator_for(_schema)(_schema)


def _report(name: str, text: str) -> FileReport:
    episode = parse(text, name=name)
    return FileReport(name, tuple(LintConfig().filter(episode.diagnostics, name)))


# The shared findings: safe fixes (a misplaced hour, a merged turn, CRLF endings), an unsafe one
# (two timestamp forms, no usual one), findings with no fix, a hostile file name and text, more
# findings than the limit, and a file that could not be read.
REPORTS = [
    _report(
        "order.md",
        "**A [00:11:00]**: a.\n\n**B [01:11:17]**: b. **A [00:12:01]**: c.\r\n\r\n**B [00:12:09]**: d.\n",
    ),
    _report("forms.md", "**A [00:00:01]**: Hi.\n\n**B [0:00:03]**: Hello.\n"),
    _report("\x1b]0;a,b:c%\u202e.md", "".join(f"**\x1bE\u202ev [00:00:{i:02d}]**: x\n\n" for i in range(1, 9))),
    FileReport("gone.md", (), "No such file or directory"),
]
OPTIONS = ReportOptions(limit=5, version="9.9")


def _shown(report: FileReport, limit: int = OPTIONS.limit) -> tuple[Diagnostic, ...]:
    return report.diagnostics[:limit]


def _printable(out: str) -> None:
    # Nothing a document or a name holds reaches a terminal or a CI log raw.
    assert all(c.isprintable() or c == "\n" for c in out)


def check_text(out: str, reports: list[FileReport], options: ReportOptions) -> None:
    _printable(out)
    lines = out.splitlines()
    for report in reports:
        for d in _shown(report, options.limit):
            marked = d.fix is not None and (options.unsafe_fixes or d.fix.applicability == "safe")
            where = f":{d.span.line}:{d.span.column}: {d.code} "
            [line] = [x for x in lines if where in x and escape(d.message) in x]
            assert (f"{where}[*] " in line) == marked, line
    fixable = [d for r in reports for d in r.diagnostics if d.fix is not None]
    if fixable:
        assert lines[-2 if any(r.failure for r in reports) else -1].startswith("[*] ")


def check_json(out: str, reports: list[FileReport], options: ReportOptions) -> None:
    value = json.loads(out)
    _VALIDATE_SCHEMA.validate(value)
    for entry, report in zip(value["files"], reports, strict=True):
        for finding, d in zip(entry["findings"], _shown(report, options.limit), strict=True):
            if d.fix is None:
                assert finding["fix"] is None
                continue
            assert finding["fix"]["applicability"] == d.fix.applicability
            assert [(e["line"], e["column"], e["replacement"]) for e in finding["fix"]["edits"]] == [
                (e.span.line, e.span.column, e.replacement) for e in d.fix.edits
            ]


def check_github(out: str, reports: list[FileReport], options: ReportOptions) -> None:
    _printable(out)
    lines = out.splitlines()
    assert all(line.startswith("::") for line in lines)
    shown = sum(len(_shown(r, options.limit)) for r in reports)
    assert sum(1 for line in lines if ",title=" in line and "title=more findings" not in line) >= shown


def check_sarif(out: str, reports: list[FileReport], options: ReportOptions) -> None:
    log = json.loads(out)
    if _SARIF is not None:
        _SARIF.validate(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["version"] == options.version
    shown = [d for r in reports if r.failure is None for d in _shown(r, options.limit)]
    assert len(run["results"]) == len(shown)
    for result, d in zip(run["results"], shown, strict=True):
        assert result["ruleId"] == d.code
        if d.fix is None:
            assert "fixes" not in result
            continue
        [change] = result["fixes"][0]["artifactChanges"]
        replacements = change["replacements"]
        assert [r.get("insertedContent", {"text": ""})["text"] for r in replacements] == [
            e.replacement for e in d.fix.edits
        ]
        assert result["fixes"][0]["properties"]["applicability"] == d.fix.applicability


CHECKS: dict[str, Callable[[str, list[FileReport], ReportOptions], None]] = {
    "text": check_text,
    "json": check_json,
    "github": check_github,
    "sarif": check_sarif,
}


def test_every_reporter_has_a_check_and_is_a_format_choice() -> None:
    import argparse

    assert set(CHECKS) == set(REPORTERS)
    parser = argparse.ArgumentParser()
    add_arguments("validate", parser)
    [action] = [a for a in parser._actions if a.dest == "format"]
    assert list(action.choices or ()) == list(REPORTERS) and action.default == "text"


def test_the_shared_findings_have_every_kind_of_fix() -> None:
    fixes = [d.fix for r in REPORTS for d in r.diagnostics if d.fix is not None]
    assert {f.applicability for f in fixes} == {"safe", "unsafe"}
    assert any(len(r.diagnostics) > OPTIONS.limit for r in REPORTS)


@pytest.mark.parametrize("unsafe", [False, True])
@pytest.mark.parametrize("name", list(REPORTERS))
def test_every_reporter_on_the_same_findings(name: str, unsafe: bool) -> None:
    options = ReportOptions(OPTIONS.limit, OPTIONS.version, unsafe)
    out = REPORTERS[name].write(REPORTS, options).decode("utf-8")
    CHECKS[name](out, REPORTS, options)


def test_text_marks_and_counts_fixes() -> None:
    out = REPORTERS["text"].write(REPORTS[:2], OPTIONS).decode()
    assert out.splitlines()[-1] == "[*] 3 fixable with 'episode-parse fix' (1 more with --unsafe-fixes)."
    out = REPORTERS["text"].write(REPORTS[:2], ReportOptions(5, "0", unsafe_fixes=True)).decode()
    assert out.splitlines()[-1] == "[*] 4 fixable with 'episode-parse fix'."


_names = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)  # no lone surrogates


@settings(deadline=None)
@given(arbitrary_text(), _names)
def test_every_reporter_writes_any_document_validly(text: str, name: str) -> None:
    reports = [_report(name, text)]
    for reporter in REPORTERS.values():
        CHECKS[reporter.name](reporter.write(reports, OPTIONS).decode("utf-8"), reports, OPTIONS)

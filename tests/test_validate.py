"""episode-parse validate and rules, in-process: formats, exit codes, configuration."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from episode_parse.cli import main
from episode_parse.diagnostics import CATALOGUE
from tests.conftest import CORPUS, REFERENCE, ROOT, SHARED, needs_corpus

BAD = "**A [00:00:01]**: Hi.\n\n**B [00:61:00]**: Hello.\n\n**A [00:00:09]**: Again.\n\n**A [00:00:12]**: More.\n"
WARN = "**A [00:00:01]**: Would love your thoughts on what\n\n**B [00:00:06]**: people should do? Fine.\n"
CLEAN = "**A [00:00:01]**: Hi.\n\n**B [00:00:03]**: Hello.\n"


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory with documents, as the current directory (no pyproject.toml above it that counts)."""
    (tmp_path / "bad.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "warn.md").write_text(WARN, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "sub" / "skipped.json").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_text_format_and_exit_codes(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["validate", "bad.md"], capsys)
    assert code == 1 and err == ""
    assert out.splitlines() == [
        "bad.md:3:6: TS001 minutes must be below 60 in '00:61:00'",
        "bad.md:7:1: TR003 A again, right after their previous turn",
        "Found 2 findings (1 error, 1 info) in 1 of 1 file.",
    ]
    assert run(["validate", "sub/clean.txt"], capsys)[:2] == (0, "No findings in 1 file.\n")


def test_directories_are_searched_for_md_and_txt(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["validate", ".", "--format", "json"], capsys)
    value = json.loads(out)
    assert [f["path"] for f in value["files"]] == ["./bad.md", "./sub/clean.txt", "./warn.md"]
    assert code == 1


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--fail-on", "error", "warn.md"], 0),
        (["--fail-on", "warning", "warn.md"], 1),
        (["--fail-on", "info", "sub/clean.txt"], 0),
        (["--select", "TR003", "--fail-on", "warning", "bad.md"], 0),
        (["--select", "TR003", "--fail-on", "info", "bad.md"], 1),
        (["--ignore", "TS,TR", "bad.md"], 0),
        (["--select", "ts", "bad.md"], 1),
    ],
)
def test_fail_on_select_and_ignore(docs: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int) -> None:
    assert run(["validate", *argv], capsys)[0] == code


def test_select_and_ignore_filter_the_output(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["validate", "--select", "TR", "bad.md"], capsys)
    assert "TR003" in out and "TS001" not in out
    _, out, _ = run(["validate", "--ignore", "TR003", "bad.md"], capsys)
    assert "TS001" in out and "TR003" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--select", "XX1", "bad.md"], "unknown rule or family 'XX1'"),
        (["--fail-on", "fatal", "bad.md"], "invalid choice: 'fatal'"),
        (["--format", "xml", "bad.md"], "invalid choice: 'xml'"),
        (["missing.md"], "no such file or directory: missing.md"),
        (["--max-per-file", "0", "bad.md"], "--max-per-file must be a positive integer"),
        ([], "the following arguments are required: PATH"),
    ],
)
def test_usage_errors(docs: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(["validate", *argv], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_configuration_in_pyproject(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (docs / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.episode-parse]\nignore = ["TR003"]\nfail-on = "error"\n'
        '[tool.episode-parse.per-file-ignores]\n"sub/*.txt" = ["ALL"]\n"warn.md" = ["TR004"]\n',
        encoding="utf-8",
    )
    code, out, _ = run(["validate", "bad.md", "warn.md"], capsys)
    assert "TR003" not in out and "TR004" not in out and "TS001" in out
    assert code == 1
    # Flags override the file.
    code, out, _ = run(["validate", "--ignore", "TS", "--fail-on", "info", "bad.md"], capsys)
    assert "TR003" in out and "TS001" not in out and code == 1
    # The nearest pyproject.toml is found from a subdirectory too.
    (docs / "sub" / "deeper").mkdir()
    (docs / "sub" / "deeper" / "w.md").write_text(WARN, encoding="utf-8")
    code, _, _ = run(["validate", "--select", "TR004", "sub/deeper/w.md"], capsys)
    assert code == 0  # fail-on = "error" from the file; TR004 is a warning
    assert run(["validate", "--isolated", "--select", "TR004", "sub/deeper/w.md"], capsys)[0] == 1


def test_find_config_walks_up_past_pyprojects_that_are_not_ours(tmp_path: Path) -> None:
    from episode_parse.config import ConfigError, find_config

    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text('[tool.episode-parse]\nignore = ["TR"]\n', encoding="utf-8")
    (tmp_path / "a" / "b" / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")
    (deep / "pyproject.toml").write_text("not = [valid", encoding="utf-8")
    config = find_config(deep)
    assert config.source == str((tmp_path / "a" / "pyproject.toml").resolve())
    assert config.ignore == ("TR",)
    # A broken file that names our table is reported, not passed over.
    (deep / "pyproject.toml").write_text("[tool.episode-parse\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        find_config(deep)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('select = ["TS999"]', "unknown rule or family 'TS999'"),
        ('fail-on = "sometimes"', "fail-on: expected error, warning or info"),
        ("colour = true", "unknown key 'colour'"),
        ("select = 3", "select must be a list"),
        ("max-per-file = -1", "max-per-file must be a positive integer"),
        ("select = [", "invalid TOML"),
    ],
)
def test_configuration_errors_exit_2(docs: Path, capsys: pytest.CaptureFixture[str], table: str, message: str) -> None:
    (docs / "pyproject.toml").write_text(f"[tool.episode-parse]\n{table}\n", encoding="utf-8")
    code, out, err = run(["validate", "bad.md"], capsys)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_explicit_config_file(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (docs / "lint.toml").write_text('[tool.episode-parse]\nselect = ["TR003"]\n', encoding="utf-8")
    _, out, _ = run(["validate", "--config", "lint.toml", "bad.md"], capsys)
    assert "TR003" in out and "TS001" not in out


@pytest.mark.parametrize("toml", ["tool = 1\n", "[tool]\nepisode-parse = 1\n"])
def test_explicit_config_file_without_a_table(docs: Path, capsys: pytest.CaptureFixture[str], toml: str) -> None:
    # Found by fuzzing: a top-level "tool" that is not a table made --config exit 3.
    (docs / "lint.toml").write_text(toml, encoding="utf-8")
    code, out, err = run(["validate", "--config", "lint.toml", "bad.md"], capsys)
    assert (code, out) == (2, "") and "[tool.episode-parse] must be a table" in err


def test_json_format_validates_against_its_schema(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["validate", "--format", "json", "bad.md", "warn.md", "sub/clean.txt"], capsys)
    value = json.loads(out)
    schema = json.loads((ROOT / "schemas" / "validate.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(value)
    assert value["summary"] == {
        "files": 3,
        "findings": 3,
        "error": 1,
        "warning": 1,
        "info": 1,
        "failed_files": 0,
        "fixed": 0,
        "fixable": 0,
    }
    finding = value["files"][0]["findings"][0]
    assert (finding["code"], finding["line"], finding["column"], finding["end_column"]) == ("TS001", 3, 6, 14)


def test_github_format_escapes_as_github_requires(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = docs / "a,b:c%.md"
    odd.write_text("**A [00:00:01]**: Hi.\n\n**B [00:61:00]**: 100% sure,\n", encoding="utf-8")
    code, out, _ = run(["validate", "--format", "github", odd.name], capsys)
    assert code == 1
    assert out.splitlines() == [
        "::error file=a%2Cb%3Ac%25.md,line=3,col=6,endLine=3,endColumn=14,title=TS001::TS001 minutes must be below 60 in '00:61:00'"
    ]


def _sarif_validator() -> Any:
    path = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if not path.is_file():
        pytest.skip(f"the SARIF schema is not at {path}")
    schema = json.loads(path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def test_sarif_validates_against_the_official_schema(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (docs / "order.md").write_text(
        "**A [00:11:00]**: a.\n\n**B [01:11:17]**: b.\n\n**A [00:12:01]**: c.\n\n**B [00:12:09]**: d.\n",
        encoding="utf-8",
    )
    code, out, _ = run(["validate", "--format", "sarif", "bad.md", "warn.md", "order.md", "sub/clean.txt"], capsys)
    log = json.loads(out)
    _sarif_validator().validate(log)
    run_ = log["runs"][0]
    assert log["version"] == "2.1.0" and code == 1
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == list(CATALOGUE)
    results = [
        (r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run_["results"]
    ]
    assert results == [("TS001", "error", 3), ("TR003", "note", 7), ("TR004", "warning", 3), ("TS002", "warning", 3)]
    fix = run_["results"][3]["fixes"][0]["artifactChanges"][0]
    assert fix["artifactLocation"]["uri"] == "order.md"
    assert fix["replacements"][0]["insertedContent"]["text"] == "00:11:17"


def test_output_is_bounded_and_escaped(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The same speaker every turn (TR003 each time), a name with a terminal escape and a bidi override.
    turns = "".join(f"**\x1bc\u202eEve [00:00:{i:02d}]**: x\n\n" for i in range(1, 60))
    (docs / "hostile.md").write_text(turns + "**Z [00:00:99]**: \x1b]0;pwned\x07\n", encoding="utf-8")
    for fmt in ("text", "json", "github", "sarif"):
        code, out, err = run(["validate", "--format", fmt, "--max-per-file", "5", "hostile.md"], capsys)
        assert code == 1 and err == ""
        assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
        if fmt == "text":
            lines = out.splitlines()
            assert len(lines) == 7
            assert lines[5].startswith("hostile.md: ") and "more findings not shown (limit 5 per file)" in lines[5]
        if fmt == "json":
            assert json.loads(out)["files"][0]["omitted"] > 0


def test_unreadable_file_is_reported_and_the_batch_goes_on(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (docs / "gone.md").symlink_to(docs / "nowhere.md")  # a dangling link: listed, but unreadable
    code, out, _ = run(["validate", "gone.md", "sub/clean.txt"], capsys)
    assert code == 1
    assert out.splitlines()[0] == "gone.md: cannot read: No such file or directory"
    assert "1 file could not be read." in out


def test_unreadable_file_whose_name_holds_a_colon(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The reason is the error message after "cannot read NAME: ", whatever NAME holds.
    (docs / "a: b.md").symlink_to(docs / "nowhere.md")
    code, out, _ = run(["validate", "a: b.md"], capsys)
    assert code == 1
    assert out.splitlines()[0] == "a: b.md: cannot read: No such file or directory"


def test_standard_input(docs: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD.encode())))
    code, out, _ = run(["validate", "-"], capsys)
    assert code == 1 and out.startswith("<stdin>:3:6: TS001")


def test_rules_lists_and_explains(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules"], capsys)
    assert code == 0
    for rule in CATALOGUE.values():
        assert f"  {rule.code}  {rule.severity}" in out
    code, out, _ = run(["rules", "ts002"], capsys)
    assert code == 0 and out.startswith("TS002 timestamp-out-of-order (warning)")
    assert "Bad:\n    **A [00:11:00]**: ..." in out
    code, _, err = run(["rules", "XX999"], capsys)
    assert code == 2 and "unknown rule" in err


@needs_corpus
def test_reference_document_findings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["validate", "--fail-on", "info", str(REFERENCE)], capsys)
    assert code == 1
    located = []
    for line in out.splitlines()[:-2]:
        where, message = line.split(": ", 1)
        located.append((*where.rsplit(":", 2)[1:], *message.split()[:2]))
    # [*]: the one finding 'fix' corrects.
    assert located == [("34", "367", "NT001", "closing"), ("150", "9", "TS002", "[*]"), ("348", "1", "TR004", "the")]
    assert out.splitlines()[-1] == "[*] 1 fixable with 'episode-parse fix'."


@needs_corpus
def test_whole_corpus_runs_without_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["validate", "--format", "sarif", str(CORPUS)], capsys)
    assert code == 1 and err == ""
    _sarif_validator().validate(json.loads(out))


def test_jobs_spread_files_over_processes_with_the_same_report(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = run(["validate", "--jobs", "1", "--format", "json", "."], capsys)
    two = run(["validate", "--jobs", "2", "--format", "json", "."], capsys)
    assert one == two and one[0] == 1
    assert json.loads(one[1])["summary"]["files"] == 3
    assert run(["validate", "--jobs", "0", "."], capsys)[0] == 2


def test_a_file_name_that_is_not_utf8(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Found by fuzzing: such a name (lone surrogates from os.fsdecode) made
    # convert and SARIF output exit 3, since JSON cannot hold surrogates.
    raw = b"caf\xe9.md"
    try:
        with open(os.path.join(os.fsencode(docs), raw), "wb") as f:
            f.write(BAD.encode())
    except (OSError, ValueError) as exc:  # a file system that takes only Unicode names
        pytest.skip(f"cannot create a file named {raw!r} here: {exc}")
    name = os.fsdecode(raw)
    for fmt in ("text", "json", "github", "sarif"):
        code, out, err = run(["validate", "--format", fmt, name], capsys)
        assert code == 1 and "TS001" in out and "internal error" not in err, fmt
    code, out, _ = run(["validate", "--format", "sarif", name], capsys)
    [result, *_] = json.loads(out)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "caf%E9.md"
    code, out, err = run(["convert", name], capsys)
    assert code == run(["convert", "bad.md"], capsys)[0] == 1 and "internal error" not in err
    assert json.loads(out)["source"]["name"] == "caf\ufffd.md"
    code, out, err = run(["convert", ".", "--jsonl"], capsys)
    assert "internal error" not in err and "caf\ufffd.md" in out

"""The command line, run in-process through main(argv)."""

from __future__ import annotations

import argparse
import ast
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from episode_parse import cli
from episode_parse.cli import main
from episode_parse.diagnostics import CATALOGUE
from episode_parse.schema import schema_json
from tests.conftest import ROOT, assert_valid_episode_json

EXAMPLE = ROOT / "examples" / "episode.md"


def test_convert_writes_valid_json(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["convert", str(EXAMPLE)]) == 0
    out = capsysbinary.readouterr().out
    value = assert_valid_episode_json(out)
    assert len(value["turns"]) == 9 and out.endswith(b"\n") and b"\n" not in out[:-1]


def test_convert_indent_and_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert main(["convert", str(EXAMPLE), "--indent", "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith('{\n  "schema_version": 2,')
    assert_valid_episode_json(text)


def test_convert_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"**A [00:00:01]**: Hi.\n")))
    assert main(["convert", "-"]) == 0
    value = json.loads(capsysbinary.readouterr().out)
    assert value["source"]["name"] == "<stdin>" and value["turns"][0]["text"] == "Hi."


def test_error_diagnostic_exits_1_and_still_writes(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    doc = tmp_path / "bad.md"
    doc.write_text("**A [00:00:01]**: Hi.\n\n**B [00:61:00]**: Oops.\n", encoding="utf-8")
    assert main(["convert", str(doc)]) == 1
    captured = capsysbinary.readouterr()
    assert json.loads(captured.out)["diagnostics"][0]["code"] == "TS001"
    assert captured.err.decode().strip() == f"episode-parse: {doc}:3:6: TS001 minutes must be below 60 in '00:61:00'"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["convert"], "the following arguments are required: FILE"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "the following arguments are required: COMMAND"),
        (["convert", "/nonexistent/x.md"], "cannot read /nonexistent/x.md: No such file or directory"),
    ],
)
def test_usage_errors_exit_2_with_one_line(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and err.startswith("episode-parse: error: ")


def test_schema_prints_the_committed_schema(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["schema"]) == 0
    assert capsysbinary.readouterr().out == schema_json() == (ROOT / "schemas" / "episode.schema.json").read_bytes()


def test_help_and_version_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "convert" in capsys.readouterr().out
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("episode-parse ")


@pytest.mark.parametrize("command", ["convert", "validate", "rules", "schema"])
def test_each_command_has_its_own_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: episode-parse {command} ")
    assert ("--jsonl" in out) == (command == "convert") and ("--fail-on" in out) == (command == "validate")


@pytest.mark.parametrize("argv", [["--help"], ["--help", "convert"], ["-h", "validate", "x.md"]])
def test_help_lists_every_command(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: episode-parse [-h] [--version] COMMAND")
    for command in ("convert", "validate", "rules", "schema"):
        assert f"    {command} " in out


def _loaded_after(argv: list[str], env: dict[str, str] | None = None) -> set[str]:
    """The modules a fresh interpreter has loaded once ``main(argv)`` has run, beyond a bare one's.

    The bare interpreter is started the same way (same executable, flags and
    environment), so what site-packages loads at start-up (a ``.pth`` file,
    ``sitecustomize``) is not blamed on the command.
    """
    code = f"import sys; from episode_parse.cli import main; main({argv!r}); print(sorted(sys.modules))"
    bare = "import sys; print(sorted(sys.modules))"
    found = []
    for program in (code, bare):
        result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False, env=env)
        found.append(set(ast.literal_eval(result.stdout.splitlines()[-1])))
    return found[0] - found[1]


@pytest.fixture(params=["plain", "site imports shutil and pathlib"])
def start_env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str] | None:
    """No change, or a sitecustomize that imports what the commands avoid (as some .pth files do)."""
    if request.param == "plain":
        return None
    (tmp_path / "sitecustomize.py").write_text("import shutil, pathlib, textwrap, hashlib\n", encoding="utf-8")
    return {**os.environ, "PYTHONPATH": str(tmp_path)}


def test_convert_imports_no_other_command(start_env: dict[str, str] | None) -> None:
    # Start-up: a command imports its own module only.
    loaded = _loaded_after(["convert", str(EXAMPLE), "-o", os.devnull], start_env)
    assert "episode_parse.cmd_convert" in loaded
    for other in ("cmd_validate", "lint", "report", "schema", "batch"):
        assert f"episode_parse.{other}" not in loaded
    assert "shutil" not in loaded  # argparse's width comes from cli._terminal_width
    assert "hashlib" not in loaded  # a small document is hashed without loading OpenSSL


def test_validate_text_report_imports_no_slow_extras(start_env: dict[str, str] | None) -> None:
    # pathlib and urllib.parse (SARIF only) cost milliseconds on every run in CI.
    loaded = _loaded_after(["validate", str(EXAMPLE)], start_env)
    assert "episode_parse.cmd_validate" in loaded
    assert not loaded & {"pathlib", "urllib.parse", "textwrap"}


@pytest.mark.parametrize("columns", ["40", "100", "", "x"])
def test_help_wraps_as_argparse_would(
    columns: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # cli._Formatter finds the width without shutil; the help must come out
    # exactly as with argparse's own formatter, which asks shutil.
    monkeypatch.setenv("COLUMNS", columns)
    assert main(["validate", "--help"]) == 0
    ours = capsys.readouterr().out
    monkeypatch.setattr(cli, "_Formatter", argparse.HelpFormatter)
    assert main(["validate", "--help"]) == 0
    assert ours == capsys.readouterr().out
    if columns == "40":
        assert "\n  --isolated" in ours and len(max(ours.splitlines(), key=len)) < 60


def test_module_and_console_script_run(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "episode_parse", "convert", str(EXAMPLE)], capture_output=True, check=False
    )
    assert result.returncode == 0 and result.stderr == b""
    assert_valid_episode_json(result.stdout)


def test_hostile_bytes_never_give_a_traceback(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    doc = tmp_path / "hostile.md"
    doc.write_bytes(b"\xff\xfe\x00**\x1b[31m [00:00:01]**: \xc3\x28 \r\r\n\x00" + "\u2028".encode() * 3)
    code = main(["convert", str(doc)])
    captured = capsysbinary.readouterr()
    assert code in (0, 1) and b"Traceback" not in captured.err
    assert_valid_episode_json(captured.out)
    assert b"\x1b" not in captured.err


def test_a_reader_that_goes_away_ends_the_output_quietly(tmp_path: Path) -> None:
    # episode-parse convert BIG | head -1: exit 0, no traceback.
    big = tmp_path / "big.md"
    big.write_text(
        "".join(f"**A [00:{k // 60:02d}:{k % 60:02d}]**: Turn {k}.\n\n" for k in range(3000)), encoding="utf-8"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "episode_parse", "convert", str(big), "--indent"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == b"{\n"
    proc.stdout.close()  # the reader goes away with the output unfinished
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0
    assert err == b""


def test_a_broken_pipe_that_is_not_standard_output_is_an_internal_error() -> None:
    # Found by fuzzing: any BrokenPipeError was taken for a reader gone away,
    # so one from elsewhere ended the command with exit 0 and no report.
    code = (
        "import sys, episode_parse.cmd_convert as c\n"
        "def run(args): raise BrokenPipeError(32, 'Broken pipe')\n"
        "c.run = run\n"
        "from episode_parse.cli import main\n"
        f"sys.exit(main(['convert', {str(EXAMPLE)!r}]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 3
    assert "internal error (please report): BrokenPipeError" in result.stderr


def test_rules_of_a_family_lists_that_family(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "TS"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("TS: timestamps\n")
    listed = [line.split()[0] for line in out.splitlines() if line.startswith("  ")]
    assert listed == [code for code in CATALOGUE if code.startswith("TS")]
    assert len(listed) >= 3
    assert "At most 1,000 findings of one code are listed per document" in out


def test_rules_say_the_severity_without_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    # Severities cannot be changed (configuration selects codes and the failing severity).
    assert main(["rules", "TS002"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("TS002 timestamp-out-of-order (warning)\n") and "by default" not in out


@pytest.mark.parametrize("command", ["convert", "validate"])
def test_an_empty_directory_is_a_usage_error_for_both_commands(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    assert main([command, str(tmp_path / "empty")]) == 2
    assert "no documents found" in capsys.readouterr().err


@pytest.mark.parametrize("twice", [["a.md", "a.md"], ["a.md", "."], [".", "./a.md"]])
def test_a_path_given_twice_is_read_once(
    twice: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("**A [00:00:01]**: Hi.\n\n**B [00:61:00]**: Oops.\n", encoding="utf-8")
    assert main(["validate", *twice]) == 1
    out = capsysbinary.readouterr().out.decode()
    assert out.count("TS001") == 1 and "in 1 of 1 file" in out
    assert main(["convert", *twice, "--jsonl"]) == 1
    assert len(capsysbinary.readouterr().out.splitlines()) == 1


def test_convert_help_says_what_it_does_and_its_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Write the episode JSON of documents" in out
    for code in ("Exit 0 when clean", "1 when a document has an error-level finding", "2 for usage errors", "3 on"):
        assert code in out


def test_every_command_help_has_a_description(capsys: pytest.CaptureFixture[str]) -> None:
    for command in cli.COMMANDS:
        assert main([command, "--help"]) == 0
        usage_and_rest = capsys.readouterr().out.split("\n\n")
        assert not usage_and_rest[1].startswith(("positional arguments", "options")), command

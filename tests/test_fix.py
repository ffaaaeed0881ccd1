"""episode-parse fix and validate --fix: the fixes, byte for byte, in rounds; the command line."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

from episode_parse import fix as fix_module
from episode_parse import parse, parse_bytes
from episode_parse.cli import main
from episode_parse.diagnostics import CATALOGUE
from episode_parse.fix import fix_bytes
from tests.conftest import REFERENCE, ROOT, needs_corpus

MERGED = "**A [00:00:01]**: Hi. **B [00:00:03]**: Hello.\n\n**A [00:00:05]**: Bye.\n"
SPLIT = "**A [00:00:01]**: Hi.\n\n**B [00:00:03]**: Hello.\n\n**A [00:00:05]**: Bye.\n"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _fixed(text: str, **kwargs: object) -> str:
    return fix_bytes(text.encode(), **kwargs).data.decode()  # type: ignore[arg-type]


# the fixes ---------------------------------------------------------------------


def _example(text: str) -> str:
    """A catalogue example as text: its escapes (\\n, \\r, \\t, \\ufeff) made the characters."""
    return re.sub(r"\\(n|r|t|ufeff)", lambda m: {"n": "\n", "r": "\r", "t": "\t", "ufeff": "\ufeff"}[m.group(1)], text)


@pytest.mark.parametrize("code", [code for code, rule in CATALOGUE.items() if rule.fixable])
def test_every_fixable_rule_fixes_its_bad_example_into_its_good_one(code: str) -> None:
    rule = CATALOGUE[code]
    bad, good = _example(rule.bad), _example(rule.good)
    assert code in {d.code for d in parse(bad).diagnostics}
    result = fix_bytes(bad.encode())
    assert [d.code for d in result.fixed] == [code]
    assert result.data.decode() == good


def test_fixes_in_rounds_when_they_touch() -> None:
    # The CRLF ending of line 1 and the blank line the merge needs before line 2 meet: two rounds.
    text = "**A [00:00:01]**: Hi.\r\n**B [00:00:03]**: Hello.\n\n**A [00:00:05]**: Bye.\n"
    result = fix_bytes(text.encode())
    assert result.data == b"**A [00:00:01]**: Hi.\n\n**B [00:00:03]**: Hello.\n\n**A [00:00:05]**: Bye.\n"
    assert [d.code for d in result.fixed] == ["DOC004", "TR001"] and result.rounds == 2 and result.settled
    assert result.episode.diagnostics == ()


def test_bytes_outside_the_edits_are_kept() -> None:
    # A UTF-8 byte-order mark, CRLF endings, bytes that are not UTF-8 and no final newline.
    data = b"\xef\xbb\xbf**A [00:00:01]**: Hi \xff. **B [00:00:03]**: Hello.\r\n\r\n**A [00:00:05]**: \xc3(Bye."
    result = fix_bytes(data)
    assert result.data == data.replace(b"Hi \xff. **B", b"Hi \xff.\r\n\r\n**B")
    assert [d.code for d in result.fixed] == ["TR001"]
    assert [d.code for d in result.episode.diagnostics] == ["DOC001", "DOC001"]


def test_utf16_stays_utf16() -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        data = "\ufeff".encode(codec) + MERGED.encode(codec)
        assert fix_bytes(data).data == "\ufeff".encode(codec) + SPLIT.encode(codec)


def test_a_fix_whose_bytes_would_read_otherwise_is_not_made() -> None:
    # Deleting the mark would join the invalid bytes around it into a valid "€": the text would change
    # beyond the edit, so the file is left alone and the reason given.
    data = b"**A [00:00:01]**: \xe2\x82\xef\xbb\xbf\xac\n"
    result = fix_bytes(data)
    assert result.data == data and not result.changed
    assert result.problem is not None and "read back" in result.problem


def test_a_stray_mark_between_cr_and_lf_has_no_fix() -> None:
    # Deleting it would make the CR and LF one CRLF line break: a line would be lost.
    [d] = [d for d in parse("**A [00:00:01]**: Hi.\r\ufeff\n").diagnostics if d.code == "DOC009"]
    assert d.fix is None


def test_select_ignore_and_unsafe() -> None:
    text = "**A [00:00:01]**: Hi. **B [00:00:03]**: Hello.\n\n## Notes  \n\nText.\n"
    assert _fixed(text, wanted=lambda d: d.code == "TR001") == text.replace("Hi. **B", "Hi.\n\n**B")
    assert _fixed(text, wanted=lambda d: d.code != "TR001") == text.replace("Notes  ", "Notes")
    # Two timestamps, two forms: no form is the usual one, so the fix is unsafe.
    tie = "**A [00:00:01]**: Hi.\n\n**B [0:00:03]**: Hello.\n"
    [d] = parse(tie).diagnostics
    assert d.code == "TS004" and d.fix is not None and d.fix.applicability == "unsafe"
    assert _fixed(tie) == tie
    assert _fixed(tie, unsafe=True) == tie.replace("0:00:03", "00:00:03")


def test_timestamp_forms_follow_the_usual_form() -> None:
    text = "**A [0:00:01]**: a.\n\n**B [00:00:02]**: b.\n\n**A [0:00:03]**: c.\n\n**B [0:00:04]**: d.\n"
    [d] = parse(text).diagnostics
    assert (d.code, d.suggestion, d.span.line) == ("TS004", "0:00:02", 3)
    assert d.fix is not None and d.fix.applicability == "safe"


def test_fixes_that_do_not_settle_are_reported(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(fix_module, "MAX_ROUNDS", 1)
    text = "**A [00:00:01]**: Hi.\r\n**B [00:00:03]**: Hello.\n\n**A [00:00:05]**: Bye.\n"  # needs two rounds
    result = fix_bytes(text.encode())
    assert result.rounds == 1 and not result.settled
    path = tmp_path / "a.md"
    path.write_bytes(text.encode())
    code, _, err = run(["fix", "--isolated", str(path)], capsys)
    assert code == 1 and "fixes still to apply after 1 rounds" in err


# the reference document ----------------------------------------------------------


@needs_corpus
def test_reference_diff_is_the_one_timestamp(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "reference.md"
    copy.write_bytes(REFERENCE.read_bytes())
    code, out, err = run(["fix", "--isolated", "--diff", str(copy)], capsys)
    assert code == 0 and copy.read_bytes() == REFERENCE.read_bytes()  # --diff writes nothing
    changed = [line for line in out.splitlines() if line[:1] in "+-" and line[:3] not in ("---", "+++")]
    # Line 150 of the reference, read by hand: the one misplaced hour.
    line_150 = REFERENCE.read_text(encoding="utf-8").split("\n")[149]
    assert "[01:11:17]" in line_150
    assert changed == ["-" + line_150, "+" + line_150.replace("[01:11:17]", "[00:11:17]")]
    assert "would fix 1 finding (TS002)" in err

    code, _, _ = run(["fix", "--isolated", str(copy)], capsys)
    assert code == 0
    code, out, _ = run(["validate", "--isolated", "--fail-on", "info", "--format", "json", str(copy)], capsys)
    findings = json.loads(out)["files"][0]["findings"]
    # Left: what needs a person (an unopened quotation, a turn boundary mid-sentence), with no fix.
    assert [(f["code"], f["fix"]) for f in findings] == [("NT001", None), ("TR004", None)]


# the command line ----------------------------------------------------------------


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "merged.md").write_text(MERGED, encoding="utf-8")
    (tmp_path / "clean.md").write_text(SPLIT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_and_diff_write_nothing(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["fix", "--check", "."], capsys)
    assert (code, out) == (1, "") and "merged.md: would fix 1 finding (TR001)" in err
    assert (docs / "merged.md").read_text(encoding="utf-8") == MERGED
    code, out, _ = run(["fix", "--diff", "merged.md"], capsys)
    assert code == 0 and "-**A [00:00:01]**: Hi. **B [00:00:03]**: Hello.\n+**A [00:00:01]**: Hi.\n+\n+**B" in out
    assert run(["fix", "--check", "--diff", "merged.md"], capsys)[0] == 1
    assert run(["fix", "--check", "clean.md"], capsys)[:2] == (0, "")
    assert (docs / "merged.md").read_text(encoding="utf-8") == MERGED


def test_fix_writes_in_place_and_is_then_clean(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["fix", "."], capsys)
    assert (code, out) == (0, "")
    assert "Fixed 1 finding in 1 of 2 files." in err
    assert (docs / "merged.md").read_text(encoding="utf-8") == SPLIT
    assert run(["fix", "--check", "."], capsys)[0] == 0


def test_standard_input_to_standard_output(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(MERGED.encode())))
    code, out, _ = run(["fix", "--isolated", "-"], capsys)
    assert (code, out) == (0, SPLIT)


def test_select_and_configuration(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["fix", "--check", "--select", "TS", "merged.md"], capsys)[0] == 0
    (docs / "pyproject.toml").write_text('[tool.episode-parse]\nignore = ["TR001"]\n', encoding="utf-8")
    assert run(["fix", "--check", "merged.md"], capsys)[0] == 0
    assert run(["fix", "--check", "--isolated", "merged.md"], capsys)[0] == 1


def test_unreadable_and_usage(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (docs / "gone.md").symlink_to(docs / "nowhere.md")
    code, _, err = run(["fix", "gone.md", "merged.md"], capsys)
    assert code == 1 and "cannot read gone.md" in err
    assert (docs / "merged.md").read_text(encoding="utf-8") == SPLIT  # the batch went on
    assert run(["fix", "missing.md"], capsys)[0] == 2
    assert run(["validate", "--fix", "-"], capsys)[0] == 2


def test_jobs_give_the_same_result(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(3):
        (docs / f"m{i}.md").write_text(MERGED, encoding="utf-8")
    one = run(["fix", "--diff", "--jobs", "1", "."], capsys)
    two = run(["fix", "--diff", "--jobs", "2", "."], capsys)
    assert one == two and one[1].count("+++ ") == 4


def test_validate_fix_reports_what_is_left(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (docs / "order.md").write_text(
        "**A [00:11:00]**: a.\n\n**B [01:11:17]**: b. **A [00:12:01]**: would love your\n\n**B [00:12:09]**: thoughts.\n",
        encoding="utf-8",
    )
    code, out, _ = run(["validate", "--fix", "order.md"], capsys)
    assert code == 1  # TR004 is left, a warning
    assert out.splitlines() == [
        "order.md:7:1: TR004 the turn of A stops mid-sentence ('would love your') and this one starts "
        "mid-sentence ('thoughts.'): the boundary is probably misplaced",
        "Fixed 2 findings.",
        "Found 1 finding (1 warning) in 1 of 1 file.",
    ]
    assert "**B [00:11:17]**: b.\n\n**A [00:12:01]**" in (docs / "order.md").read_text(encoding="utf-8")


def test_rules_mark_the_fixable(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["rules"], capsys)
    marked = {line.split()[0] for line in out.splitlines() if "[*]" in line and line.startswith("  ")}
    assert marked == {code for code, rule in CATALOGUE.items() if rule.fixable}
    _, out, _ = run(["rules", "TS002"], capsys)
    assert "Fix (episode-parse fix, when it knows the correction): Safe fix" in out


def test_pre_commit_offers_a_fixing_hook() -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "entry: episode-parse validate" in hooks and "entry: episode-parse fix" in hooks


def test_parse_bytes_of_the_fixed_text_matches_fix_result() -> None:
    result = fix_bytes(MERGED.encode())
    assert parse_bytes(result.data) == result.episode


def test_diff_escapes_what_could_rewrite_a_terminal(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (docs / "odd.md").write_bytes(MERGED.replace("Hi.", "Hi\x1b[2J\u202e.").encode())
    code, out, _ = run(["fix", "--diff", "odd.md"], capsys)
    assert code == 0 and "\x1b" not in out and "\u202e" not in out
    assert "+**A [00:00:01]**: Hi\\u001b[2J\\u202e.\n" in out


def test_diff_of_a_file_without_a_final_newline(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (docs / "end.md").write_bytes(MERGED.rstrip("\n").encode())
    _, out, _ = run(["fix", "--diff", "end.md"], capsys)
    assert out.endswith("\n **A [00:00:05]**: Bye.\n\\ No newline at end of file\n")
    run(["fix", "end.md"], capsys)
    assert (docs / "end.md").read_bytes() == SPLIT.rstrip("\n").encode()


def test_an_outlier_keeps_its_form_for_the_one_digit_fix() -> None:
    # 00:00:00 for 01:00:00 (found by the thorough fix properties): rewritten as 00:00 by TS004,
    # TS002's one-digit fix became 50:00, a wrong time. An out-of-order time's form is not judged.
    text = "**A [00:00]**: a.\n\n**B [00:01]**: b.\n\n**A [40:01]**: c.\n\n**B [00:00:00]**: d.\n"
    assert [(d.code, d.fix) for d in parse(text).diagnostics] == [("TS002", None)]
    assert fix_bytes(text.encode(), unsafe=True).data == text.encode()


def test_an_episode_json_file_is_left_alone() -> None:
    # Its findings (with their fixes) are the Markdown document's: their spans are not the JSON's.
    data = parse(MERGED, name="merged.md").to_json(indent=True)
    assert any(d.fix for d in parse_bytes(data, name="merged.json").diagnostics)
    result = fix_bytes(data, name="merged.json")
    assert result.data == data and not result.changed

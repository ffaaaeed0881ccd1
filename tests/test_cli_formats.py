"""The command line's formats: convert --from/--to/--duration, -o DIR suffixes, and validate on every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from episode_parse.cli import main
from tests.conftest import ROOT
from tests.test_writers import CHAPTERS, MARKDOWN, SRT, WEBVTT

EXAMPLE = ROOT / "examples" / "episode.md"


def test_convert_to_each_format_lists_them_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for name in ("json", "markdown", "webvtt", "srt", "podcast-json", "chapters-json", "html", "youtube-chapters"):
        assert name in out
    assert "--duration SECONDS" in out and "--from FORMAT" in out


def test_srt_to_srt_to_standard_output(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    path = tmp_path / "a.srt"
    path.write_text(SRT)
    assert main(["convert", str(path), "--to", "srt"]) == 0
    assert capsysbinary.readouterr().out.decode() == SRT


def test_webvtt_alias_and_notices_on_standard_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.md"
    path.write_text(MARKDOWN)
    assert main(["convert", str(path), "--to", "vtt"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("WEBVTT\n\n00:00:01.000 --> ")
    assert "last turn has no end" in captured.err and "--duration" in captured.err
    assert main(["convert", str(path), "--to", "vtt", "--duration", "600"]) == 0
    captured = capsys.readouterr()
    assert "last turn has no end" not in captured.err and "00:10:00.000" in captured.out


def test_from_overrides_detection(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    path = tmp_path / "cues.txt"
    path.write_text(SRT)
    assert main(["convert", str(path)]) == 0
    assert json.loads(capsysbinary.readouterr().out)["layout"]["format"] == "srt"
    assert main(["convert", str(path), "--from", "markdown"]) == 0
    assert json.loads(capsysbinary.readouterr().out)["layout"]["format"] == "markdown"


@pytest.mark.parametrize(
    "argv",
    [
        ["--to", "docx"],
        ["--from", "youtube-chapters"],
        ["--duration", "-1"],
        ["--duration", "nan"],
        ["--jsonl", "--to", "srt"],
    ],
)
def test_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(EXAMPLE), *argv]) == 2
    assert "error:" in capsys.readouterr().err


def test_directory_to_directory_uses_the_writers_suffix(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.srt").write_text(SRT)
    (src / "sub" / "b.vtt").write_text(WEBVTT)
    (src / "c.json").write_text(CHAPTERS)
    (src / "d.md").write_text(MARKDOWN)
    (src / "notes.json").write_text('{"title": "not a transcript"}')
    out = tmp_path / "out"
    assert main(["convert", str(src), "-o", str(out), "--to", "srt"]) == 0
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "a.srt",
        "c.srt",
        "d.srt",
        "sub/b.srt",
    ]
    assert (out / "a.srt").read_text() == SRT
    assert main(["convert", str(src), "-o", str(out), "--to", "chapters-json"]) == 0
    assert json.loads((out / "c.chapters.json").read_text())["chapters"][0]["title"] == "Intro"


def test_converting_a_file_onto_itself_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.srt").write_text(SRT)
    (tmp_path / "b.srt").write_text(SRT)
    assert main(["convert", str(tmp_path), "-o", str(tmp_path), "--to", "srt"]) == 2
    assert "overwritten" in capsys.readouterr().err
    assert (tmp_path / "a.srt").read_text() == SRT


def test_validate_reads_every_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.srt").write_text(
        "1\n00:00:05,000 --> 00:00:04,000\nAna: Hi.\n\n2\n00:00:06,000 --> 00:00:07,000\nAna: Yo.\n"
    )
    (tmp_path / "b.vtt").write_text(WEBVTT)
    (tmp_path / "c.json").write_text('{"version": "1.0.0", "segments": [{"startTime": "x", "body": "Hi."}]}')
    assert main(["validate", str(tmp_path), "--isolated"]) == 1
    out = capsys.readouterr().out
    assert "a.srt:2:1: CUE002" in out and "c.json:1:35: FMT004" in out and "b.vtt" not in out

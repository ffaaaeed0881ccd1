"""episode-parse fix on SRT and WebVTT files (CUE006, CUE009, CUE011) and on malformed stamps (TS001, TS003)."""

from __future__ import annotations

from pathlib import Path

import pytest

from episode_parse import parse_bytes
from episode_parse.cli import main
from episode_parse.fix import fix_bytes
from episode_parse.formats import srt
from episode_parse.read import read_text
from episode_parse.records import Diagnostic

# Written for these tests: a renumbering gap, a dot before the milliseconds.
SRT = "1\n00:00:01,000 --> 00:00:02,000\nAna: Hi.\n\n3\n00:00:02.000 --> 00:00:03,000\nBo: There.\n"
SRT_FIXED = "1\n00:00:01,000 --> 00:00:02,000\nAna: Hi.\n\n2\n00:00:02,000 --> 00:00:03,000\nBo: There.\n"
# No header, a comma before the milliseconds, cue settings that stay as they are.
VTT = "00:00.000 --> 00:02,000 align:start\n<v Ana>Hi.\n\n00:02.000 --> 00:04.000\n<v Bo>There.\n"
VTT_FIXED = "WEBVTT\n\n00:00.000 --> 00:02.000 align:start\n<v Ana>Hi.\n\n00:02.000 --> 00:04.000\n<v Bo>There.\n"


def _fix(data: bytes, name: str, unsafe: bool = False) -> bytes:
    return fix_bytes(data, name=name, unsafe=unsafe).data


def _codes(data: bytes, name: str) -> list[tuple[str, str | None]]:
    episode = parse_bytes(data, name=name)
    return [(d.code, None if d.fix is None else d.fix.applicability) for d in episode.diagnostics]


# the command line, on a small SRT and a small WebVTT file ---------------------------


@pytest.fixture
def cue_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "talk.srt").write_text(SRT, encoding="utf-8")
    (tmp_path / "talk.vtt").write_text(VTT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_fix_diff_on_srt_and_webvtt(cue_files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fix", "--isolated", "--diff", "talk.srt", "talk.vtt"]) == 0
    out = capsys.readouterr().out
    assert "-3\n-00:00:02.000 --> 00:00:03,000\n+2\n+00:00:02,000 --> 00:00:03,000\n" in out
    assert "-00:00.000 --> 00:02,000 align:start\n+WEBVTT\n+\n+00:00.000 --> 00:02.000 align:start\n" in out
    assert (cue_files / "talk.srt").read_text(encoding="utf-8") == SRT  # --diff writes nothing
    assert main(["fix", "--isolated", "talk.srt", "talk.vtt"]) == 0
    assert (cue_files / "talk.srt").read_text(encoding="utf-8") == SRT_FIXED
    assert (cue_files / "talk.vtt").read_text(encoding="utf-8") == VTT_FIXED
    capsys.readouterr()
    assert main(["fix", "--isolated", "--check", "talk.srt", "talk.vtt"]) == 0  # nothing left to fix


@pytest.mark.parametrize(("text", "name"), [(SRT, "a.srt"), (VTT, "a.vtt")])
def test_cue_fixes_are_idempotent_and_leave_no_fixed_code(text: str, name: str) -> None:
    once = _fix(text.encode(), name)
    assert _fix(once, name) == once
    assert not {"CUE006", "CUE009", "CUE011"} & {code for code, _ in _codes(once, name)}


def test_crlf_srt_keeps_its_line_endings() -> None:
    # A cue with no index line: the index line put before it ends as the file's lines do.
    text = "1\r\n00:00:01,000 --> 00:00:02,000\r\nHi.\r\n\r\n00:00:02,000 --> 00:00:03,000\r\nThere.\r\n"
    fixed = _fix(text.encode(), "a.srt")
    assert fixed == text.replace("\r\n\r\n00:00:02", "\r\n\r\n2\r\n00:00:02").encode()
    assert _fix(("\ufeff" + text).encode(), "a.srt") == b"\xef\xbb\xbf" + fixed  # the BOM stays


# renumbering -------------------------------------------------------------------------


def test_renumbering_is_one_fix_applied_in_one_round() -> None:
    # Five gaps, five CUE006: the first carries every edit, the others none.
    blocks = [f"{k * 2}\n00:00:{k:02d},000 --> 00:00:{k:02d},500\nLine {k}." for k in range(1, 7)]
    text = "\n\n".join(blocks) + "\n"
    findings = [d for d in parse_bytes(text.encode(), name="a.srt").diagnostics if d.code == "CUE006"]
    assert len(findings) == 5
    assert [d.fix is not None for d in findings] == [True, False, False, False, False]
    assert findings[0].fix is not None and len(findings[0].fix.edits) == 5  # the first index, 2, stays
    result = fix_bytes(text.encode(), name="a.srt")
    assert result.rounds == 1 and [d.code for d in result.fixed] == ["CUE006"]
    expected = "\n\n".join(f"{k + 2}\n{b.split(chr(10), 1)[1]}" for k, b in enumerate(blocks)) + "\n"
    assert result.data.decode() == expected


def test_fast_path_and_general_reader_attach_the_same_renumbering() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n1\n00:00:02,000 --> 00:00:03,000\nThere.\n\n7\n00:00:03,000 --> 00:00:04,000\nBye.\n"
    fast = srt._read_usual(read_text(text))
    assert fast is not None
    assert fast == srt._read_any(read_text(text))
    fixes = [d.fix for d in fast.diagnostics if d.fix is not None]
    assert [[(e.span.start, e.replacement) for e in f.edits] for f in fixes] == [
        [(text.index("1\n00:00:02"), "2"), (text.index("7"), "3")]
    ]


def test_an_index_that_is_not_a_number_is_replaced_only_as_an_unsafe_fix() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nHi.\n\nIntro\n00:00:02,000 --> 00:00:03,000\nThere.\n"
    assert ("CUE006", "unsafe") in _codes(text.encode(), "a.srt")
    assert _fix(text.encode(), "a.srt") == text.encode()
    assert _fix(text.encode(), "a.srt", unsafe=True) == text.replace("Intro", "2").encode()


# timing forms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "fixed", "applicability"),
    [
        ("00:00:01.500 --> 00:00:04.000", "00:00:01,500 --> 00:00:04,000", "safe"),
        ("0:0:1,500 --> 0:0:4,000 X", "00:00:01,500 --> 00:00:04,000 X", "safe"),
        ("  00.00.01,000-->00:00:04", "00:00:01,000 --> 00:00:04,000", "safe"),
        ("00:00:01,5 --> 00:00:04,000", "00:00:01,500 --> 00:00:04,000", "unsafe"),  # the srt library reads 1.005
        ("00:00:01:15 --> 00:00:04:00", "00:00:01,150 --> 00:00:04,000", "unsafe"),  # frames?
    ],
)
def test_srt_timing_form(line: str, fixed: str, applicability: str) -> None:
    text = f"1\n{line}\nHello.\n"
    assert ("CUE009", applicability) in _codes(text.encode(), "a.srt")
    assert _fix(text.encode(), "a.srt", unsafe=True) == text.replace(line, fixed).encode()
    assert _fix(text.encode(), "a.srt") == (text.replace(line, fixed) if applicability == "safe" else text).encode()


@pytest.mark.parametrize(
    ("line", "fixed", "applicability"),
    [
        ("00:01,000 --> 00:02,000", "00:01.000 --> 00:02.000", "safe"),  # no hours: none added
        ("1:00:01,000 --> 1:00:02.000 line:0", "01:00:01.000 --> 01:00:02.000 line:0", "safe"),
        ("0:1.000 --> 0:2.000", "00:01.000 --> 00:02.000", "safe"),
        ("00:01.5 --> 00:02.000", "00:01.500 --> 00:02.000", "unsafe"),
    ],
)
def test_webvtt_timing_form(line: str, fixed: str, applicability: str) -> None:
    text = f"WEBVTT\n\n{line}\nHello.\n"
    assert ("CUE009", applicability) in _codes(text.encode(), "a.vtt")
    assert _fix(text.encode(), "a.vtt", unsafe=True) == text.replace(line, fixed).encode()


def test_a_timing_that_would_not_read_strictly_has_no_fix() -> None:
    # Settings glued to the end time: rewriting the times would still not be the strict form.
    text = "WEBVTT\n\n00:01,000 --> 00:02.000align:start\nHello.\n"
    assert ("CUE009", None) in _codes(text.encode(), "a.vtt")


# the WebVTT header ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("webvtt\n\n00:01.000 --> 00:02.000\nHi.\n", "WEBVTT\n\n00:01.000 --> 00:02.000\nHi.\n"),
        ("Webvtt - Talk\n\n00:01.000 --> 00:02.000\nHi.\n", "WEBVTT - Talk\n\n00:01.000 --> 00:02.000\nHi.\n"),
        ("\n00:01.000 --> 00:02.000\nHi.\n", "WEBVTT\n\n00:01.000 --> 00:02.000\nHi.\n"),
        (
            "NOTE made by hand\n\n00:01.000 --> 00:02.000\nHi.",
            "WEBVTT\n\nNOTE made by hand\n\n00:01.000 --> 00:02.000\nHi.",
        ),
        ("1\r\n00:01.000 --> 00:02.000\r\nHi.\r\n", "WEBVTT\r\n\r\n1\r\n00:01.000 --> 00:02.000\r\nHi.\r\n"),
    ],
)
def test_webvtt_header(text: str, fixed: str) -> None:
    assert ("CUE011", "safe") in _codes(text.encode(), "a.vtt")
    before = parse_bytes(text.encode(), name="a.vtt")
    result = fix_bytes(text.encode(), name="a.vtt")
    assert result.data == fixed.encode()
    # The cues are read as before (a lower-case header line was read as text with no times).
    assert [(s.start, s.end, s.text) for s in result.episode.segments] == [
        (s.start, s.end, s.text) for s in before.segments if s.start is not None
    ]


# timestamps in documents: TS001 and TS003 ------------------------------------------------


@pytest.mark.parametrize(
    ("stamp", "fixed", "applicability"),
    [
        ("65:12", "1:05:12", "safe"),  # TS003: the same time
        ("1:2:03", "1:02:03", "safe"),
        ("00\uff1a01\uff1a02", "00:01:02", "safe"),
        ("\u0660\u0660:01:02", "00:01:02", "safe"),
        ("00;01;02", "00:01:02", "unsafe"),
        ("00:O1:02", "00:01:02", "unsafe"),
    ],
)
def test_stamp_fixes(stamp: str, fixed: str, applicability: str) -> None:
    text = f"**Ana [00:00:01]**: Hi.\n\n**Bo [{stamp}]**: There.\n"
    codes = _codes(text.encode(), "a.md")
    assert any(code in {"TS001", "TS003"} and how == applicability for code, how in codes)

    def stamps(d: Diagnostic) -> bool:  # not TS004, which then writes the new stamp in the file's form
        return d.code in {"TS001", "TS003"}

    assert fix_bytes(text.encode(), wanted=stamps, unsafe=True).data == text.replace(stamp, fixed).encode()
    safely = fix_bytes(text.encode(), wanted=stamps).data
    assert safely == (text.replace(stamp, fixed) if applicability == "safe" else text).encode()


def test_a_stamp_with_no_certain_correction_has_no_fix() -> None:
    text = "**Ana [00:00:01]**: Hi.\n\n**Bo [00:61:00]**: There.\n"
    assert ("TS001", None) in _codes(text.encode(), "a.md")


def test_html_stamp_fix() -> None:
    text = "<cite>Ana:</cite><time>0:01</time><p>Hi.</p>\n<cite>Bo:</cite><time>65:12</time><p>There.</p>\n"
    assert _fix(text.encode(), "a.html") == text.replace("65:12", "1:05:12").encode()

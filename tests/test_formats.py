"""The formats: detection, the readers on the corpus's cue, JSON and HTML files, and round trips without loss.

Expected counts are made without the parser: a regular expression or the
``json`` module over the file, shown beside each count.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import pytest

from episode_parse import Episode, parse, parse_file
from episode_parse.formats.base import FORMATS, READ_FORMATS, WRITE_FORMATS, WriteOptions, guess_format, writer
from tests.conftest import CORPUS, needs_corpus

CUE_FILES = ["podcastindex/example.srt", "podcastindex/example.vtt", "virtualcoffee/1_4.srt", "virtualcoffee/8_5.srt"]
CUE_FILES += ["ergo/20250702_c8E22bN_Mus.srt", "talkpython/414-stroll-down-startup-lane.vtt"]


def _text(rel: str) -> str:
    return (CORPUS / rel).read_text(encoding="utf-8")


# detection -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nHi.\n", None, "webvtt"),
        ("\ufeffWEBVTT - a title\r\n\r\n", None, "webvtt"),
        ("WEBVTTX\n", None, "markdown"),  # the magic must end the word
        ("1\n00:00:01,000 --> 00:00:02,000\nHi.\n", None, "srt"),
        ("\n\n  12\r\n00:00:01.000 --> 00:00:02.000\n", None, "srt"),  # '.' as the srt library accepts
        ("00:00:01,000 --> 00:00:02,000\nHi.\n", None, "srt"),  # no index
        ("1\r00:00:01,000 --> 00:00:02,000\rHi.\r", None, "srt"),  # CR line endings
        ("00:00:00 Intro\r00:00:10 a --> b\r", None, "markdown"),  # "-->" on another line (CR endings)
        ("00:00:00 Intro\n00:00:10 a --> b\n", None, "markdown"),
        ("00:01.000 --> 00:02.000\nHi.\n", None, "webvtt"),  # no hours: WebVTT without its header
        ("1\n00:00:01,000 --> 00:00:02,000\n", "a.vtt", "webvtt"),
        ('{"version": "1.0.0", "segments": []}', None, "podcast-json"),
        ('{"version": "1.2.0", "chapters": []}', None, "chapters-json"),
        ('{"results": {}}', None, "podcast-json"),  # its reader names what it expected
        ('{"schema_version": 2}', None, "json"),
        ("<cite>Ana:</cite>\n<time>0:00</time>\n<p>Hi.</p>\n", None, "html"),
        ("<!DOCTYPE html>\n<html>", None, "html"),
        ("**Ana [00:00:01]**: Hi.\n", None, "markdown"),
        ("[12.34 --> 15.67]  text\n", None, "markdown"),  # whisper lines in a document (oxide)
        ("", "empty.srt", "srt"),
        ("just text", "notes.html", "html"),
        ("just text", "notes.txt", "markdown"),
    ],
)
def test_guess_format(text: str, name: str | None, expected: str) -> None:
    assert guess_format(text, name) == expected


def test_registry_names_every_reader_and_writer() -> None:
    assert set(READ_FORMATS) == {"json", "markdown", "webvtt", "srt", "podcast-json", "chapters-json", "html"}
    assert set(WRITE_FORMATS) == set(READ_FORMATS) | {"youtube-chapters"}
    assert all(f.suffix.startswith(".") for f in FORMATS.values())


def test_format_keyword_overrides_detection() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nHi.\n"
    assert parse(text).layout.format == "srt"
    assert parse(text, format="markdown").layout.format == "markdown"
    assert parse(text, format="vtt").layout.format == "webvtt"  # an alias
    with pytest.raises(ValueError, match="unknown format"):
        parse(text, format="docx")
    with pytest.raises(ValueError, match="written but not read"):
        parse(text, format="youtube-chapters")


# readers on the corpus -----------------------------------------------------------


def _voice_turns(text: str) -> int:
    """Turns of a WebVTT file with voices: the changes of <v Name> (a regex, not the parser)."""
    names = re.findall(r"<v(?:\.[^ >]*)? ([^>]+)>", text)
    return sum(1 for k, n in enumerate(names) if k == 0 or n != names[k - 1])


def _prefix_turns(text: str) -> int:
    """Turns of an SRT file with Name: at speaker changes: the changes of the name after each timing line."""
    names = re.findall(r"-->[^\n]*\n([A-Z][A-Za-z ]{0,38}): ", text)
    return sum(1 for k, n in enumerate(names) if k == 0 or n != names[k - 1])


@needs_corpus
@pytest.mark.parametrize("rel", CUE_FILES)
def test_cue_files_give_every_cue_and_their_turns(rel: str) -> None:
    text = _text(rel)
    episode = parse_file(CORPUS / rel)
    cues = len(re.findall(r"-->", text))  # one timing line a cue in these files
    assert len(episode.segments) == cues
    if "<v " in text:
        turns = _voice_turns(text)
    elif re.search(r"-->[^\n]*\n[A-Z][A-Za-z ]{0,38}: ", text):
        turns = _prefix_turns(text)
    else:
        turns = cues  # no speakers: a turn a cue
    assert len(episode.turns) == turns
    assert [s.turn for s in episode.segments] == sorted(s.turn for s in episode.segments)
    assert not [d for d in episode.diagnostics if d.severity == "error"]


@needs_corpus
def test_expected_counts_of_the_corpus_cue_files() -> None:
    # Written down by hand from the files (and the SOURCES.md table), so the regexes above are checked too.
    counts = {rel: len(parse_file(CORPUS / rel).turns) for rel in CUE_FILES}
    assert counts["podcastindex/example.srt"] == 10  # Travis 5, Sarah 2, Gilon 3 name-prefixed cues
    assert counts["podcastindex/example.vtt"] == 2  # Sarah, then Gillian
    assert counts["ergo/20250702_c8E22bN_Mus.srt"] == 88
    assert counts["talkpython/414-stroll-down-startup-lane.vtt"] == 1299
    assert counts["virtualcoffee/1_4.srt"] == 165  # name-prefixed cues, each a change of speaker


@needs_corpus
def test_cue_files_report_what_sources_md_lists() -> None:
    # talkpython: 5 backwards cue starts and 8 overlaps counted by SOURCES.md (overlaps there include the 5).
    codes = [d.code for d in parse_file(CORPUS / "talkpython/414-stroll-down-startup-lane.vtt").diagnostics]
    assert codes.count("CUE004") == 5 and codes.count("CUE004") + codes.count("CUE003") == 8
    assert "CUE007" in codes  # no speakers
    codes = [d.code for d in parse_file(CORPUS / "virtualcoffee/1_4.srt").diagnostics]
    assert codes.count("CUE004") == 11 and codes.count("CUE004") + codes.count("CUE003") == 27


@needs_corpus
def test_webvtt_voices_entities_and_crlf() -> None:
    episode = parse_file(CORPUS / "podcastindex/example.vtt")
    assert [(t.speaker, t.start, t.end) for t in episode.turns] == [("Sarah", 0.0, 18.63), ("Gillian", 19.08, 25.35)]
    assert "Podcasting Q&A" in episode.segments[2].text  # &amp; decoded
    assert episode.segments[1].speaker == "Sarah"


@needs_corpus
def test_podcast_json_word_level_segments_make_speaker_turns() -> None:
    path = CORPUS / "podcastindex/example.json"
    segments = json.loads(path.read_text(encoding="utf-8"))["segments"]
    episode = parse_file(path)
    assert len(episode.segments) == len(segments) == 5
    speakers = [s["speaker"] for s in segments]
    assert len(episode.turns) == sum(1 for k, s in enumerate(speakers) if k == 0 or s != speakers[k - 1]) == 2
    assert episode.turns[0].text == " ".join(s["body"] for s in segments[:4])
    assert (episode.turns[0].start, episode.turns[0].end) == (segments[0]["startTime"], segments[3]["endTime"])
    assert episode.layout.turns == ("word",)
    for segment, span in zip(segments, (s.span for s in episode.segments), strict=True):
        assert json.loads(path.read_text(encoding="utf-8")[span.start : span.end]) == segment


@needs_corpus
@pytest.mark.parametrize("rel", ["podcastindex/chapters__example.json", "podcastindex/chapters__exampleComplex.json"])
def test_json_chapters(rel: str) -> None:
    text = _text(rel)
    episode = parse_file(CORPUS / rel)
    assert len(episode.chapters) == text.count('"startTime"')
    raw = json.loads(text)["chapters"]
    assert [c.start for c in episode.chapters] == [c["startTime"] for c in raw]
    assert [c.image for c in episode.chapters] == [c.get("img") for c in raw]
    assert [c.url for c in episode.chapters] == [c.get("url") for c in raw]
    assert [c.toc for c in episode.chapters] == [c.get("toc", True) for c in raw]
    assert not [d for d in episode.diagnostics if d.severity != "info"]


@needs_corpus
def test_silent_chapter_and_location_are_kept() -> None:
    episode = parse_file(CORPUS / "podcastindex/chapters__exampleComplex.json")
    [silent] = [c for c in episode.chapters if not c.toc]
    assert silent.start == 4826 and silent.title == "" and silent.location is not None
    assert silent.location.name == "Eiffel Tower, Paris" and silent.location.geo.startswith("geo:")
    assert silent.end == 5510  # the next chapter's start


@needs_corpus
def test_html_transcript() -> None:
    text = _text("podcastindex/example.html")
    episode = parse_file(CORPUS / "podcastindex/example.html")
    cites = re.findall(r"<cite>([^<]*):</cite>", text)
    assert [t.speaker for t in episode.turns] == cites and len(cites) == 10
    assert [t.timestamp for t in episode.turns] == re.findall(r"<time>([^<]*)</time>", text)
    assert "it's almost guaranteed" in episode.turns[0].text  # &#39; decoded
    assert episode.turns[0].end == episode.turns[1].start == 53


@needs_corpus
@pytest.mark.parametrize(
    "rel",
    [
        "dwarkesh/8-boBsWcr5A.json",
        "pytorchdev/2021-07-21-torch-deterministic.json",
        "ergo/20240614_jiJEy4M-O7g_meta.json",
    ],
)
def test_json_of_another_shape_gets_one_clear_diagnostic(rel: str) -> None:
    episode = parse_file(CORPUS / rel)
    [d] = episode.diagnostics
    assert d.code == "FMT002" and '"segments"' in d.message and '"chapters"' in d.message
    assert "found an object with the keys" in d.message


def test_text_instead_of_body_is_read_with_a_warning() -> None:
    doc = {"version": "1.0.0", "segments": [{"speaker": "A", "startTime": k, "text": f"w{k}"} for k in range(3)]}
    episode = parse(json.dumps(doc))
    assert episode.turns[0].text == "w0 w1 w2"
    [d] = episode.diagnostics
    assert d.code == "FMT003" and d.message.startswith("3 segments")


# the readers' leniency -------------------------------------------------------------


def test_webvtt_reader_details() -> None:
    text = (
        "WEBVTT Kind: captions\nLanguage: en\n\nSTYLE\n::cue { color: red }\n\nNOTE a comment\nover two lines\n\n"
        "intro\n00:01.000 --> 00:02.500 align:start line:0\n<v.loud Tom Smith>Hello <i>there</i>,\n"
        "<c.x>friend</c> &lt;3\n\n"
        "00:00:02.500 --> 00:00:03.000\nStill <00:00:02.700>Tom.\n\n"
        "00:04,000 --> 00:05,000\n<v Ann>Hi &amp; bye.\n"
    )
    episode = parse(text)
    s = episode.segments
    assert [(x.identifier, x.start, x.end, x.speaker) for x in s] == [
        ("intro", 1.0, 2.5, "Tom Smith"),
        (None, 2.5, 3.0, "Tom Smith"),
        (None, 4.0, 5.0, "Ann"),
    ]
    assert s[0].settings == "align:start line:0" and s[0].text == "Hello there,\nfriend <3"
    assert s[1].text == "Still Tom." and s[2].text == "Hi & bye."
    assert [t.text for t in episode.turns] == ["Hello there, friend <3 Still Tom.", "Hi & bye."]
    assert [d.code for d in episode.diagnostics] == ["CUE009"]  # the comma, read all the same


def test_srt_reader_details() -> None:
    text = (
        "\n\n1\n00:00:01,5 --> 00:00:02,000\n{\\an8}<i>Ana:</i> Hi,\nthere.\n\n\n\n"
        "x\n00:00:02,000 --> 00:00:03,000\nAna: Again.\n\n"
        "00:00:03,000 --> 00:00:04,000\nBo: Hello.\n"
    )
    episode = parse(text)
    s = episode.segments
    # ,5 is half a second (the srt library reads 1.005 s)
    assert [(x.identifier, x.start, x.speaker, x.text) for x in s] == [
        ("1", 1.5, "Ana", "Hi,\nthere."),
        ("x", 2.0, "Ana", "Again."),
        (None, 3.0, "Bo", "Hello."),
    ]
    assert [(t.speaker, t.text) for t in episode.turns] == [("Ana", "Hi, there. Again."), ("Bo", "Hello.")]
    assert [d.code for d in episode.diagnostics] == ["CUE009", "CUE006", "CUE006"]


def test_malformed_timing_keeps_the_cue() -> None:
    episode = parse("1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n2\n00:00:0x,000 --> 00:00:03,000\nTwo.\n")
    assert [s.text for s in episode.segments] == ["One.", "Two."]
    assert episode.segments[1].start is None
    assert "CUE001" in [d.code for d in episode.diagnostics]


# round trips ---------------------------------------------------------------------


def _cues(episode: Episode) -> list[tuple[object, ...]]:
    return [(s.identifier, s.start, s.end, s.speaker, s.text, s.settings) for s in episode.segments]


def _write(episode: Episode, name: str) -> str:
    return writer(name)(episode, WriteOptions()).data.decode("utf-8")


@needs_corpus
@pytest.mark.parametrize("rel", [*CUE_FILES, "podcastindex/example.json"])
def test_cue_files_convert_to_their_own_format_without_loss(rel: str) -> None:
    episode = parse_file(CORPUS / rel)
    fmt = episode.layout.format
    again = parse(_write(episode, fmt), format=fmt)
    assert _cues(again) == _cues(episode)
    assert [(t.speaker, t.start, t.end, t.text) for t in again.turns] == [
        (t.speaker, t.start, t.end, t.text) for t in episode.turns
    ]
    # through the episode JSON and back to the format: the same file
    through = parse(episode.to_json().decode(), name="x.json")
    assert through == episode
    assert _write(through, fmt) == _write(episode, fmt)


@needs_corpus
def test_srt_to_srt_gives_the_same_bytes_for_a_clean_file() -> None:
    text = _text("podcastindex/example.srt")
    assert _write(parse(text), "srt") == text.replace("\r\n", "\n")


@needs_corpus
@pytest.mark.parametrize("rel", ["podcastindex/chapters__example.json", "podcastindex/chapters__exampleComplex.json"])
def test_chapters_convert_without_loss(rel: str) -> None:
    episode = parse_file(CORPUS / rel)
    again = parse(_write(episode, "chapters-json"))

    def fields(e: Episode) -> list[dict[str, object]]:
        return [{k: v for k, v in attrs.asdict(c).items() if k != "span"} for c in e.chapters]

    assert fields(again) == fields(episode)
    raw = json.loads(_text(rel))["chapters"]
    written = json.loads(_write(episode, "chapters-json"))["chapters"]
    keep = ("startTime", "title", "img", "url", "toc", "endTime", "location")
    assert written == [{k: v for k, v in c.items() if k in keep} for c in raw]


@needs_corpus
def test_html_converts_without_loss() -> None:
    episode = parse_file(CORPUS / "podcastindex/example.html")
    again = parse(_write(episode, "html"))
    key = [(t.speaker, t.start, t.timestamp, t.text) for t in episode.turns]
    assert [(t.speaker, t.start, t.timestamp, t.text) for t in again.turns] == key


def test_episode_json_of_another_version_is_one_finding() -> None:
    data = json.loads(parse("**A [00:00:01]**: Hi.\n").to_json())
    data["schema_version"] = 1
    episode = parse(json.dumps(data))
    [d] = episode.diagnostics
    assert d.code == "FMT002" and "$.schema_version" in d.message


def test_markdown_of_a_cue_file_reads_back() -> None:
    episode = parse("1\n00:00:01,500 --> 00:00:03,000\nAna: Hi.\n\n2\n00:00:03,000 --> 00:00:04,000\nBo: Yo.\n")
    again = parse(_write(episode, "markdown"))
    assert [(t.speaker, t.start, t.text) for t in again.turns] == [("Ana", 1.0, "Hi."), ("Bo", 3.0, "Yo.")]
    assert again.diagnostics == ()


def test_directory_search_reads_json_only_when_it_is_a_transcript_or_chapters(tmp_path: Path) -> None:
    from episode_parse.batch import expand_paths

    (tmp_path / "t.json").write_text('{"version": "1.0.0", "segments": []}')
    (tmp_path / "c.json").write_text('{"version": "1.2.0", "chapters": []}')
    (tmp_path / "meta.json").write_text('{"title": "x"}')
    (tmp_path / "episode.json").write_text(parse("**A [00:00:01]**: Hi.\n").to_json().decode())
    (tmp_path / "broken.json").write_text("{")
    for name in ("a.vtt", "b.srt", "c.html", "d.md", "e.txt", "f.docx"):
        (tmp_path / name).write_text("x")
    found = sorted(Path(p).name for p in expand_paths([str(tmp_path)]))
    assert found == ["a.vtt", "b.srt", "c.html", "c.json", "d.md", "e.txt", "t.json"]


@needs_corpus
@pytest.mark.parametrize("rel", [r for r in CUE_FILES if r.endswith(".srt")])
def test_srt_fast_path_gives_what_the_general_reader_gives(rel: str) -> None:
    from episode_parse.formats import srt
    from episode_parse.read import read_text

    text = _text(rel)
    for variant in (text, text + "\n", "\n\n" + text.replace("\n\n2\n", "\n\n\n3\n", 1)):
        fast = srt._read_usual(read_text(variant))
        assert fast is not None  # these files are written the usual way
        assert fast == srt._read_any(read_text(variant))
    assert (
        srt._read_usual(read_text(text.replace("\n\n", "\n \n", 1))) is None
    )  # a blank line of a space: the general reader


@pytest.mark.parametrize(
    "text",
    [
        "WEBVTT\n\n00:00.000 --> 00:01.000\n<v C>\nHello\n\n00:01.000 --> 00:02.000\n<v C> <v C>\n",
        "1\n00:00:00,000 --> 00:00:01,000\n{\\an8}\nHi.\n\n2\n00:00:01,000 --> 00:00:02,000\nAna: {\\an8}\nthere\n\n"
        "3\n00:00:02,000 --> 00:00:03,000\nAna: again\n",
    ],
)
def test_a_line_of_markup_only_is_no_line_of_text(text: str) -> None:
    # Found by fuzzing: such a line left an empty line in the cue's text, which no cue file can hold,
    # so the cue did not convert back to its own format unchanged.
    episode = parse(text)
    assert all(line.strip() for s in episode.segments for line in s.text.split("\n") if s.text)
    fmt = episode.layout.format
    assert _cues(parse(_write(episode, fmt), format=fmt)) == _cues(episode)

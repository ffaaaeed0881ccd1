"""Checked by the peers: the ``srt`` library and webvtt-py read the corpus's cue files as we do, and read what we write.

Where a peer and this library differ, the test says which is right and why.
Cue counts are also checked against the number of ``-->`` lines, a count
made without any parser.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
import srt
import webvtt

from episode_parse import Episode, parse, parse_file
from episode_parse.formats.base import WriteOptions, writer
from tests.conftest import CORPUS, REFERENCE, needs_corpus
from tests.test_writers import SRT, WEBVTT

SRT_FILES = sorted(CORPUS.glob("*/*.srt")) if CORPUS.is_dir() else []
VTT_FILES = sorted(CORPUS.glob("*/*.vtt")) if CORPUS.is_dir() else []


def _id(path: Path) -> str:
    return str(path.relative_to(CORPUS))


def _ms(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds * 1000)


def _srt_agrees(text: str, episode: Episode) -> None:
    """srt.parse and our segments: the same cues, times and text (the srt library keeps the Name: prefix in the text)."""
    subs = list(srt.parse(text))
    assert len(subs) == len(episode.segments) == text.count("-->")
    previous = None
    for sub, seg in zip(subs, episode.segments, strict=True):
        assert (round(sub.start.total_seconds() * 1000), round(sub.end.total_seconds() * 1000)) == (
            _ms(seg.start),
            _ms(seg.end),
        )
        content = sub.content
        named = seg.speaker is not None and content.startswith(f"{seg.speaker}:")
        if named:
            content = content[len(seg.speaker) + 1 :].removeprefix(" ")  # type: ignore[arg-type]
        else:  # no prefix: the speaker is carried over from the cue before
            assert seg.speaker == previous
        assert content == seg.text
        previous = seg.speaker


def _webvtt_agrees(text: str, episode: Episode) -> None:
    """webvtt-py and our segments: the same cues, times, text and voices.

    webvtt-py leaves character references as written (``Q&amp;A``); the
    WebVTT specification decodes them in cue text, as we do, so theirs is
    compared after ``html.unescape``.  Its ``voice`` is the cue's own; ours
    is carried to the next cues until another voice, as Apple Podcasts and
    the Podcasting 2.0 recommendation (a voice where the speaker changes) mean.
    """
    captions = webvtt.from_string(text).captions
    assert len(captions) == len(episode.segments) == text.count("-->")
    for caption, seg in zip(captions, episode.segments, strict=True):
        times = (caption.start_time.in_milliseconds(), caption.end_time.in_milliseconds())
        assert times == (_ms(seg.start), _ms(seg.end))
        assert html.unescape(caption.text) == seg.text
        if caption.voice is not None:
            assert caption.voice == seg.speaker


@needs_corpus
@pytest.mark.parametrize("path", SRT_FILES, ids=_id)
def test_srt_library_reads_the_corpus_as_we_do(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _srt_agrees(text, parse_file(path))


@needs_corpus
@pytest.mark.parametrize("path", VTT_FILES, ids=_id)
def test_webvtt_py_reads_the_corpus_as_we_do(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _webvtt_agrees(text, parse_file(path))


def _episodes() -> list[Episode]:
    found = [parse(SRT), parse(WEBVTT), parse("**Ana [00:00:01]**: Hello there, friend.\n\n**Bo [00:00:04]**: Hi.\n")]
    if REFERENCE.is_file():
        found.append(parse(REFERENCE.read_text(encoding="utf-8")))
    found.extend(parse_file(p) for p in [*SRT_FILES, *VTT_FILES])
    return found


@pytest.mark.parametrize("k", range(len(_episodes())))
def test_peers_read_what_we_write(k: int) -> None:
    episode = _episodes()[k]
    srt_text = writer("srt")(episode, WriteOptions(duration=99_999)).data.decode()
    ours = parse(srt_text, format="srt")
    _srt_agrees(srt_text, ours)
    assert [(s.speaker, " ".join(s.text.split())) for s in ours.turns] == [
        (s.speaker, " ".join(s.text.split())) for s in episode.turns
    ]
    vtt_text = writer("webvtt")(episode, WriteOptions(duration=99_999)).data.decode()
    ours = parse(vtt_text, format="webvtt")
    _webvtt_agrees(vtt_text, ours)
    assert [(s.speaker, " ".join(s.text.split())) for s in ours.turns] == [
        (s.speaker, " ".join(s.text.split())) for s in episode.turns
    ]


def test_a_short_fraction_is_a_decimal_fraction() -> None:
    # 00:00:01,5 is one and a half seconds (as webvtt-py and pysubs2 read it, and as a decimal
    # fraction means); the srt library reads 1.005 s because it does not right-pad the fraction.
    text = "1\n00:00:01,5 --> 00:00:02,000\nHi.\n"
    assert parse(text).segments[0].start == 1.5
    [sub] = srt.parse(text)
    assert sub.start.total_seconds() == 1.005


def test_a_malformed_block_is_kept_not_absorbed() -> None:
    # The srt library joins a block whose timing does not read to the cue before it, silently;
    # webvtt-py drops it.  We keep it as a cue of its own with no times, and say so (CUE001).
    text = "1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n2\n0:2 --> 0:3\nTwo.\n"
    subs = list(srt.parse(text))
    assert len(subs) == 1 and "Two." in subs[0].content
    episode = parse(text)
    assert [s.text for s in episode.segments] == ["One.", "Two."]
    assert [d.code for d in episode.diagnostics if d.severity == "error"] == ["CUE001"]

"""Properties of the cue and JSON writers: any episode written out and read back gives the same turns.

"The same" is at the format's precision: speakers; starts to the millisecond
(where the episode has times); the text word for word in SRT and WebVTT
(cues cannot hold paragraph breaks), exactly in the JSON formats.
"""

from __future__ import annotations

import re

from hypothesis import given

from episode_parse import Episode, parse
from episode_parse.formats.base import WriteOptions, writer
from tests.strategies import episodes, without_srt_markup


def _ms(value: float | None) -> int | None:
    return None if value is None else round(value * 1000)


def _same_turns(again: Episode, episode: Episode, *, exact_text: bool) -> None:
    def key(e: Episode) -> list[tuple[str | None, str]]:
        return [(t.speaker, t.text if exact_text else " ".join(t.text.split())) for t in e.turns]

    assert key(again) == key(episode)
    if all(t.start is not None for t in episode.turns):
        assert [_ms(t.start) for t in again.turns] == [_ms(t.start) for t in episode.turns]
        # each turn but the last ends where the next starts, in both
        assert [_ms(t.end) for t in again.turns[:-1]] == [_ms(t.end) for t in episode.turns[:-1]]


@given(episodes().map(without_srt_markup))
def test_srt_round_trip(episode: Episode) -> None:
    written = writer("srt")(episode, WriteOptions())
    _same_turns(parse(written.data.decode(), format="srt"), episode, exact_text=False)


@given(episodes())
def test_webvtt_round_trip(episode: Episode) -> None:
    written = writer("webvtt")(episode, WriteOptions())
    _same_turns(parse(written.data.decode(), format="webvtt"), episode, exact_text=False)


@given(episodes())
def test_podcast_json_round_trip(episode: Episode) -> None:
    written = writer("podcast-json")(episode, WriteOptions())
    _same_turns(parse(written.data.decode()), episode, exact_text=True)


@given(episodes())
def test_episode_json_round_trip_through_the_reader(episode: Episode) -> None:
    written = writer("json")(episode, WriteOptions())
    assert parse(written.data.decode()) == episode


@given(episodes().map(without_srt_markup))
def test_cue_files_convert_to_each_other_and_back(episode: Episode) -> None:
    srt_text = writer("srt")(episode, WriteOptions()).data.decode()
    from_srt = parse(srt_text, format="srt")
    vtt = parse(writer("webvtt")(from_srt, WriteOptions()).data.decode(), format="webvtt")
    back = writer("srt")(vtt, WriteOptions()).data.decode()
    assert back == srt_text  # SRT -> WebVTT -> SRT: the same cues, the same file


@given(episodes().map(without_srt_markup))
def test_srt_fast_path_gives_what_the_general_reader_gives(episode: Episode) -> None:
    from episode_parse.formats import srt
    from episode_parse.read import read_text

    text = writer("srt")(episode, WriteOptions()).data.decode()
    fast = srt._read_usual(read_text(text))
    texts = [line for line in text.split("\n") if not re.match(r"\d\d:\d\d:\d\d,\d\d\d --> ", line)]
    if not any("-->" in line for line in texts):  # a cue text holding --> is for the general reader
        assert fast is not None
    if fast is not None:
        assert fast == srt._read_any(read_text(text))

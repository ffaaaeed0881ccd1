"""Every writer of the registry on the same episodes: its output reads back, and validates where a schema exists.

The loop is over :data:`episode_parse.formats.base.WRITE_FORMATS`, so a new
writer is tested by registering it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from episode_parse import Episode, parse
from episode_parse.formats.base import WRITE_FORMATS, WriteOptions, writer
from episode_parse.formats.cues import strip_tags
from tests.conftest import REFERENCE, ROOT, assert_valid_episode_json

MARKDOWN = """# Notes

## Chapters

00:00 Intro
01:00 The talk
05:00 Outro

## Transcript

**Ana [00:00:01]**: Welcome to the show, where we talk about the long and winding history of podcasting & captions <b>markup</b> included.

**Bo [00:01:05]**: Thanks. Glad to be here.

**Ana [00:05:02]**: Goodbye.
"""

SRT = """1
00:00:01,000 --> 00:00:03,500
Ana: Welcome to the show,
where we talk

2
00:00:03,500 --> 00:00:05,000
about captions.

3
00:00:05,000 --> 00:00:06,250
Bo: Thanks.
"""

WEBVTT = """WEBVTT

one
00:01.000 --> 00:03.500 align:start
<v Ana>Welcome to the show &amp; more,
where we talk

00:03.500 --> 00:05.000
about captions.

00:05.000 --> 00:06.250
<v.loud Bo>Thanks.
"""

PODCAST_JSON = json.dumps(
    {
        "version": "1.0.0",
        "segments": [
            {"speaker": "Ana", "startTime": 0.5, "endTime": 0.75, "body": "Hello"},
            {"speaker": "Ana", "startTime": 1, "endTime": 1.25, "body": "there."},
            {"speaker": "Bo", "startTime": 2.5, "body": "Hi."},
        ],
    }
)

CHAPTERS = json.dumps(
    {
        "version": "1.2.0",
        "chapters": [
            {"startTime": 0, "title": "Intro"},
            {"startTime": 30.5, "title": "Talk", "url": "https://example.com", "img": "https://example.com/a.jpg"},
            {"startTime": 60, "toc": False, "location": {"name": "Here", "geo": "geo:1,2", "osm": "R1"}},
            {"startTime": 90, "title": "Outro", "endTime": 120},
        ],
    }
)

HTML = "<cite>Ana:</cite>\n<time>0:01</time>\n<p>Welcome &amp; hello.</p>\n<p>Second paragraph.</p>\n<cite>Bo:</cite>\n<time>1:02:03</time>\n<p>Thanks.</p>\n"


def _reference() -> Episode:
    if not REFERENCE.is_file():
        pytest.skip(f"the reference document is not at {REFERENCE}")
    return parse(REFERENCE.read_text(encoding="utf-8"))


EPISODES: dict[str, Callable[[], Episode]] = {
    "reference": _reference,
    "markdown": lambda: parse(MARKDOWN),
    "srt": lambda: parse(SRT),
    "webvtt": lambda: parse(WEBVTT),
    "podcast-json": lambda: parse(PODCAST_JSON),
    "chapters-json": lambda: parse(CHAPTERS),
    "html": lambda: parse(HTML),
    "empty": lambda: parse(""),
}
"""The episodes every writer is run on: one read from each format, the reference, and an empty one."""


def _schema(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def assert_valid(name: str, value: Any) -> None:
    """``value`` is valid by ``schemas/NAME.schema.json``."""
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in _schema(name).iter_errors(value)]
    assert not errors, errors[:3]


def said(episode: Episode) -> list[tuple[str | None, str]]:
    """Who said what, white space aside (cue formats cannot keep paragraph breaks)."""
    return [(t.speaker, " ".join(t.text.split())) for t in episode.turns]


def _ms(value: float | None) -> int | None:
    return None if value is None else round(value * 1000)


@pytest.mark.parametrize("target", WRITE_FORMATS)
@pytest.mark.parametrize("source", list(EPISODES))
def test_every_writer_on_the_same_episodes(source: str, target: str) -> None:
    episode = EPISODES[source]()
    written = writer(target)(episode, WriteOptions())
    text = written.data.decode("utf-8")
    assert all(isinstance(n, str) and n for n in written.notices)
    CHECKS[target](episode, written.data, text)


def _check_json(episode: Episode, data: bytes, text: str) -> None:
    assert_valid_episode_json(data)
    assert Episode.from_json(data) == episode


def _check_cues(fmt: str) -> Callable[[Episode, bytes, str], None]:
    def check(episode: Episode, data: bytes, text: str) -> None:
        again = parse(text, format=fmt)
        if fmt == "srt":  # SRT has no escape for markup: what reads as a tag is lost (with a notice)
            assert said(again) == [(s, " ".join(strip_tags(t).split())) for s, t in said(episode)]
        else:
            assert said(again) == said(episode)
        timed = [t for t in episode.turns if t.start is not None]
        if len(timed) == len(episode.turns):
            assert [_ms(t.start) for t in again.turns] == [_ms(t.start) for t in episode.turns]
        if episode.segments:  # cues read from a file are written as they were (a missing end is estimated)
            key = [(_ms(s.start), _ms(s.end), s.speaker, s.text) for s in episode.segments]
            got = [(_ms(s.start), _ms(s.end), s.speaker, s.text) for s in again.segments]
            assert [g if k[1] is not None else (*g[:1], None, *g[2:]) for g, k in zip(got, key, strict=True)] == key
        elif fmt == "srt":  # cards made from turns: 2 lines of 32 characters, the name counted
            for block in text.split("\n\n"):
                lines = block.split("\n")[2:]
                assert len(lines) <= 2
                assert all(len(line) <= 32 or " " not in line for line in lines[1:])
        else:
            shown = [html.unescape(strip_tags(line)) for line in text.split("\n") if "-->" not in line]
            assert all(len(line) <= 65 or " " not in line for line in shown)

    return check


def _check_podcast_json(episode: Episode, data: bytes, text: str) -> None:
    value = json.loads(data)
    assert_valid("podcast-transcript", value)
    again = parse(text)
    assert again.layout.format == "podcast-json"
    assert said(again) == said(episode)
    # a turn with no start (an outlier of the reference) is written with the start before it, with a notice
    known = [
        (_ms(a.start), _ms(t.start)) for a, t in zip(again.turns, episode.turns, strict=True) if t.start is not None
    ]
    assert all(a == b for a, b in known)


def _check_chapters_json(episode: Episode, data: bytes, text: str) -> None:
    value = json.loads(data)
    assert_valid("podcast-chapters", value)
    again = parse(text)
    assert again.layout.format == "chapters-json"
    key = [(_ms(c.start), c.title, c.url, c.image, c.toc, c.location) for c in episode.chapters if c.start is not None]
    assert [(_ms(c.start), c.title, c.url, c.image, c.toc, c.location) for c in again.chapters] == key


def _check_html(episode: Episode, data: bytes, text: str) -> None:
    again = parse(text, format="html")
    assert [(t.speaker, t.text) for t in again.turns] == [(t.speaker, t.text) for t in episode.turns]
    assert [None if t.start is None else int(t.start) for t in again.turns] == [
        None if t.start is None else int(t.start) for t in episode.turns
    ]


def _check_markdown(episode: Episode, data: bytes, text: str) -> None:
    again = parse(text, format="markdown")
    assert said(again) == said(episode)
    assert [(c.title, int(c.start)) for c in again.chapters if c.start is not None] == [
        (c.title, int(c.start)) for c in episode.chapters if c.start is not None and c.toc and c.title
    ]


def _check_youtube(episode: Episode, data: bytes, text: str) -> None:
    lines = text.splitlines()
    listed = [c for c in episode.chapters if c.toc and c.start is not None]
    assert len(lines) == len(listed)
    for line, chapter in zip(lines, listed, strict=True):
        m = re.fullmatch(r"(?:(\d+):)?(\d?\d):(\d\d)(?: (.*))?", line)
        assert m is not None, line
        hours, minutes, seconds, title = m.groups()
        assert int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) == int(chapter.start or 0)
        assert (title or "") == chapter.title


CHECKS: dict[str, Callable[[Episode, bytes, str], None]] = {
    "json": _check_json,
    "markdown": _check_markdown,
    "webvtt": _check_cues("webvtt"),
    "srt": _check_cues("srt"),
    "podcast-json": _check_podcast_json,
    "chapters-json": _check_chapters_json,
    "html": _check_html,
    "youtube-chapters": _check_youtube,
}


def test_every_writer_has_a_check() -> None:
    assert set(CHECKS) == set(WRITE_FORMATS)


def test_a_missing_last_end_is_never_made_up_silently() -> None:
    episode = parse(MARKDOWN)
    for target in ("srt", "webvtt"):
        notices = writer(target)(episode, WriteOptions()).notices
        assert any("last turn has no end" in n and "--duration" in n for n in notices)
        given = writer(target)(episode, WriteOptions(duration=400)).data.decode()
        assert "00:06:40" in given.strip().split("\n\n")[-1]  # the last card ends at the duration
    notices = writer("podcast-json")(episode, WriteOptions()).notices
    assert any("last turn has no end" in n for n in notices)
    value = json.loads(writer("podcast-json")(episode, WriteOptions(duration=400)).data)
    assert value["segments"][-1]["endTime"] == 400


def test_youtube_notices_name_the_rules_a_list_breaks() -> None:
    episode = parse("## Chapters\n\n01:00 Intro\n01:05 Talk\n")
    notices = writer("youtube-chapters")(episode, WriteOptions(duration=100)).notices
    assert any("first chapter at 0:00" in n for n in notices)
    assert any("at least 3 chapters" in n for n in notices)
    assert any("'Intro' lasts 5 s" in n for n in notices)
    clean = parse("## Chapters\n\n00:00 Intro\n01:05 Talk\n02:00 Outro\n")
    assert writer("youtube-chapters")(clean, WriteOptions(duration=300)).notices == ()


def test_schemas_are_valid_draft_2020_12(tmp_path: Path) -> None:
    for name in ("podcast-transcript", "podcast-chapters"):
        schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)
    with pytest.raises(AssertionError):  # the schema can fail: text instead of body
        assert_valid("podcast-transcript", {"version": "1.0.0", "segments": [{"startTime": 1, "text": "x"}]})
    with pytest.raises(AssertionError):  # a location needs geo
        assert_valid(
            "podcast-chapters", {"version": "1.2.0", "chapters": [{"startTime": 1, "location": {"name": "x"}}]}
        )

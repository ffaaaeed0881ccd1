"""Regression examples: each a bug the property tests or the runaway guard found, fixed in the parser."""

from __future__ import annotations

import json

import pytest

from episode_parse import parse, render
from episode_parse.formats.base import WriteOptions, writer


def test_many_headers_merged_onto_one_line_are_all_split() -> None:
    # Found by the runaway guard: a line of n merged headers took time
    # quadratic in n (5,000 headers: 1.5 s).  Splitting must stay exact: every
    # header, bracket or paren layout, in order, with one TR001 each.
    turns = [("AB"[k % 2], f"{k // 60}:{k % 60:02d}", f"Line {k}.") for k in range(1, 400)]
    turns += [("C", f"{k // 60}:{k % 60:02d}", f"Line {k}.") for k in range(400, 420)]
    headers = [f"**{s} [{ts}]**:" if s != "C" else f"**{s} ({ts}):**" for s, ts, _ in turns]
    text = "**Host [0:00]**: Hi. " + " ".join(f"{h} {t}" for h, (_, _, t) in zip(headers, turns, strict=True))
    episode = parse(text)
    assert [(t.speaker, t.timestamp, t.text) for t in episode.turns] == [("Host", "0:00", "Hi."), *turns]
    merged = [d for d in episode.diagnostics if d.code == "TR001"]
    assert [text[d.span.start : d.span.end] for d in merged] == headers


def test_untimed_turn_whose_text_opens_with_a_colon() -> None:
    # Found by test_render_is_idempotent: in "**AA:** :" the name swallowed the
    # colon ("AA:", then "** :" read as the space-before-colon layout), so the
    # names no longer repeated and no header was taken as a turn at all.
    text = "**A:** Hi.\n\n**AA:** Hello.\n\n**A:** So.\n\n**AA:** :)\n"
    episode = parse(text)
    assert [(t.speaker, t.text) for t in episode.turns] == [("A", "Hi."), ("AA", "Hello."), ("A", "So."), ("AA", ":)")]
    assert episode.diagnostics == ()


def test_render_writes_a_quote_repeated_after_the_same_quote_in_the_claim_body() -> None:
    # Found by the quirk properties: a claim whose body holds “A” and which
    # has a second quote with the same text lost the second on render, since
    # any quote whose text appeared in the body counted as written there.
    text = "## Notes\n\n**A claim.** “Same words”\n\n“Same words” — Someone\n\n## Talk\n\n**Host [00:00:01]**: Hi.\n"
    episode = parse(text)
    assert [(q.text, q.attribution, q.claim) for q in episode.quotes] == [
        ("Same words", None, 0),
        ("Same words", "Someone", 0),
    ]
    assert render(episode) == text


def test_bare_exchange_rewrite_leaves_an_attributed_twin_alone() -> None:
    # Found by the thorough profile: two quotes with the same words, the first
    # attributed; unmarking the exchange must touch the unattributed one only.
    from tests.strategies import Rendered, content, with_bare_exchanges

    text = "# N\n\n“Q: A\nA: A” — Ann\n\n“Q: A\nA: A”\n\n# T\n\n**A [00:00:00]**: A\n"
    episode = parse(text)
    assert [(q.text, q.attribution) for q in episode.quotes] == [("Q: A\nA: A", "Ann"), ("Q: A\nA: A", None)]
    r = Rendered(episode, tuple(text.split("\n")), (10,), ())
    bare = with_bare_exchanges(r)
    assert "“Q: A\nA: A” — Ann" in bare and "\n\nQ: A\nA: A\n\n" in bare
    assert content(parse(bare)) == content(episode)


def test_a_minutes_field_of_three_digits_is_reported_not_a_crash() -> None:
    # Found by test_clean_seconds_is_read_timestamp_when_nothing_is_wrong:
    # "0:000" was "padded" to itself and read again, without end, so a header
    # holding it made the command line exit 3 (internal error).
    episode = parse("**Ann [0:000]**: Hi.\n\n**Bo [0:05]**: Hello.\n")
    assert [(t.speaker, t.timestamp, t.start) for t in episode.turns] == [("Ann", "0:000", None), ("Bo", "0:05", 5.0)]
    [found] = [d for d in episode.diagnostics if d.code == "TS001"]
    assert (found.span.line, found.span.column, found.suggestion) == (1, 8, None)


def test_parse_bytes_in_threads_at_once() -> None:
    # Found by fuzzing: the codec error handler that records invalid bytes was
    # registered per call under one process-wide name, so a thread could
    # decode with another thread's handler and raise UnicodeDecodeError.
    import sys
    import threading

    from episode_parse import parse_bytes

    inputs = [b"ab\xff", b"\xff" * 200]
    expected = {data: parse_bytes(data).to_json() for data in inputs}
    problems: list[object] = []

    def work(data: bytes) -> None:
        for _ in range(1500):
            try:
                if parse_bytes(data).to_json() != expected[data]:
                    problems.append(data)
            except Exception as exc:
                problems.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=work, args=(data,)) for data in inputs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert problems == []


def test_a_name_with_lone_surrogates_still_writes_json() -> None:
    # A file name that is not UTF-8 reaches parse as lone surrogates (os.fsdecode).
    episode = parse("**A [00:01]**: hi\n", name="caf\udce9\ud800.md")
    assert episode.source.name == "caf\ufffd\ufffd.md"
    assert b'"name":"caf\xef\xbf\xbd\xef\xbf\xbd.md"' in episode.to_json()


def test_escape_writes_characters_past_the_basic_plane_unambiguously() -> None:
    from episode_parse.cli_support import escape

    # \uf0000 would read as U+F000 then "0".
    assert escape("a\U000f0000b\x1b") == "a\\U000f0000b\\u001b"


# hostile input (found by fuzzing the readers and writers) ---------------------


_FAR = {
    "chapters-json": '{"version": "1.2.0", "chapters": [{"startTime": 1e300, "title": "Far"}]}',
    "podcast-json": '{"version": "1.0.0", "segments": [{"startTime": 1e300, "endTime": 1e301, "body": "Far"}]}',
}


@pytest.mark.parametrize("fmt", sorted(_FAR))
def test_json_writers_take_a_time_past_64_bits(fmt: str) -> None:
    # Found by fuzzing: a JSON file with "startTime": 1e300 read fine, but
    # writing it back made the whole seconds a Python int of 301 digits, which
    # orjson refuses ("Integer exceeds 64-bit range"): convert crashed.
    episode = parse(_FAR[fmt], format=fmt)
    value = json.loads(writer(fmt)(episode, WriteOptions()).data)
    items = value["chapters" if fmt == "chapters-json" else "segments"]
    assert [item["startTime"] for item in items] == [1e300]


def test_segment_of_a_bare_stamp_ending_a_timed_turn_lies_in_the_text() -> None:
    # Found by fuzzing (a transcript cut after a line's stamp): the last
    # segment of a turn of timed lines ended at the turn's last text, before
    # its own line began, so its span had end < start.
    text = "01:01:06 - Awesome.\n\n01:01:08 - Yeah.\n\n01:01:17 I did.\n\n01:01:34 And here.\n\n"
    text += "01:01:36 It is.\n\n01:01:37 So.\n\n01:01:48 So, yes.\n\n01:01:55 "
    episode = parse(text)
    assert episode.segments
    for segment in episode.segments:
        s = segment.span
        assert 0 <= s.start <= s.end <= len(text)
        assert (s.line, s.end_line) == (text.count("\n", 0, s.start) + 1, text.count("\n", 0, s.end) + 1)
    assert text[episode.segments[-1].span.start : episode.segments[-1].span.end] == "01:01:55"


def test_html_with_a_malformed_marked_section_is_read_as_text() -> None:
    # Found by fuzzing: "<![ >" made CPython's HTMLParser (before 3.13) raise
    # AssertionError ("expected name token"), so parse(..., format="html") raised.
    text = "<p>First.</p>\n<![ >\n<p>Second.</p>\n"
    episode = parse(text, format="html")
    assert [t.text for t in episode.turns] == ["First.\n\n<![ >\n\nSecond."]
    assert [d.code for d in episode.diagnostics] == ["FMT006"]
    assert text[episode.diagnostics[0].span.start :].startswith("<![ >")

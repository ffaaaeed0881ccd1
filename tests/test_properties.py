"""Properties of parse, render and JSON over generated episodes, known mistakes and arbitrary text.

The strategies live in ``tests/strategies.py``.  The default Hypothesis
profile is fast; ``HYPOTHESIS_PROFILE=thorough`` runs 2,000 examples a
property (see ``tests/conftest.py``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import attrs
import orjson
from hypothesis import assume, given
from hypothesis import strategies as st

from episode_parse import Chapter, Diagnostic, Episode, EpisodeParseError, Span, layouts, parse, parse_bytes, render
from tests.conftest import REFERENCE, assert_valid_episode_json
from tests.strategies import (
    Injected,
    Rendered,
    TimedLines,
    arbitrary_text,
    content,
    ends_sentence,
    episodes,
    header_prefix,
    malformed_timestamps,
    merged_turns,
    merging_timed_lines,
    nameless_transcripts,
    out_of_order,
    rendered_episodes,
    several_outliers,
    split_mid_sentence,
    swapped_timestamps,
    with_attribution_dash,
    with_bare_exchanges,
    with_chapter_headings,
    with_chapter_lines,
    with_claim_leads,
    with_headers,
    with_linked_chapter_lines,
    with_straight_quotes,
)

_BREAK = re.compile(r"\r\n|\r|\n")


def _spans(episode: Episode) -> list[tuple[str, Span]]:
    """Every record span of ``episode`` but the source's (which is the whole document)."""
    found: list[tuple[str, Span]] = [("section", s.span) for s in episode.sections]
    for name in ("claims", "quotes", "chapters", "speakers", "turns", "diagnostics"):
        found.extend((name, r.span) for r in getattr(episode, name))
    return found


def _uncovered(text: str, spans: list[Span], skip_lines: frozenset[int] = frozenset()) -> list[int]:
    """Offsets of non-blank characters of ``text`` in no span (lines in ``skip_lines``, 0-based, aside)."""
    covered = bytearray(len(text) + 1)
    for span in spans:
        covered[span.start : span.end] = b"\x01" * (span.end - span.start)
    line = 0
    missing = []
    for i, c in enumerate(text):
        if c == "\n":
            line += 1
        elif not c.isspace() and not covered[i] and line not in skip_lines:
            missing.append(i)
    return missing


def _only(diagnostics: tuple[Diagnostic, ...], allowed: frozenset[str] = frozenset()) -> list[tuple[str, int]]:
    """(code, line) of the diagnostics, leaving out the ``allowed`` codes."""
    return [(d.code, d.span.line) for d in diagnostics if d.code not in allowed]


# JSON -------------------------------------------------------------------------


@given(episodes())
def test_json_round_trip_of_generated_episodes(episode: Episode) -> None:
    data = episode.to_json()
    assert Episode.from_json(data) == episode
    assert_valid_episode_json(data)


@given(rendered_episodes())
def test_json_round_trip_of_parsed_episodes(r: Rendered) -> None:
    parsed = parse(r.text)
    data = parsed.to_json(indent=True)
    assert Episode.from_json(data) == parsed
    assert_valid_episode_json(data)


# documents --------------------------------------------------------------------


@given(rendered_episodes())
def test_document_round_trip(r: Rendered) -> None:
    assert content(parse(r.text)) == content(r.episode)


@given(rendered_episodes())
def test_render_is_idempotent(r: Rendered) -> None:
    assert render(parse(r.text)) == r.text


# nothing lost -------------------------------------------------------------------


@given(
    st.one_of(
        rendered_episodes().map(lambda r: r.text),
        merged_turns().map(lambda m: m.text),
        malformed_timestamps().map(lambda m: m.text),
        out_of_order().map(lambda m: m.text),
    )
)
def test_nothing_lost_in_generated_documents(text: str) -> None:
    """Outside heading lines, every non-blank character is in a claim, quote, chapter, turn or diagnostic.

    Stricter than for arbitrary text: a generated document holds no prose
    that the records do not keep, so section spans are not counted.
    """
    episode = parse(text)
    headings = frozenset(i for i, line in enumerate(text.split("\n")) if line.startswith("#"))
    spans = [span for kind, span in _spans(episode) if kind != "section"]
    missing = _uncovered(text, spans, headings)
    assert not missing, [text[i - 10 : i + 10] for i in missing[:3]]


@given(arbitrary_text())
def test_nothing_lost_in_arbitrary_text(text: str) -> None:
    episode = parse(text)
    body = text[1:] if text.startswith("\ufeff") else text
    missing = _uncovered(body, [span for _, span in _spans(episode)])
    assert not missing, [body[i - 10 : i + 10] for i in missing[:3]]


# known mistakes ---------------------------------------------------------------


@given(malformed_timestamps())
def test_malformed_timestamp_gives_one_diagnostic_and_keeps_the_rest(m: Injected) -> None:
    episode = parse(m.text)
    original = m.original.episode
    (code, line), k = m.expected[0], m.targets[0]
    allowed: frozenset[str] = frozenset()
    if not m.on_chapter and k == len(original.turns) - 1 and code == "TS001":
        # The last turn losing its time moves the end of the last chapter.
        allowed = frozenset({"CH003", "CH006"})
    assert _only(episode.diagnostics, allowed) == [(code, line)]
    (d,) = [d for d in episode.diagnostics if d.code == code]
    assert m.text[d.span.start : d.span.end] == m.written
    changed = episode.chapters[k] if m.on_chapter else episode.turns[k]
    assert changed.timestamp == m.written
    # Every other record keeps its time; the changed one loses it unless TS003 (value kept).
    turn_k, chapter_k = (None, k) if m.on_chapter else (k, None)
    kept = code == "TS003"
    for j, (got, want) in enumerate(zip(episode.turns, original.turns, strict=True)):
        assert (got.speaker, got.text) == (want.speaker, want.text)
        assert got.start == (want.start if j != turn_k or kept else None)
    for j, (got_c, want_c) in enumerate(zip(episode.chapters, original.chapters, strict=True)):
        assert got_c.title == want_c.title
        assert got_c.start == (want_c.start if j != chapter_k or kept else None)


@given(out_of_order())
def test_out_of_order_timestamp_is_the_single_outlier(m: Injected) -> None:
    episode = parse(m.text)
    original = m.original.episode
    k = m.targets[0]
    allowed = frozenset({"CH003", "CH006"}) if k == len(original.turns) - 1 else frozenset()
    assert _only(episode.diagnostics, allowed) == list(m.expected)
    (d,) = [d for d in episode.diagnostics if d.code == "TS002"]
    assert m.text[d.span.start : d.span.end] == m.written
    assert [(t.speaker, t.text) for t in episode.turns] == [(t.speaker, t.text) for t in original.turns]
    # The outlier keeps its timestamp as written but has no start; every other turn keeps its own.
    starts: list[float | None] = [t.start for t in original.turns]
    starts[k] = None
    assert [t.start for t in episode.turns] == starts
    assert episode.turns[k].timestamp == m.written


def _check_derived(episode: Episode) -> None:
    """The invariants of derived data: ends after starts, chapters in order, no outlier's time reused."""
    turns = episode.turns
    for turn in turns:
        assert turn.end is None or turn.start is None or turn.end >= turn.start, turn
    numbered = [t.chapter for t in turns if t.chapter is not None]
    assert numbered == sorted(numbered)
    for chapter in episode.chapters:
        assert chapter.end is None or chapter.start is None or chapter.end >= chapter.start, chapter
    # A start that TS002 found out of order is null, so it is no other turn's end either.
    flagged = {d.span.line for d in episode.diagnostics if d.code == "TS002"}
    for k, turn in enumerate(turns):
        if turn.span.line in flagged:
            assert turn.start is None and turn.timestamp is not None
            assert k == 0 or turns[k - 1].end is None
    ends = [t.end for t in turns[:-1]]
    assert ends == [t.start for t in turns[1:]]


@given(
    st.one_of(
        out_of_order().map(lambda m: m.text),
        swapped_timestamps(),
        malformed_timestamps().map(lambda m: m.text),
        several_outliers(),
    )
)
def test_derived_data_is_never_wrong(text: str) -> None:
    _check_derived(parse(text))


@given(merged_turns())
def test_merged_turns_are_split_back(m: Injected) -> None:
    episode = parse(m.text)
    original = m.original.episode
    assert content(attrs.evolve(episode, diagnostics=())) == content(original)
    assert _only(episode.diagnostics) == list(m.expected)
    for d, k in zip(episode.diagnostics, m.targets, strict=True):
        assert m.text[d.span.start : d.span.end].startswith(header_prefix(original.turns[k]))


@given(split_mid_sentence())
def test_turn_boundary_moved_mid_sentence(case: tuple[Injected, Episode]) -> None:
    m, moved = case
    episode = parse(m.text)
    assert _only(episode.diagnostics) == list(m.expected)
    assert content(attrs.evolve(episode, diagnostics=())) == content(moved)


# arbitrary text -----------------------------------------------------------------


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of ``offset``, counting LF, CRLF and CR as line ends, nothing else."""
    line, start = 1, 0
    for m in _BREAK.finditer(text, 0, offset):
        if m.end() > offset:
            break
        line, start = line + 1, m.end()
    return line, offset - start + 1


@given(arbitrary_text())
def test_arbitrary_text_never_raises_and_gives_valid_json(text: str) -> None:
    episode = parse(text)
    assert_valid_episode_json(episode.to_json())
    body = text[1:] if text.startswith("\ufeff") else text
    assert episode.source.line_count == len(_BREAK.split(body)) - (1 if _BREAK.split(body)[-1] == "" else 0)
    for name, span in [("source", episode.source.span), *_spans(episode)]:
        assert 0 <= span.start <= span.end <= len(body), name
        assert (span.line, span.column) == _position(body, span.start), name
        assert (span.end_line, span.end_column) == _position(body, span.end), name


@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise_and_give_valid_json(data: bytes) -> None:
    assert_valid_episode_json(parse_bytes(data).to_json())


@given(arbitrary_text())
def test_render_of_arbitrary_text_parses_again(text: str) -> None:
    # render writes what the records hold; even of junk, that is a document.
    again = render(parse(text))
    assert_valid_episode_json(parse(again).to_json())


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _paths(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every path to a value inside a parsed JSON document."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for k, item in enumerate(value):
            found += _paths(item, (*path, k))
    return found


@given(rendered_episodes(), st.data())
def test_from_json_of_damaged_json_raises_only_episode_parse_error(r: Rendered, data: st.DataObject) -> None:
    # One value anywhere in valid episode JSON replaced by any JSON value:
    # from_json gives an Episode or EpisodeParseError, never anything else,
    # and an Episode only for JSON the schema accepts.
    doc = orjson.loads(parse(r.text).to_json())
    path = data.draw(st.sampled_from(_paths(doc)[1:]))
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = data.draw(_json_values)
    try:
        # The standard library writes what orjson will not (integers past 64
        # bits, Infinity), so from_json meets those too.
        episode = Episode.from_json(json.dumps(doc))
    except EpisodeParseError as exc:
        assert exc.path is not None and exc.path.startswith("$")
    else:
        assert_valid_episode_json(json.dumps(doc))
        assert_valid_episode_json(episode.to_json())


def test_same_input_gives_the_same_bytes_whatever_the_hash_seed() -> None:
    """Set and dict order must not leak into the JSON: parse one document under two hash seeds."""
    sample = "## 노트\n\n**Claim**: body “q” — Ann\n\n00:00 A\n01:00 B\n\n**Ann [0:01]**: Hi. **Bo [0:02]**: Yo.\n"
    text = REFERENCE.read_text(encoding="utf-8") if REFERENCE.is_file() else sample
    code = "import sys; from episode_parse import parse; sys.stdout.buffer.write(parse(sys.stdin.read()).to_json())"
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            input=text.encode(),
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"},
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1] == parse(text).to_json()


# quirks the parser accepts: the same episode, written another way -------------
#
# Each property writes a generated episode in a layout seen in the wild and
# checks that it parses to the same records as the reference layout.


def _means(text: str, episode: Episode) -> None:
    assert content(parse(text)) == content(episode)


def _means_in(text: str, episode: Episode, chapter_layout: str) -> None:
    """``text`` means ``episode``, and its chapters were read in ``chapter_layout`` (Episode.layout says so)."""
    parsed = parse(text)
    assert content(parsed) == content(episode)
    assert parsed.layout.chapters == ((chapter_layout,) if episode.chapters else ())


@given(rendered_episodes(timed=True))
def test_quirk_colon_inside_the_bold_header(r: Rendered) -> None:
    # latent.space (corpus latentspace/gray-swan.md): **Matt [00:02:23]:** text
    _means(with_headers(r, lambda t: f"**{t.speaker} [{t.timestamp}]:**"), r.episode)


@given(rendered_episodes(timed=True), st.sampled_from([" :", ":"]))
def test_quirk_space_before_the_header_colon(r: Rendered, colon: str) -> None:
    # latent.space transcripts: **Swyx [00:00:00]** : text
    _means(with_headers(r, lambda t: f"**{t.speaker} [{t.timestamp}]**{colon}"), r.episode)


@given(rendered_episodes(timed=True), st.sampled_from([":**", "**:"]))
def test_quirk_parenthesised_header_time(r: Rendered, close: str) -> None:
    # lexfridman.com-derived transcripts (corpus lexfridman): **Lex Fridman (00:00:10):** text
    _means(with_headers(r, lambda t: f"**{t.speaker} ({t.timestamp}){close}"), r.episode)


@given(rendered_episodes(timed=False))
def test_quirk_untimed_transcript(r: Rendered) -> None:
    # changelog transcripts and the latent.space Satya crossover: **Jerod Santo:** text, no times.
    _means(r.text, r.episode)


@given(rendered_episodes(chapters=True).filter(lambda r: not any(c.title.startswith(":") for c in r.episode.chapters)))
def test_quirk_bold_chapter_times(r: Rendered) -> None:
    # latent.space timestamps lists and ladybug show notes: **00:00:12** Title
    # Not a title opening with a colon: "**00:00:10** : Title" has the shape of
    # the untimed header "**Name** : text" as well, and every such line counts
    # towards the rule that untimed names repeat (found by the thorough run).
    _means(with_chapter_lines(r, lambda c: f"**{c.timestamp}** {c.title}"), r.episode)


@given(rendered_episodes(chapters=True), st.sampled_from("*-+"))
def test_quirk_bulleted_chapter_lines(r: Rendered, bullet: str) -> None:
    # latent.space (corpus latentspace/axiom-timestamps__excerpt.md) and syntax.fm: * **0:00** Title
    _means(with_chapter_lines(r, lambda c: f"{bullet} **{c.timestamp}** {c.title}"), r.episode)


@given(rendered_episodes(chapters=True), st.sampled_from(["-", "\u2013", "\u2014", "--"]))
def test_quirk_dash_between_chapter_time_and_title(r: Rendered, dash: str) -> None:
    # syntax.fm old show notes and dwarkesh descriptions: 1:55 - Title, H:MM:SS – Title;
    # latent.space titles: 22:12 Mathematical Discovery -- Before the Conjecture (and as the separator)
    _means_in(with_chapter_lines(r, lambda c: f"{c.timestamp} {dash} {c.title}"), r.episode, "time-title")


@given(rendered_episodes(chapters=True))
def test_quirk_hard_break_after_chapter_title(r: Rendered) -> None:
    # latent.space timestamps lists: HH:MM:SS Title followed by two spaces (a Markdown hard break)
    _means(with_chapter_lines(r, lambda c: f"{c.timestamp} {c.title}  "), r.episode)


@given(rendered_episodes(chapters=True))
def test_quirk_bracketed_chapter_times(r: Rendered) -> None:
    # syntax.fm show notes: [01:00:06] Title
    _means_in(with_chapter_lines(r, lambda c: f"[{c.timestamp}] {c.title}"), r.episode, "bracket-time-title")


@given(rendered_episodes(chapters=True))
def test_quirk_parenthesised_chapter_times(r: Rendered) -> None:
    # (00:54) Title, the issue 11 layout (vectorpod's descriptions write 00:54 Title, bare)
    _means_in(with_chapter_lines(r, lambda c: f"({c.timestamp}) {c.title}"), r.episode, "paren-time-title")


@given(rendered_episodes(chapters=True))
def test_quirk_linked_chapter_times(r: Rendered) -> None:
    # Times linked to their moment (issue 11): [04:12](https://youtu.be/x?t=252) Title; the link is kept.
    def line(c: Chapter) -> tuple[str, str]:
        url = f"https://youtu.be/x?t={int(c.start or 0)}"
        return f"[{c.timestamp}]({url}) {c.title}", url

    _means_in(*with_linked_chapter_lines(r, line), "linked-time-title")


@given(rendered_episodes(chapters=True), st.sampled_from(["* ", "- ", ""]))
def test_quirk_bold_linked_chapter_times(r: Rendered, bullet: str) -> None:
    # syntax.fm show notes (corpus syntax/418, syntax/806): * **[04:12](#t=04:12)** Title
    def line(c: Chapter) -> tuple[str, str]:
        return f"{bullet}**[{c.timestamp}](#t={c.timestamp})** {c.title}", f"#t={c.timestamp}"

    _means_in(*with_linked_chapter_lines(r, line), "bold-linked-time-title")


@given(
    rendered_episodes(chapters=True).filter(
        lambda r: all("[" not in c.title and "]" not in c.title and "*" not in c.title for c in r.episode.chapters)
    ),
    st.booleans(),
)
def test_quirk_link_and_bold_markup_in_chapter_titles(r: Rendered, link: bool) -> None:
    # syntax.fm show 46 (corpus): 4:57 - [Pop Motion Pose](https://popmotion.io/pose); bold titles
    # in latent.space lists. The title is the text shown; a link's target goes to Chapter.url.
    def line(c: Chapter) -> tuple[str, str | None]:
        if link:
            url = f"https://example.org/{int(c.start or 0)}"
            return f"{c.timestamp} - [{c.title}]({url})", url
        return f"{c.timestamp} **{c.title}**", None

    text, episode = with_linked_chapter_lines(r, line)
    _means_in(text, episode, "time-title")


@given(rendered_episodes(chapters=True), st.sampled_from(["  * ", "- ", "\n- "]))
def test_quirk_links_under_chapter_lines(r: Rendered, under: str) -> None:
    # syntax.fm show notes (corpus syntax/*): a list of links under each chapter line, indented,
    # in the same list, or in a list paragraph of its own; they are notes, not chapters or prose.
    lines = list(r.lines)
    for k, i in enumerate(r.chapter_lines):
        lines[i] += f"\n{under}[Link {k}](https://example.org/{k})"
    _means_in("\n".join(lines), r.episode, "time-title")


@given(
    rendered_episodes(chapters=True).filter(
        lambda r: (
            r.episode.sections[r.episode.chapters[0].section].level > 0
            and not any(c.title.endswith("#") for c in r.episode.chapters)
        )
    ),
    st.integers(1, 6),
    st.sampled_from(["{ts} - {title}", "{ts} {title}", "[{ts}] {title}", "{ts} \u2013 {title}"]),
)
def test_quirk_chapter_headings(r: Rendered, level: int, form: str) -> None:
    # A heading per chapter, ## 1:02:03 - Title (issue 11; transcripts cut by topic, as the
    # latent.space ## headings inside a transcript, with a time): each opens a section and makes a chapter.
    text, episode = with_chapter_headings(r, level, lambda c: form.format(ts=c.timestamp, title=c.title))
    _means_in(text, episode, "heading-time-title")


@given(rendered_episodes(notes=True).filter(lambda r: any(not ends_sentence(c.text) for c in r.episode.claims)))
def test_quirk_claim_punctuation_after_the_bold(r: Rendered) -> None:
    # The reference document: **추론은 얼라인먼트(alignment)에 도움이 됩니다**. Body
    _means(with_claim_leads(r, "."), r.episode)


@given(rendered_episodes(notes=True).filter(lambda r: bool(r.episode.quotes)))
def test_quirk_straight_quotation_marks(r: Rendered) -> None:
    # The reference document: "이것은 … 전환점이 될 수 있습니다." — 짐 팬(Jim Fan)
    _means(with_straight_quotes(r), r.episode)


@given(
    rendered_episodes(notes=True).filter(
        lambda r: any(q.text.startswith("Q: ") and q.attribution is None for q in r.episode.quotes)
    )
)
def test_quirk_question_and_answer_without_marks(r: Rendered) -> None:
    # The reference document: a paragraph "Q: …" with an "A: …" line is a quoted exchange.
    _means(with_bare_exchanges(r), r.episode)


@given(
    rendered_episodes(notes=True).filter(lambda r: any(q.attribution for q in r.episode.quotes)),
    st.sampled_from([" \u2013 ", " -- ", "\u2014", " - "]),
)
def test_quirk_attribution_dashes(r: Rendered, dash: str) -> None:
    # Notes typed without an em dash: ” – Name, ” -- Name, ” - Name
    text, episode = with_attribution_dash(r, dash)
    _means(text, episode)


@given(rendered_episodes(), st.sampled_from(["\r\n", "\r"]))
def test_quirk_crlf_and_cr_line_endings(r: Rendered, ending: str) -> None:
    # Documents saved on Windows (CRLF) or by old Mac tools (CR): every kind ends a line.
    _means(r.text.replace("\n", ending), r.episode)


@given(rendered_episodes())
def test_quirk_byte_order_mark(r: Rendered) -> None:
    # Files saved by Windows Notepad start with U+FEFF.
    _means("\ufeff" + r.text, r.episode)


@given(rendered_episodes(), st.integers(1, 3))
def test_quirk_closing_hashes_on_headings(r: Rendered, n: int) -> None:
    # ATX headings may close with hashes (CommonMark): ## Notes ##
    _means("\n".join(line + " " + "#" * n if line.startswith("#") else line for line in r.lines), r.episode)


# issue 11: turn layouts -------------------------------------------------------


@given(rendered_episodes(timed=True), st.sampled_from(["[{ts}]", "\\[{ts}\\]"]))
def test_quirk_bold_name_then_bracket_time(r: Rendered, stamp: str) -> None:
    # changelog (**Name:** \[04:04\] text) and ergo (**qx():** [02:55] text).
    _means(with_headers(r, lambda t: f"**{t.speaker}:** " + stamp.format(ts=t.timestamp)), r.episode)


@given(rendered_episodes(timed=True))
def test_quirk_bracket_time_then_bold_name(r: Rendered) -> None:
    # ergo call notes (corpus ergo/20240614_...): [00:17] **Name**: text
    _means(with_headers(r, lambda t: f"[{t.timestamp}] **{t.speaker}**:"), r.episode)


@given(rendered_episodes(timed=True))
def test_quirk_escaped_brackets_in_the_bold_header(r: Rendered) -> None:
    # Markdown exporters escape brackets: **Name \[00:01:02\]**: text
    _means(with_headers(r, lambda t: f"**{t.speaker} \\[{t.timestamp}\\]**:"), r.episode)


@given(nameless_transcripts(), st.sampled_from(["{ts} ", "[{ts}] ", "**[{ts}]** "]))
def test_quirk_timed_lines_without_names(lines: list[tuple[str, float, str]], header: str) -> None:
    # talkpython (00:01:02 text), [00:01:02] text and **[01:02]** text: turns with no speaker,
    # one per line since every generated line ends a sentence.
    text = "\n\n".join(header.format(ts=ts) + words for ts, _, words in lines) + "\n"
    episode = parse(text)
    assert [(t.speaker, t.start, t.text) for t in episode.turns] == [(None, s, w) for _, s, w in lines]
    assert episode.diagnostics == ()


@given(rendered_episodes(timed=False))
def test_quirk_full_width_colon_in_untimed_headers(r: Rendered) -> None:
    # CJK transcripts type the full-width colon: **안나：** text
    _means(with_headers(r, lambda t: f"**{t.speaker}\uff1a**"), r.episode)


@given(rendered_episodes(timed=True), st.sampled_from(["{s} ({ts}):", "{s}: {ts}"]))
def test_quirk_header_line_with_the_text_below(r: Rendered, header: str) -> None:
    # Lenny's Podcast (Name (00:00:02):) and bitcoin transcripts (Name: 00:00:20), text on the next line.
    assume(all(layouts.match_turn(header.format(s=s.name, ts="00:00:01"), timed_only=True) for s in r.episode.speakers))
    _means(with_headers(r, lambda t: header.format(s=t.speaker, ts=t.timestamp) + "\n"), r.episode)


@given(merging_timed_lines())
def test_quirk_every_timed_line_keeps_its_time_in_one_segment(doc: TimedLines) -> None:
    # talkpython and whisper lines merge into turns; each line's stamp is in exactly one segment, in order.
    episode = parse(doc.text)
    segments = episode.segments
    assert [s.start for s in segments] == list(doc.starts)
    assert [s.end for s in segments] == list(doc.ends)
    assert [s.text for s in segments] == list(doc.texts)
    assert all(s.speaker is None and s.identifier is None and s.settings is None for s in segments)
    lines = doc.text.split("\n")
    for s in segments:  # the span is the line: from its stamp to the end of its text
        assert doc.text[s.span.start : s.span.end] == lines[s.span.line - 1]
    # Consecutive segments make each turn: its start is its first segment's, its text theirs.
    assert sorted({s.turn for s in segments}) == list(range(len(episode.turns)))
    assert [s.turn for s in segments] == sorted(s.turn for s in segments)
    for k, turn in enumerate(episode.turns):
        own = [s for s in segments if s.turn == k]
        assert turn.start == own[0].start
        assert turn.text == "\n".join(s.text for s in own)
    assert not [d for d in episode.diagnostics if d.code.startswith("TS")]

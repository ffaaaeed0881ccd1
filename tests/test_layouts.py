"""Turn layouts end to end: one document per row of layouts.TURN_LAYOUTS, and the per-document choice.

Every document here is written for the test (no corpus text); each says
where the layout is seen in the wild.
"""

from __future__ import annotations

import re

import pytest

from episode_parse import parse, render
from episode_parse.layouts import TURN_LAYOUTS
from tests.conftest import needs_corpus

# (layout, document, expected (speaker, start, text) per turn)
CASES: list[tuple[str, str, list[tuple[str | None, float | None, str]]]] = [
    (
        # Latent Space, escaped brackets as Markdown exporters write them.
        "bold-name-bracket-time",
        "**Ana [00:01:02]**: Hi.\n\n**Bo \\[00:01:05\\]** Hello.\n",
        [("Ana", 62.0, "Hi."), ("Bo", 65.0, "Hello.")],
    ),
    (
        # lexfridman.com: with and without the colon.
        "bold-name-paren-time",
        "**Ana (00:01:02):** Hi.\n\n**Bo (00:01:05)** Hello.\n",
        [("Ana", 62.0, "Hi."), ("Bo", 65.0, "Hello.")],
    ),
    (
        # changelog: **Name:** \[04:04\] text; ergo: **qx():** [02:55] text.
        "bold-name-then-bracket-time",
        "**Ana:** \\[01:02\\] Hi.\n\n**qx():** [01:05] Hello.\n",
        [("Ana", 62.0, "Hi."), ("qx()", 65.0, "Hello.")],
    ),
    (
        "bold-time-text",
        "**[01:02]** Welcome back.\n\n**[01:09]** Today we talk about tests.\n",
        [(None, 62.0, "Welcome back."), (None, 69.0, "Today we talk about tests.")],
    ),
    (
        # Otter.ai exports with bold names.
        "bold-name-time-line",
        "**Ana**  1:02\nHi.\n\n**Bo**  1:05\nHello.\n\n**Ana**  1:09\nBye.\n\n**Bo**  1:12\nSee you.\n",
        [("Ana", 62.0, "Hi."), ("Bo", 65.0, "Hello."), ("Ana", 69.0, "Bye."), ("Bo", 72.0, "See you.")],
    ),
    (
        # CJK transcripts: full-width colons.
        "bold-name-colon",
        "**안나：** 안녕하세요.\n\n**김철수：** 네.\n\n**안나：** 좋아요.\n\n**김철수：** 그래요.\n",
        [
            ("안나", None, "안녕하세요."),
            ("김철수", None, "네."),
            ("안나", None, "좋아요."),
            ("김철수", None, "그래요."),
        ],
    ),
    (
        # latent.space's Satya crossover: **swyx** text, the colon forgotten, for a name the document knows.
        "bold-name",
        "**Ana:** Hi.\n\n**Bo:** Hello.\n\n**Ana** So.\n\n**Bo:** Yes.\n\n**Ana:** Bye.\n\n**Cy** is bold prose.\n",
        [
            ("Ana", None, "Hi."),
            ("Bo", None, "Hello."),
            ("Ana", None, "So."),
            ("Bo", None, "Yes."),
            ("Ana", None, "Bye.\n\n**Cy** is bold prose."),
        ],
    ),
    (
        # ergo call notes.
        "bracket-time-bold-name",
        "[01:02] **Ana**: Hi.\n\n[01:05] **R&D**: Hello.\n",
        [("Ana", 62.0, "Hi."), ("R&D", 65.0, "Hello.")],
    ),
    (
        # Oxide and Friends.
        "bracket-name-bracket-time",
        "[Ana] [01:02] Hi.\n[Dr. O'Neil] [01:05] Hello.\n",
        [("Ana", 62.0, "Hi."), ("Dr. O'Neil", 65.0, "Hello.")],
    ),
    (
        # Whisper segments (oxide's older files): a line that does not end a sentence goes on.
        "segment-time-text",
        "[0.00 --> 1.76]  Thanks for the segue.\n[2.22 --> 4.80]  So we were chatting\n[4.92 --> 6.42]  this morning.\n",
        [(None, 0.0, "Thanks for the segue."), (None, 2.22, "So we were chatting\nthis morning.")],
    ),
    (
        "bracket-time-text",
        "[00:01:02] Welcome back.\n\n[00:01:09] Today we talk about tests.\n",
        [(None, 62.0, "Welcome back."), (None, 69.0, "Today we talk about tests.")],
    ),
    (
        # talkpython: a line that does not end a sentence goes on with the turn.
        "time-text",
        "00:00:00 Welcome to the show.\n\n00:00:05 Today we talk with\n\n00:00:08 a guest.\n",
        [(None, 0.0, "Welcome to the show."), (None, 5.0, "Today we talk with\na guest.")],
    ),
    (
        # Lenny's Podcast: a bare (00:00:30): goes on with the same speaker, as a new timed turn.
        "name-paren-time-line",
        "Ana (00:00:02):\nHi.\n\n(00:00:30):\nMore.\n\nBo (00:00:40):\nHello.\n",
        [("Ana", 2.0, "Hi."), ("Ana", 30.0, "More."), ("Bo", 40.0, "Hello.")],
    ),
    (
        "name-paren-time",
        "Ana (01:02): Hi.\n\nBo (01:05): Hello.\n\nAna (01:09): Bye.\n\nBo (01:12): See you.\n",
        [("Ana", 62.0, "Hi."), ("Bo", 65.0, "Hello."), ("Ana", 69.0, "Bye."), ("Bo", 72.0, "See you.")],
    ),
    (
        # Bitcoin transcripts (tstbtc).
        "name-colon-time-line",
        "Ana: 00:01:02\n\nHi.\n\n김철수: 00:01:05\n\nHello.\n",
        [("Ana", 62.0, "Hi."), ("김철수", 65.0, "Hello.")],
    ),
    (
        # ladybug (Otter.ai): two spaces, or one where hand-edited.
        "name-time-line",
        "Ana  1:02\nHi.\n\nBo 1:05\nHello.\n\nAna  1:09\nBye.\n\nBo 1:12\nSee you.\n",
        [("Ana", 62.0, "Hi."), ("Bo", 65.0, "Hello."), ("Ana", 69.0, "Bye."), ("Bo", 72.0, "See you.")],
    ),
    (
        # bitcoin's chaincode podcast: plain names, no times.
        "name-colon",
        "Ana: Welcome.\n\nDr. O'Neil: Thanks.\n\nAna: So.\n\nDr. O'Neil: Yes.\n",
        [
            ("Ana", None, "Welcome."),
            ("Dr. O'Neil", None, "Thanks."),
            ("Ana", None, "So."),
            ("Dr. O'Neil", None, "Yes."),
        ],
    ),
]


def test_every_layout_has_a_case() -> None:
    assert {c[0] for c in CASES} | {"paren-time-line"} == {layout.name for layout in TURN_LAYOUTS}


@pytest.mark.parametrize(("layout", "document", "expected"), CASES, ids=[c[0] for c in CASES])
def test_layout_end_to_end(layout: str, document: str, expected: list[tuple[str | None, float | None, str]]) -> None:
    episode = parse(document)
    assert [(t.speaker, t.start, t.text) for t in episode.turns] == expected
    # bold-name is never a document's layout on its own: it is read beside bold-name-colon.
    assert episode.layout.turns[0] == layout or (layout == "bold-name" and layout in episode.layout.turns)
    assert [d.code for d in episode.diagnostics] == []
    named = [t.speaker for t in episode.turns if t.speaker is not None]
    assert [s.name for s in episode.speakers] == list(dict.fromkeys(named))


def test_dash_marks_a_speaker_change_where_the_document_uses_them() -> None:
    # talkpython's YouTube files: "- " after the time marks a new speaker; a line without it goes on.
    text = "00:00:00 - Hello, everyone.\n\n00:00:04 Welcome.\n\n00:00:05 - Hi.\n\n00:00:06 - Thanks.\n\n00:00:08 Glad to be here.\n"
    episode = parse(text)
    assert [(t.start, t.text) for t in episode.turns] == [
        (0.0, "Hello, everyone.\nWelcome."),
        (5.0, "Hi."),
        (6.0, "Thanks.\nGlad to be here."),
    ]


def test_two_unnamed_turns_are_not_the_same_speaker() -> None:
    text = "[00:00:01] One sentence.\n\n[00:00:04] Another one.\n"
    episode = parse(text)
    assert len(episode.turns) == 2 and episode.speakers == ()
    assert episode.diagnostics == ()


def test_a_note_line_in_show_notes_is_not_a_turn() -> None:
    text = "# Episode 12\n\nNote: the audio drops at the end.\n\nLinks: see below.\n\nThanks for listening.\n"
    episode = parse(text)
    assert episode.turns == ()
    assert [d.code for d in episode.diagnostics] == ["DOC006"]


def test_untimed_names_need_to_recur() -> None:
    # "Part 2: <link>" above a transcript is not a speaker: its name comes once.
    text = "Part 2: <https://example.com>\n\nAna: Hi.\n\nBo: Hello.\n\nAna: Bye.\n\nBo: See you.\n"
    episode = parse(text)
    assert [t.speaker for t in episode.turns] == ["Ana", "Bo", "Ana", "Bo"]


def test_a_chapter_list_is_not_a_nameless_transcript() -> None:
    text = "00:00 Intro\n02:10 The first topic\n15:40 Questions from listeners\n31:05 Wrap-up\n"
    episode = parse(text)
    assert episode.turns == ()
    assert len(episode.chapters) == 4


def test_time_before_bold_name_is_not_a_chapter_list() -> None:
    # ergo 20240702: [46:53] **Name**: text lines, short ones included.
    text = "[46:53] **Ana**: Yes\n[46:55] **Bo**: No\n[47:01] **Ana**: Maybe\n"
    episode = parse(text)
    assert [t.speaker for t in episode.turns] == ["Ana", "Bo", "Ana"]
    assert episode.chapters == ()


def test_the_document_is_read_in_one_layout_and_others_are_reported() -> None:
    text = "**A [00:00:01]**: Hi.\n\n**B [00:00:03]**: Hello.\n\n**A [00:00:05]**: So.\n\n[00:00:07] **B**: Bye.\n"
    episode = parse(text)
    assert [t.timestamp for t in episode.turns] == ["00:00:01", "00:00:03", "00:00:05"]
    assert episode.turns[-1].text == "So.\n\n[00:00:07] **B**: Bye."  # the text is kept
    [d] = [d for d in episode.diagnostics if d.code == "TR008"]
    assert d.span.line == 7 and "bracket-time-bold-name" in d.message and "bold-name-bracket-time" in d.message


def test_untimed_header_after_timed_turns_without_a_heading() -> None:
    # Issue 10: TR006's own bad example gave one turn and no finding.
    episode = parse("**A [00:00:01]**: Hi.\n\n**B:** Hello.\n")
    assert [(t.speaker, t.text) for t in episode.turns] == [("A", "Hi."), ("B", "Hello.")]
    assert [d.code for d in episode.diagnostics] == ["TR006"]


@pytest.mark.parametrize("stamp", ["00;12;01", "0O:12:01", ":12:01", "00::01", "٠٠:١٢:٠١"])
def test_garbled_stamp_keeps_the_header(stamp: str) -> None:
    text = f"**A [00:11:00]**: One.\n\n**B [{stamp}]**: Two.\n\n**A [00:13:00]**: Three.\n"
    episode = parse(text)
    assert [(t.speaker, t.text) for t in episode.turns] == [("A", "One."), ("B", "Two."), ("A", "Three.")]
    assert [t.start for t in episode.turns] == [660.0, None, 780.0]
    [d] = episode.diagnostics
    assert (d.code, d.span.line, d.span.column) == ("TS001", 3, 6)
    assert text[d.span.start : d.span.end] == stamp
    assert d.suggestion == {"00;12;01": "00:12:01", "0O:12:01": "00:12:01", "٠٠:١٢:٠١": "00:12:01"}.get(stamp)


@needs_corpus
def test_a_garbled_stamp_in_any_reference_header_leaves_every_turn(reference_text: str) -> None:
    # Issue 10's done-when: 182 turns with their speakers, one TS001, nothing else new.
    clean = parse(reference_text)
    headers = list(re.finditer(r"^\*\*[^*\n]{1,80}\[(\d\d:\d\d:\d\d)\]", reference_text, re.MULTILINE))
    assert len(headers) == 182
    speakers = [t.speaker for t in clean.turns]
    base = sorted((d.code, d.span.line) for d in clean.diagnostics if d.code != "TS002")
    for k, m in enumerate(headers[::7]):
        garbled = ["00;12;01", "0O:12:01", ":12:01"][k % 3]
        text = reference_text[: m.start(1)] + garbled + reference_text[m.end(1) :]
        episode = parse(text)
        assert [t.speaker for t in episode.turns] == speakers
        new = sorted((d.code, d.span.line) for d in episode.diagnostics if d.code != "TS002")
        line = reference_text.count("\n", 0, m.start()) + 1
        assert new == sorted([*base, ("TS001", line)])


def test_doc006_names_the_closest_layout_for_timed_lines() -> None:
    [d] = parse("Ana (01:02): Hi.\n").diagnostics
    assert d.code == "DOC006" and "name-paren-time" in d.message
    [d] = parse("Host: Welcome.\n").diagnostics  # no times: the catalogue's summary
    assert d.code == "DOC006" and "closest" not in d.message


def test_a_paragraph_in_another_layout_is_reported_not_read() -> None:
    text = "[00:00:01] **A**: Hi.\n\n[00:00:03] **B**: Hello.\n\n**C [00:00:05]**: Bye.\n"
    episode = parse(text)
    assert [t.speaker for t in episode.turns] == ["A", "B"]
    [d] = [d for d in episode.diagnostics if d.code == "TR008"]
    assert d.span.line == 5


def test_render_writes_nameless_turns_that_read_back() -> None:
    episode = parse("00:00:01 Hello there.\n\n00:00:04 - And welcome back.\n\n00:00:09 - Thanks!\n")
    again = parse(render(episode))
    assert [(t.speaker, t.start, t.text) for t in again.turns] == [(t.speaker, t.start, t.text) for t in episode.turns]
    assert again.layout.turns == ("bracket-time-text",)


def test_repeated_bold_labels_in_notes_do_not_outvote_timed_turns() -> None:
    # Found by the merged-turns property: four "**Label**:" claims in two notes
    # sections outnumbered three timed turns and took the document's layout.
    notes = "# Notes\n\n**Big idea**: one.\n\n**Small idea**: two.\n\n# More\n\n**Big idea**: three.\n\n**Small idea**: four.\n"
    turns = "\n# Talk\n\n**A [00:00:01]**: Hi.\n\n**B [00:00:03]**: Hello.\n\n**A [00:00:05]**: Bye.\n"
    episode = parse(notes + turns)
    assert [t.speaker for t in episode.turns] == ["A", "B", "A"]
    assert [c.text for c in episode.claims] == ["Big idea", "Small idea", "Big idea", "Small idea"]

"""Turn headers: the layouts, continuation paragraphs, merged headers, stray text."""

from __future__ import annotations

import pytest

from episode_parse import parse


@pytest.mark.parametrize(
    "header",
    [
        "**Swyx [00:00:10]**: ",  # reference layout
        "**Swyx [00:00:10]:** ",  # colon inside the bold (gray-swan)
        "**Swyx [00:00:10]** : ",  # space before the colon
        "**Swyx (00:00:10):** ",  # lexfridman.com layout
    ],
)
def test_header_layouts(header: str) -> None:
    episode = parse(f"{header}Hello there.\n\n**Matt [00:00:12]**: Hi.\n")
    assert [(t.speaker, t.start, t.text) for t in episode.turns] == [
        ("Swyx", 10.0, "Hello there."),
        ("Matt", 12.0, "Hi."),
    ]


def test_continuation_paragraphs_belong_to_the_turn() -> None:
    text = "**A [00:00:01]**: One.\nStill one.\n\nTwo.\n\n\n   Three.\n\n**B [00:00:09]**: Next.\n"
    episode = parse(text)
    assert episode.turns[0].text == "One.\nStill one.\n\nTwo.\n\nThree."
    assert (episode.turns[0].span.line, episode.turns[0].span.end_line) == (1, 7)


def test_heading_ends_a_turn_and_text_after_it_is_reported() -> None:
    text = "## T\n\n**A [00:00:01]**: One.\n\n**B [00:00:02]**: Two.\n\n## Part 2\n\nWho says this?\n\n**A [00:00:05]**: Three.\n"
    episode = parse(text)
    assert [t.text for t in episode.turns] == ["One.", "Two.", "Three."]
    assert [t.section for t in episode.turns] == [0, 0, 1]
    [d] = episode.diagnostics
    assert (d.code, d.span.line, d.span.end_line) == ("TR007", 9, 9)


def test_headers_merged_into_one_paragraph_are_split() -> None:
    text = "**A [00:00:01]**: Hi.\n**B [00:00:03]**: Hello.\n"
    episode = parse(text)
    assert [(t.speaker, t.text) for t in episode.turns] == [("A", "Hi."), ("B", "Hello.")]
    [d] = episode.diagnostics
    assert (d.code, d.span.line, d.span.column) == ("TR001", 2, 1)


def test_headers_merged_on_one_line_are_split() -> None:
    text = "**A [00:00:01]**: Hi. **B [00:00:03]**: Hello. **A [00:00:04]:** Bye.\n"
    episode = parse(text)
    assert [(t.speaker, t.start, t.text) for t in episode.turns] == [
        ("A", 1.0, "Hi."),
        ("B", 3.0, "Hello."),
        ("A", 4.0, "Bye."),
    ]
    assert [(d.code, d.span.column) for d in episode.diagnostics] == [("TR001", 23), ("TR001", 48)]


def test_untimed_header_among_timed_ones_is_a_turn_without_start() -> None:
    text = "**A [00:00:01]**: Hi.\n\n**B [00:00:03]**: Hello.\n\n**A:** Where is my timestamp?\n"
    episode = parse(text)
    assert [(t.speaker, t.start) for t in episode.turns] == [("A", 1.0), ("B", 3.0), ("A", None)]
    assert [d.code for d in episode.diagnostics] == ["TR006"]


def test_untimed_transcript_is_recognised_by_repeated_names() -> None:
    text = "## T\n\n**Sarah:** Welcome.\n\n**Satya:** Thanks.\n\n**Sarah:** So.\n\n**Satya:** Yes.\n"
    episode = parse(text)
    assert [t.speaker for t in episode.turns] == ["Sarah", "Satya", "Sarah", "Satya"]
    assert episode.sections[0].role == "transcript"


def test_bold_labels_in_notes_are_not_turns() -> None:
    text = "## N\n\n**Website:** example.org\n\n**Twitter:** @someone\n\n**Email:** a@b.c\n"
    episode = parse(text)
    assert episode.turns == ()
    assert episode.sections[0].role == "notes"


def test_turn_header_inside_a_fence_is_not_a_turn() -> None:
    episode = parse("```\n**A [00:00:01]**: not a turn\n```\n")
    assert episode.turns == ()
    assert episode.sections[0].role == "other"


def test_split_mid_sentence_excerpts_cut_at_word_boundaries() -> None:
    text = (
        "**A [00:01:00]**: We were talking about the questions that researchers keep asking about\n\n"
        "**B [00:01:06]**: alignment and whether reasoning models could help us get there faster.\n"
    )
    [d] = parse(text).diagnostics
    assert d.code == "TR004"
    # 30 characters either side, widened or narrowed to whole words, marked where cut.
    assert "('…researchers keep asking about')" in d.message
    assert "('alignment and whether…')" in d.message
    short = parse("**A [00:01:00]**: tell me about\n\n**B [00:01:06]**: alignment.\n").diagnostics[0]
    assert "('tell me about')" in short.message and "('alignment.')" in short.message

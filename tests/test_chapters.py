"""Chapter lists: every chapter layout end to end, titles, links, and what is not a chapter list.

Also ``Episode.layout``: which turn and chapter layouts a document was read in.
"""

from __future__ import annotations

import pytest

from episode_parse import Episode, parse
from episode_parse.cli import main
from episode_parse.layouts import CHAPTER_LAYOUTS, TURN_LAYOUTS, ChapterLayout
from episode_parse.records import Layout
from tests.conftest import REFERENCE, needs_corpus

# (layout, document, [(timestamp, start, title, url)]): each written as it is seen in the wild.
CASES = [
    pytest.param(
        "time-title",
        "## Timestamps\n\n00:00 Intro\n04:12 Pop Motion Pose\n1:02:03 Scaling laws\n",
        [
            ("00:00", 0.0, "Intro", None),
            ("04:12", 252.0, "Pop Motion Pose", None),
            ("1:02:03", 3723.0, "Scaling laws", None),
        ],
        id="time-title",
    ),
    pytest.param(
        "time-title",  # hour-first, single-digit hour (dwarkesh): 0:00:00 Title
        "0:00:00 The secret sauce\n0:22:20 What the genome encodes\n",
        [("0:00:00", 0.0, "The secret sauce", None), ("0:22:20", 1340.0, "What the genome encodes", None)],
        id="time-title-h-mm-ss",
    ),
    pytest.param(
        "time-title",  # separators: hyphen, en dash, em dash, double hyphen
        "00:00 - Intro\n00:54 \u2013 Eric's intro\n02:50 \u2014 Importance\n07:26 -- Eric's take\n",
        [
            ("00:00", 0.0, "Intro", None),
            ("00:54", 54.0, "Eric's intro", None),
            ("02:50", 170.0, "Importance", None),
            ("07:26", 446.0, "Eric's take", None),
        ],
        id="time-title-separators",
    ),
    pytest.param(
        "bold-time-title",
        "**00:40** - How we got started\n\n**03:55** - Ali's story\n\n* **[01:00:06]** Serverless\n",
        [
            ("00:40", 40.0, "How we got started", None),
            ("03:55", 235.0, "Ali's story", None),
            ("01:00:06", 3606.0, "Serverless", None),
        ],
        id="bold-time-title",
    ),
    pytest.param(
        "bold-linked-time-title",
        "### Show Notes\n\n* **[02:21](#t=02:21)** Wes highlights\n* **[05:33](#t=05:33)** Scott's highlights\n",
        [("02:21", 141.0, "Wes highlights", "#t=02:21"), ("05:33", 333.0, "Scott's highlights", "#t=05:33")],
        id="bold-linked-time-title",
    ),
    pytest.param(
        "linked-time-title",
        "[00:00](https://youtu.be/x?t=0) Intro\n[04:12](https://youtu.be/x?t=252) Pop Motion Pose\n",
        [
            ("00:00", 0.0, "Intro", "https://youtu.be/x?t=0"),
            ("04:12", 252.0, "Pop Motion Pose", "https://youtu.be/x?t=252"),
        ],
        id="linked-time-title",
    ),
    pytest.param(
        "bracket-time-title",
        "- [00:00] Intro\n- [01:00:06] Serverless\n",
        [("00:00", 0.0, "Intro", None), ("01:00:06", 3606.0, "Serverless", None)],
        id="bracket-time-title",
    ),
    pytest.param(
        "paren-time-title",
        "(00:00) Intro\n(00:54) Eric's intro and Daniel's background\n",
        [("00:00", 0.0, "Intro", None), ("00:54", 54.0, "Eric's intro and Daniel's background", None)],
        id="paren-time-title",
    ),
    pytest.param(
        "heading-time-title",
        "# Episode\n\n## 0:00 - Intro\n\nWelcome.\n\n## [12:30] Scaling **laws** ##\n\nMore.\n",
        [("0:00", 0.0, "Intro", None), ("12:30", 750.0, "Scaling laws", None)],
        id="heading-time-title",
    ),
]


@pytest.mark.parametrize(("layout", "text", "expected"), CASES)
def test_chapter_layout(layout: str, text: str, expected: list[tuple[str, float, str, str | None]]) -> None:
    episode = parse(text)
    assert [(c.timestamp, c.start, c.title, c.url) for c in episode.chapters] == expected
    assert episode.layout.chapters == (layout,)
    assert [d.code for d in episode.diagnostics if d.code.startswith(("TS", "NT"))] == []


def test_every_chapter_layout_has_an_end_to_end_case() -> None:
    assert {row.name for row in CHAPTER_LAYOUTS} == {case.values[0] for case in CASES}
    assert len({row.name for row in CHAPTER_LAYOUTS}) == len(CHAPTER_LAYOUTS)


@pytest.mark.parametrize("row", CHAPTER_LAYOUTS, ids=[row.name for row in CHAPTER_LAYOUTS])
def test_every_layout_example_reads_in_its_layout(row: ChapterLayout) -> None:
    # What `episode-parse rules --layouts` shows must read as it says; two lines
    # make a list (one timed heading alone is a heading like any other).
    second = row.example.replace("1:02:03", "1:09:00") if row.name == "heading-time-title" else "59:00 Closing"
    episode = parse(f"{row.example}\n\n{second}\n")
    assert (episode.chapters[0].span.line, episode.layout.chapters[0]) == (1, row.name)


# titles and links -----------------------------------------------------------------


def test_titles_keep_no_link_or_bold_markup_and_the_first_link_is_kept() -> None:
    text = (
        "4:57 - [Pop Motion Pose](https://popmotion.io/pose)\n"
        "8:44 - **Intersection** Observer\n"
        "* **[01:18](#t=01:18)** Brought to you by [Sentry.io](https://sentry.io/syntax).\n"
        "12:56 ![logo](https://x.org/l.png) Resize and [A](https://a.org) [B](https://b.org)\n"
    )
    episode = parse(text)
    assert [(c.title, c.url) for c in episode.chapters] == [
        ("Pop Motion Pose", "https://popmotion.io/pose"),
        ("Intersection Observer", None),
        ("Brought to you by Sentry.io.", "#t=01:18"),  # the time's link comes first
        ("logo Resize and A B", "https://a.org"),  # an image is not the chapter's link
    ]
    assert episode.layout.chapters == ("time-title", "bold-linked-time-title")


def test_a_chapter_url_survives_json_and_render() -> None:
    from episode_parse import render

    episode = parse("[00:00](https://youtu.be/x?t=0) Intro\n[04:12](https://youtu.be/x?t=252) Pose\n")
    assert Episode.from_json(episode.to_json()) == episode
    again = parse(render(episode))
    assert [(c.title, c.url) for c in again.chapters] == [(c.title, c.url) for c in episode.chapters]


def test_a_blank_inside_a_chapter_time_is_a_malformed_chapter() -> None:
    # syntax.fm show 46: "10: 32 - [MDX](...)" among "MM:SS - Title" lines.
    episode = parse("8:44 - Intersection Observer\n\n10: 32 - [MDX](https://github.com/mdx-js/mdx)\n")
    assert [(c.timestamp, c.start, c.title) for c in episode.chapters] == [
        ("8:44", 524.0, "Intersection Observer"),
        ("10: 32", None, "MDX"),
    ]
    [d] = [d for d in episode.diagnostics if d.code == "TS001"]
    assert (d.span.line, d.span.column, d.suggestion) == (3, 1, "10:32")


# lines under chapters, lists between them ------------------------------------------


def test_links_under_chapter_lines_are_notes_of_the_chapter_list() -> None:
    # syntax.fm show 418 / 806: link bullets in the list, and indented under a chapter.
    text = (
        "### Show Notes\n\n"
        "* **[17:18](#t=17:18)** Sveltekit\n"
        "* [Svelte](https://svelte.dev)\n"
        "* **[19:54](#t=19:54)** Remix\n"
        "  * [Remix](https://remix.run)\n"
        "  * [Astro](https://astro.build)\n"
        "* **[20:36](#t=20:36)** Astro\n"
    )
    episode = parse(text)
    assert [c.title for c in episode.chapters] == ["Sveltekit", "Remix", "Astro"]
    assert episode.sections[0].role == "chapters"
    assert episode.claims == () and episode.quotes == ()
    # Nothing is lost: the link lines are in the section, not in any chapter.
    assert [c.span.line for c in episode.chapters] == [3, 5, 8]


def test_a_chapter_list_runs_across_the_lists_between_its_lines() -> None:
    # syntax.fm show 46: each chapter line a paragraph, a bullet list under each.
    text = (
        "## Show Notes\n\n1:55 - Scott's new studio\n\n4:57 - Pop Motion Pose\n\n"
        "* New library for React\n* Define locations\n\n8:44 - Intersection Observer\n\n"
        "* Browser-based API\n\n## Picks\n\nA pick.\n"
    )
    episode = parse(text)
    assert [c.title for c in episode.chapters] == ["Scott's new studio", "Pop Motion Pose", "Intersection Observer"]
    assert [(s.title, s.role) for s in episode.sections] == [("Show Notes", "chapters"), ("Picks", "notes")]


def test_one_timed_bullet_among_bullets_is_not_a_chapter_list() -> None:
    episode = parse("## Schedule\n\n* Doors open early\n* 10:00 Keynote\n* Lunch\n\n## Next\n\nText.\n")
    assert episode.chapters == ()
    assert episode.sections[0].role == "notes"


def test_a_lone_chapter_line_alone_in_its_section_is_a_chapter() -> None:
    episode = parse("## Chapters\n\n00:00 The whole episode\n\n## Notes\n\nText.\n")
    assert [c.title for c in episode.chapters] == ["The whole episode"]


# headings --------------------------------------------------------------------------


def test_timed_headings_are_chapters_and_sections() -> None:
    text = "## 0:00 - Intro\n\n**A [00:00:01]**: Hi.\n\n## 1:02:03 - Scaling laws\n\n**B [01:02:04]**: Yes.\n\n## 1:10:00 End\n"
    episode = parse(text)
    assert [(c.timestamp, c.title, c.section) for c in episode.chapters] == [
        ("0:00", "Intro", 0),
        ("1:02:03", "Scaling laws", 1),
        ("1:10:00", "End", 2),
    ]
    assert [(s.title, s.role) for s in episode.sections] == [
        ("0:00 - Intro", "transcript"),
        ("1:02:03 - Scaling laws", "transcript"),
        ("1:10:00 End", "chapters"),
    ]
    assert [(t.speaker, t.chapter, t.section) for t in episode.turns] == [("A", 0, 0), ("B", 1, 1)]
    # The last heading holds nothing but is a chapter: not an empty section (NT004).
    assert "NT004" not in [d.code for d in episode.diagnostics]
    assert "NT004" in [d.code for d in parse(text.replace("1:10:00 End", "The end")).diagnostics]


def test_one_timed_heading_is_a_heading_like_any_other() -> None:
    episode = parse("## 10:00 Keynote\n\nText.\n\n## Lunch\n\nMore.\n")
    assert episode.chapters == ()
    assert [s.title for s in episode.sections] == ["10:00 Keynote", "Lunch"]


# timed transcript lines are not chapter lists -----------------------------------


def test_timed_lines_seconds_apart_are_not_a_chapter_list() -> None:
    # talkpython .txt: every line "HH:MM:SS text", a few seconds apart.
    text = "\n\n".join(f"00:00:{5 * k:02d} Words said at {5 * k} seconds." for k in range(12))
    assert parse(text).chapters == ()


def test_timed_lines_between_turns_are_transcript_text() -> None:
    text = (
        "**Ana [00:00:01]**: Hi.\n\n00:00:30 a line the transcriber timed\n01:00 another one\n\n"
        "**Bo [00:02:00]**: Yes.\n"
    )
    episode = parse(text)
    assert episode.chapters == ()
    assert episode.turns[0].text == "Hi.\n\n00:00:30 a line the transcriber timed\n01:00 another one"
    # Also with a list after them: the turn after the list decides.
    listed = parse(text.replace("another one\n\n", "another one\n\n- and a point\n\n"))
    assert listed.chapters == () and listed.turns[0].text.endswith("another one\n\n- and a point")


def test_bracket_time_and_bold_name_lines_are_not_chapters() -> None:
    # ergo call notes, "[46:53] **Name**: text", where a name is not one a turn layout reads.
    lines = [f"[{m:02d}:10] **{name}**: Something said at minute {m}." for m, name in enumerate(["q()", "r()"] * 3)]
    assert parse("\n\n".join(lines)).chapters == ()


def test_a_continuation_header_is_not_a_paren_chapter() -> None:
    # lenny: "(00:28):" alone on a line continues the speaker; it is no "(00:28) Title" chapter.
    text = "Lenny (00:00:01):\nHi.\n\n(00:28):\nMore.\n\n(01:00):\nAnd more.\n"
    assert parse(text).chapters == ()


# Episode.layout ---------------------------------------------------------------------


def test_layout_names_the_format_and_the_layouts_most_used_first() -> None:
    text = (
        "00:00 Intro\n01:00 Middle\n\n* **[02:00](#t=02:00)** End\n\n"
        "**Ana [00:00:01]**: Hi.\n\n**Bo (00:00:02):** Hello.\n\n**Ana [00:00:03]**: Bye.\n"
    )
    episode = parse(text)
    assert episode.layout == Layout(
        "markdown", ("bold-name-bracket-time", "bold-name-paren-time"), ("time-title", "bold-linked-time-title")
    )
    assert '"layout":{"format":"markdown"' in episode.to_json().decode()


def test_layout_of_a_document_without_turns_or_chapters() -> None:
    assert parse("Just a note.\n").layout == Layout("markdown", (), ())


@needs_corpus
def test_layout_of_the_reference_document() -> None:
    episode = parse(REFERENCE.read_text(encoding="utf-8"))
    assert episode.layout == Layout("markdown", ("bold-name-bracket-time",), ("time-title",))


# episode-parse rules --layouts ----------------------------------------------------------


def test_rules_layouts_lists_every_row_with_its_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--layouts"]) == 0
    out = capsys.readouterr().out.splitlines()
    rows = [(t.name, t.example) for t in TURN_LAYOUTS] + [(c.name, c.example) for c in CHAPTER_LAYOUTS]
    for name, example in rows:
        assert any(line.split()[:1] == [name] and line.endswith(f"  {example}") for line in out), name
    assert out.index("Chapter layouts (a line of a chapter list):") == len(TURN_LAYOUTS) + 1


def test_rules_layouts_takes_no_code_and_doc006_points_to_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--layouts", "DOC006"]) == 2
    assert "not both" in capsys.readouterr().err
    assert main(["rules", "DOC006"]) == 0
    assert "`episode-parse rules --layouts`" in capsys.readouterr().out.replace("\n", " ")

"""Section roles from shape, claims versus emphasis and labels, and quotes."""

from __future__ import annotations

import pytest

from episode_parse import parse

TURNS = "**A [00:00:01]**: Hi.\n\n**B [00:00:05]**: Hello.\n\n**A [00:00:09]**: Bye.\n"
CHAPTERS = "00:00 Intro\n05:00 Middle\n1:00:00 End\n"
NOTES = "**Claims can be bold**: and have a body.\n\nSome prose.\n"


@pytest.mark.parametrize(
    "titles",
    [
        ("Notes", "Chapters", "Transcript"),
        ("노트", "타임스탬프", "녹취록"),
        ("メモ", "チャプター", "文字起こし"),
        ("Transcript", "Notes", "Chapters"),  # misleading headings: the content decides
    ],
)
def test_section_roles_come_from_content_not_headings(titles: tuple[str, str, str]) -> None:
    text = f"## {titles[0]}\n\n{NOTES}\n## {titles[1]}\n\n{CHAPTERS}\n## {titles[2]}\n\n{TURNS}"
    episode = parse(text)
    assert [(s.title, s.role) for s in episode.sections] == [
        (titles[0], "notes"),
        (titles[1], "chapters"),
        (titles[2], "transcript"),
    ]


def test_empty_section_has_role_other() -> None:
    episode = parse("## Empty\n## Full\n\nprose\n")
    assert [s.role for s in episode.sections] == ["other", "notes"]


def test_chapter_list_layouts() -> None:
    text = "## T\n\n* **0:00** Intro\n\n* **4:52** Second – part\n\n**1:00:57** Third  \n01:02:00 - Fourth\n"
    episode = parse(text)
    assert [(c.start, c.title) for c in episode.chapters] == [
        (0.0, "Intro"),
        (292.0, "Second – part"),
        (3657.0, "Third"),
        (3720.0, "Fourth"),
    ]


def test_a_lone_timestamped_line_in_prose_is_not_a_chapter() -> None:
    episode = parse("## Notes\n\nWe met at\n\n10:30 coffee with friends\n\nand talked.\n")
    assert episode.chapters == ()


@pytest.mark.parametrize(
    ("paragraph", "claim"),
    [
        ("**Reasoning helps alignment**. Because.", ("Reasoning helps alignment", "Because.")),
        ("**Reasoning helps alignment**: because.", ("Reasoning helps alignment", "because.")),
        ("**It feels like AGI.**", ("It feels like AGI.", "")),
        ("**추론은 도움이 됩니다**. 그렇습니다.", ("추론은 도움이 됩니다", "그렇습니다.")),
    ],
)
def test_claims(paragraph: str, claim: tuple[str, str]) -> None:
    [got] = parse(f"## N\n\n{paragraph}\n").claims
    assert (got.text, got.body) == claim


@pytest.mark.parametrize(
    "paragraph",
    [
        "Most people know **less** than they think.",  # emphasis inside a sentence
        "**Bold words** that run on into the sentence.",  # emphasis at the start, no punctuation
        "**Side note**: the challenge launched later.",  # a label, not a claim
        "**사이드 노트**: 챌린지가 출시되었습니다.",
        "**We discuss:**",  # colon inside the bold: a lead-in label
        "**Gray Swan**",  # a bold line with no punctuation: a heading-like label
    ],
)
def test_not_claims(paragraph: str) -> None:
    assert parse(f"## N\n\n{paragraph}\n").claims == ()


def test_quotes_support_the_claim_before_them() -> None:
    text = (
        "## N\n\n"
        "“A quote before any claim.”\n\n"
        "**First claim**: body.\n\n"
        "“Supports the first.” — Ada Lovelace\n\n"
        '"Straight quotes work too."\n\n'
        "**Second claim**: “Inline after the lead.” More text.\n"
    )
    episode = parse(text)
    assert [(q.text, q.attribution, q.claim) for q in episode.quotes] == [
        ("A quote before any claim.", None, None),
        ("Supports the first.", "Ada Lovelace", 0),
        ("Straight quotes work too.", None, 0),
        ("Inline after the lead.", None, 1),
    ]
    assert [c.quotes for c in episode.claims] == [(1, 2), (3,)]


def test_multi_paragraph_quote_and_nested_marks() -> None:
    text = "## N\n\n“First paragraph with “nested” marks.\n\n“Second paragraph.” — Grace Hopper\n"
    [quote] = parse(text).quotes
    assert quote.text == "First paragraph with “nested” marks.\n\nSecond paragraph."
    assert quote.attribution == "Grace Hopper"
    assert (quote.span.line, quote.span.end_line) == (3, 5)


def test_inline_quote_needs_an_attribution() -> None:
    text = '## N\n\nHe called it "Thinking Fast and Slow" once. "It works." — 짐 팬(Jim Fan) said more.\n'
    [quote] = parse(text).quotes
    assert (quote.text, quote.attribution) == ("It works.", "짐 팬(Jim Fan)")


def test_question_and_answer_exchange_is_a_quote() -> None:
    text = "## N\n\n**Claim.**\n\nQ: Any tips?\nA: Use it daily.\n"
    episode = parse(text)
    [quote] = episode.quotes
    assert quote.text == "Q: Any tips?\nA: Use it daily."
    assert quote.claim == 0
    assert [d.code for d in episode.diagnostics if d.code.startswith("NT")] == []


def test_unclosed_and_unopened_quotes_are_reported() -> None:
    text = "## N\n\n“Never closed.\n\n**A claim**: stops the search.\n\nQ: Why?\nA: Because.” Then prose.\n"
    episode = parse(text)
    assert [q.text for q in episode.quotes] == ["Never closed.", "Q: Why?\nA: Because."]
    found = [(d.code, d.span.line, d.span.column) for d in episode.diagnostics if d.code.startswith("NT")]
    assert found == [("NT002", 3, 1), ("NT001", 8, 12)]

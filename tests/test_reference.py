"""Golden test on the reference document, checked against a reading of it.

Every turn and chapter is compared with an independent line scan of the
document (one simple regular expression per layout), and particular claims,
quotes and findings are the ones found by reading the document.
"""

from __future__ import annotations

import re

import pytest

from episode_parse import Episode, parse
from tests.conftest import REFERENCE, assert_valid_episode_json, needs_corpus

pytestmark = needs_corpus

TURN_LINE = re.compile(r"\*\*(\w+) \[(\d\d):(\d\d):(\d\d)\]\*\*: ")
CHAPTER_LINE = re.compile(r"(?:(\d):)?(\d\d):(\d\d) (.+)")
OUTLIER_LINE = 150
"""The line of the reference's one out-of-order stamp, found by reading it."""


@pytest.fixture(scope="module")
def episode() -> Episode:
    return parse(REFERENCE.read_text(encoding="utf-8"), name="reference")


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return REFERENCE.read_text(encoding="utf-8").split("\n")


def test_every_turn_with_speaker_time_and_line(episode: Episode, lines: list[str]) -> None:
    expected = []
    for number, line in enumerate(lines, 1):
        m = TURN_LINE.match(line)
        if m:
            h, mi, s = (int(x) for x in m.group(2, 3, 4))
            # Line 150, Noam [01:11:17] between 00:11:00 and 00:12:01, is the outlier (TS002): no start.
            start = None if number == OUTLIER_LINE else float(h * 3600 + mi * 60 + s)
            expected.append((m.group(1), start, number, line[m.end() :].strip()))
    got = [(t.speaker, t.start, t.span.line, t.text) for t in episode.turns]
    assert len(expected) == 182
    assert got == expected


def test_the_outlier_keeps_its_timestamp_and_harms_no_neighbour(episode: Episode, lines: list[str]) -> None:
    # Read by hand: turns 25 to 27 are swyx [00:11:00], Noam [01:11:17], swyx [00:12:01],
    # and chapter 4 (0-based) is "System 1 vs. System 2 in Visual Tasks" from 11:00 to 14:00.
    before, outlier, after = episode.turns[25:28]
    assert (outlier.span.line, outlier.timestamp, outlier.start) == (OUTLIER_LINE, "01:11:17", None)
    assert "[01:11:17]" in lines[OUTLIER_LINE - 1]
    assert (before.start, before.end) == (660.0, None)  # not 4277, the outlier's time
    assert outlier.end == after.start == 721.0
    assert before.chapter == outlier.chapter == after.chapter == 4
    assert episode.chapters[4].title.startswith("System 1 vs. System 2")


def test_derived_times_and_chapters_are_consistent(episode: Episode) -> None:
    for turn in episode.turns:
        assert turn.end is None or turn.start is None or turn.end >= turn.start
    chapters = [t.chapter for t in episode.turns if t.chapter is not None]
    assert chapters == sorted(chapters) and len(chapters) == 182
    for chapter in episode.chapters:
        assert chapter.end is None or chapter.start is None or chapter.end >= chapter.start


def test_turn_ends_are_next_starts(episode: Episode) -> None:
    turns = episode.turns
    assert [t.end for t in turns[:-1]] == [t.start for t in turns[1:]]
    assert sum(t.end is None for t in turns) == 2  # before the outlier, and the last
    assert turns[-1].end is None
    assert (turns[-1].speaker, turns[-1].timestamp) == ("Noam", "01:17:34")


def test_speakers(episode: Episode, lines: list[str]) -> None:
    names = [m.group(1) for line in lines if (m := TURN_LINE.match(line))]
    assert [s.name for s in episode.speakers] == ["Alessio", "swyx", "Noam"]
    for speaker in episode.speakers:
        assert speaker.turn_count == names.count(speaker.name)
        words = sum(len(t.text.split()) for t in episode.turns if t.speaker == speaker.name)
        assert speaker.word_count == words


def test_every_chapter_with_start_and_end(episode: Episode, lines: list[str]) -> None:
    start = lines.index("### 타임스탬프") + 2
    expected = []
    for number in range(start, start + 21):
        m = CHAPTER_LINE.fullmatch(lines[number])
        assert m, lines[number]
        h, mi, s = int(m.group(1) or 0), int(m.group(2)), int(m.group(3))
        expected.append((float(h * 3600 + mi * 60 + s), m.group(4), number + 1))
    got = [(c.start, c.title, c.span.line) for c in episode.chapters]
    assert got == expected
    assert [c.end for c in episode.chapters[:-1]] == [c.start for c in episode.chapters[1:]]
    # The last chapter (1:10:00) ends at the last turn, 01:17:34.
    assert episode.chapters[-1].end == 1 * 3600 + 17 * 60 + 34
    assert episode.chapters[0].title == "Intro – Diplomacy, Cicero & World Championship"


def test_turns_know_their_chapter(episode: Episode) -> None:
    chapters = episode.chapters
    for turn in episode.turns:
        if turn.span.line == OUTLIER_LINE:
            continue  # no start: its chapter is its neighbours' (test above)
        assert turn.chapter is not None and turn.start is not None
        chapter = chapters[turn.chapter]
        assert chapter.start is not None and chapter.start <= turn.start
        later = [c for c in chapters if c.start is not None and chapter.start < c.start <= turn.start]
        assert later == []


def test_sections_and_roles(episode: Episode) -> None:
    got = [(s.level, s.role, s.title) for s in episode.sections]
    assert got == [
        (0, "notes", ""),
        (3, "notes", "AI 윤리 및 거버넌스에 대하여"),
        (3, "notes", "AI의 지속가능성과 사회적 책임"),
        (3, "notes", "다중 에이전트(Multi-Agents)와 협력적 지능"),
        (3, "notes", "비터 레슨(Bitter Lesson)과 AI의 새로운 학습 방식"),
        (3, "notes", "AI와 창의성, 그리고 미래의 역할"),
        (3, "chapters", "타임스탬프"),
        (3, "transcript", "녹취록"),
    ]


def test_claims(episode: Episode) -> None:
    claims = episode.claims
    assert len(claims) == 10
    assert claims[0].text == "AI 윤리는 창발적(emergent)입니다"
    assert claims[0].body.startswith("기술 발전의 속도가 빨라지면서")
    assert claims[1].text == "추론은 얼라인먼트(alignment)에 도움이 됩니다"
    # Punctuation inside the bold stays in the claim; no body follows it.
    assert (claims[5].text, claims[5].body) == ("추론 + Windsurf = AGI를 느끼다.", "")
    assert [c.span.line for c in claims] == [5, 15, 19, 23, 27, 31, 38, 52, 54, 56]
    texts = [c.text for c in claims]
    # "**사이드 노트**:" is a side-note label, "**덜**" and "**둘 다 확장해야 합니다**" are emphasis.
    assert not any(t.startswith(("사이드 노트", "덜", "둘 다")) for t in texts)


def test_quotes(episode: Episode) -> None:
    quotes = episode.quotes
    assert len(quotes) == 14
    jim = quotes[0]
    assert jim.attribution == "짐 팬(Jim Fan)"
    assert jim.text.startswith("이것은 2022년의 오리지널 친칠라 스케일링 법칙")
    assert (jim.section, jim.claim) == (0, None)
    # The Q:/A: exchange of the Windsurf claim has no opening mark (reported as NT001).
    windsurf = quotes[7]
    assert windsurf.text.startswith("Q: Windsurf에 몰두해 보셨으니")
    assert "\nA: 제가 놀란 것 중 하나는" in windsurf.text
    assert windsurf.claim == 5
    # The self-play exchange spans two paragraphs.
    selfplay = quotes[12]
    assert (selfplay.span.line, selfplay.span.end_line) == (58, 60)
    assert "\n\nA: 네, 이것은 훌륭한 질문입니다." in selfplay.text
    assert selfplay.claim == 9
    # Quotes in sections without a claim support none.
    assert [q.claim for q in quotes if q.section in (3, 5)] == [None, None]
    for k, claim in enumerate(episode.claims):
        assert all(quotes[i].claim == k for i in claim.quotes)
    assert sorted(i for c in episode.claims for i in c.quotes) == [
        i for i, q in enumerate(quotes) if q.claim is not None
    ]


def test_findings_by_reading(episode: Episode) -> None:
    got = [(d.code, d.span.line, d.span.column, d.suggestion) for d in episode.diagnostics]
    assert got == [
        ("NT001", 34, 367, None),  # "놀랄 것입니다.”" closes a quote never opened
        ("TS002", 150, 9, "00:11:17"),  # Noam [01:11:17] between 00:11:00 and 00:12:01
        ("TR004", 348, 1, None),  # Noam [01:01:06] "that people should ..." continues Alessio's question
    ]


def test_json_validates_and_round_trips(episode: Episode) -> None:
    data = episode.to_json()
    value = assert_valid_episode_json(data)
    assert len(value["turns"]) == 182
    assert Episode.from_json(data) == episode

"""render writes the reference layout; parsing it gives the same records back."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from episode_parse import Episode, parse, parse_file, render
from tests.conftest import ROOT

DOCUMENTS = {
    "example": (ROOT / "examples" / "episode.md").read_text(encoding="utf-8"),
    "messy": (
        "Intro prose. “Short.” — Someone (Host)\n\n"
        "## 메모\n\n**주장입니다**: 본문.\n\n“인용문.\n\n두 번째 문단.”\n\n"
        "## Times\n\n0:00 Start\n10:00 Middle\n1:02:03 End\n\n"
        "## Talk\n\n**Ana María [00:00:01]**: Hola.\n\nSegundo párrafo.\n\n"
        "**J. R. [00:00:61]**: bad time.\n\n**Ana María [01:00:00]**:\n"
    ),
}


def content(episode: Episode) -> dict[str, Any]:
    """Every field except spans and the source: what a document says, not where."""

    def strip(record: Any) -> Any:
        return {k: v for k, v in attrs.asdict(record, recurse=False).items() if k != "span"}

    return {
        "sections": [strip(s) for s in episode.sections],
        "claims": [strip(c) for c in episode.claims],
        "quotes": [strip(q) for q in episode.quotes],
        "chapters": [strip(c) for c in episode.chapters],
        "turns": [strip(t) for t in episode.turns],
        "speakers": [strip(s) for s in episode.speakers],
        "diagnostics": sorted((d.code, d.message) for d in episode.diagnostics),
    }


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_parse_render_round_trip(name: str) -> None:
    episode = parse(DOCUMENTS[name])
    assert episode.turns and episode.chapters and episode.claims and episode.quotes
    again = parse(render(episode))
    assert content(again) == content(episode)
    assert render(again) == render(episode)


def test_render_writes_the_reference_layout() -> None:
    text = render(parse_file(ROOT / "examples" / "episode.md"))
    assert "\n\n**Maren [00:00:02]**: Welcome to Tidewater Radio." in text
    assert "\n\n### Chapters\n\n00:00 Welcome and introductions\n03:10 What automation changed\n" in text
    assert "**Fresnel lenses outlive their lamps.** The glass from 1870" in text
    assert "” — Ines Okafor" in text
    assert text.endswith("someone will always have to climb the stairs.\n")


def test_empty_episode_renders_empty() -> None:
    assert render(parse("")) == ""


@pytest.mark.parametrize(
    "text",
    [
        # Found by fuzzing: parse(render(e)) read these back as other records.
        "A" * 80 + ": 0:01",  # the longest name: no room for a space before [time]
        "[" + "A" * 80 + "] [0:01] hi",
        "**Standup [09:30]**! Everyone joins.",  # a claim that "**...**:" would make a turn
    ],
)
def test_render_keeps_records_that_look_like_other_markup(text: str) -> None:
    episode = parse(text)
    assert content(parse(render(episode))) == content(episode)

"""The shared corpus: real documents parse without an exception and give valid JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from episode_parse import Episode, parse_file
from tests.conftest import CORPUS, assert_valid_episode_json, corpus_files, needs_corpus

pytestmark = needs_corpus


def _id(path: Path) -> str:
    return str(path.relative_to(CORPUS))


LATENT_SPACE = sorted((CORPUS / "latentspace").glob("*")) if CORPUS.is_dir() else []


@pytest.mark.parametrize("path", LATENT_SPACE, ids=_id)
def test_latent_space_documents(path: Path) -> None:
    episode = parse_file(path)
    value = assert_valid_episode_json(episode.to_json())
    assert Episode.from_json(episode.to_json()) == episode
    assert value["source"]["byte_count"] == path.stat().st_size


def test_latent_space_layouts_are_recognised() -> None:
    gray = parse_file(CORPUS / "latentspace" / "gray-swan.md")
    # **Swyx [00:00:00]:** turns (colon inside the bold), **00:00:00** chapter lines.
    assert [t.speaker for t in gray.turns[:3]] == ["Swyx", "Zico", "Matt"]
    assert len(gray.turns) == 9 and len(gray.chapters) == 17
    assert gray.turns[-1].text == ""  # the truncated last turn
    axiom = parse_file(CORPUS / "latentspace" / "axiom-timestamps__excerpt.md")
    assert [c.timestamp for c in axiom.chapters[:3]] == ["0:00", "4:52", "13:42"]
    assert axiom.chapters[-1].timestamp == "1:35:02"
    satya = parse_file(CORPUS / "latentspace" / "satya-crossover__excerpt.md")
    assert satya.turns[0].speaker == "Voiceover" and satya.turns[0].start is None


@pytest.mark.parametrize("path", corpus_files(), ids=_id)
def test_every_corpus_file_parses_to_valid_json(path: Path) -> None:
    episode = parse_file(path)
    assert_valid_episode_json(episode.to_json())
    text = path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
    assert episode.source.span.end == len(text)

"""Code written for speed or memory gives exactly what the plain code it replaces gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from episode_parse import link
from episode_parse.link import word_count

# Every kind of whitespace str.split() knows, mixed with words, so that runs
# of spaces, lone spaces and chunk edges all occur.
_SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
texts = st.lists(st.one_of(st.sampled_from(_SPACES), st.text(min_size=1, max_size=5)), max_size=60).map("".join)


@given(texts, st.integers(min_value=1, max_value=8))
def test_word_count_is_len_of_split(text: str, chunk: int) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(link, "WORD_COUNT_CHUNK", chunk)  # small chunks: many cuts in a short text
        assert word_count(text) == len(text.split())


ascii_texts = st.text(alphabet=st.characters(max_codepoint=127), max_size=80)


@given(ascii_texts)
def test_word_count_of_ascii_text_is_len_of_split(text: str) -> None:
    # ASCII text takes the byte-marking path: every ASCII whitespace
    # character, leading and trailing runs, and empty text included.
    assert word_count(text) == len(text.split())


@pytest.mark.parametrize("text", ["", " ", "w", " w ", "a\x1cb", "a\x1fb\x7fc", "\t\n a \r\n\x0b\x0c b  "])
def test_word_count_at_the_edges_of_ascii(text: str) -> None:
    assert text.isascii()
    assert word_count(text) == len(text.split())


def test_word_count_of_a_long_turn() -> None:
    text = "word  " * 5000 + "end\n" + " x" * 3000
    assert word_count(text) == len(text.split()) == 8001

"""Write an Episode back as a document in the reference layout.

``parse(render(e))`` gives back the records of ``e`` (spans aside): section
headings, claims with their bodies, quotes with their attributions, chapter
lines (a chapter's link on its time: ``[04:12](url) Title``) and turns.  Prose of the notes that is neither claim nor quote is not
kept in the records, so it is not written.

A turn with no speaker is written ``[00:01:02] text`` (the
``bracket-time-text`` layout).  It reads back as such in a document whose
turns all have no speaker, where there are two or more of them and each
one's text ends a sentence (a line that does not is read as going on with
the next, as the layout's rule says); after a named turn it reads as a new
timed turn of that speaker, and with no time it reads as that turn's text.

Text is written as it is, not escaped: a line inside a turn's text that reads
as markup on its own (a heading such as ``#``, another turn's header) reads
back as that markup.  Records parsed from a document keep such lines only
where the document set them apart in ways render does not write (indentation,
a header in mid-line).
"""

from __future__ import annotations

from episode_parse.layouts import NAME_LENGTH, match_turn
from episode_parse.records import Chapter, Claim, Episode, Quote

_SENTENCE_END = ".!?\u3002"


def render(episode: Episode) -> str:
    """The episode as a Markdown document: notes, chapter list and transcript."""
    blocks: list[str] = []
    sections = episode.sections
    claims_by: dict[int, list[Claim]] = {}
    for claim in episode.claims:
        claims_by.setdefault(claim.section, []).append(claim)
    loose_quotes: dict[int, list[Quote]] = {}
    for quote in episode.quotes:
        if quote.claim is None:
            loose_quotes.setdefault(quote.section, []).append(quote)
    for k, section in enumerate(sections):
        if section.level > 0:
            blocks.append(f"{'#' * section.level} {section.title}".rstrip())
        for quote in loose_quotes.get(k, ()):
            blocks.append(_quote(quote))
        for claim in claims_by.get(k, ()):
            blocks.append(_claim(claim))
            pos = 0  # each quote written in the body is matched once, in order
            for index in claim.quotes:
                quote = episode.quotes[index]
                end = _inside(quote, claim.body, pos)
                if end < 0:
                    blocks.append(_quote(quote))
                else:
                    pos = end
        chapter_lines = [_chapter(c) for c in episode.chapters if c.section == k]
        if chapter_lines:
            blocks.append("\n".join(chapter_lines))
        blocks.extend(_turn(t.speaker, t.timestamp, t.text) for t in episode.turns if t.section == k)
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _chapter(chapter: Chapter) -> str:
    url = chapter.url
    if url and not any(c in url for c in "() \t\n"):  # a link on the time, as YouTube-style lists write it
        return f"[{chapter.timestamp}]({url}) {chapter.title}"
    return f"{chapter.timestamp} {chapter.title}"


def _claim(claim: Claim) -> str:
    lead = f"**{claim.text}**"
    if not claim.text or claim.text[-1] not in _SENTENCE_END:
        # A colon after bold holding a name and a time would make a turn header.
        lead += "." if match_turn(f"{lead}: x", timed_only=True) else ":"
    return f"{lead} {claim.body}" if claim.body else lead


def _quote(quote: Quote) -> str:
    text = f"\u201c{quote.text}\u201d"
    return f"{text} \u2014 {quote.attribution}" if quote.attribution else text


def _inside(quote: Quote, body: str, pos: int) -> int:
    """The end of the quote in a claim's body, when it is written there at or after ``pos``; else -1."""
    found = [body.find(f"{o}{quote.text}{c}", pos) for o, c in (("\u201c", "\u201d"), ('"', '"'))]
    at = min((f for f in found if f >= 0), default=-1)
    return -1 if at < 0 else at + len(quote.text) + 2


def _turn(speaker: str | None, timestamp: str | None, text: str) -> str:
    if speaker is None:  # a timed line with no name (or bare text)
        header = f"[{timestamp}]" if timestamp is not None else ""
        return f"{header} {text}".strip()
    # A name of the longest kind a header holds has no room for the space.
    space = " " if len(speaker) < NAME_LENGTH else ""
    header = f"**{speaker}{space}[{timestamp}]**:" if timestamp is not None else f"**{speaker}:**"
    return f"{header} {text}" if text else header

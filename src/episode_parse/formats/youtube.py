"""YouTube description chapters: the writer (YouTube reads them from a video's description).

One line a chapter, ``0:00 Intro``, ``12:34 Title``, ``1:02:03 Title``, for
the chapters listed in a table of contents (a silent JSON chapter is left
out).  YouTube shows chapters only when the first is at 0:00, there are at
least three, and each lasts at least 10 seconds; the lines are written
whatever the list, and a notice says which requirement it does not meet
(the CH rules report the same when the list is validated).
"""

from __future__ import annotations

from episode_parse.formats.base import WriteOptions, Written
from episode_parse.formats.html import clock
from episode_parse.records import Episode

MIN_CHAPTERS = 3
MIN_SECONDS = 10


def write(episode: Episode, options: WriteOptions) -> Written:
    """The chapter lines, and notices for YouTube's requirements the list does not meet."""
    listed = [c for c in episode.chapters if c.toc]
    timed = [(c.start, c) for c in listed if c.start is not None]
    notices: list[str] = []
    if len(timed) < len(listed):
        notices.append(f"{len(listed) - len(timed)} chapter(s) with no start time left out")
    if not timed:
        notices.append("the episode has no chapters: nothing for YouTube to show")
        return Written(b"", tuple(notices))
    lines = [f"{clock(start)} {c.title}".rstrip() for start, c in timed]
    if timed[0][0] != 0:
        notices.append(f"YouTube needs the first chapter at 0:00; this list starts at {clock(timed[0][0])}")
    if len(timed) < MIN_CHAPTERS:
        notices.append(f"YouTube needs at least {MIN_CHAPTERS} chapters; this list has {len(timed)}")
    for k, (start, c) in enumerate(timed):
        end = timed[k + 1][0] if k + 1 < len(timed) else (c.end if c.end is not None else options.duration)
        if end is None:
            notices.append(
                f"the last chapter's length is unknown (give --duration SECONDS to check it lasts {MIN_SECONDS} s)"
            )
        elif end <= start and k + 1 < len(timed):
            notices.append(f"YouTube needs chapters in increasing order: {clock(end)} follows {clock(start)}")
        elif end - start < MIN_SECONDS:
            notices.append(
                f"YouTube needs every chapter to last {MIN_SECONDS} s; {clock(start)} {c.title!r} lasts {end - start:g} s"
            )
    return Written(("\n".join(lines) + "\n").encode("utf-8"), tuple(notices))

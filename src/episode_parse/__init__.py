"""episode_parse: podcast episode documents into typed, validated records.

>>> from episode_parse import parse
>>> episode = parse("**Host [00:00:01]**: Welcome.")
>>> episode.turns[0].speaker, episode.turns[0].start
('Host', 1.0)
"""

from episode_parse.api import parse, parse_bytes, parse_file
from episode_parse.errors import EpisodeParseError
from episode_parse.records import Chapter, Claim, Diagnostic, Episode, Quote, Section, Source, Span, Speaker, Turn
from episode_parse.render import render

__all__ = [
    "Chapter",
    "Claim",
    "Diagnostic",
    "Episode",
    "EpisodeParseError",
    "Quote",
    "Section",
    "Source",
    "Span",
    "Speaker",
    "Turn",
    "parse",
    "parse_bytes",
    "parse_file",
    "render",
]

__version__ = "0.1.0"

"""Many inputs: expanding the paths a command is given into the files to read."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

DOCUMENT_SUFFIXES = (".md", ".txt")
"""What a directory is searched for."""


def expand_paths(paths: Iterable[str], suffixes: Sequence[str] = DOCUMENT_SUFFIXES) -> list[str]:
    """Files to read, in order: files and ``-`` as given, directories searched (sorted, recursive).

    Hidden directories (``.git``, ``.venv``) are skipped.  A path that does not
    exist is returned as is, so the command reports it as unreadable.
    """
    out: list[str] = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found: list[str] = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(root, f) for f in files if f.endswith(tuple(suffixes)))
            out.extend(sorted(found))
        else:
            out.append(path)
    return out

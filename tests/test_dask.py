"""The Dask recipe of the README (``pip install -e '.[dist]'``), saved as a script and run as one.

Pasted into a script, a recipe meets what an import in a test would hide:
Dask's process workers import the script again, so it needs its
``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from episode_parse import Episode, parse_file
from episode_parse.cli import main
from tests.conftest import CORPUS, ROOT, needs_corpus

if not os.environ.get("CI"):
    # CI installs the dist extra: a missing Dask must fail there, not skip.
    pytest.importorskip("dask", reason="Dask is not installed (pip install -e '.[dist]')")


def recipe() -> str:
    """The README's Dask recipe, as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- dask-recipe -->\n```python\n(.*?)```", readme, re.S)
    assert m, "README.md has no marked Dask recipe"
    return m.group(1)


def _run_recipe(workdir: Path, scheduler: str) -> list[tuple[str, int, int]]:
    """Run the recipe as a script in ``workdir`` (which holds ``corpus/``); its printed summary."""
    script = workdir / "recipe.py"
    script.write_text(recipe(), encoding="utf-8")
    env = {**os.environ, "DASK_SCHEDULER": scheduler}
    result = subprocess.run(
        [sys.executable, str(script)], cwd=workdir, capture_output=True, text=True, env=env, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows: list[tuple[str, int, int]] = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    return rows


def _check(workdir: Path, scheduler: str, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    rows = _run_recipe(workdir, scheduler)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(workdir)  # the recipe names its files relative to where it runs
        files = sorted(str(p) for p in Path("corpus").rglob("*") if p.suffix in (".md", ".txt"))
        expected = [parse_file(f) for f in files]
        code = main(["convert", *files, "--jsonl", "--jobs", "1"])
    assert rows == [
        (f, len(e.turns), sum(d.severity == "error" for d in e.diagnostics))
        for f, e in zip(files, expected, strict=True)
    ]
    parts = sorted((workdir / "out").glob("part-*.jsonl"), key=lambda p: int(p.stem.split("-")[1]))
    lines = [line for part in parts for line in part.read_bytes().splitlines()]
    assert [Episode.from_json(line) for line in lines] == expected
    # The same bytes as the command line's JSON Lines, and its exit code says whether any has an error.
    assert capsysbinary.readouterr().out.splitlines() == lines
    assert code == (1 if any(errors for _, _, errors in rows) else 0)


def _small_corpus(root: Path, *, with_errors: bool) -> Path:
    corpus = root / "corpus"
    (corpus / "b").mkdir(parents=True)
    for k in range(12):
        text = f"### Transcript\n\n**A [00:00:{k:02d}]**: Turn {k}.\n\n**B [00:01:00]**: Reply.\n"
        (corpus / ("b" if k % 2 else "") / f"ep{k:02d}.md").write_text(text, encoding="utf-8")
    if with_errors:
        (corpus / "bad.txt").write_bytes(b"**A [00:61:00]**: caf\xe9\n")
    return root


@pytest.mark.parametrize("scheduler", ["sync", "processes"])
def test_recipe_script_on_a_small_corpus(
    tmp_path: Path, scheduler: str, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    _check(_small_corpus(tmp_path, with_errors=True), scheduler, capsysbinary)


def test_recipe_script_on_a_clean_corpus_exits_0(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    _check(_small_corpus(tmp_path, with_errors=False), "sync", capsysbinary)


@needs_corpus
def test_recipe_script_on_the_shared_corpus(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    shutil.copytree(CORPUS, tmp_path / "corpus")
    _check(tmp_path, "processes", capsysbinary)

"""The pre-commit hook (.pre-commit-hooks.yaml) on a repository with episodes and other Markdown.

pre-commit passes the hook every staged file its ``files``, ``types`` and
``exclude`` allow, and runs ``entry`` with ``args`` and those files; this test does the
same in-process, on a repository with a README, a guide and episodes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from episode_parse.cli import main
from tests.conftest import ROOT

yaml = pytest.importorskip("yaml", reason="PyYAML (a Dask dependency: pip install -e '.[dist]') reads the hook")

TYPES = {".md": "text", ".markdown": "text", ".txt": "text", ".srt": "text", ".vtt": "text", ".png": "binary"}
"""The file types (identify's names) of the suffixes this test uses."""

REPOSITORY = {
    "README.md": "# Our podcast\n\nTranscripts of every episode, checked on each commit.\n\n"
    "## Adding an episode\n\n1. Copy `template.md`.\n2. Fill in the turns.\n\n```sh\nmake check\n```\n",
    "CHANGELOG.md": "# Changelog\n\n## 2024-06-01\n\n- Added episode 2.\n",
    "docs/style-guide.md": "# Style guide\n\nWrite speaker names in bold.\n\nKeep one turn per paragraph.\n",
    "notes/todo.txt": "ask Ann about the intro music\n",
    "episodes/001.md": "## Transcript\n\n**Ann [00:00:01]**: Welcome.\n\n**Bo [00:00:05]**: Thanks.\n",
}


def _hook(hook_id: str = "episode-parse") -> dict[str, Any]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = [h for h in hooks if h["id"] == hook_id]
    return dict(hook)


def _passed(hook: dict[str, Any], name: str) -> bool:
    """Whether pre-commit hands the staged file ``name`` to ``hook``."""
    include = re.compile(hook.get("files", ""))
    exclude = re.compile(hook.get("exclude", "^$"))
    types = set(hook.get("types", []))
    return bool(include.search(name)) and not exclude.search(name) and TYPES.get(Path(name).suffix) in types


def _run_hook(
    root: Path, files: dict[str, str], capsys: pytest.CaptureFixture[str], hook_id: str = "episode-parse"
) -> tuple[int, str]:
    hook = _hook(hook_id)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    passed = [str(root / name) for name in files if _passed(hook, name)]
    entry = hook["entry"].split()
    assert entry[0] == "episode-parse"
    code = main([*entry[1:], *hook.get("args", []), *passed])
    return code, capsys.readouterr().out


def test_the_hook_passes_a_repository_with_a_readme_and_other_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no pyproject.toml of ours is found
    code, out = _run_hook(tmp_path, REPOSITORY, capsys)
    assert code == 0, out


def test_the_hook_still_fails_a_broken_episode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    broken = {**REPOSITORY, "episodes/002.md": "## Transcript\n\n**Ann [00:61:00]**: Welcome.\n"}
    code, out = _run_hook(tmp_path, broken, capsys)
    assert code == 1 and "002.md:3:8: TS001" in out


@pytest.mark.parametrize("name", ["README.md", "docs/README.md", "CONTRIBUTING.md", "changelog.md", "LICENSE.txt"])
def test_the_usual_project_files_are_not_passed_to_the_hook(name: str) -> None:
    assert re.search(_hook()["exclude"], name)


@pytest.mark.parametrize("name", ["episodes/readme-episode.md", "episodes/001.md", "security-podcast/ep1.md"])
def test_episodes_are_passed_to_the_hook(name: str) -> None:
    assert not re.search(_hook()["exclude"], name)


def test_the_fixing_hook_fixes_episodes_and_leaves_the_readme(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    merged = "## Transcript\n\n**Ann [00:00:01]**: Welcome. **Bo [00:00:05]**: Thanks.\n"
    readme = "# Our podcast  \n\nMixed endings.\r\n"  # would be fixed if it were passed
    files = {**REPOSITORY, "README.md": readme, "episodes/002.md": merged}
    code, _ = _run_hook(tmp_path, files, capsys, "episode-parse-fix")
    assert code == 0
    assert (tmp_path / "episodes/002.md").read_text(encoding="utf-8") == merged.replace(
        "Welcome. **Bo", "Welcome.\n\n**Bo"
    )
    assert (tmp_path / "README.md").read_bytes() == readme.encode()
    assert (tmp_path / "episodes/001.md").read_text(encoding="utf-8") == REPOSITORY["episodes/001.md"]


@pytest.mark.parametrize("hook_id", ["episode-parse", "episode-parse-fix"])
def test_cue_files_are_passed_to_the_hooks_and_other_files_are_not(hook_id: str) -> None:
    hook = _hook(hook_id)
    assert all(_passed(hook, name) for name in ["ep/1.srt", "ep/2.vtt", "ep/3.md", "ep/4.txt"])
    assert not any(_passed(hook, name) for name in ["src/app.py", "ep/cover.png", "README.md"])

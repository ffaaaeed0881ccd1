"""The README's library example runs as written, from the repository root."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT


def test_library_example_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- library-example -->\n```python\n(.*?)```", readme, re.S)
    assert m, "README.md has no marked library example"
    monkeypatch.chdir(ROOT)
    exec(compile(m.group(1), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("Maren 2.0 Welcome to Tidewater Radio.")

"""Shared test set-up: Hypothesis profiles, the corpus, the JSON Schema."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EPISODE_PARSE_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
REFERENCE = CORPUS / "noam-brown-latent-space.md"
SCHEMA_PATH = ROOT / "schemas" / "episode.schema.json"

# Fast by default (the whole suite in well under a minute); derandomized in CI
# so a run cannot flake; thorough on purpose, at 2,000 examples a property:
#   HYPOTHESIS_PROFILE=thorough .venv/bin/python -m pytest tests/test_properties.py
# Generated episodes are big examples (a document each), so the fast profiles
# run fewer of them than Hypothesis's default 100 and do not fail on a slow
# or large generation; the thorough profile is where examples are many.
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("default", max_examples=30, deadline=None, suppress_health_check=_SLOW_OK)
settings.register_profile(
    "ci",
    max_examples=30,
    deadline=None,
    suppress_health_check=_SLOW_OK,
    derandomize=True,
    database=None,
    print_blob=True,
)
settings.register_profile("thorough", max_examples=2000, deadline=None, suppress_health_check=_SLOW_OK)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS} (set EPISODE_PARSE_SHARED)"
)
"""Mark for tests that read ../shared/corpus; .ci/run fails when it is absent, so CI always runs them."""


def corpus_files() -> list[Path]:
    """Every file of the shared corpus except its README-like SOURCES.md (empty when absent)."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "SOURCES.md")


_VALIDATOR: jsonschema.Draft202012Validator | None = None


def episode_validator() -> jsonschema.Draft202012Validator:
    """A validator for the committed episode schema."""
    global _VALIDATOR
    if _VALIDATOR is None:
        schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        _VALIDATOR = jsonschema.Draft202012Validator(schema)
    return _VALIDATOR


def assert_valid_episode_json(data: bytes | str) -> dict[str, Any]:
    """Parse JSON written by the library and validate it against the committed schema."""
    value: dict[str, Any] = json.loads(data)
    errors = sorted(episode_validator().iter_errors(value), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:5])
    return value


@pytest.fixture
def reference_text() -> Iterator[str]:
    """The reference document's text; skips when the corpus is absent."""
    if not REFERENCE.is_file():
        pytest.skip(f"the reference document is not at {REFERENCE}")
    yield REFERENCE.read_text(encoding="utf-8")


def bench_module() -> ModuleType:
    """``benchmarks/bench_parse.py`` imported as the module ``bench_parse`` (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_parse", ROOT / "benchmarks" / "bench_parse.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_parse"] = module  # attrs resolves the script's classes through it
    spec.loader.exec_module(module)
    return module

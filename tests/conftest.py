"""Shared fixtures: the project's real corpus, loaded once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from bot.answer import Answerer

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "corpus"


@pytest.fixture(scope="session")
def answerer() -> Answerer:
    """The question-answering core over the project's corpus."""
    return Answerer.from_corpus_dir(CORPUS_DIR)


# Property tests (hypothesis): few examples in CI, many by hand with HYPOTHESIS_PROFILE=long.
settings.register_profile("ci", max_examples=40, deadline=None)
settings.register_profile("long", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

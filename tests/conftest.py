"""Shared fixtures: the project's real corpus, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer import Answerer

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "corpus"


@pytest.fixture(scope="session")
def answerer() -> Answerer:
    """The question-answering core over the project's corpus."""
    return Answerer.from_corpus_dir(CORPUS_DIR)

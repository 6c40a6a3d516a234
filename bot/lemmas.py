"""simplemma's lemmatiser with its dictionaries read from a saved, memory-mapped copy instead of decompressed at
every start.

simplemma spends a quarter to half a second decompressing and decoding a language's dictionary the first time it
lemmatises a word of it, which the command line would pay on every run. The same dictionary, saved once as sorted
keys and values beside the index, is opened in no time and searched by bisection; simplemma's own strategies run
over it unchanged, so the lemmas are the same.
"""

from __future__ import annotations

import logging
import mmap
import os
import re
import struct
import sys
import tempfile
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)

_MAGIC = b"LEMMAS1\n"
_HEADER = struct.Struct("<8sQ")


@cache
def installed_version(package: str) -> str:
    """An installed package's version, from its .dist-info folder's name.

    importlib.metadata parses the package's METADATA with the email package, about 15 ms of the command line's
    start (a tenth of the lean rank-bm25 script it is measured against); the folder's name says the same.
    """
    def normalised(name: str) -> str:  # as the packaging specifications compare project names
        return re.sub(r"[-_.]+", "_", name).lower()

    wanted = normalised(package)
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, rest = name[:-len(".dist-info")].partition("-")
                if normalised(project) == wanted and rest:
                    return rest
    from importlib.metadata import version

    return version(package)


def shared_cache_dir() -> Path:
    """Where what does not depend on a corpus (the lemma dictionaries, the analysed lexicons) is saved for every
    corpus of this user: $XDG_CACHE_HOME/coverage-bot, by default ~/.cache/coverage-bot."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coverage-bot"


def saved_dictionary_path(folder: Path, lang: str) -> Path:
    """Where a language's dictionary is saved for this simplemma version."""
    return Path(folder) / f"lemmas-simplemma-{installed_version('simplemma')}-{lang}.bin"


def write_dictionary(path: Path, entries: Mapping[str, str]) -> None:
    """Save a form → lemma dictionary as sorted keys and values with their offsets, atomically."""
    pairs = sorted((k.encode(), v.encode()) for k, v in entries.items())
    offsets = [0, 0]
    key_ends, value_ends = [], []
    for key, value in pairs:
        offsets[0] += len(key)
        offsets[1] += len(value)
        key_ends.append(offsets[0])
        value_ends.append(offsets[1])
    count = len(pairs)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, work = tempfile.mkstemp(prefix="tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(_HEADER.pack(_MAGIC, count))
            out.write(struct.pack(f"<{count}Q", *key_ends))
            out.write(struct.pack(f"<{count}Q", *value_ends))
            out.write(b"".join(k for k, _ in pairs))
            out.write(b"".join(v for _, v in pairs))
        os.chmod(work, 0o644)
        os.replace(work, path)
    except BaseException:
        Path(work).unlink(missing_ok=True)
        raise


class SavedDictionary(Mapping[str, str]):
    """A saved dictionary, memory-mapped: looking a form up bisects the sorted keys."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        magic, self._count = _HEADER.unpack_from(self._map)
        if magic != _MAGIC:
            raise ValueError(f"{path.name} is not a saved dictionary")
        view = memoryview(self._map)
        start = _HEADER.size
        self._key_ends = view[start:start + 8 * self._count].cast("Q")
        self._value_ends = view[start + 8 * self._count:start + 16 * self._count].cast("Q")
        self._keys = start + 16 * self._count
        self._values = self._keys + (self._key_ends[-1] if self._count else 0)
        if self._values + (self._value_ends[-1] if self._count else 0) != len(self._map):
            raise ValueError(f"{path.name} is truncated or damaged")

    def _key(self, n: int) -> bytes:
        return self._map[self._keys + (self._key_ends[n - 1] if n else 0):self._keys + self._key_ends[n]]

    def _value(self, n: int) -> bytes:
        return self._map[self._values + (self._value_ends[n - 1] if n else 0):self._values + self._value_ends[n]]

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        """The lemma of a form, or `default`."""
        target = key.encode()
        n = bisect_left(range(self._count), target, key=self._key)
        return self._value(n).decode() if n < self._count and self._key(n) == target else default

    def __getitem__(self, key: str) -> str:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[str]:
        return (self._key(n).decode() for n in range(self._count))

    def __len__(self) -> int:
        return self._count


class SavedDictionaries:
    """A simplemma dictionary factory over dictionaries saved in a folder, each saved there at its first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    @lru_cache(maxsize=None)
    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        """The saved dictionary of a language (saving simplemma's own first if need be)."""
        from simplemma.strategies.dictionaries import DefaultDictionaryFactory

        path = saved_dictionary_path(self.folder, lang)
        try:
            return SavedDictionary(path)
        except (OSError, ValueError):
            pass
        entries = DefaultDictionaryFactory().get_dictionary(lang)
        try:
            write_dictionary(path, entries)
            return SavedDictionary(path)
        except (OSError, ValueError) as error:  # a read-only corpus folder: simplemma's own, decoded at each start
            log.warning("Could not save the %s lemma dictionary in %s: %s", lang, self.folder, error)
            return entries


@lru_cache(maxsize=8)
def _dictionaries(folder: Path) -> SavedDictionaries:
    """The dictionaries saved in `folder`: one factory per folder, shared by the lemmatiser and the word check."""
    return SavedDictionaries(folder)


@lru_cache(maxsize=8)
def lemmatizer_over(folder: Path | None) -> Callable[[str, str], str]:
    """simplemma's `lemmatize(word, lang)`, with its default strategies over the dictionaries saved in `folder`
    (simplemma's own when None)."""
    import simplemma
    from simplemma.strategies import DefaultStrategy

    if folder is None:
        return lambda word, lang: simplemma.lemmatize(word, lang=lang)
    strategy = DefaultStrategy(dictionary_factory=_dictionaries(folder))
    lemmatizer = simplemma.Lemmatizer(lemmatization_strategy=strategy)
    return lambda word, lang: lemmatizer.lemmatize(word, lang=lang)


@lru_cache(maxsize=8)
def dictionary_check_over(folder: Path | None) -> Callable[[str, str], bool]:
    """simplemma's `is_known(word, lang)`: whether a language's dictionary holds the word, over the dictionaries
    saved in `folder` (simplemma's own when None)."""
    import simplemma
    from simplemma.strategies import DictionaryLookupStrategy

    if folder is None:
        return lambda word, lang: simplemma.is_known(word, lang=lang)
    lookup = DictionaryLookupStrategy(dictionary_factory=_dictionaries(folder))
    return lambda word, lang: lookup.get_lemma(word, lang) is not None

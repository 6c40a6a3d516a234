"""Text analysis shared by passages and questions: French-aware tokens, stems, and the English→French bridge.

Passages are French: they become folded Snowball stems. A question in French goes the same way. A question in
English keeps each content word as one `QueryWord` whose alternatives are the French stems it may stand for:
the word itself (names, "police", "pause"), the translations found in the bilingual lexicon, and cognates
built by regular English→French suffix correspondences (technology → technologie, criticise → critiquer).
Only alternatives that occur in the indexed vocabulary are kept, so the bridge cannot invent matches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Collection, Iterable, Mapping

import simplemma
import Stemmer

from .corpus import read_term_lists

# Bump when tokens change, so that saved indexes built with older analysis are rebuilt.
ANALYSIS_VERSION = 2

# Typographic characters NFKD leaves alone but French text is full of.
_CHAR_MAP = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u0153": "oe", "\u0152": "oe", "\u00e6": "ae", "\u00c6": "ae",
    "\u00ab": '"', "\u00bb": '"', "\u201c": '"', "\u201d": '"',
    "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-",
})
_ELISION = re.compile(r"\b(?:l|d|qu|n|s|c|j|m|t|jusqu|lorsqu|puisqu|quoiqu|presqu)'", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*", re.UNICODE)

# Confidence of each kind of bridge from an English word to a French stem.
SAME_WORD = 1.0
TRANSLATION = 1.0
COGNATE = 0.8
SYNONYM = 0.8
NEAR_COGNATE = 0.6

# English → French suffix correspondences, longest first; tried on the word and on its de-inflected forms.
_COGNATE_SUFFIXES = (
    ("ization", "isation"), ("isation", "isation"), ("ization", "isation"), ("icise", "iquer"), ("icize", "iquer"),
    ("ation", "ation"), ("ity", "ité"), ("ism", "isme"), ("ist", "iste"), ("ize", "iser"), ("ise", "iser"),
    ("ical", "ique"), ("ics", "ique"), ("ic", "ique"), ("ive", "if"), ("ous", "eux"), ("ary", "aire"),
    ("ory", "oire"), ("ty", "té"), ("or", "eur"), ("er", "re"), ("er", "eur"), ("ate", "er"), ("y", "ie"),
    ("al", "el"), ("e", "er"), ("", "er"), ("", "e"), ("", ""),
)


def fold(text: str) -> str:
    """Lower-case, typographic quotes and ligatures made plain, accents removed."""
    text = unicodedata.normalize("NFKC", text).translate(_CHAR_MAP).lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of a text, lower-cased with accents kept, elisions (l', qu'…) removed, hyphenated words split."""
    text = unicodedata.normalize("NFKC", text).translate(_CHAR_MAP).replace("-", " ")
    text = _ELISION.sub(" ", text).lower()
    return [part for word in _WORD.findall(text) for part in word.split("'") if part]


def _load_stopwords(name: str) -> frozenset[str]:
    text = resources.files("bot.data").joinpath(name).read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if not line.startswith("#"))
    return frozenset(fold(word) for line in lines for word in line.split())


FRENCH_STOPWORDS = _load_stopwords("stopwords_fr.txt")
ENGLISH_STOPWORDS = _load_stopwords("stopwords_en.txt")


@lru_cache(maxsize=None)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(language)


@lru_cache(maxsize=200_000)
def french_stem(word: str) -> str:
    """The index term of a French word: its lemma (écrivent → écrire), Snowball-stemmed, then folded.

    The lemma joins verb forms Snowball keeps apart (écrivent/écrire, vendrons/vendre), which matters because
    the lexicon gives verbs in the infinitive; stemming and lemmatising need the accents, matching does not.
    """
    return fold(_stemmer("french").stemWord(simplemma.lemmatize(word, lang="fr")))


def english_stem(word: str) -> str:
    """Snowball English stem of a lower-case word."""
    return _stemmer("english").stemWord(fold(word))


@lru_cache(maxsize=200_000)
def _is_stopword(word: str) -> bool:
    return fold(word) in FRENCH_STOPWORDS


def french_terms(text: str) -> list[str]:
    """The index terms of a French text: content words as folded stems, numbers kept whole."""
    return [french_stem(w) for w in words(text) if not _is_stopword(w)]


def detect_language(text: str) -> str:
    """'fr' or 'en', by which language's function words the text uses more."""
    folded = [fold(w) for w in words(text)]
    french = sum(w in FRENCH_STOPWORDS for w in folded) + sum(1 for c in text if c in "éèêàùçôîœ")
    english = sum(w in ENGLISH_STOPWORDS for w in folded)
    return "fr" if french > english else "en"


Terms = tuple[str, ...]


@dataclass(frozen=True)
class QueryWord:
    """One content word of a question and what may stand for it in the index.

    Each alternative is a group of terms that must all occur (a translation may be several words: "mettre fin")
    with a confidence; the alternatives of one word are synonyms and score as one term.
    """

    surface: str
    alternatives: tuple[tuple[Terms, float], ...]


@dataclass(frozen=True)
class Lexicon:
    """English→French lexicons in priority order, keyed by English stems (single words or two-word phrases).

    A later layer is consulted only for a word the earlier ones cannot bridge to the corpus: a curated list comes
    first, a large general dictionary (noisier: ring → son) fills its gaps.
    """

    layers: tuple[Mapping[str, tuple[str, ...]], ...] = ()

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> "Lexicon":
        """Read tab-separated 'english<TAB>french; french…' files, one layer each ('#' starts a comment)."""
        return cls(tuple(cls._read(Path(path)) for path in paths))

    @classmethod
    def _read(cls, path: Path) -> dict[str, tuple[str, ...]]:
        entries: dict[str, list[str]] = {}
        for english, translations in read_term_lists(path):
            known = entries.setdefault(cls.key(english), [])
            known.extend(t for t in translations if t not in known)
        return {key: tuple(values) for key, values in entries.items()}

    @staticmethod
    def key(english: str) -> str:
        """The lookup key of an English word or phrase: its words' stems joined by spaces."""
        return " ".join(english_stem(w) for w in words(english))

    def translations(self, english: str) -> tuple[tuple[str, ...], ...]:
        """French translations of an English word or phrase, one tuple per layer (empty where a layer has none)."""
        key = self.key(english)
        return tuple(layer.get(key, ()) for layer in self.layers)


def _deinflect(word: str) -> list[str]:
    """Plausible base forms of an English word (sold → sold, stopped → stop, companies → company)."""
    forms = [word]
    for suffix, replacements in (("ies", ("y",)), ("ied", ("y",)), ("es", ("e", "")), ("s", ("",)),
                                 ("ed", ("e", "")), ("ing", ("e", "")), ("ly", ("",))):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            forms.extend(stem + r for r in replacements)
            if len(stem) > 3 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])  # stopped → stop
    return forms


def cognates(word: str) -> list[str]:
    """French spellings an English word may correspond to by regular suffix changes."""
    candidates = []
    for base in _deinflect(fold(word)):
        for english, french in _COGNATE_SUFFIXES:
            if base.endswith(english) and len(base) - len(english) >= 3:
                candidates.append(base[: len(base) - len(english)] + french)
    return candidates


class QuestionAnalyzer:
    """Turns a question into QueryWords over a given index vocabulary, bridging English to French."""

    def __init__(self, vocabulary: Collection[str], lexicon: Lexicon) -> None:
        self.vocabulary = vocabulary
        self.lexicon = lexicon
        self._synonyms = _french_synonyms(lexicon.layers[0]) if lexicon.layers else {}
        self._by_prefix: dict[str, list[str]] = {}
        for term in vocabulary:
            if len(term) >= 5:
                self._by_prefix.setdefault(term[:5], []).append(term)

    def analyze(self, question: str) -> tuple[str, list[QueryWord]]:
        """The question's language and its content words with their index-term alternatives."""
        language = detect_language(question)
        if language == "fr":
            return language, self._french_words(question)
        return language, self._english_words(question)

    def _french_words(self, question: str) -> list[QueryWord]:
        result = []
        for word in words(question):
            if fold(word) in FRENCH_STOPWORDS:
                continue
            stem = french_stem(word)
            # A French question may still use an English name or term the text spells differently.
            alternatives = {(stem,): SAME_WORD} if stem in self.vocabulary else self._bridge(word)
            for synonym in self._synonyms.get(stem, ()):
                alternatives.setdefault((synonym,), SYNONYM)
            result.append(QueryWord(word, self._known(alternatives) or (((stem,), SAME_WORD),)))
        return result

    def _english_words(self, question: str) -> list[QueryWord]:
        tokens = [w for w in words(question)]
        acronyms = {w.lower() for w in re.findall(r"\b[A-Z]{2,}\b", question)}
        result: list[QueryWord] = []
        i = 0
        while i < len(tokens):
            # Two-word phrases first ("law enforcement", "human rights"): their translation beats the parts'.
            if i + 1 < len(tokens):
                phrase = f"{tokens[i]} {tokens[i + 1]}"
                alternatives = next((found for layer in self.lexicon.translations(phrase)
                                     if (found := self._translate(layer))), ())
                if alternatives:
                    result.append(QueryWord(phrase, alternatives))
                    i += 2
                    continue
            word = tokens[i]
            i += 1
            if fold(word) in ENGLISH_STOPWORDS and word not in acronyms:
                continue
            alternatives = self._bridge(word)
            result.append(QueryWord(word, self._known(alternatives) or (((french_stem(word),), SAME_WORD),)))
        return result

    def _bridge(self, word: str) -> dict[Terms, float]:
        """Every group of French index terms an English word may stand for, with its confidence."""
        found: dict[Terms, float] = {}

        def add(terms: Terms, weight: float) -> None:
            if terms and all(t in self.vocabulary for t in terms) and weight > found.get(terms, 0.0):
                found[terms] = weight

        add((french_stem(word),), SAME_WORD)
        for rank, layer in enumerate(self.lexicon.translations(word)):
            if rank > 0 and found:
                break
            for terms, weight in self._translate(layer):
                add(terms, weight)
        for candidate in cognates(word):
            add((french_stem(candidate),), COGNATE)
        if not found:
            stem = english_stem(word)
            for term in self._by_prefix.get(stem[:5], ()):
                shared = len(_common_prefix(stem, term))
                if shared >= max(5, min(len(stem), len(term)) - 1):
                    add((term,), NEAR_COGNATE)
        return found

    def _translate(self, translations: Iterable[str]) -> tuple[tuple[Terms, float], ...]:
        groups: dict[Terms, float] = {}
        for french in translations:
            terms = tuple(dict.fromkeys(french_terms(french)))
            if terms and all(t in self.vocabulary for t in terms):
                groups[terms] = TRANSLATION
        return tuple(groups.items())

    def _known(self, alternatives: Mapping[Terms, float]) -> tuple[tuple[Terms, float], ...]:
        return tuple((t, w) for t, w in alternatives.items() if all(term in self.vocabulary for term in t))


def _french_synonyms(entries: Mapping[str, tuple[str, ...]]) -> dict[str, frozenset[str]]:
    """French words that translate the same English word are synonyms (reprocher ~ accuser, via "blame")."""
    synonyms: dict[str, set[str]] = {}
    for translations in entries.values():
        terms = {t[0] for t in (french_terms(french) for french in translations) if len(t) == 1}
        for term in terms:
            synonyms.setdefault(term, set()).update(terms - {term})
    return {term: frozenset(others) for term, others in synonyms.items()}


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]

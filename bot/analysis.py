"""Text analysis shared by passages and questions: French-aware tokens, stems, and the English→French bridge.

Passages are French: they become folded Snowball stems. A question in French goes the same way. A question in
English keeps each content word as one `QueryWord` whose alternatives are the French stems it may stand for:
the word itself (names, "police", "pause"), the translations found in the bilingual lexicon, and cognates
built by regular English→French suffix correspondences (technology → technologie, criticise → critiquer).
Only alternatives that occur in the indexed vocabulary are kept, so the bridge cannot invent matches.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Collection, Iterable, Mapping, Sequence

import Stemmer

from .corpus import read_term_lists

# Bump when tokens change, so that saved indexes built with older analysis are rebuilt.
ANALYSIS_VERSION = 8

# Typographic characters NFKD leaves alone but French text is full of.
_CHAR_MAP = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u0153": "oe", "\u0152": "oe", "\u00e6": "ae", "\u00c6": "ae",
    "\u00ab": '"', "\u00bb": '"', "\u201c": '"', "\u201d": '"',
    "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-",
    # Invisible characters that web pages and pasted text carry inside words (a soft hyphen, zero-width spaces and
    # joiners, a byte-order mark, direction marks): "Ama\u200bzon" is one word.
    **dict.fromkeys(["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f",
                     *map(chr, range(0x202a, 0x202f)), *map(chr, range(0x2066, 0x206a))], ""),
})
# Whether a text holds any of them: most texts hold none, and str.translate costs a dictionary lookup per character.
_MAPPED_CHAR = re.compile("[" + re.escape("".join(map(chr, _CHAR_MAP))) + "]")
_ELISION = re.compile(r"\b(?:l|d|qu|n|s|c|j|m|t|jusqu|lorsqu|puisqu|quoiqu|presqu)'", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]+")

# How much a related term counts, against the asked word itself (1): expansions only add, below the word, as query
# expansion does in Lucene/Elasticsearch, so a common synonym can never dilute the word that was asked.
COGNATE_WEIGHT = 0.6
SYNONYM_WEIGHT = 0.2
ABSENT_WORD_SYNONYM_WEIGHT = 0.5  # a French synonym standing in for a question word the corpus never uses
PHRASE_PART_WEIGHT = 0.2  # one word of an English phrase's several-word translation, as a synonym counts
# The same from the general dictionaries, for a word the curated lexicon gives no synonym the corpus uses: they are
# noisier (ring → son), so they count for less.
GENERAL_SYNONYM_WEIGHT = 0.25
# How many first letters two words must share to be related by their spelling: a near cognate (mandatory is not
# mandat), or a French synonym of the word's own family, a noun the stemmer keeps apart from its verb (supprimer ~
# suppression, suspendre ~ suspension, inscrire ~ inscription), which counts as a related form, as a cognate does.
SHARED_PREFIX = 5
DERIVED_WEIGHT = COGNATE_WEIGHT
NEAR_COGNATE_WEIGHT = 0.4

# English → French suffix correspondences, longest first; tried on the word and on its de-inflected forms.
_COGNATE_SUFFIXES = (
    ("ization", "isation"), ("isation", "isation"), ("ization", "isation"), ("icise", "iquer"), ("icize", "iquer"),
    ("ation", "ation"), ("ity", "ité"), ("ism", "isme"), ("ist", "iste"), ("ize", "iser"), ("ise", "iser"),
    ("ical", "ique"), ("ics", "ique"), ("ic", "ique"), ("ive", "if"), ("ous", "eux"), ("ary", "aire"),
    ("ory", "oire"), ("ty", "té"), ("or", "eur"), ("er", "re"), ("er", "eur"), ("ate", "er"), ("y", "ie"),
    ("al", "el"), ("e", "er"), ("", "er"), ("", "e"), ("", ""),
)


def _plain(text: str) -> str:
    """NFKC, with typographic quotes, ligatures and dashes made plain."""
    text = unicodedata.normalize("NFKC", text)
    return text.translate(_CHAR_MAP) if _MAPPED_CHAR.search(text) else text


def fold(text: str) -> str:
    """Lower-case, typographic quotes and ligatures made plain, accents removed."""
    text = _plain(text).lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of a text, lower-cased with accents kept, elisions (l', qu'…) removed, hyphenated words split."""
    text = _ELISION.sub(" ", _plain(text).replace("-", " ")).lower()
    return [part for word in _WORD.findall(text) for part in word.split("'") if part]


def _load_stopwords(name: str) -> frozenset[str]:
    text = resources.files("bot.data").joinpath(name).read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if not line.startswith("#"))
    return frozenset(fold(word) for line in lines for word in line.split())


FRENCH_STOPWORDS = _load_stopwords("stopwords_fr.txt")
ENGLISH_STOPWORDS = _load_stopwords("stopwords_en.txt")


def analysis_key() -> str:
    """What saved indexes and lexicons depend on besides the corpus: the analysis version and both stop-word
    lists, so that editing a list rebuilds them instead of mixing old tokens with new questions."""
    words = " ".join(sorted(FRENCH_STOPWORDS)) + "|" + " ".join(sorted(ENGLISH_STOPWORDS))
    return f"{ANALYSIS_VERSION}|{hashlib.sha256(words.encode()).hexdigest()[:16]}"


# simplemma's lemmatiser, made at the first word that needs it: simplemma's own, or one over saved dictionaries.
_lemmatize: Callable[[str, str], str] | None = None
_saved_dictionaries: Path | None = None
# Every lemma computed so far or saved before (with the index and the lexicon), by language: a word found here needs
# no simplemma at all, whose import alone costs a tenth of a second.
_KNOWN_LEMMAS: dict[str, dict[str, str]] = {"fr": {}, "en": {}}


def use_saved_lemmas(folder: Path) -> None:
    """Lemmatise with simplemma's dictionaries saved in `folder` (opened at once, saved there at first use) instead
    of decompressing them at every start: the same lemmas, without half a second per language."""
    global _lemmatize, _saved_dictionaries
    _lemmatize, _saved_dictionaries = None, Path(folder)


def saved_lemmas_folder() -> Path | None:
    """The folder `use_saved_lemmas` was given, if any (for worker processes to use the same)."""
    return _saved_dictionaries


def lemmatize(word: str, lang: str) -> str:
    """simplemma's lemma of a word ("fr" or "en"); simplemma is imported only for a word not known already."""
    global _lemmatize
    known = _KNOWN_LEMMAS.setdefault(lang, {})
    lemma = known.get(word)
    if lemma is None:
        if _lemmatize is None:
            from .lemmas import lemmatizer_over

            _lemmatize = lemmatizer_over(_saved_dictionaries)
        lemma = known[word] = _lemmatize(word, lang)
    return lemma


@lru_cache(maxsize=50_000)
def is_french_word(word: str) -> bool:
    """Whether simplemma's French dictionary holds the word (« patron », « mère », not "smartphone" or "boss")."""
    return _is_known(word, "fr")


@lru_cache(maxsize=50_000)
def is_english_word(word: str) -> bool:
    """Whether simplemma's English dictionary holds the word ("incident", "prevention", not « coordonnées »)."""
    return _is_known(word, "en")


def _is_known(word: str, language: str) -> bool:
    from .lemmas import dictionary_check_over

    return dictionary_check_over(_saved_dictionaries)(word, language)


def lemma_table(french: Iterable[str], english: Iterable[str] = ()) -> dict[str, dict[str, str]]:
    """The lemmas of these words, by language, to be saved and remembered at the next start."""
    return {"fr": {w: lemmatize(w, "fr") for w in french}, "en": {w: lemmatize(w, "en") for w in english}}


def remember_lemmas(table: Mapping[str, Mapping[str, str]]) -> None:
    """Lemmas computed before (by the same simplemma version), consulted before simplemma."""
    for lang, lemmas in table.items():
        _KNOWN_LEMMAS.setdefault(lang, {}).update(lemmas)


def question_word_needs(word: str) -> tuple[list[str], list[str]]:
    """The French and English words whose lemmas analysing `word` as a question word may need (itself, in both
    languages, and its cognates), so that they can be saved and a question using it later needs no simplemma."""
    return [word, *cognates(word)], [word.lower()]


@lru_cache(maxsize=None)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(language)


_INFINITIVE_ENDINGS = ("er", "ir", "re", "oir")


@lru_cache(maxsize=200_000)
def french_stem(word: str) -> str:
    """The index term of a French word: its lemma (écrivent → écrire), Snowball-stemmed, then folded.

    The lemma joins verb forms Snowball keeps apart (écrivent/écrire, vendrons/vendre), which matters because
    the lexicon gives verbs in the infinitive; stemming and lemmatising need the accents, matching does not.
    """
    lemma = further = lemmatize(word, "fr")
    # simplemma reads a feminine or plural past participle as an adjective (transmises → transmis, inscrits →
    # inscrit), whose own lemma is the verb: following the lemmas to the infinitive joins every form of it
    # (empreintes → empreinte → empreint → empreindre), as the lexicon gives verbs in the infinitive.
    for _ in range(3):
        following = lemmatize(further, "fr")
        if following == further:
            break
        further = following
    if further.endswith(_INFINITIVE_ENDINGS):
        lemma = further
    return fold(_stemmer("french").stemWord(lemma))


@lru_cache(maxsize=50_000)
def english_lemma(word: str) -> str:
    """The dictionary form of an English word (kept → keep, children → child)."""
    return lemmatize(word.lower(), "en")


def english_stem(word: str) -> str:
    """Snowball English stem of a lower-case word."""
    return _stemmer("english").stemWord(fold(word))


@lru_cache(maxsize=200_000)
def _is_stopword(word: str) -> bool:
    return fold(word) in FRENCH_STOPWORDS


def content_words(text: str) -> list[str]:
    """The words of a French text its index terms are made of: all but the stop words."""
    return [w for w in words(text) if not _is_stopword(w)]


def french_terms(text: str) -> list[str]:
    """The index terms of a French text: content words as folded stems, numbers kept whole."""
    return [french_stem(w) for w in content_words(text)]


# Words that give a reason: a sentence holding one answers a "why" question.
REASON_WORDS = "raison raisons cause motif parce car afin pourquoi craint crainte fondée"


@lru_cache(maxsize=None)
def reason_terms() -> frozenset[str]:
    """The terms of the words that give a reason (computed at first use: analysis is not free at import)."""
    return frozenset(french_terms(REASON_WORDS))


def names(text: str, starts: bool = True) -> set[str]:
    """The lower-cased words of a text that are names: a capital inside the text (not its first word), or an
    acronym anywhere (Apple, Australie, CNIL). With `starts` False the text is a piece from inside a longer one:
    its first word too is inside."""
    found = set()
    for n, match in enumerate(_WORD.finditer(_plain(text)), 0 if starts else 1):
        for part in _ELISION.sub(" ", match.group()).replace("'", " ").replace("-", " ").split():
            if (part[0].isupper() and n > 0) or (len(part) >= 2 and part.isupper()):
                found.add(part.lower())
    return found


def single_terms(forms: Iterable[Terms]) -> frozenset[str]:
    """The terms of the forms that are one word (« ceo » of (("pdg",), ("ceo",), ("chef", "direct"))): what a text
    read word by word can meet."""
    return frozenset(form[0] for form in forms if len(form) == 1)


def tokens_and_stems(text: str, limit: int | None = None) -> tuple[list[str], list[str]]:
    """A text's words as written (letters and digits, the first `limit`), and their index terms."""
    tokens = re.findall(r"[^\W_]+", text)[:limit]
    return tokens, [french_stem(token) for token in tokens]


def written_as_name(capitalised: int, lower: int) -> bool:
    """Whether a word written so many times with a capital and so many in lower case is a name (CNIL, Windows): a
    capital more than three times in four. A common noun has one only where a sentence or a heading starts."""
    return capitalised > 3 * lower


def letter_words(text: str) -> list[str]:
    """The runs of letters of a text, as written: its words, case kept, without digits or apostrophes."""
    return _LETTERS.findall(text)


def capitalisation(texts: Iterable[str], term: str) -> tuple[int, int]:
    """How often the words of `term` are written with a capital and in lower case in the texts."""
    capital = lower = 0
    for text in texts:
        for word in letter_words(text):
            if french_stem(word.lower()) == term:
                if word[0].isupper():
                    capital += 1
                else:
                    lower += 1
    return capital, lower


def _has_word(text: str) -> bool:
    """Whether a text holds a word, as `names` counts them."""
    return _WORD.search(_plain(text)) is not None


class _PieceTerms(dict):
    """The index terms of whitespace-separated pieces of text, each analysed at its first use."""

    def __init__(self, analysed: set[str]) -> None:
        super().__init__()
        self.analysed = analysed

    def __missing__(self, piece: str) -> tuple[str, ...]:
        content = content_words(piece)
        self.analysed.update(content)
        terms = self[piece] = tuple(french_stem(w) for w in content)
        return terms


_PLURAL_ACRONYM = re.compile(r"\b(?i:les|des|aux|ces|ses|leurs|nos|vos|plusieurs|quelques|\d+)\s+([A-Z]{2,})\b")


class TermCache:
    """`french_terms` and `names` of many texts, each piece of text between spaces analysed once.

    A corpus uses the same words again and again, and every step of the analysis (NFKC, the character map,
    elisions, word boundaries, lower case) works within a run of non-space characters: a text's terms are its
    pieces' terms in order, and its names its pieces' names, the first word's counted as a text's first (tested
    against the text-at-a-time functions on random text).
    """

    # Distinct pieces remembered; past this the caches start again, so memory stays bounded on a huge corpus.
    LIMIT = 1_000_000

    def __init__(self) -> None:
        self.analysed: set[str] = set()  # the content words met, whose lemmas answering may need
        self.names: set[str] = set()  # the names met, as `names` finds them
        self._terms = _PieceTerms(self.analysed)
        self._has_word: dict[str, bool] = {}
        self._firsts: set[str] = set()
        self._inside: set[str] = set()

    def terms(self, text: str) -> list[str]:
        """french_terms(text), noting the text's content words and names."""
        if len(self._terms) > self.LIMIT:
            self._terms.clear()
            self._has_word.clear()
            self._firsts.clear()
            self._inside.clear()
        pieces = text.split()
        terms = self._terms
        self._note_names(pieces)
        return [term for piece in pieces for term in terms[piece]]

    def _note_names(self, pieces: list[str]) -> None:
        first = 0
        while first < len(pieces) and not self._piece_has_word(pieces[first]):
            first += 1
        if first == len(pieces):
            return
        if pieces[first] not in self._firsts:
            self._firsts.add(pieces[first])
            self.names.update(names(pieces[first]))
        new = set(pieces[first + 1:])
        new -= self._inside
        if new:
            self._inside.update(new)
            for piece in new:
                self.names.update(names(piece, starts=False))

    def _piece_has_word(self, piece: str) -> bool:
        known = self._has_word.get(piece)
        if known is None:
            known = self._has_word[piece] = _has_word(piece)
        return known


# An English negative contraction ("didn't", "won't"), which the apostrophe would split into a word that is no stop
# word ("didn", read as "do") and a French stop word ("t").
_NEGATION = re.compile(r"\b(\w+?)n['’]t\b", re.IGNORECASE)
_NEGATED = {"ca": "can", "wo": "will", "sha": "shall"}


def without_contractions(text: str) -> str:
    """English negative contractions written out ("didn't" → "did not", "won't" → "will not")."""
    return _NEGATION.sub(lambda found: f"{_NEGATED.get(found.group(1).lower(), found.group(1))} not", text)


def detect_language(text: str) -> str:
    """'fr' or 'en', by which language's function words the text uses more (or, as many, its other words)."""
    tokens = words(without_contractions(text))
    folded = [fold(w) for w in tokens]
    french = sum(w in FRENCH_STOPWORDS for w in folded) + sum(1 for c in text if c in "éèêàùçôîœ")
    english = sum(w in ENGLISH_STOPWORDS for w in folded)
    if french == english:  # « Peut-on refuser ? »: no function word decides; the words only one language has do
        french = sum(is_french_word(w) and not is_english_word(w) for w in tokens)
        english = sum(is_english_word(w) and not is_french_word(w) for w in tokens)
    return "fr" if french > english else "en"


Terms = tuple[str, ...]


# The share of its weight the noun after "which/quel…" carries in search: the answer names an instance of it, often
# without the noun (« quel journal… ? » answered by « au Washington Post »), and at full weight the noun drew the
# passages that merely use it. At 0.5 the CNIL French set gained a question at rank 1 (59.6 → 59.9 %), the seed
# development set one (« Quel logiciel de reconnaissance faciale Amazon vend-il ? »); 0.75 gained the first only,
# 0.25 cost the second fresh seed set a question.
ANSWER_TYPE_WEIGHT = 0.5


@dataclass(frozen=True)
class QueryWord:
    """One content word of a question and what stands for it in the index.

    `forms` are the word itself: its French term, or for an English word its translations (a translation may be
    several terms that must all occur: "mettre fin"); they score together as one term. `expansions` are related
    terms (French synonyms, cognates), each with a weight below 1; they add to a passage's score, never replace the
    word's own.
    """

    surface: str
    forms: tuple[Terms, ...]
    expansions: tuple[tuple[Terms, float], ...] = ()
    name: bool = False  # written with a capital inside the question, or an acronym: a name (Apple, CNIL, FICOBA)
    # The noun right after "which/what/quel…" ("which newspaper", "dans quelle ville"): the kind of thing asked for.
    # The answer names an instance ("le Washington Post", "Minneapolis") and seldom the noun itself, so a corpus
    # lacking that noun does not make the question unanswerable.
    answer_type: bool = False
    # The share of its weight the word carries: less than all for a word only in a parenthesis that glosses another
    # (« FAED (Fichier automatisé des empreintes digitales) : puis-je faire supprimer mon inscription ? »).
    weight: float = 1.0

    @property
    def searched_weight(self) -> float:
        """The share of its weight the word carries in search: less for the noun asked an instance of."""
        return self.weight * (ANSWER_TYPE_WEIGHT if self.answer_type else 1.0)


@dataclass(frozen=True)
class Lexicon:
    """English→French lexicons in priority order, keyed by English stems (single words or two-word phrases).

    A later layer is consulted only for a word the earlier ones cannot bridge to the corpus: a curated list comes
    first, a large general dictionary (noisier: ring → son) fills its gaps.
    """

    layers: tuple[Mapping[str, tuple[str, ...]], ...] = ()
    # French synonyms from the first layer and from the later ones, when already computed (a saved lexicon); else
    # derived at first use.
    synonyms: Mapping[str, frozenset[str]] | None = None
    general_synonyms: Mapping[str, frozenset[str]] | None = None

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> "Lexicon":
        """Read tab-separated 'english<TAB>french; french…' files, one layer each ('#' starts a comment)."""
        return cls.from_layers([path] for path in paths)

    @classmethod
    def from_layers(cls, layers: Iterable[Iterable[Path]]) -> "Lexicon":
        """Read lexicon files into layers, the files of one layer merged."""
        return cls(tuple(cls._read(Path(p) for p in paths) for paths in layers))

    @classmethod
    def _read(cls, paths: Iterable[Path]) -> dict[str, tuple[str, ...]]:
        entries: dict[str, list[str]] = {}
        for path in paths:
            for english, translations in read_term_lists(path):
                known = entries.setdefault(cls.key(english), [])
                known.extend(t for t in translations if t not in known)
        return {key: tuple(values) for key, values in entries.items()}

    @staticmethod
    def key(english: str) -> str:
        """The lookup key of an English word or phrase: its words' stems joined by spaces."""
        return " ".join(english_stem(w) for w in words(english))

    def french_synonyms(self) -> Mapping[str, frozenset[str]]:
        """French words that translate the same English word in the first layer (reprocher ~ accuser, via "blame")."""
        if self.synonyms is not None:
            return self.synonyms
        return _french_synonyms(self.layers[0], phrases=True) if self.layers else {}

    def general_french_synonyms(self) -> Mapping[str, frozenset[str]]:
        """French words that translate the same English word in one of the general dictionaries (the later layers)."""
        if self.general_synonyms is not None:
            return self.general_synonyms
        merged: dict[str, set[str]] = {}
        for layer in self.layers[1:]:
            for term, others in _french_synonyms(layer).items():
                merged.setdefault(term, set()).update(others)
        return {term: frozenset(others) for term, others in merged.items()}

    def translations(self, english: str) -> tuple[tuple[str, ...], ...]:
        """French translations of an English word or phrase, one tuple per layer (empty where a layer has none).

        The word is looked up as written and by its lemma, so irregular forms find their entry (kept → keep).
        """
        keys = dict.fromkeys((self.key(english), self.key(" ".join(english_lemma(w) for w in words(english)))))
        return tuple(tuple(dict.fromkeys(t for key in keys for t in layer.get(key, ()))) for layer in self.layers)


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


def english_spellings(french: str) -> list[str]:
    """English words a French word may be the cognate of, by the same suffix changes read backwards (ethnique →
    ethnic, sensibilité → sensibility), itself included: candidates, not all English."""
    base = fold(french)
    found = [base]
    for english, ending in _COGNATE_SUFFIXES:
        french_ending = fold(ending)
        if base.endswith(french_ending) and len(base) - len(french_ending) >= 3:
            found.append(base[: len(base) - len(french_ending)] + english)
    return list(dict.fromkeys(found))


class QuestionAnalyzer:
    """Turns a question into QueryWords over a given index vocabulary, bridging English to French."""

    def __init__(self, vocabulary: Collection[str], lexicon: Lexicon,
                 corpus_name: Callable[[str], bool] = lambda term: False) -> None:
        self.vocabulary = vocabulary
        self.lexicon = lexicon
        self._corpus_name = corpus_name  # whether the corpus writes a term's words as a name
        self._synonyms = lexicon.french_synonyms()
        self._general_synonyms = lexicon.general_french_synonyms()
        self._by_prefix: dict[str, list[str]] = {}
        for term in vocabulary:
            if len(term) >= SHARED_PREFIX:
                self._by_prefix.setdefault(term[:SHARED_PREFIX], []).append(term)

    def analyze(self, question: str, whole: str | None = None) -> tuple[str, list[QueryWord]]:
        """The question's language and its content words with their index terms. `whole` is the full question when
        `question` is what is left of it once its question words are cut: names are read there, where the word
        left first (« Quand Apple a-t-il… ») is not the first."""
        # The whole question's language: what is left once its question words are cut may hold none of the
        # language's own words (« Orthophonistes : que faire ? » leaves « Orthophonistes »).
        language = detect_language(whole if whole is not None else question)
        capitalised = names(whole if whole is not None else question)
        if language == "fr":
            return language, self._french_words(question, capitalised)
        return language, self._english_words(question, capitalised | self._opening_name(whole or question))

    def _opening_name(self, question: str) -> set[str]:
        """The English question's first word, when a lexicon line would translate it but the corpus writes it as a
        name ("Windows 10: what are the risks?" is not about « fenêtres »); elsewhere a capital already says so."""
        first = _WORD.search(_plain(question))
        word = first.group() if first else ""
        if not word[:1].isupper() or word.isupper() or fold(word.lower()) in ENGLISH_STOPWORDS:
            return set()
        term = french_stem(word.lower())
        if term in self.vocabulary and any(self.lexicon.translations(word.lower())) and self._corpus_name(term):
            return {word.lower()}
        return set()

    def _known(self, terms: Terms) -> bool:
        return bool(terms) and all(t in self.vocabulary for t in terms)

    def synonyms(self, forms: Sequence[Terms]) -> tuple[Terms, ...]:
        """The corpus's French synonyms of one-term forms (an English word's translations get none of their own)."""
        found = dict.fromkeys((s,) for form in forms if len(form) == 1 for s in self._corpus_synonyms(form[0]))
        return tuple(t for t in found if t not in forms)

    def phrase_synonyms(self, forms: Sequence[Terms]) -> tuple[Terms, ...]:
        """The several-word French synonyms of one-term forms whose every term the corpus uses (« parlementaires »
        ~ « membres du Congrès », both translating "lawmakers")."""
        found = dict.fromkeys(tuple(phrase.split()) for form in forms if len(form) == 1
                              for phrase in sorted(self._synonyms.get(form[0], ())) if " " in phrase)
        return tuple(t for t in found if t not in forms and all(term in self.vocabulary for term in t))

    def _corpus_synonyms(self, term: str, general: bool = False) -> list[str]:
        """A French term's synonyms (the curated lexicon's, or the general dictionaries') that the corpus uses, in a
        stable order."""
        return [s for s in sorted((self._general_synonyms if general else self._synonyms).get(term, ()))
                if s in self.vocabulary]

    def _french_words(self, question: str, capitalised: set[str]) -> list[QueryWord]:
        result = []
        tokens = words(question)
        # An acronym after a plural determiner or a number (« les ONG », « 85 ONG ») is a common noun: a name has no
        # plural (« l'ACLU », « le FBI » are names).
        plurals = {found.lower() for found in _PLURAL_ACRONYM.findall(question)}
        for n, word in enumerate(tokens):
            if fold(word) in FRENCH_STOPWORDS:
                continue
            stem = french_stem(word)
            if stem in self.vocabulary:
                forms, expansions = ((stem,),), {}
            else:  # a French question may still use an English name or term the text spells differently
                forms, expansions = self._bridge(word, proper_noun=False)
                if forms and is_french_word(word) and not self._spelt_alike(word):
                    # A French word spelt as an English one whose translations do not include it is a false friend
                    # (« patron » → client, « mère » → pur, « événement » → égal): the English reading is dropped.
                    # One whose translations do (« signé » → signer, « email » → e-mail) is one word in both.
                    forms = ()
            # Beside the word itself a synonym only adds a little; for a word the corpus never uses (« moratoire »
            # where the articles say « pause ») its synonyms are the only reading, so they count for more.
            share = SYNONYM_WEIGHT if forms else ABSENT_WORD_SYNONYM_WEIGHT
            for synonym in self._corpus_synonyms(stem):
                if (synonym,) not in forms:
                    derived = len(_common_prefix(stem, synonym)) >= SHARED_PREFIX
                    expansions.setdefault((synonym,), max(share, DERIVED_WEIGHT) if derived else share)
            if not forms and not expansions:
                # Still unread: the general dictionaries' synonyms. They are loose (« jouer » ~ « faire »), and what
                # they mostly do is keep a common word from counting as one the corpus never uses, a sign of a
                # question it does not answer that holds for a rare word (« cyberattaque »), not for « jouer ».
                expansions.update(((synonym,), GENERAL_SYNONYM_WEIGHT)
                                  for synonym in self._corpus_synonyms(stem, general=True))
            result.append(QueryWord(word, forms or ((stem,),), tuple(expansions.items()),
                                    word in capitalised and word not in plurals, _asks_for(tokens, n)))
        return result

    def _spelt_alike(self, word: str) -> bool:
        """Whether a French word is one of the French translations of the English word spelt like it (its own
        term, or the same letters: « email » ~ e-mail)."""
        own, letters = french_stem(word), _letters(word)
        return any(french_terms(french) == [own] or _letters(french) == letters
                   for layer in self.lexicon.translations(word) for french in layer)

    def _english_words(self, question: str, capitalised: set[str]) -> list[QueryWord]:
        tokens = words(without_contractions(question))
        acronyms = {w.lower() for w in re.findall(r"\b[A-Z]{2,}\b", question)}
        # An acronym in the plural ("NGOs", "CEOs") is a common noun: a name has no plural.
        plurals = {w.lower() for w in re.findall(r"\b[A-Z]{2,}s\b", question)}

        def nationality(word: str) -> bool:  # capitalised, as English writes them: "is" has the ending too
            return word in capitalised and self._nationality(word)

        result: list[QueryWord] = []
        i = 0
        while i < len(tokens):
            # Two-word phrases first ("law enforcement", "human rights"): their translation beats the parts'.
            if i + 1 < len(tokens):
                phrase = f"{tokens[i]} {tokens[i + 1]}"
                forms = next((found for layer in self.lexicon.translations(phrase)
                              if (found := self._translate(layer))), ())
                if forms:
                    # A passage holding part of a translation (« l'arrêt de ses services » for "stop selling" →
                    # « arrêter de vendre ») holds part of the phrase: each word of a several-word translation is a
                    # related form.
                    parts = {(term,): PHRASE_PART_WEIGHT for form in forms if len(form) > 1 for term in form
                             if (term,) not in forms}
                    result.append(QueryWord(phrase, forms, tuple(parts.items()),
                                            answer_type=_asks_for(tokens, i, nationality)))
                    i += 2
                    continue
            word, answer_type = tokens[i], _asks_for(tokens, i, nationality)
            i += 1
            if fold(word) in ENGLISH_STOPWORDS and word not in acronyms:
                continue
            if word in capitalised and word not in acronyms and fold(word) in FRENCH_STOPWORDS:
                # Part of a French name ("Le Monde", "La Poste", "Les Echos"): the index never holds French stop
                # words, so it would count as a name the corpus never uses. An acronym is not ("AI" → « IA »).
                continue
            forms, expansions = self._bridge(word, proper_noun=word in capitalised)
            result.append(QueryWord(word, forms or ((french_stem(word),),), tuple(expansions.items()),
                                    word in capitalised and not nationality(word) and word not in plurals,
                                    answer_type))
        return result

    def english_reading(self, word: str) -> frozenset[str]:
        """The index terms an English word stands for in a question: its translations, or its own spelling or a
        cognate, and related terms."""
        forms, expansions = self._bridge(word, proper_noun=False)
        return frozenset(term for terms in (*forms, *expansions) for term in terms)

    def _nationality(self, word: str) -> bool:
        """Whether an English word is a nationality or a language (African, Chinese, French), which English
        capitalises and French does not: a demonym's ending and a lower-case French translation."""
        return bool(_DEMONYM_ENDING.search(word)) and any(
            french[:1].islower() for layer in self.lexicon.translations(word) for french in layer)

    def _bridge(self, word: str, proper_noun: bool) -> tuple[tuple[Terms, ...], dict[Terms, float]]:
        """The French index terms an English word stands for (its forms) and related ones (expansions)."""
        forms: list[Terms] = []
        for rank, layer in enumerate(self.lexicon.translations(word)):
            if rank > 0 and forms:
                break
            forms.extend(t for t in self._translate(layer) if t not in forms)
        expansions: dict[Terms, float] = {}
        same = (french_stem(word),)
        if self._known(same) and same not in forms and (proper_noun or not forms):
            # The same spelling is the word itself for a name or an untranslated word ("police", "pause"); beside a
            # translation it is more often a false friend ("data" ~ "date") and is left out.
            forms.insert(0, same)
        # The word's own spelling, inflection removed ("telling" → tell → « tel », "formerly" → « forme »), is a
        # false friend beside a translation as the word itself is.
        spelt_same = {same, *((french_stem(base),) for base in _deinflect(fold(word)))}
        cognate_terms = [(french_stem(c),) for c in cognates(word)]
        cognate_terms = [t for t in dict.fromkeys(cognate_terms) if self._known(t) and t not in forms
                         and (t not in spelt_same or not forms)]
        if not forms:  # a regular cognate (technology → technologie) is the word's best reading when nothing else is
            forms.extend(cognate_terms)
        else:
            expansions.update((t, COGNATE_WEIGHT) for t in cognate_terms if t not in expansions)
        if not forms and not expansions:
            stem = english_stem(word)
            for term in self._by_prefix.get(stem[:SHARED_PREFIX], ()):
                # Both words must be nearly all shared prefix: "mandatory" is not "mandat".
                shared = len(_common_prefix(stem, term))
                if shared >= SHARED_PREFIX and shared >= max(len(stem), len(term)) - 2:
                    expansions[(term,)] = NEAR_COGNATE_WEIGHT
        return tuple(forms), expansions

    def _translate(self, translations: Iterable[str]) -> tuple[Terms, ...]:
        found: list[Terms] = []
        for french in translations:
            terms = tuple(dict.fromkeys(french_terms(french)))
            if self._known(terms) and terms not in found:
                found.append(terms)
        return tuple(found)


_WHICH = frozenset({"which", "what", "quel", "quelle", "quels", "quelles"})
# How English nationalities and languages end (African, European, Chinese, English, French, Arabic, Iraqi).
_DEMONYM_ENDING = re.compile(r"(?:an|ese|ish|ch|ic|i)s?$")


def _asks_for(tokens: Sequence[str], n: int, modifier: Callable[[str], bool] = lambda word: False) -> bool:
    """Whether the n-th word is the noun a "which/what/quel…" asks an instance of (`QueryWord.answer_type`),
    past the modifiers before it ("which African countries": countries)."""
    before = n - 1
    while before > 0 and modifier(tokens[before]):
        before -= 1
    return n > 0 and tokens[before] in _WHICH and not modifier(tokens[n])


def _french_synonyms(entries: Mapping[str, tuple[str, ...]], phrases: bool = False) -> dict[str, frozenset[str]]:
    """French words that translate the same English word are synonyms (reprocher ~ accuser, via "blame"); with
    `phrases`, several-word translations too, their terms joined by a space (parlementaire ~ "membr congres", via
    "lawmaker"), which no single-term lookup matches (QuestionAnalyzer.phrase_synonyms reads them)."""
    synonyms: dict[str, set[str]] = {}
    for translations in entries.values():
        analysed = [french_terms(french) for french in translations]
        terms = {t[0] for t in analysed if len(t) == 1}
        others = terms | ({" ".join(t) for t in analysed if len(t) > 1} if phrases else set())
        for term in terms:
            synonyms.setdefault(term, set()).update(others - {term})
    return {term: frozenset(others) for term, others in synonyms.items()}


def _letters(text: str) -> str:
    """A text's letters, folded, without spaces, hyphens or apostrophes."""
    return "".join(ch for ch in fold(text) if ch.isalpha())


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]

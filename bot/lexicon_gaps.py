"""The French words of a corpus that no English question can reach, for a corpus's own lexicon to fill.

An English question reaches a French word through a lexicon line that translates to it (*delisting →
déréférencement*) or through an English word spelt the same or as a regular cognate (incident, ethnique ←
ethnic). A word reached neither way is found by a question in French only; `corpus gaps` lists such words,
most used first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import NamedTuple, Sequence

from .analysis import (QuestionAnalyzer, content_words, english_spellings, french_stem, french_terms, is_english_word,
                       lemmatize, letter_words, written_as_name)
from .search import Passage


class Gap(NamedTuple):
    """A French word of the corpus that no English question reaches."""

    word: str      # its most frequent spelling in the corpus
    term: str      # its index term
    passages: int  # how many passages hold it


def lexicon_gaps(passages: Sequence[Passage], analyzer: QuestionAnalyzer, min_passages: int = 2) -> list[Gap]:
    """The words of at least `min_passages` passages that no lexicon line translates to and no English word spelt
    alike stands for, the most used first."""
    counts: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()  # how often each spelling is written with a capital
    lower: Counter[str] = Counter()        # and in lower case
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for passage in passages:
        held = set()
        for word in content_words(passage.text):
            if word.isalpha() and len(word) > 2:  # numbers, codes and pieces of links (« .fr ») are not translated
                term = french_stem(word)
                spellings[term][word] += 1
                held.add(term)
        counts.update(held)
        for written in letter_words(passage.text):
            (capitalised if written[0].isupper() else lower)[written.lower()] += 1
    translated = _translated_terms(analyzer)
    gaps = []
    for term, count in counts.most_common():
        if count < min_passages or term in translated or _name(spellings[term], capitalised, lower):
            continue
        # A plural or feminine spelling reads as English through its lemma: « modalités » → modalité → modality.
        forms = {form for french in spellings[term] for form in (french, lemmatize(french.lower(), "fr"))}
        if not any(term in analyzer.english_reading(english) for french in forms
                   for english in english_spellings(french) if is_english_word(english)):
            gaps.append(Gap(spellings[term].most_common(1)[0][0], term, count))
    return gaps


def _name(spellings: Counter[str], capitalised: Counter[str], lower: Counter[str]) -> bool:
    """Whether a word is a name, which an English question writes the same way (CNIL, Bouygues): a common noun is
    capitalised only where a sentence or a heading starts (« Vidéoprotection : … »), a name is in lower case only in
    a link (cnil.fr)."""
    return written_as_name(sum(capitalised[word] for word in spellings), sum(lower[word] for word in spellings))


def _translated_terms(analyzer: QuestionAnalyzer) -> set[str]:
    """Every index term some line of the lexicons translates to."""
    french = {text for layer in analyzer.lexicon.layers for translations in layer.values() for text in translations}
    return {term for text in french for term in french_terms(text)}


def format_gaps(gaps: Sequence[Gap], min_passages: int, limit: int) -> str:
    """The gaps as `corpus gaps` prints them: a line each, then how to fill them."""
    if not gaps:
        return (f"English questions can reach every French word found in at least {_passages(min_passages)} "
                "(through the lexicons or the same spelling).")
    first = f", the first {limit}" if len(gaps) > limit else ""
    words, have = ("1 French word", "has") if len(gaps) == 1 else (f"{len(gaps)} French words", "have")
    lines = [f"{words} found in at least {_passages(min_passages)} {have} no English way in (no lexicon "
             f"line translates to them, no English word is spelt alike){first}, most used first:"]
    lines += [f"  {gap.word} ({_passages(gap.passages)})" for gap in gaps[:limit]]
    lines.append("Add 'english<TAB>french' lines for those that matter to a .tsv file in the corpus's lexicon/ folder.")
    return "\n".join(lines)


def _passages(count: int) -> str:
    return "1 passage" if count == 1 else f"{count} passages"

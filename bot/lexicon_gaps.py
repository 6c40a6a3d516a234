"""The French words of a corpus that no English question can reach, for a corpus's own lexicon to fill.

An English question reaches a French word through a lexicon line that translates to it (*delisting →
déréférencement*) or through an English word spelt the same or as a regular cognate (incident, prévention ←
prevention). A word reached neither way is found by a question in French only; `corpus gaps` lists such words,
most used first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import NamedTuple, Sequence

from .analysis import (QuestionAnalyzer, content_words, english_spellings, french_stem, french_terms, is_english_word,
                       names)
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
    as_name: Counter[str] = Counter()  # passages where the word is written as a name
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for passage in passages:
        held, capitalised = set(), names(passage.text)
        for word in content_words(passage.text):
            if word.isalpha() and len(word) > 2:  # numbers, codes and pieces of links (« .fr ») are not translated
                term = french_stem(word)
                spellings[term][word] += 1
                held.add(term)
                if word in capitalised:
                    as_name[term] += 1
        counts.update(held)
    translated = _translated_terms(analyzer)
    gaps = []
    for term, count in counts.most_common():
        # A name (CNIL, Bouygues) is written the same in an English question, and so reached.
        if count < min_passages or term in translated or as_name[term] * 2 > count:
            continue
        if not any(term in analyzer.english_reading(english) for french in spellings[term]
                   for english in english_spellings(french) if is_english_word(english)):
            gaps.append(Gap(spellings[term].most_common(1)[0][0], term, count))
    return gaps


def _translated_terms(analyzer: QuestionAnalyzer) -> set[str]:
    """Every index term some line of the lexicons translates to."""
    french = {text for layer in analyzer.lexicon.layers for translations in layer.values() for text in translations}
    return {term for text in french for term in french_terms(text)}


def format_gaps(gaps: Sequence[Gap], min_passages: int, limit: int) -> str:
    """The gaps as `corpus gaps` prints them: a line each, then how to fill them."""
    if not gaps:
        return (f"English questions can reach every French word found in at least {min_passages} passages "
                "(through the lexicons or the same spelling).")
    first = f", the first {limit}" if len(gaps) > limit else ""
    lines = [f"{len(gaps)} French words found in at least {min_passages} passages have no English way in (no lexicon "
             f"line translates to them, no English word is spelt alike){first}, most used first:"]
    lines += [f"  {gap.word} ({gap.passages} passages)" for gap in gaps[:limit]]
    lines.append("Add 'english<TAB>french' lines for those that matter to a .tsv file in the corpus's lexicon/ folder.")
    return "\n".join(lines)

"""Property-based tests (hypothesis): whatever a user types, the cleaner, the analysis and the answers hold.

The CI profile runs few examples; HYPOTHESIS_PROFILE=long runs many (see conftest.py).
"""

from __future__ import annotations

import json
import re

from hypothesis import example, given
from hypothesis import strategies as st

from bot.analysis import detect_language, fold, french_terms, words
from bot.answer import Answerer
from bot.question import MAX_QUESTION_CHARS, QuestionError, clean_question

# Any text, lone surrogates included (Python hands undecodable argv bytes over as such), and French-looking text
# with the markup, mentions and punctuation a chat message holds.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=600)
CHAT = st.lists(st.sampled_from([
    "quand", "Amazon", "a-t-il", "suspendu", "Rekognition", "?", "l'ONG", "qu’elle", "**", "__", "~~", "`", "> ",
    "[lien](https://x.example)", "<@123>", "@everyone", "@here", "#", "\\", "|", "2019", "10", "juin", "85", "\n",
    "œuvre", "É", "\u200b", "\u202e", "\x1b[31m", "\x00", "😀", "ﬁ", "İ", " ", "  ", "-", "'", "’"]), max_size=60).map("".join)
QUESTIONS = ANY_TEXT | CHAT


@given(QUESTIONS)
@example("@EVERYONE_")  # found by hypothesis: removing the markup made a mention
def test_the_question_cleaner_gives_clean_text_or_a_question_error(question: str) -> None:
    try:
        cleaned = clean_question(question)
    except QuestionError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert cleaned == cleaned.strip() and "  " not in cleaned and len(cleaned) <= MAX_QUESTION_CHARS
    assert not re.search(r"<@[!&]?\d+>|@(?:everyone|here)\b", cleaned, re.IGNORECASE)  # no mention left


@given(QUESTIONS)
def test_the_analysis_of_any_text_never_raises_and_gives_words(text: str) -> None:
    assert detect_language(text) in ("fr", "en")
    assert fold(fold(text)) == fold(text)
    for word in words(text):
        assert word and " " not in word
    for term in french_terms(text):
        assert isinstance(term, str) and term


@given(QUESTIONS, st.integers(min_value=-2, max_value=25))
@example("0\ud800", 1)  # found by hypothesis: a lone surrogate made the JSON unencodable
def test_any_question_gets_a_serialisable_answer_or_a_question_error(answerer: Answerer, question: str, k: int) -> None:
    try:
        answer = answerer.ask(question, k=k)
    except QuestionError as error:
        assert str(error) and "\n" not in str(error)
        return
    data = answer.to_json()
    text = json.dumps(data, ensure_ascii=False)
    text.encode("utf-8")  # strict: nothing unencodable reaches a terminal or a Discord message
    assert json.loads(text) == data
    assert 0.0 <= data["coverage"] <= 1.0 and len(data["passages"]) <= k
    for passage in data["passages"]:
        assert passage["highlight"] in passage["text"]

"""What a question takes for granted and whether a passage tells of it (bot/presupposition.py)."""

from __future__ import annotations

import pytest

from bot.presupposition import (AN_END, A_BEGINNING, A_SUCCESSION, named_only_as_a_complement, reactor,
                                without_unmet_conditions)


@pytest.mark.parametrize("question, after_an_end", [
    ("Did Amazon extend its moratorium once the one-year pause ran out?", True),
    ("Did Amazon resume selling after the year was up?", True),
    ("Amazon a-t-il repris ses ventes une fois la pause terminée ?", True),
    ("Que devient le dossier à l'issue du délai ?", True),
    # When a stop stopped presupposes that it did; the end of anything else is the stop itself.
    ("When did Amazon end its moratorium?", True),
    ("When did Google lift its pledge on facial recognition?", True),
    ("Quand la suspension prendra-t-elle fin ?", True),
    ("Quelle est la date de fin du moratoire ?", True),
    ("Did Amazon resume selling Rekognition to the police?", True),  # resuming presupposes the stop ended
    ("Amazon a repris la vente de Rekognition à la police après la pause d'un an ?", True),
    ("When did IBM end its facial recognition business?", False),  # « l'arrêt de ses services » answers it
    ("When did Amazon announce its pause?", False),
    ("After how long is my criminal record clean?", False),
    ("How long did the pause last?", False),
])
def test_a_question_may_presuppose_an_end(question: str, after_an_end: bool) -> None:
    assert AN_END.asked_in(question) is after_an_end


@pytest.mark.parametrize("question, start", [
    ("When did Amazon start selling Rekognition to the police?", True),
    ("Quand l'ICE a-t-elle commencé à utiliser Rekognition ?", True),
    ("Quand IBM a-t-il lancé le mouvement ?", True),
    ("When did Amazon pause Rekognition?", False),
])
def test_a_question_may_ask_about_a_beginning(question: str, start: bool) -> None:
    assert A_BEGINNING.asked_in(question) is start


@pytest.mark.parametrize("text, start", [
    ("IBM avait lancé le mouvement au début de la semaine.", True),
    ("L'ACLU appelle depuis deux ans Amazon à cesser.", True),
    ("Le procès s'est ouvert le 8 mars à Minneapolis.", True),
    ("Les travaux ont démarré en janvier.", True),
    ("Amazon a annoncé le 10 juin la suspension de la vente de Rekognition.", False),
])
def test_a_text_may_tell_of_a_beginning(text: str, start: bool) -> None:
    assert A_BEGINNING.told_in(text) is start


def test_a_condition_still_to_be_met_is_left_out() -> None:
    text = "Microsoft ne vend pas sa technologie et attendra jusqu'à ce qu'une loi soit adoptée. Puis rien."
    assert without_unmet_conditions(text) == "Microsoft ne vend pas sa technologie et attendra  . Puis rien."
    assert without_unmet_conditions("We won't sell until a law is passed; then we will.") == \
        "We won't sell  ; then we will."


def test_a_text_may_tell_of_an_end() -> None:
    for text in ("Amazon a prolongé son moratoire.", "À l'issue du délai, les données sont effacées.",
                 "La pause a expiré en juin 2021.", "Amazon a repris ses ventes."):
        assert AN_END.told_in(text)
    assert not AN_END.told_in("Amazon annonce une pause d'un an dans la fourniture de ses services.")


@pytest.mark.parametrize(("question", "who"), [
    ("How did police unions react to Amazon's moratorium?", "police unions"),
    ("Why did Amazon have to react?", "Amazon"),
    ("Did Google ever reply to the letter from the 85 groups?", "Google"),
    ("Comment la police de Minneapolis a-t-elle réagi à la décision d'Amazon ?", "la police de Minneapolis"),
    ("Comment Jeff Bezos a-t-il personnellement réagi ?", "Jeff Bezos"),
    ("Quelle a été la réaction de Google à la lettre ?", "Google"),
    ("How did Amazon's share price react to the pause?", "Amazon's share price"),
    ("Jeff Bezos a réagi personnellement à la pause de Rekognition ?", "Jeff Bezos"),
    ("How quickly must I get an answer?", None),  # an answer owed, no one's reaction
    ("What did the 85 NGOs ask Amazon?", None),
])
def test_a_question_about_a_reaction_says_whose(question: str, who: str | None) -> None:
    assert reactor(question) == who


@pytest.mark.parametrize(("text", "complement"), [
    ("85 ONG américaines écrivent à Amazon, Google et Microsoft pour les enjoindre.", True),  # written to
    ("Le groupe de Google a répondu.", True),
    ("En décembre 2018, Google s'est engagé à ne pas vendre.", False),  # Google acts
    ("Google et Microsoft ont répondu aux ONG.", False),
    ("Amazon a réagi.", False),  # Google is not named at all: another rule's matter
])
def test_a_name_may_be_only_the_one_written_to_or_about(text: str, complement: bool) -> None:
    assert named_only_as_a_complement(text, frozenset({"googl"})) is complement


@pytest.mark.parametrize(("question", "succession"), [
    ("Who replaced Arvind Krishna as IBM's CEO?", True),
    ("Qui a succédé à Jeff Bezos à la tête d'Amazon ?", True),
    ("Who is the CEO of IBM?", False),
])
def test_a_question_may_ask_who_came_after_someone(question: str, succession: bool) -> None:
    assert A_SUCCESSION.asked_in(question) is succession


@pytest.mark.parametrize(("text", "succession"), [
    ("Arvind Krishna a été nommé à la tête d'IBM en avril.", True),
    ("Andy Jassy succède à Jeff Bezos.", True),
    ("Amazon n'était pas nommé, mais la société de Seattle était visée par A.Krishna, le CEO d'IBM.", False),
])
def test_a_text_may_tell_of_a_succession(text: str, succession: bool) -> None:
    assert A_SUCCESSION.told_in(text) is succession

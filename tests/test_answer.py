"""Answers: the passage, its sentence, its citation, the date; and an honest no-answer."""

from __future__ import annotations

import re

import numpy as np
import pytest

from bot.answer import Answerer
from bot.question import MAX_QUESTION_CHARS, QuestionError
from bot.reading import answers_yes_or_no, opens_with_definition


def test_when_question_gets_the_dated_sentence_and_normalised_date(answerer: Answerer) -> None:
    answer = answerer.ask("when did Amazon pause Rekognition?")
    assert answer.answered
    best = answer.hits[0]
    assert best.highlight in best.passage.text and "10 juin" in best.highlight
    assert best.date is not None and best.date.iso == "2020-06-10" and best.date.precision == "day"
    assert best.passage.article.citation()["outlet"] in {"Calipia", "Developpez.com"}


def test_french_question_is_answered_from_the_right_article(answerer: Answerer) -> None:
    answer = answerer.ask("Combien d'ONG ont signé la lettre ?")
    assert answer.answered and answer.hits[0].passage.article.id == "004"
    assert "85" in answer.hits[0].highlight


def test_why_question_prefers_the_passage_that_gives_a_reason(answerer: Answerer) -> None:
    answer = answerer.ask("Why did Microsoft refuse to sell its technology to the police?")
    assert answer.answered and "droits de l" in answer.hits[0].passage.text


@pytest.mark.parametrize("question", ["Who won the Tour de France?", "What happened to Mondial Relay?",
                                      "Quelle est la recette de la tarte tatin ?",
                                      "Did Spotify disable accounts that downloaded its music?"])
def test_unanswerable_questions_are_declined_with_closest_passages_marked(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert not answer.answered
    assert answer.to_json()["message"] == "The coverage does not answer this."


@pytest.mark.parametrize("question", [
    "Parmi les 28 parlementaires mal identifiés par le test de l'ACLU, combien étaient des personnes de couleur ?",
    "Of the 28 members of Congress misidentified in the ACLU test, how many were people of color?"])
def test_a_number_the_question_states_does_not_answer_it(answerer: Answerer, question: str) -> None:
    # The articles give the 28 and never how many of them were people of colour.
    assert not answerer.ask(question).answered


def test_hits_are_verbatim_article_text_with_citations(answerer: Answerer) -> None:
    for hit in answerer.ask("What did Brad Smith say about the police?", k=5).hits:
        article = hit.passage.article
        assert any(hit.passage.text in paragraph for paragraph in article.paragraphs)
        assert hit.highlight in hit.passage.text
        assert set(hit.to_json()["article"]) == {"id", "outlet", "title", "date", "url", "language"}


def test_context_gives_the_neighbouring_paragraphs(answerer: Answerer) -> None:
    hit = answerer.ask("How many members of Congress were identified as criminals?").hits[0]
    context = answerer.context(hit.passage, radius=1)
    assert hit.passage.text in " ".join(context)
    assert 1 <= len(context) <= 3


@pytest.mark.parametrize("question, message", [
    ("", "empty"), ("   \n ", "empty"), ("?!? …", "no word"), ("🙂🙂🙂", "no word"), ("what is it?", "no word"),
    ("hi", "no word"), ("Bonjour !", "no word"),
    ("x" * (MAX_QUESTION_CHARS + 1), "too long"),
])
def test_unusable_questions_raise_one_line_errors(answerer: Answerer, question: str, message: str) -> None:
    with pytest.raises(QuestionError, match=message) as error:
        answerer.ask(question)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("plain, greeted", [
    ("quand Amazon a-t-il suspendu Rekognition ?", "Bonjour, quand Amazon a-t-il suspendu Rekognition ? Merci"),
    ("Which companies stopped selling facial recognition?", "Hi! Which companies stopped selling facial recognition? thx"),
])
def test_a_greeting_or_thanks_changes_nothing(answerer: Answerer, plain: str, greeted: str) -> None:
    # A chat question often greets; « bonjour » counted as a word the corpus lacks and declined the question.
    expected, got = answerer.ask(plain), answerer.ask(greeted)
    assert got.answered and got.answered == expected.answered
    assert got.hits[0].passage == expected.hits[0].passage


def test_other_scripts_get_an_honest_no_answer(answerer: Answerer) -> None:
    assert not answerer.ask("谁赢得了环法自行车赛？").answered


def test_the_key_sentence_of_a_how_many_answer_counts_the_asked_noun(tmp_path) -> None:
    counted = "Parmi eux, 450 employés."
    folder = _corpus(tmp_path, f"Une lettre écrite à Amazon par 85 associations parle de ses employés. {counted}",
                     *FILLER)
    answer = Answerer.from_corpus_dir(folder, semantic="off").ask("Combien d'employés ont écrit une lettre à Amazon ?")
    assert answer.hits[0].highlight == counted


def test_k_is_bounded(answerer: Answerer) -> None:
    assert len(answerer.ask("Amazon Rekognition police", k=2).hits) == 2
    with pytest.raises(QuestionError, match="between 1 and"):
        answerer.ask("Amazon", k=0)


def test_how_long_question_gets_the_passage_with_the_duration(answerer: Answerer) -> None:
    answer = answerer.ask("How long will Amazon's pause last?")
    assert answer.answered and "un an" in answer.hits[0].highlight
    # "depuis deux ans" (how long the ACLU has been asking) is a duration too, but not the one asked here
    answer = answerer.ask("How long will Amazon stop providing its face recognition to law enforcement?")
    assert answer.answered and "un an" in answer.hits[0].highlight
    answer = answerer.ask("Depuis combien de temps l'ACLU demande-t-elle à Amazon de cesser ?")
    assert answer.answered and "depuis deux ans" in answer.hits[0].highlight


def _corpus(tmp_path, *paragraphs: str, lexicon: str | None = None):
    """A corpus folder with only articles/ (and, if given, its own lexicon)."""
    from pathlib import Path

    folder = Path(tmp_path) / "corpus"
    (folder / "articles").mkdir(parents=True)
    body = "\n\n".join(paragraphs)
    (folder / "articles" / "a.md").write_text(
        f'---\nid: "a"\noutlet: O\ntitle: "T"\ndate: "2021"\nlanguage: fr\n---\n{body}\n', encoding="utf-8")
    if lexicon:
        (folder / "lexicon").mkdir()
        (folder / "lexicon" / "own.tsv").write_text(lexicon, encoding="utf-8")
    return folder


FILLER = ["Le marché des voitures électriques progresse.", "La météo sera clémente demain.",
          "Le musée ouvre une nouvelle salle.", "Les élections municipales approchent."]


def test_a_corpus_with_only_articles_uses_the_shipped_lexicon(tmp_path) -> None:
    folder = _corpus(tmp_path, "Votre employeur doit vous informer avant d'installer des caméras.", *FILLER)
    answer = Answerer.from_corpus_dir(folder, semantic="off").ask("Must my employer inform me about cameras?")
    assert answer.hits[0].passage.paragraph == 0


def test_the_shipped_lexicons_include_freedicts_french_english_dictionary_read_backwards(tmp_path) -> None:
    # "deceased" is in neither the curated list nor FreeDict's English→French one; French→English has défunt.
    folder = _corpus(tmp_path, "Les héritiers du défunt peuvent consulter ses comptes.", *FILLER)
    answer = Answerer.from_corpus_dir(folder, semantic="off").ask("What can the heirs of the deceased consult?")
    assert answer.answered and answer.hits[0].passage.paragraph == 0 and answer.coverage == 1.0


def test_the_words_of_a_parenthesis_gloss_the_subject_and_do_not_outweigh_what_is_asked(tmp_path) -> None:
    # The acronym's expansion held four of the question's words and came first; what is asked of the FAED
    # (« supprimer mon inscription ») is in the other paragraph.
    folder = _corpus(tmp_path,
                     "Le refus du prélèvement d'empreintes digitales pour le fichier automatisé est une infraction.",
                     "Votre inscription au FAED peut être supprimée sur demande.", *FILLER)
    answerer = Answerer.from_corpus_dir(folder, semantic="off")
    question = "FAED (Fichier automatisé des empreintes digitales) : puis-je faire supprimer mon inscription ?"
    assert answerer.ask(question).hits[0].passage.paragraph == 1
    weights = {word.surface: word.weight for word in answerer.parse(question).words}
    assert weights["faed"] == weights["inscription"] == 1 and weights["empreintes"] < 1


def test_a_corpus_may_add_its_own_lexicon(tmp_path) -> None:
    folder = _corpus(tmp_path, "Le fichier FICOBA recense les comptes.", *FILLER, lexicon="zorglub\tficoba\n")
    answer = Answerer.from_corpus_dir(folder, semantic="off").ask("What is zorglub?")
    assert answer.hits and answer.hits[0].passage.paragraph == 0


def test_a_long_paragraph_is_one_hit_showing_the_window_around_its_key_sentence(tmp_path) -> None:
    sentences = [f"La phrase numéro {n} parle de voitures et de musées." for n in range(30)]
    sentences[17] = "La CNIL contrôle les fichiers de la police nationale."
    folder = _corpus(tmp_path, " ".join(sentences), *FILLER)
    answer = Answerer.from_corpus_dir(folder, semantic="off").ask("Qui contrôle les fichiers de la police ?", k=5)
    paragraphs = [h.passage.paragraph for h in answer.hits]
    assert paragraphs.count(0) == 1 and paragraphs[0] == 0
    best = answer.hits[0]
    assert best.highlight == sentences[17]
    assert best.highlight in best.window and best.window in best.passage.text and len(best.window) < len(best.passage.text)
    assert best.to_json()["window"] == best.window and best.to_json()["text"] == best.passage.text


def test_semantic_off_answers_from_bm25_alone(tmp_path) -> None:
    folder = _corpus(tmp_path, "La police utilise la reconnaissance faciale.", *FILLER)
    answerer = Answerer.from_corpus_dir(folder, semantic="off")
    assert answerer.semantic is None and not list((folder / ".index").glob("vectors-*"))
    assert answerer.ask("reconnaissance faciale police").hits[0].passage.paragraph == 0


def test_semantic_on_reaches_a_paraphrase_bm25_cannot(tmp_path) -> None:
    from bot.semantic import E5Embedder, SemanticUnavailable

    try:
        E5Embedder()
    except SemanticUnavailable as error:
        pytest.skip(str(error))
    folder = _corpus(tmp_path, "Le constructeur automobile a licencié trois mille salariés.", *FILLER)
    answerer = Answerer.from_corpus_dir(folder, semantic="on")
    assert answerer.semantic is not None and list((folder / ".index").glob("vectors-*"))
    answer = answerer.ask("Combien d'emplois le fabricant de véhicules a-t-il supprimés ?")
    assert answer.hits[0].passage.paragraph == 0


def test_the_decision_and_its_signals_are_reported(answerer: Answerer) -> None:
    answer = answerer.ask("when did Amazon pause Rekognition?")
    assert 0 <= answer.confidence <= 1 and answer.signals is not None
    assert answer.to_json()["confidence"] == round(answer.confidence, 3)


class _NeutralEmbedder:
    """A stand-in model that finds every text equally similar, so only the lexical side ranks."""

    def query(self, text: str) -> np.ndarray:
        return np.full(8, 8 ** -0.5, dtype=np.float32)

    def passages(self, texts) -> np.ndarray:
        return np.stack([self.query(t) for t in texts])


def _lexical_side_only(tmp_path, *paragraphs: str) -> Answerer:
    """An answerer with the semantic layer on over these paragraphs and FILLER, every text equally similar."""
    return Answerer.from_corpus_dir(_corpus(tmp_path, *paragraphs, *FILLER), semantic="on",
                                    embedder=_NeutralEmbedder())


def test_with_the_semantic_layer_synonyms_do_not_lift_a_passage_above_the_asked_word(tmp_path) -> None:
    asked = "La CNIL a prononcé une sanction contre la mairie."
    synonyms = "Une amende, une peine ou une contravention frappe le fichier du fichier client."
    answerer = _lexical_side_only(tmp_path, asked, synonyms, "Le fichier des clients est tenu à jour.")
    # BM25 alone still reaches "sanction" through its synonyms (amende, peine, contravention); in the mix the
    # semantic layer bridges meaning, and the lexical side counts only the words asked. (Not « Quelle sanction… ? »:
    # there « sanction » is the noun asked an instance of, which « une amende » is.)
    hits = answerer.ask("Y a-t-il une sanction pour le fichier ?", k=2).hits
    assert [hit.passage.text for hit in hits] == [asked, synonyms]


def test_among_passages_on_the_asked_subject_the_one_on_what_is_asked_comes_first(tmp_path) -> None:
    # Every passage names the subject, most of them often; only one holds what is asked about it. The subject's
    # words, held by every candidate, must not decide.
    subject = ["Le FPR recense les personnes recherchées. Le FPR est tenu par la police. On peut demander au FPR.",
               "Le FPR est consulté par la gendarmerie. Le FPR contient des photos. Le préfet peut demander au FPR.",
               "Le FPR reçoit les fiches des préfectures. Le FPR est national. Un juge peut demander au FPR."]
    aspect = ("L'effacement d'une fiche du FPR passe par le procureur de la République, qui dispose d'un délai de "
              "deux mois pour répondre au courrier adressé par la personne concernée ou par son avocat.")
    answerer = _lexical_side_only(tmp_path, *subject, aspect)
    assert answerer.ask("FPR : puis-je demander l'effacement ?").hits[0].passage.text == aspect


@pytest.mark.parametrize("passage, opens_with_yes_or_no", [
    ("Oui. L'envoi de courriers électroniques exige votre accord.", True),
    ("Non, le responsable d'un traitement ne peut pas être DPO.", True),
    ("NON ! Ce fichier concerne la sécurité publique.", True),
    ("Oui si vous y avez consenti.", True),
    ("Yes, provided you agreed.", True),
    ("Non seulement la CNIL contrôle, mais elle sanctionne.", False),
    ("No company may sell it.", False),
    ("Le FPR recense les personnes recherchées.", False),
])
def test_a_passage_that_opens_with_yes_or_no(passage: str, opens_with_yes_or_no: bool) -> None:
    assert answers_yes_or_no(passage) is opens_with_yes_or_no


def test_a_yes_or_no_answers_a_yes_no_question_and_not_an_open_one(tmp_path) -> None:
    # Two passages with the same words; only one opens with a yes. Which comes first depends on the question's form,
    # so neither the passages' order nor their words can decide both.
    plain = "Le médecin déclare la maladie aux autorités sanitaires régionales."
    yes = "Oui. Le médecin déclare la maladie aux autorités sanitaires régionales."
    answerer = _lexical_side_only(tmp_path, plain, yes)
    assert answerer.ask("Le médecin déclare-t-il la maladie aux autorités ?").hits[0].passage.text == yes
    assert answerer.ask("À qui le médecin déclare-t-il la maladie ?").hits[0].passage.text == plain


@pytest.mark.parametrize("passage, defines", [
    ("C'est toute information relative à une personne physique.", True),
    ("Le FCC est un fichier national géré par la Banque de France.", True),
    ("Le Bouclier de Protection des Données, mieux connu sous le nom de Privacy Shield, était un mécanisme.", True),
    ("Il s'agit d'un fichier de police.", True),
    ("Vous avez le droit de demander la rectification.", False),
    ("Le responsable du fichier doit vous informer. Il est tenu de répondre.", False),
])
def test_a_passage_that_opens_by_defining(passage: str, defines: bool) -> None:
    assert opens_with_definition(passage) is defines


def test_a_passage_that_defines_answers_a_question_asking_what_something_is(tmp_path) -> None:
    # The same words in both; only one says what the thing is, and only a "what is…?" question prefers it.
    mentions = "Le fichier central des chèques sert aux banques, qui consultent le fichier central des chèques."
    defines = "Le fichier central des chèques est un fichier des banques, qui consultent le fichier central."
    answerer = _lexical_side_only(tmp_path, mentions, defines)
    assert answerer.ask("Le fichier central des chèques, c'est quoi ?").hits[0].passage.text == defines
    assert answerer.ask("À quoi sert le fichier central des chèques ?").hits[0].passage.text == mentions


def test_a_yes_no_question_lacking_a_yes_or_no_counts_only_where_the_corpus_answers_so(tmp_path) -> None:
    # An FAQ answers "puis-je… ?" with "Oui. …": there a passage that does not open so is less likely the answer.
    # News articles never open with yes or no, so there the same passage says nothing against itself.
    question = "Le médecin déclare-t-il la maladie aux autorités ?"
    passage = "Le médecin déclare la maladie aux autorités sanitaires régionales."
    faq = Answerer.from_corpus_dir(_corpus(tmp_path / "faq", passage, "Oui. La CNIL contrôle les fichiers.",
                                           *FILLER), semantic="off")
    news = Answerer.from_corpus_dir(_corpus(tmp_path / "news", passage, "La CNIL contrôle les fichiers.", *FILLER),
                                    semantic="off")
    in_faq, in_news = faq.ask(question).signals, news.ask(question).signals
    assert 0 < faq.index.yes_no_shares["O"] < 1 and news.index.yes_no_shares == {"O": 0}
    assert in_faq.lacks_yes_no_to_yes_no == pytest.approx(faq.index.yes_no_shares["O"])
    assert in_news.lacks_yes_no_to_yes_no == 0 and in_news.opens_yes_no_to_yes_no == 0
    assert faq.ask(question).confidence < news.ask(question).confidence


def test_the_share_of_yes_or_no_answers_is_the_outlets_in_a_corpus_mixing_an_faq_and_news(tmp_path) -> None:
    folder = _corpus(tmp_path, "Oui. La CNIL contrôle les fichiers.", "Non, la CNIL ne vend rien.", *FILLER)
    (folder / "articles" / "b.md").write_text(
        '---\nid: "b"\noutlet: Journal\ntitle: "T"\ndate: "2021"\nlanguage: fr\n---\n'
        "Le médecin déclare la maladie aux autorités sanitaires régionales.\n\nLe musée ferme.\n", encoding="utf-8")
    answerer = Answerer.from_corpus_dir(folder, semantic="off")
    assert answerer.index.yes_no_shares["Journal"] == 0 and answerer.index.yes_no_shares["O"] > 0
    # The newspaper's passage, which never could open with yes or no, is not held against a yes/no question.
    answer = answerer.ask("Le médecin déclare-t-il la maladie aux autorités ?")
    assert answer.hits[0].passage.article.outlet == "Journal" and answer.signals.lacks_yes_no_to_yes_no == 0


def test_a_how_many_question_whose_passage_counts_nothing_is_less_confident(tmp_path) -> None:
    question = "Combien d'employés d'Amazon ont signé la lettre ?"
    counting = Answerer.from_corpus_dir(
        _corpus(tmp_path / "a", "La lettre a été signée par 450 employés d'Amazon.", *FILLER), semantic="off")
    silent = Answerer.from_corpus_dir(
        _corpus(tmp_path / "b", "La lettre a été signée par des employés d'Amazon.", *FILLER), semantic="off")
    found, missing = counting.ask(question), silent.ask(question)
    assert (found.signals.kind_match, found.signals.kind_missing) == (1, 0)
    assert (missing.signals.kind_match, missing.signals.kind_missing) == (0, 1)
    assert missing.confidence < found.confidence
    # A reason or a place is read less reliably: a "why" passage without a reason word is not held against it.
    why = silent.ask("Pourquoi des employés d'Amazon ont-ils signé la lettre ?")
    assert why.signals.kind_missing == 0


def test_the_same_text_in_two_articles_is_one_hit_citing_both(tmp_path) -> None:
    # A wire story several outlets ran, or an FAQ entry copied under another heading: one passage, every source.
    folder = _corpus(tmp_path, "La CNIL contrôle les fichiers de la police nationale.",
                     "Les fichiers de la mairie sont publics.", "La police nationale recrute.", *FILLER)
    copy = (folder / "articles" / "a.md").read_text(encoding="utf-8").replace('id: "a"', 'id: "b"')
    (folder / "articles" / "b.md").write_text(copy.replace("La CNIL contrôle les fichiers de la police nationale.",
                                                           "La  CNIL contrôle les fichiers de la police nationale !"),
                                              encoding="utf-8")
    answerer = Answerer.from_corpus_dir(folder, semantic="off")
    answer = answerer.ask("Qui contrôle les fichiers de la police ?", k=3)
    first = answer.hits[0]
    assert {(first.passage.article.id, first.passage.paragraph)} | {(t.article.id, t.paragraph) for t in first.also} \
        == {("a", 0), ("b", 0)}
    assert [h.passage.text for h in answer.hits].count(first.passage.text) == 1
    assert len(answer.hits) == 3  # the twin does not take a place: the next distinct passages fill the k asked
    assert answer.to_json()["passages"][0]["also"][0]["article"]["id"] in {"a", "b"}
    from bot.evaluate import EvalQuestion, run_bot
    twin = next(iter({"a", "b"} - {first.passage.article.id}))
    outcome, = run_bot(answerer, [EvalQuestion("Qui contrôle les fichiers de la police ?", frozenset({(twin, 0)}))])
    assert outcome.rank == 1  # the gold paragraph is shown, under its twin's text


def test_a_date_counts_for_a_when_question_only_in_a_sentence_about_it(tmp_path) -> None:
    # The date a "when" question asks for is read in a sentence holding its words, or in the next one; two
    # sentences on, « Les soldes commencent le 3 juin » says nothing of IBM, so the date is missing, not found.
    about = _corpus(tmp_path / "a", "IBM arrête la reconnaissance faciale le 8 juin.", *FILLER)
    next_one = _corpus(tmp_path / "b", "IBM arrête la reconnaissance faciale. Elle l'a annoncé le 8 juin.", *FILLER)
    apart = _corpus(tmp_path / "c", "IBM arrête la reconnaissance faciale. La météo sera clémente. Les soldes "
                                    "commencent le 3 juin.", *FILLER)
    question = "Quand IBM arrête-t-il la reconnaissance faciale ?"
    found = [Answerer.from_corpus_dir(folder, semantic="off").ask(question).signals
             for folder in (about, next_one, apart)]
    assert [(s.kind_match, s.kind_missing) for s in found] == [(1.0, 0.0), (1.0, 0.0), (0.0, 1.0)]


class _KeywordEmbedder:
    """A stand-in model under which texts are alike as far as they name the same of a few keywords."""

    KEYWORDS = ("IBM", "Amazon", "Microsoft")

    def query(self, text: str) -> np.ndarray:
        vector = np.array([0.1] + [float(word in text) for word in self.KEYWORDS], dtype=np.float32)
        return vector / np.linalg.norm(vector)

    def passages(self, texts) -> np.ndarray:
        return np.stack([self.query(t) for t in texts])


def test_a_passage_of_the_asked_kind_does_not_displace_a_first_passage_scored_far_above_it(tmp_path) -> None:
    about_ibm = "IBM a annoncé l'arrêt de ses services de reconnaissance faciale dans une lettre au Congrès."
    about_amazon = "Amazon a annoncé l'arrêt de ses services de reconnaissance faciale aux polices, écrit l'entreprise."
    dated_amazon = "Amazon a annoncé le 10 juin l'arrêt de ses services de reconnaissance faciale aux polices."
    more_on_ibm = ["IBM vend aussi des serveurs.", "IBM recrute des ingénieurs."]
    folder = _corpus(tmp_path, about_ibm, about_amazon, dated_amazon, *more_on_ibm, *FILLER)
    answerer = Answerer.from_corpus_dir(folder, semantic="on", embedder=_KeywordEmbedder())
    # The dated passage holds most of the question's words, but it is about another company: the ranking, which
    # weighs the meaning too, scores the passage on IBM far above it, and a date elsewhere does not overturn that.
    question = "Quand IBM a-t-il annoncé l'arrêt de ses services de reconnaissance faciale ?"
    assert answerer.ask(question).hits[0].passage.text == about_ibm
    # Where the dated passage is about the same company and as close to the question, it goes first.
    question = "Quand Amazon a-t-il annoncé l'arrêt de ses services aux polices ?"
    assert answerer.ask(question).hits[0].passage.text == dated_amazon


def test_a_french_word_the_corpus_never_uses_is_read_through_its_synonyms(answerer: Answerer) -> None:
    # The articles say « pause » and « suspension », never « moratoire »: its synonyms are the only reading of the
    # word asked, and they count enough for the one-year pause to answer.
    answer = answerer.ask("Combien de temps dure le moratoire d'Amazon ?")
    assert answer.answered and "un an" in answer.hits[0].highlight  # « pour un an », « une pause d'un an »


def test_a_french_name_in_an_english_question_is_not_a_name_the_corpus_lacks(answerer: Answerer) -> None:
    # « Le » of "Le Monde" is a French stop word, which the index never holds: counted as a word of the question it
    # was a name the corpus never uses, and the right passage was declined.
    answer = answerer.ask("What did Le Monde report about Google?")
    assert answer.answered and "rappelle Le Monde" in answer.hits[0].passage.text
    assert answer.signals.unknown_name_english == 0


@pytest.mark.parametrize("question", ["What is the name of Microsoft's facial recognition software?",
                                      "Comment s'appelle le logiciel de reconnaissance faciale de Microsoft ?",
                                      "Quel est le nom du logiciel de reconnaissance faciale que vend Microsoft ?",
                                      "Comment s'appelle le logiciel de reconnaissance faciale vendu par Microsoft ?"])
def test_a_question_asking_a_name_puts_first_the_passage_that_gives_it(answerer: Answerer, question: str) -> None:
    # The passage on Microsoft's refusal to a Californian police agency ranked first: it holds the question's words
    # but calls the software nothing; « …qui commercialise le logiciel Face API » came second to sixth (« Microsoft
    # ne vend pas… » holds « vend »), and where it came first it was declined.
    answer = answerer.ask(question)
    assert answer.answered and "Face API" in answer.hits[0].passage.text


@pytest.mark.parametrize("question, name", [
    ("What's Microsoft's facial recognition product called?", "Face API"),
    ("Quel nom porte l'outil de reconnaissance faciale vendu par Microsoft ?", "Face API"),
    ("Comment s'appelle l'outil de reconnaissance faciale vendu par Amazon ?", "Rekognition"),
])
def test_a_product_asked_by_another_noun_is_named_all_the_same(answerer: Answerer, question: str,
                                                                name: str) -> None:
    # The articles say « le logiciel Face API », never "product" nor « outil » before a name: the question was
    # declined, a name asked and none found after the noun it asked of.
    answer = answerer.ask(question)
    assert answer.answered and name in answer.hits[0].highlight


@pytest.mark.parametrize("question", ["What's the name of Amazon's facial recognition product?",
                                      "Quel nom porte l'outil de reconnaissance faciale vendu par Amazon ?",
                                      "C'est quoi le nom du logiciel de reconnaissance faciale d'Amazon ?"])
def test_a_name_question_is_answered_where_the_name_is_given_not_in_passing(answerer: Answerer,
                                                                            question: str) -> None:
    # « …tous les clients du logiciel Rekognition » came first: the right name, in a paragraph about Amazon's advice
    # to its customers; the paragraphs that name the software as the question describes it are the answer.
    answer = answerer.ask(question)
    assert answer.answered and "Rekognition" in answer.hits[0].highlight
    assert "clients du logiciel" not in answer.hits[0].highlight


def test_a_name_given_before_the_noun_answers_a_name_question(answerer: Answerer) -> None:
    # « A.Krishna, le CEO d'IBM »: the name before the noun, in apposition; it was second, and declined.
    answer = answerer.ask("Comment s'appelle le patron d'IBM qui a annoncé l'abandon de la reconnaissance faciale ?")
    assert answer.answered and "Krishna" in answer.hits[0].highlight


def test_a_name_asked_of_a_noun_no_passage_names_is_declined(answerer: Answerer) -> None:
    # The passage says the agency's identity was not disclosed: « une agence de police californienne ». The name
    # after « logiciel » in « les clients du logiciel Rekognition » is Amazon's, not Microsoft's.
    assert not answerer.ask("Quel est le nom du patron de l'agence de police californienne ?").answered
    answer = answerer.ask("Comment s'appelle le logiciel de reconnaissance faciale de Google ?")
    assert not answer.answered or "Rekognition" not in answer.hits[0].highlight


def test_a_date_asked_of_the_ngos_letter_is_found_where_it_names_the_signatories(answerer: Answerer) -> None:
    # « la lettre expédiée mardi 15 janvier » says « les 85 signataires », not « ONG »: with "NGOs" read as a name
    # the date was another subject's, and the question was declined.
    answer = answerer.ask("On what day was the NGOs' letter to the tech giants sent?")
    assert answer.answered and "mardi 15 janvier" in answer.hits[0].highlight


@pytest.mark.parametrize("question", ["How did police unions react to Amazon's moratorium?",
                                      "How did Amazon's share price react to the pause?",
                                      "Comment la police de Minneapolis a-t-elle réagi à la décision d'Amazon de "
                                      "suspendre Rekognition ?"])
def test_a_reaction_asked_of_someone_the_passage_does_not_name_is_declined(answerer: Answerer,
                                                                          question: str) -> None:
    # « Amazon a donc dû réagir… » holds "react", "Amazon" and the moratorium: it tells Amazon's reaction, not theirs.
    assert not answerer.ask(question).answered


@pytest.mark.parametrize("question", ["When did Amazon end its moratorium?",
                                      "When did Google lift its pledge on facial recognition?",
                                      "Quand Amazon a-t-il commencé à vendre Rekognition à la police ?",
                                      "Quand l'ICE a-t-elle commencé à utiliser Rekognition ?"])
def test_the_date_of_another_event_of_the_same_subject_does_not_answer_when(answerer: Answerer,
                                                                           question: str) -> None:
    # The pause's date was given as the date Amazon started selling, or ended its pause: the coverage reports
    # neither a beginning nor an end of it.
    assert not answerer.ask(question).answered


@pytest.mark.parametrize("question", ["Who replaced Arvind Krishna as IBM's CEO?",
                                      "Qui a succédé à Jeff Bezos à la tête d'Amazon ?"])
def test_a_successor_asked_of_a_passage_telling_of_no_succession_is_declined(answerer: Answerer,
                                                                              question: str) -> None:
    # « A.Krishna, le CEO d'IBM » names the one replaced and no one after him.
    assert not answerer.ask(question).answered


def test_a_beginning_the_coverage_dates_is_answered(answerer: Answerer) -> None:
    answer = answerer.ask("Quand IBM a-t-il lancé le mouvement ?")
    assert answer.answered and "lancé le mouvement" in answer.hits[0].highlight


@pytest.mark.parametrize("question", ["How did Google respond to the 85 NGOs' January 2019 letter?",
                                      "Comment Jeff Bezos a-t-il personnellement réagi à la mort de George Floyd ?"])
def test_a_reaction_asked_of_someone_named_only_as_addressee_is_declined(answerer: Answerer, question: str) -> None:
    # « 85 ONG américaines écrivent à Amazon, Google et Microsoft » names Google as written to; « l'entreprise de
    # Jeff Bezos » names him as Amazon's owner: neither tells what they did.
    assert not answerer.ask(question).answered


@pytest.mark.parametrize("question", [
    "What share of IBM's revenue did its facial recognition business represent?",
    "In the ACLU's 2018 Rekognition test, what share of the falsely matched members of Congress were people of color?"])
def test_a_share_no_passage_gives_is_declined(answerer: Answerer, question: str) -> None:
    # « 28 membres du Congrès » is a count: it was offered as the share.
    assert not answerer.ask(question).answered


def test_a_reaction_asked_of_someone_the_passage_names_is_answered(answerer: Answerer) -> None:
    answer = answerer.ask("Why did Amazon have to react?")
    assert answer.answered and "réagir" in answer.hits[0].passage.text


@pytest.mark.parametrize("question, found", [
    ("la lettre des ONG a été envoyée quel jour ?", "mardi 15 janvier"),
    ("Qui est le patron d'IBM qui s'en est pris aux vendeurs de reconnaissance faciale ?", "Krishna"),
])
def test_a_passage_of_the_kind_asked_holding_less_than_half_the_question_goes_first(answerer: Answerer, question: str,
                                                                                     found: str) -> None:
    # « la lettre expédiée mardi 15 janvier » holds 0.48 of the question's weight (« expédiée » only a synonym of
    # « envoyée »): under the half once needed, it stayed second and the question was declined.
    answer = answerer.ask(question)
    assert answer.answered and found in answer.hits[0].highlight


@pytest.mark.parametrize("question", [
    "What condition does Microsoft set before it will sell facial recognition to US police forces?",
    "Under what condition would Microsoft start selling facial recognition to US police departments?"])
def test_a_condition_asked_is_answered_by_the_condition(answerer: Answerer, question: str) -> None:
    # The Californian agency's refusal came first: it holds Microsoft, selling and the police, and no condition.
    answer = answerer.ask(question)
    assert answer.answered and re.search(r"tant que|jusqu'à ce", answer.hits[0].highlight)


@pytest.mark.parametrize("question", ["Who is the CEO of Amazon?", "Who is Amazon's CEO?",
                                      "Who is Microsoft's chief privacy officer?", "Who is the head of the ACLU?"])
def test_a_role_holder_the_coverage_does_not_name_is_declined(answerer: Answerer, question: str) -> None:
    # « A.Krishna, le CEO d'IBM » was offered as Amazon's CEO: "who is…?" asked no kind, and the passage holds
    # every word of the question.
    assert not answerer.ask(question).answered


@pytest.mark.parametrize("question, name", [("Who is the CEO of IBM?", "Krishna"),
                                            ("Qui est le président de Microsoft ?", "Brad Smith")])
def test_a_role_holder_the_coverage_names_is_answered(answerer: Answerer, question: str, name: str) -> None:
    answer = answerer.ask(question)
    assert answer.answered and name in answer.hits[0].highlight


@pytest.mark.parametrize("question", [
    "What is the name of the California police agency that Microsoft refused?",
    "What is the name of the California police agency that Microsoft refused to sell facial recognition to?"])
def test_a_name_question_whose_passage_names_nothing_of_the_kind_is_declined(answerer: Answerer,
                                                                            question: str) -> None:
    # « une agence de police californienne… dont l'identité n'a pas été divulguée » holds every word of the question
    # and no name of the agency: it was answered at 0.48 and 0.60, a name missing counting as one signal among others.
    assert not answerer.ask(question).answered


def test_a_name_after_a_word_of_the_question_does_not_make_an_answer(answerer: Answerer) -> None:
    # Nearly every news sentence names something after some word of the question (« l'ACLU (Union américaine… »):
    # the name kind orders the passages and is no sign of an answer.
    assert not answerer.ask("Comment s'appelle le président de l'ACLU ?").answered


@pytest.mark.parametrize("question", [
    "How much money did Microsoft donate to racial justice organizations after George Floyd's death?",
    "How much money did IBM make from facial recognition?"])
def test_a_passage_about_other_parties_does_not_answer(answerer: Answerer, question: str) -> None:
    # Amazon's « don de 10 millions de dollars » holds the asked kind and most of the words, but names Amazon and
    # Black Lives Matter, never the company asked about.
    assert not answerer.ask(question).answered


@pytest.mark.parametrize("question", ["Did Amazon resume selling Rekognition to the police after the year was up?",
                                      "Amazon a-t-il prolongé son moratoire une fois l'année écoulée ?"])
def test_what_followed_an_end_the_coverage_never_reports_is_declined(answerer: Answerer, question: str) -> None:
    # The articles report the one-year pause as it began: nothing in them tells what came after it ended.
    assert not answerer.ask(question).answered


@pytest.mark.parametrize("question, answered", [
    ("When did the Congress pass a law on facial recognition?", False),
    ("Did Congress end up passing the national facial recognition law Microsoft was waiting for?", False),
    ("Quand la loi nationale sur la reconnaissance faciale sera-t-elle adoptée ?", False),
    ("Which law would make Microsoft sell face recognition to police again?", True),  # the condition is asked
    ("Until when will Microsoft refuse to sell facial recognition to the police?", True),
])
def test_an_event_told_only_as_a_condition_still_to_be_met_has_not_happened(answerer: Answerer, question: str,
                                                                           answered: bool) -> None:
    # « …à ne pas la vendre jusqu'à ce qu'une loi nationale régissant son utilisation soit adoptée »: the law is
    # awaited, not passed; it answers what Microsoft waits for, not when Congress voted.
    assert answerer.ask(question).answered is answered


def test_a_passage_naming_the_party_asked_about_goes_before_one_about_others(answerer: Answerer) -> None:
    # IBM's announcement (« critiquant au passage les entreprises… ») came first for a question about Amazon.
    hits = answerer.ask("Que demandent les associations à Amazon ?").hits
    assert "Amazon" in hits[0].passage.text


@pytest.mark.parametrize("question", ["When will IBM start selling facial recognition again?",
                                      "When was Rekognition launched?"])
def test_a_date_in_a_passage_without_the_name_asked_about_does_not_answer_when(answerer: Answerer,
                                                                               question: str) -> None:
    # Google's pledge « En décembre 2018 » holds the date a "when" question asks for and some of its words
    # (« lancé », « vendre »), but names neither IBM nor Rekognition: it had been put first, and answered.
    answer = answerer.ask(question)
    assert not answer.answered
    assert "En décembre 2018" not in answer.hits[0].passage.text


@pytest.mark.parametrize("question", ["Quand Apple a-t-il arrêté la reconnaissance faciale ?",
                                      "Pourquoi Apple a-t-il renoncé à la reconnaissance faciale ?"])
def test_a_name_right_after_the_question_word_is_still_a_name(answerer: Answerer, question: str) -> None:
    # The question word is cut before the words are read, which left « Apple » first, where a capital says nothing:
    # it was read as a common word, and a name the corpus never uses did not count as one.
    answer = answerer.ask(question)
    assert [w.surface for w in answerer.parse(question).words if w.name] == ["apple"]
    assert answer.signals.unknown_name == 1 and not answer.answered


def test_a_question_asking_what_an_acronym_stands_for_is_answered_by_its_expansion(answerer: Answerer) -> None:
    # The articles spell the acronym out, « l'ACLU (Union américaine pour les libertés civiles) », and never say
    # « signifie » or « sigle »: searched, those words made the question look off-topic and it was declined.
    answer = answerer.ask("Que signifie le sigle ACLU ?")
    assert answer.answered and "ACLU (Union américaine pour les libertés civiles)" in answer.hits[0].passage.text


@pytest.mark.parametrize("question, language", [
    ("Pourquoi IBM ?", "fr"), ("Comment marche Google ?", "fr"), ("Que signifie le sigle ACLU ?", "fr"),
    ("Why IBM?", "en"), ("What does ACLU stand for?", "en")])
def test_a_question_is_in_the_language_of_its_question_words_too(question: str, language: str,
                                                                  answerer: Answerer) -> None:
    # Cut of its question words, « Pourquoi IBM ? » leaves « IBM », which holds no French word: read as English,
    # it was answered with English labels and counted as an English question by the decision.
    assert answerer.parse(question).language == language


@pytest.mark.parametrize("question", ["What happened in January 2019?", "Que s'est-il passé en janvier 2019 ?"])
def test_a_month_asked_finds_the_passage_dated_then_not_one_published_then(question: str, answerer: Answerer) -> None:
    # The article of January 2019 also reports Google's pledge of December 2018; the letter of 15 January answers.
    first = answerer.ask(question).hits[0].passage
    assert "15 janvier" in first.text

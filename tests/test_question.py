"""What a question asks (bot/question.py): its cleaned text, kind, form, asked part and counted noun, and which
sentences hold what its kind asks for."""

from __future__ import annotations

import pytest

from bot.answer import Answerer
from bot.question import (MAX_QUESTION_CHARS, asked_part, asks_definition, clean_question, described_and_named,
                          named_noun, question_form, question_kind, sentence_is_kind, stated_numbers, sum_forms,
                          without_kind_words)


def test_mentions_and_markdown_are_not_searched() -> None:
    assert clean_question("@everyone **when** did <@123> _Amazon_ [pause](http://x) ?") == "when did Amazon pause ?"


def test_a_pasted_link_is_not_searched() -> None:
    assert clean_question("Quand Amazon a-t-il suspendu Rekognition ? https://www.lemonde.fr/a.html") == (
        "Quand Amazon a-t-il suspendu Rekognition ?")
    assert clean_question("<https://example.com/x_y?z=1> when did Amazon pause? www.x.org") == "when did Amazon pause?"
    assert clean_question("[l'article](https://x.org/a_b) : quand ?") == "l'article : quand ?"


def test_compatibility_forms_read_as_plain_letters() -> None:
    # Fullwidth letters (an East Asian keyboard's) ask as the plain ones do, and a fullwidth @ still mentions.
    assert question_kind(clean_question("ｗｈｅｎ ｄｉｄ Ａｍａｚｏｎ ｐａｕｓｅ？")) == "when"
    assert clean_question("＠everyone quand ?") == "quand ?"


def test_question_kinds() -> None:
    assert question_kind("Quand Amazon a-t-il suspendu Rekognition ?") == "when"
    assert question_kind("Why did IBM stop?") == "why"
    assert question_kind("Combien d'ONG ?") == "how many"
    assert question_kind("How long will the pause last?") == "how long"
    assert question_kind("How long ago did IBM stop?") == "when"
    assert question_kind("Who is Brad Smith?") is None
    assert question_kind("How long has the ACLU been asking?") == "how long since"
    assert question_kind("Depuis combien de temps l'ACLU le demande-t-elle ?") == "how long since"
    # a condition to be met first is answered as an end is (« tant qu'une loi… », « jusqu'à ce que… »)
    assert question_kind("Under what condition would Microsoft sell to the police?") == "until when"
    assert question_kind("À quelle condition Microsoft vendrait-il sa technologie ?") == "until when"
    # « ça fait combien de temps que… » asks what has run until now, as « depuis combien de temps » does
    assert question_kind("Ça fait combien de temps que l'ACLU le demande ?") == "how long since"
    assert question_kind("Depuis combien d'années l'ACLU le demande-t-elle ?") == "how long since"
    assert question_kind("Où George Floyd a-t-il été tué ?") == "where"
    assert question_kind("Dans quelle ville la police l'utilise-t-elle ?") == "where"
    assert question_kind("In which city was it banned?") == "where"
    assert question_kind("Où en est ma demande ?") is None  # how far it has gone, not where
    assert question_kind("Until when will Microsoft refuse?") == "until when"
    assert question_kind("Jusqu'à quand la pause dure-t-elle ?") == "until when"


@pytest.mark.parametrize("question, kind", [
    ("Amazon a suspendu Rekognition quand ?", "when"),
    ("Tell me when Amazon paused Rekognition.", "when"),
    ("Et depuis quand ?", "when"),
    ("C'est quand qu'Amazon a suspendu Rekognition ?", "when"),
    ("À quel moment Amazon a-t-il suspendu Rekognition ?", "when"),
    ("Remind me when IBM stopped.", "when"),
    ("What was the date of the coalition's letter?", "when"),
    ("Quelle est la date de la pause d'Amazon ?", "when"),
    ("Donne-moi la date de la pause d'Amazon", "when"),
    ("Amazon a-t-il changé la date de fin ?", None),  # a date named, not asked
    ("amazon rekognition pause date", "when"),
    ("Date de la lettre des ONG ?", "when"),
    ("Quelle est la durée de la pause d'Amazon ?", "how long"),
    ("What is the length of Amazon's pause?", "how long"),
    ("Dois-je fixer une durée de conservation ?", None),  # a duration named, not asked
    ("C'est où, Minneapolis ?", "where"),
    ("Je reçois encore des courriers publicitaires, pourquoi ?", "why"),
    # "quand", "when" and "où" joining two clauses do not ask for a date or a place.
    ("Comment utiliser le NIR quand on est assureur ?", None),
    ("Puis-je fermer mon dossier quand je veux ?", None),
    ("Who did IBM criticise when it announced the end?", None),
    ("Quel est le pays où la CNIL siège ?", None),
])
def test_a_kind_is_asked_only_where_a_question_word_asks(question: str, kind: str | None) -> None:
    assert question_kind(question) == kind


@pytest.mark.parametrize("sentence, end", [
    ("Microsoft ne vendra pas jusqu'à ce qu'une loi soit adoptée.", True),
    ("Nous ne vendrons pas tant que la loi n'existera pas.", True),
    ("Microsoft a refusé en avril 2019.", False),
])
def test_an_until_when_question_is_answered_by_an_end_not_by_any_date(sentence: str, end: bool, answerer) -> None:
    assert sentence_is_kind("until when", sentence, answerer.articles[0]) is end


@pytest.mark.parametrize("sentence, lasting, elapsed", [
    ("Amazon annonce une pause d'un an.", True, False),
    ("L'ACLU appelle depuis deux ans Amazon à cesser.", False, True),
    ("Cela fait plus de trois mois que la pause dure.", False, True),
    ("Il y a deux ans, l'ACLU a demandé une pause de six mois.", True, True),
    ("Amazon suspend Rekognition.", False, False),
])
def test_a_duration_that_has_run_until_then_answers_how_long_since_not_how_long(sentence: str, lasting: bool,
                                                                                elapsed: bool, answerer) -> None:
    article = answerer.articles[0]
    assert sentence_is_kind("how long", sentence, article) is lasting
    assert sentence_is_kind("how long since", sentence, article) is elapsed


@pytest.mark.parametrize("sentence, place", [
    ("George Floyd a été tué à Minneapolis.", True),
    ("La police l'utilise en Californie et aux États-Unis.", True),
    ("George Floyd a été tué par un policier.", False),
    ("À la fin, IBM se retire.", False),
])
def test_a_where_question_is_answered_by_a_named_place(sentence: str, place: bool, answerer) -> None:
    assert sentence_is_kind("where", sentence, answerer.articles[0]) is place


@pytest.mark.parametrize("question", ["What is the name of Microsoft's facial recognition software?",
                                      "Comment s'appelle le logiciel de Microsoft ?",
                                      "What is Amazon's cloud service called?"])
def test_a_question_asking_what_something_is_called_is_of_the_name_kind(question: str) -> None:
    assert question_kind(question) == "name"


@pytest.mark.parametrize(("sentence", "named"), [
    ("Le groupe commercialise le logiciel Face API.", True),
    ("Son logiciel baptisé Rekognition a déjà été utilisé.", True),
    ("Microsoft commercialise un logiciel de reconnaissance faciale.", False),  # a name, but the question's own
    ("Le logiciel est vendu à la police de Seattle depuis deux ans.", False),  # a name, but far from the word asked
])
def test_a_name_question_is_answered_by_a_name_right_after_a_word_of_the_question(sentence: str, named: bool,
                                                                                  answerer) -> None:
    asked = answerer.parse("Comment s'appelle le logiciel de Microsoft ?").forms
    assert sentence_is_kind("name", sentence, answerer.articles[0], asked=asked) is named


@pytest.mark.parametrize(("question", "noun"), [
    ("Comment s'appelle le logiciel de reconnaissance faciale vendu par Microsoft ?", "logiciel"),
    ("Quel est le nom de l'entreprise ?", "entreprise"),
    ("What is the name of Amazon's face-recognition product used by law enforcement?", "product"),
    ("What is the name of the software Microsoft sells?", "software"),
    ("What is the name of the California police agency that Microsoft refused?", "agency"),
    ("What is Amazon's cloud service called?", "service"),
    ("What is it called?", None),
    ("Which US agency is called the immigration police?", None),  # it gives the name, and asks which agency
    ("Quand Amazon a-t-il suspendu Rekognition ?", None),
    ("C'est quoi le nom du logiciel de reconnaissance faciale d'Amazon ?", "logiciel"),
    # Who holds a role: the name of the holder is asked, as "what is the name of…" asks it.
    ("Who is the CEO of IBM?", "ceo"),
    ("Who is Amazon's CEO?", "ceo"),
    ("Who's the IBM boss who wrote to Congress?", "boss"),
    ("Qui est le PDG d'IBM ?", "pdg"),
    ("Qui est l'actuelle présidente de la CNIL ?", "présidente"),  # past an adjective that comes before its noun
    ("What is the name of IBM's CEO?", "ceo"),  # an acronym that is a role, owned by IBM
    ("Who is Brad Smith?", None),  # asks who he is
    ("Who is the ACLU?", None),
    ("Qui est la CNIL ?", None),
    ("Who is allowed to view the footage?", None),
    ("Qui est autorisé à accéder aux données de santé ?", None),
    ("Who are the people the NGOs say could be targeted?", None),  # answered by a description
    ("Who was IBM's CEO really aiming at?", None),  # asks whom the CEO aimed at
    ("Quelle entreprise est celle qui est la première ?", None),  # « qui est » of a relative clause
])
def test_a_name_question_says_which_noun_is_named(question: str, noun: str | None) -> None:
    assert named_noun(question) == noun


@pytest.mark.parametrize(("sentence", "named"), [
    ("Le groupe commercialise le logiciel Face API.", True),
    ("Son logiciel de reconnaissance faciale Rekognition a déjà été utilisé.", True),  # past the question's words
    ("La technologie, un logiciel baptisé Rekognition.", True),
    ("Microsoft a un logiciel de reconnaissance faciale. Brad Smith le dit.", False),  # another sentence's name
    ("Microsoft, par la voix de Brad Smith, défend son logiciel.", False),  # a name after a word of the question
    ("Amazon propose un logiciel.", False),  # a name, but not next to the noun named
])
def test_a_name_question_that_says_what_is_named_wants_the_name_right_after_that_noun(sentence: str, named: bool,
                                                                                       answerer) -> None:
    parsed = answerer.parse("Comment s'appelle le logiciel de reconnaissance faciale de Microsoft ?")
    asked = parsed.forms
    assert parsed.named
    assert sentence_is_kind("name", sentence, answerer.articles[0], asked=asked, named=parsed.named) is named


@pytest.mark.parametrize(("sentence", "described"), [
    ("Amazon a suspendu la vente de son logiciel de reconnaissance faciale Rekognition.", True),
    ("Le cas Amazon, dont la technologie baptisée Rekognition a déjà été utilisée.", True),
    ("Amazon Rekognition, les services de reconnaissance faciale proposées par AWS.", True),  # in apposition
    ("Amazon assurait que ses équipes aidaient tous les clients du logiciel Rekognition.", False),  # in passing
])
def test_a_name_given_as_the_question_describes_the_thing_is_told_from_one_in_passing(sentence: str, described: bool,
                                                                                      answerer: Answerer) -> None:
    parsed = answerer.parse("Comment s'appelle le logiciel de reconnaissance faciale d'Amazon ?")
    asked = parsed.forms
    assert sentence_is_kind("name", sentence, answerer.articles[0], asked=asked, named=parsed.named)
    assert described_and_named(sentence, asked, parsed.named) is described


def test_the_noun_named_may_be_part_of_the_name(answerer: Answerer) -> None:
    # "What is Amazon's cloud service called?" met by « Amazon Web Services »; not by « le CEO d'IBM », whose IBM
    # is the owner of what is named, for « Comment s'appelle le patron d'Amazon ? ».
    service = answerer.parse("What is Amazon's cloud service called?")
    article = answerer.articles[0]
    assert sentence_is_kind("name", "En promouvant Amazon Web Services.", article, named=service.named)
    boss = answerer.parse("Comment s'appelle le patron d'Amazon ?")
    assert not sentence_is_kind("name", "Il était visé par A.Krishna, le CEO d'IBM.", article, named=boss.named)


def test_a_name_may_come_before_the_noun_named_in_apposition(answerer: Answerer) -> None:
    # « A.Krishna, le CEO d'IBM » names IBM's boss; it does not name Amazon's.
    article = answerer.articles[0]
    for question, named in (("Comment s'appelle le patron d'IBM ?", True),
                            ("Comment s'appelle le patron d'Amazon ?", False)):
        parsed = answerer.parse(question)
        asked = parsed.forms
        assert sentence_is_kind("name", "Amazon était visé par A.Krishna, le CEO d'IBM.", article, asked=asked,
                                named=parsed.named) is named


@pytest.mark.parametrize(("sentence", "named"), [
    ("Dans une interview, le président des affaires juridiques de Microsoft, Brad Smith, a fait savoir…", True),
    ("Brad Smith, le président de Microsoft, avait alors déclaré…", True),
    ("Brad Smith, président de Microsoft, avait alors déclaré…", True),  # the apposition without its article
    ("Le président de Microsoft, qui s'exprime, a déclaré…", False),  # a clause, not a name, between the commas
    ("La formation est composée de 5 membres et d'un Président distinct du Président de Microsoft.", False),
    ("Si l'entreprise ne respecte pas le RGPD, le président de Microsoft désigne un rapporteur.", False),
])
def test_the_holder_of_a_role_is_named_beside_the_role(sentence: str, named: bool, answerer: Answerer) -> None:
    # A title written with a capital (« un Président distinct ») is no name; nor is an acronym ending the clause
    # before the role (« …le RGPD, le président »), which read as a name in apposition.
    parsed = answerer.parse("Qui est le président de Microsoft ?")
    asked = parsed.forms
    assert parsed.kind == "name"
    assert sentence_is_kind("name", sentence, answerer.articles[0], asked=asked, named=parsed.named) is named


@pytest.mark.parametrize("question", ["How many employees protested?", "Combien d'employés ont protesté ?"])
def test_a_how_many_question_is_answered_by_a_number_of_what_it_counts(question: str, answerer) -> None:
    parsed = answerer.parse(question)
    article = answerer.articles[0]
    assert sentence_is_kind("how many", "Plus de 450 employés ont signé.", article, parsed.counted)
    assert not sentence_is_kind("how many", "Les 85 ONG signataires citent les employés.", article, parsed.counted)
    # The counted noun may open a phrase translated as one ("police departments" → « services de police »).
    assert answerer.parse("How many police departments used it?").counted
    # A name before the noun says whose it is: "how many Microsoft employees" counts employees.
    assert answerer.parse("How many Microsoft employees signed?").counted == parsed.counted
    # A question that names nothing counted is answered by any number (« combien étaient présents… ? »).
    assert answerer.parse("Combien étaient présents au Congrès ?").counted == ()
    assert sentence_is_kind("how many", "Ils étaient 85.", article, ())


@pytest.mark.parametrize("question", ["Combien coûte le logiciel ?", "How much did Amazon pay?",
                                      "How much money did Amazon give?", "Combien d'argent Amazon a-t-il donné ?",
                                      "Quel montant Amazon a-t-il donné ?", "Combien Microsoft a-t-il gagné ?"])
def test_a_question_asking_a_sum_is_answered_by_a_number_of_a_currency(question: str, answerer) -> None:
    # "How much did IBM make?" was met by « la première des trois sociétés ».
    counted = answerer.parse(question).counted
    article = answerer.articles[0]
    assert counted == sum_forms()
    for sum_ in ("Il coûte 85 dollars.", "Un don de 10 millions de dollars.", "Une amende de 50 M€."):
        assert sentence_is_kind("how many", sum_, article, counted)
    assert not sentence_is_kind("how many", "IBM a été la première des trois sociétés.", article, counted)
    assert answerer.parse("How much time did it take?").kind == "how long"


@pytest.mark.parametrize("question", ["Quel âge avait George Floyd ?", "How old is Jeff Bezos?"])
def test_an_age_asked_is_a_number_of_years(question: str, answerer) -> None:
    # « Quel âge avait George Floyd… ? » was met by « deux semaines après le décès de George Floyd ».
    parsed = answerer.parse(question)
    article = answerer.articles[0]
    assert parsed.kind == "how many"
    assert sentence_is_kind("how many", "Il avait 46 ans.", article, parsed.counted)
    assert not sentence_is_kind("how many", "Deux semaines après le décès de George Floyd.", article, parsed.counted)


@pytest.mark.parametrize("question", ["Combien de parlementaires ont été pris pour des criminels ?",
                                      "Combien d'élus du Congrès ont été pris pour des criminels ?"])
def test_a_how_many_question_may_be_answered_by_a_phrase_meaning_its_noun(question: str, answerer) -> None:
    # « parlementaire », « élu » and « membres du Congrès » all translate "lawmaker": « 28 membres du Congrès »
    # counts the parliamentarians asked about, as it did for "how many lawmakers…?".
    parsed = answerer.parse(question)
    assert ("membr", "congres") in parsed.counted_related
    sentence = "Le logiciel avait identifié 28 membres du Congrès comme étant des criminels."
    assert sentence_is_kind("how many", sentence, answerer.articles[0], parsed.counted, parsed.counted_related)
    assert not sentence_is_kind("how many", "Il a cité 28 membres, puis le Congrès.", answerer.articles[0],
                                parsed.counted, parsed.counted_related)


@pytest.mark.parametrize("qualified, plain", [
    ("Exactly how many police departments used it?", "How many police departments used it?"),
    ("Précisément quand Amazon a-t-il annoncé la pause ?", "Quand Amazon a-t-il annoncé la pause ?"),
    ("About how much did Amazon give?", "How much did Amazon give?"),
])
def test_an_adverb_qualifying_the_question_word_changes_nothing(qualified: str, plain: str) -> None:
    # "Exactly how many…?" was read as asking no number, and "exactly" was searched as a word of its subject.
    kind = question_kind(plain)
    assert kind is not None and question_kind(qualified) == kind
    assert without_kind_words(qualified, kind).split() == without_kind_words(plain, kind).split()


def test_what_something_costs_asks_a_sum(answerer) -> None:
    parsed = answerer.parse("What does Google's facial recognition product cost?")
    assert parsed.kind == "how many" and parsed.counted == sum_forms()
    assert "cost" in [word.surface for word in parsed.words]  # only "what" is cut


def test_a_number_of_another_s_members_does_not_count_the_ones_asked(answerer) -> None:
    # « Combien de membres compte l'ACLU ? » was met by « 28 membres du Congrès ».
    article = answerer.articles[0]
    sentence = "Le logiciel avait identifié 28 membres du Congrès comme étant des criminels."
    for question, counts in (("Combien de membres compte l'ACLU ?", False),
                             ("Combien de membres du Congrès ont été identifiés ?", True)):
        parsed = answerer.parse(question)
        asked = parsed.forms
        assert sentence_is_kind("how many", sentence, article, parsed.counted, asked=asked) is counts


def test_how_much_of_a_named_thing_counts_it(answerer) -> None:
    # "How much revenue did Amazon make?" is not met by Amazon's « don de 10 millions de dollars », a sum but no
    # revenue.
    revenue = answerer.parse("How much revenue did Amazon make from Rekognition?")
    assert revenue.counted and revenue.counted != sum_forms()
    article = answerer.articles[0]
    assert not sentence_is_kind("how many", "Un don de 10 millions de dollars.", article, revenue.counted)
    assert sentence_is_kind("how many", "Il a réalisé 5 milliards de revenus.", article, revenue.counted)


def test_a_how_many_question_is_not_answered_by_the_numbers_of_a_date(answerer) -> None:
    article = answerer.articles[0]
    for dated in ("Le 3 juin, Amazon a annoncé sa décision.", "En juin 2020, Amazon a suspendu Rekognition.",
                  "Depuis 2018, l'ACLU le demande."):
        assert not sentence_is_kind("how many", dated, article, ())
    assert sentence_is_kind("how many", "Amazon emploie 2000 personnes.", article, ())


def test_a_how_many_question_is_not_answered_by_a_number_it_states_itself(answerer) -> None:
    # « Parmi les 28 élus… combien étaient… ? » gives 28 and asks for another number: 28 in a passage does not answer.
    article = answerer.articles[0]
    stated = stated_numbers("Parmi les 28 élus mal identifiés, combien étaient des personnes de couleur ?")
    assert stated == {"28"}
    assert not sentence_is_kind("how many", "Il a identifié 28 membres du Congrès.", article, (), stated=stated)
    assert sentence_is_kind("how many", "Il a identifié 28 membres du Congrès, dont 11 de couleur.", article, (),
                            stated=stated)
    assert sentence_is_kind("how many", "Il a identifié 28 membres du Congrès.", article, ())
    # Written with or without digit grouping, a number is the same number.
    assert not sentence_is_kind("how many", "Elle compte 1 000 agents.", article, (),
                                stated=stated_numbers("Of the 1,000 agents, how many?"))


def test_a_how_many_question_is_not_answered_by_the_number_of_a_reference(answerer) -> None:
    article = answerer.articles[0]
    for cited in ("Voir la recommandation n° 2019-053 de la CNIL.", "L'article 9 du RGPD l'interdit.",
                  "La loi no. 78-17 s'applique.", "Le décret 2020-151 le prévoit."):
        assert not sentence_is_kind("how many", cited, article, ())
    assert sentence_is_kind("how many", "L'article cite 9 entreprises.", article, ())


@pytest.mark.parametrize("question", ["Combien d'organisations ont signé la lettre ?",
                                      "How many organisations signed the letter?"])
def test_a_how_many_question_may_be_answered_by_a_number_of_a_related_noun(question: str, answerer) -> None:
    # « Combien d'organisations… » met by « 85 ONG », where "organisations" is never written; not where it is,
    # elsewhere than after the number. The English question the same.
    parsed = answerer.parse(question)
    article = answerer.articles[0]
    assert parsed.counted_related
    assert sentence_is_kind("how many", "La lettre des 85 ONG.", article, parsed.counted, parsed.counted_related)
    assert not sentence_is_kind("how many", "La lettre des 85 ONG.", article, parsed.counted)
    assert not sentence_is_kind("how many", "Les 85 ONG écrivent à Amazon, comme bien des organisations.", article, parsed.counted,
                                parsed.counted_related)


@pytest.mark.parametrize("question, asked", [
    ("FPR (Fichier des personnes recherchées) : puis-je refuser d'y être inscrit ?", "puis-je refuser d'y être inscrit ?"),
    ("FICOBA (National file of bank accounts): how can I access it?", "how can I access it?"),
    ("when did Amazon pause Rekognition?", None),
    ("Note : ?", None),
    (": pourquoi ?", None),
    ("Il est 10:30 à Paris", None),
])
def test_the_asked_part_of_a_subject_colon_question(question: str, asked: str | None) -> None:
    assert asked_part(question) == asked


@pytest.mark.parametrize("question, form", [
    ("FPR : puis-je refuser d'y être inscrit ?", "yes/no"),
    ("Un DPO peut-il être sanctionné ?", "yes/no"),
    ("Reste-t-il des formalités à accomplir ?", "yes/no"),
    ("Est-ce que la CNIL contrôle les sites web ?", "yes/no"),
    ("Can my employer read my emails?", "yes/no"),
    ("Facebook : mon compte a été suspendu, la CNIL est-elle compétente ?", "yes/no"),
    ("Données sur la santé : qui peut les utiliser ?", "open"),
    ("Qu'est-ce que le Bouclier de Protection des Données ?", "open"),
    ("Qu’est-ce qu’un cookie ?", "open"),
    ("Sur Internet, un cookie, c'est quoi ?", "open"),
    ("Accès au dossier médical : dans quel délai doit-on répondre ?", "open"),
    ("Mon employeur me surveille, que faire ?", "open"),
    ("Ou dois-je déclarer mon fichier ?", "open"),
    ("What can I do if my employer films me?", "open"),
    ("when did Amazon pause Rekognition?", "open"),
    ("Géolocalisation des personnes vulnérables : les préconisations de la CNIL", None),
])
def test_the_form_of_a_question(question: str, form: str | None) -> None:
    assert question_form(question) == form


@pytest.mark.parametrize("question, asks", [
    ("Le FCC (Fichier central des chèques), c'est quoi ?", True),
    ("Qu'est-ce qu'une donnée personnelle ?", True),
    ("Que signifie RGPD ?", True),
    ("The right to rectification: what is it?", True),
    ("What is sensitive data?", True),
    ("Qu'entend-on par surveillance de masse ?", True),
    ("En quoi consiste le test de l'ACLU ?", True),
    ("What is in the PNR file?", False),
    ("What is the name of the California police agency that Microsoft refused?", False),
    ("Qu'est-ce que je dois faire ?", False),
    ("Qui peut consulter le DMP ?", False),
])
def test_a_question_asking_what_something_is(question: str, asks: bool) -> None:
    assert asks_definition(question) is asks


def test_reading_questions_of_the_longest_allowed_length_does_not_hang() -> None:
    # A pattern that backtracks (nested repetition) can take minutes on a 500-character question: a user could
    # stall the bot with one message. The readers run in a child process (a regular expression holds the
    # interpreter until it ends, so only a process can be stopped); 20 seconds for them all is a hang, not a speed
    # figure.
    import json
    import subprocess
    import sys

    questions = [(prefix + unit * 500)[:MAX_QUESTION_CHARS - 2] + end
                 for prefix in ("what is ", "How many ", "combien de ", "Subject : ", "tell me when ", "how does ", "")
                 for unit in ("a", "a ", "Aa's ", "quand ", ": ", "10 juin ", "work ", "for ") for end in ("", " ?")]
    code = ("import json, sys\n"
            "from bot.question import (asked_part, asks_definition, clean_question, question_form,\n"
            "                          question_kind, without_kind_words)\n"
            "for q in json.load(sys.stdin):\n"
            "    q = clean_question(q)\n"
            "    asks_definition(q), question_form(q), question_kind(q), asked_part(q)\n"
            "    without_kind_words(q, question_kind(q))\n")
    try:
        subprocess.run([sys.executable, "-c", code], input=json.dumps(questions), text=True, check=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("reading a 500-character question did not finish within 20 seconds")


@pytest.mark.parametrize("question, searched", [
    ("What is the name of Microsoft's software?", "Microsoft's software?"),
    ("Quel est le nom du logiciel d'Amazon ?", "logiciel d'Amazon ?"),
    ("Comment s'appelle le logiciel d'Amazon ?", "le logiciel d'Amazon ?"),
    ("What is Amazon's software called?", "What is Amazon's software ?"),
    ("Who called Amazon?", "Who called Amazon?"),  # a call, not a name asked
    ("How long will the pause last?", "will the pause ?"),
    ("À quoi sert la CNIL ?", "la CNIL ?"),
    ("Que fait l'ACLU ?", "l'ACLU ?"),
    ("Le droit d'accès indirect, comment ça marche ?", "Le droit d'accès indirect, ?"),
    ("How does Rekognition work?", "How does Rekognition ?"),
    ("What is Rekognition used for?", "What is Rekognition used for?"),  # its uses may be what the text says
    ("Where do the NGOs work?", "do the NGOs work?"),  # a place asked, not how something works
    ("How does it work in practice?", "How does it work in practice?"),
    ("Prospection par voie postale : que faire ?", "Prospection par voie postale : ?"),
    ("Vidéoprotection : que dois-je faire avant d'installer des caméras ?",
     "Vidéoprotection : avant d'installer des caméras ?"),
    ("Que peut-on faire contre le spam ?", "contre le spam ?"),
    ("Recruitment: what should be done?", "Recruitment: ?"),
    ("What can I do if my employer does not follow the rules?", "if my employer does not follow the rules?"),
    ("Comment faire des recherches en santé ?", "Comment faire des recherches en santé ?"),  # doing research
    ("Données biométriques au travail, comment faire ?", "Données biométriques au travail, ?"),
    ("Comment faire pour supprimer mon compte ?", "pour supprimer mon compte ?"),
    ("Comment faire stopper le démarchage ?", "Comment faire stopper le démarchage ?"),  # having it stopped
    ("What did IBM do?", "What did IBM do?"),  # what IBM did, not what to do
    ("Que signifie le sigle ACLU ?", "ACLU ?"),
    ("Que veut dire RGPD ?", "RGPD ?"),
    ("What does the acronym GDPR stand for?", "What does GDPR ?"),
    ("What is ACLU short for?", "What is ACLU ?"),
    ("What does IBM mean by mass surveillance?", "What does IBM mean by mass surveillance?"),  # what IBM means
    ("Vendre ne signifie pas quoi ?", "Vendre ne signifie pas quoi ?"),
    ("Donne-moi la date de la pause d'Amazon", "la pause d'Amazon"),  # "when", and what is dated
    ("Parle-moi de la lettre des ONG", "la lettre des ONG"),
    ("Pouvez-vous me dire qui a signé la lettre ?", "qui a signé la lettre ?"),
    ("Je voudrais savoir pourquoi IBM arrête", "IBM arrête"),
    ("Tell me about Amazon's moratorium", "Amazon's moratorium"),
    ("Can you give me the date of the pause?", "the pause?"),
    ("Explain why IBM stopped", "IBM stopped"),
    ("What did Brad Smith explain?", "What did Brad Smith explain?"),  # what he explained is the subject
    ("Amazon doit-elle donner ses données ?", "Amazon doit-elle donner ses données ?"),
    # The English verb of a duration asked ("last" found « dernier »); a French one and « durée » stay searched, as an
    # answer may say « pendant une durée de… ».
    ("How long has Amazon's pause lasted?", "Amazon's pause ?"),
    ("Combien de temps dure la pause ?", "dure la pause ?"),
    ("Quelle est la durée de la pause ?", "durée de la pause ?"),
    ("What is the duration of the pause?", "duration of the pause?"),
    ("Who was the last company to stop?", "Who was the last company to stop?"),  # not a duration asked
    ("Que s'est-il passé le 10 juin 2020 ?", "le 10 juin 2020 ?"),
    ("Qu'est-ce qui s'est passé à Minneapolis ?", "à Minneapolis ?"),
    ("What happened in Minneapolis?", "in Minneapolis?"),
    ("What happens to my data when I die?", "to my data when I die?"),
    ("En quoi consiste le test de l'ACLU ?", "le test de l'ACLU ?"),
    # The coverage named: the articles never call themselves « l'article ».
    ("Qui dirige Microsoft selon l'article ?", "Qui dirige Microsoft ?"),
    ("According to the articles, who paused first?", ", who paused first?"),
    ("What does the GDPR say about press articles?", "What does the GDPR say about press articles?"),
    ("Qu'entend-on par surveillance de masse ?", "surveillance de masse ?"),
    ("What is meant by mass surveillance?", "mass surveillance?"),
    ("Que deviennent mes données à mon décès ?", "mes données à mon décès ?"),
    ("Amazon a-t-il passé un accord ?", "Amazon a-t-il passé un accord ?"),  # a deal made, not an event asked
    # « aller » making a near future, as "will" does ("va" found « où nous allons »); going somewhere is a subject.
    ("Amazon va-t-il reprendre la vente ?", "Amazon -t-il reprendre la vente ?"),
    ("Combien de temps va durer mon fichage ?", "durer mon fichage ?"),
    ("Les ONG vont-elles se taire ?", "Les ONG -elles se taire ?"),
    ("Où va l'argent du don ?", "va l'argent du don ?"),
    # What someone did: « fait » is not its subject, as "do" is not in "what did IBM do?".
    ("Qu'a fait Google en 2018 ?", "Google en 2018 ?"),
    ("Qu'ont-ils fait ensuite ?", "ensuite ?"),
    # Naming verbs asking what something is: « appelle » was searched as "call", with « demande », « téléphone »…
    ("Qu'est-ce qu'on appelle le fichier des chèques ?", "le fichier des chèques ?"),
    ("Qu'appelle-t-on le droit d'accès indirect ?", "le droit d'accès indirect ?"),
    # Two patterns matching from the same place ("what do", "what do we call") are removed once, not in turn:
    # the second removal had cut into the subject (« n's cloud »).
    ("What do we call Amazon's cloud?", "Amazon's cloud?"),
    # "What kind of X" asks for an X, as "what X" does: "kind" was searched as « sorte ».
    ("What kind of organisations received Amazon's donation?", "What organisations received Amazon's donation?"),
    ("Quels types de caméras sont autorisés ?", "Quels caméras sont autorisés ?"),
    ("Is this kind of camera legal?", "Is this kind of camera legal?"),
])
def test_the_words_of_a_request_or_asking_for_a_name_a_kind_a_meaning_or_what_to_do_are_not_searched(question: str, searched: str) -> None:
    assert " ".join(without_kind_words(question, question_kind(question)).split()) == searched


def test_the_noun_after_what_kind_of_is_the_kind_of_thing_asked_for(answerer) -> None:
    words = answerer.parse("What kind of organisations received Amazon's donation?").words
    assert [word.surface for word in words if word.answer_type] == ["organisations"]
    assert "kind" not in [word.surface for word in words]


def test_a_how_many_question_naming_nothing_is_not_answered_by_a_duration(answerer) -> None:
    # "How much did Amazon pay?" is not met by « depuis deux ans »: a duration says how long. A question that
    # counts a unit of time by name still is.
    article = answerer.articles[0]
    for paid in (answerer.parse("How much did Amazon pay?"), answerer.parse("Combien étaient présents au Congrès ?")):
        assert paid.kind == "how many"
        assert not sentence_is_kind("how many", "L'ACLU le demande depuis deux ans.", article, paid.counted)
    assert sentence_is_kind("how many", "Amazon a payé 10 millions de dollars.", article,
                            answerer.parse("How much did Amazon pay?").counted)
    years = answerer.parse("Combien d'années la pause durera-t-elle ?")
    assert years.counted
    assert sentence_is_kind("how many", "La pause durera deux ans.", article, years.counted, years.counted_related)


def test_a_question_with_a_link_is_answered_as_without_it(answerer) -> None:
    question = "When did Amazon pause Rekognition?"
    plain, linked = answerer.ask(question), answerer.ask(f"{question} https://www.example.com/amazon-pause.html")
    assert linked.answered == plain.answered and linked.confidence == plain.confidence
    assert [h.passage for h in linked.hits] == [h.passage for h in plain.hits]


@pytest.mark.parametrize("question", ["What share of IBM's revenue came from facial recognition?",
                                      "What error rate did the ACLU find?", "How accurate is Rekognition?",
                                      "Quel pourcentage des élus étaient des personnes de couleur ?"])
def test_a_share_asked_is_a_kind_of_its_own(question: str) -> None:
    assert question_kind(question) == "what share"


@pytest.mark.parametrize(("sentence", "share"), [
    ("Près de 40 % des faux positifs concernaient des personnes de couleur.", True),
    ("La moitié des élus étaient concernés.", True),
    ("Rekognition a confondu 28 membres du Congrès avec des criminels.", False),  # a count, not a share
])
def test_a_share_is_a_percentage_or_a_fraction(sentence: str, share: bool, answerer: Answerer) -> None:
    assert sentence_is_kind("what share", sentence, answerer.articles[0]) is share

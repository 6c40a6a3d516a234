"""Text analysis: French terms, and English questions reaching French text."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analysis import (
    DERIVED_WEIGHT,
    GENERAL_SYNONYM_WEIGHT,
    PHRASE_PART_WEIGHT,
    SYNONYM_WEIGHT,
    Lexicon,
    QueryWord,
    QuestionAnalyzer,
    cognates,
    detect_language,
    fold,
    french_stem,
    french_terms,
    names,
    words,
)
from bot.answer import load_lexicon
from bot.corpus import CorpusError


def test_fold_removes_accents_ligatures_and_typographic_quotes() -> None:
    assert fold("Œuvre ÉTÉ « l’été »") == 'oeuvre ete " l\'ete "'


def test_words_strip_elisions_and_split_hyphens() -> None:
    assert words("l’ACLU qu'il d'après refuse-t-il États-Unis") == [
        "aclu", "il", "après", "refuse", "t", "il", "états", "unis"]


def test_french_terms_drop_stop_words_and_keep_numbers() -> None:
    assert french_terms("Les 85 ONG de la lettre") == ["85", french_stem("ong"), french_stem("lettre")]


def test_french_prepositions_are_dropped_as_their_english_counterparts_are() -> None:
    # "before", "during", "against" are English stop words; « avant », « pendant », « contre » must be French ones,
    # or a French question keeps words its English translation loses.
    assert french_terms("Auprès de la police, avant et pendant l'enquête, contre lui") == [
        french_stem("police"), french_stem("enquête")]
    assert set(_words(_analyzer("la police"), "The protests behind and around the police")) == {"protests", "police"}


def test_an_english_negative_contraction_leaves_no_word_to_search() -> None:
    # Split at its apostrophe, "didn't" left "didn" (read as "do", « faire ») and "t" (a French stop word).
    lexicon = Lexicon(({Lexicon.key("do"): ("faire",), Lexicon.key("stop"): ("arrêter",)},))
    analyzer = _analyzer("faire, arrêter la pause", lexicon)
    assert set(_words(analyzer, "Who didn't stop? Why won't they? Can't they?")) == {"stop"}
    assert detect_language("Didn't IBM stop? Won't Amazon?") == "en"


def test_chat_spellings_and_adverbs_the_index_cannot_hold_are_not_searched() -> None:
    # "whats" (typed without its apostrophe) was read as "what", a word the corpus lacks, and "still" as itself:
    # its French counterpart « encore » is a stop word, so no passage could hold it. Both counted against answering.
    analyzer = _analyzer("la police vend encore déjà un an")
    assert set(_words(analyzer, "Whats the police? Dont they still sell it? Is it already one year ago?")) == {
        "police", "sell", "year"}
    assert detect_language("Whats the ACLU?") == "en"


def test_an_english_modal_is_neither_searched_nor_the_kind_of_thing_asked() -> None:
    # After "what", "must" was taken for the noun whose instance is asked (as "which newspaper"), and searched.
    lexicon = Lexicon(({Lexicon.key("must"): ("devoir",), Lexicon.key("declare"): ("déclarer",)},))
    analyzer = _analyzer("il faut déclarer, on doit le faire", lexicon)
    assert set(_words(analyzer, "What must be declared? Where might I declare it? Shall I?")) == {
        "declared", "declare"}


def test_an_acronym_spelt_as_a_french_stop_word_is_searched() -> None:
    # "AI" was left out as « ai » (of avoir), as « Le » of "Le Monde" is; the lexicon translates it « IA ».
    analyzer = _analyzer("une conférence sur l'IA", Lexicon(({Lexicon.key("ai"): ("IA",)},)))
    assert _words(analyzer, "Where did Brad Smith speak about AI?")["ai"].forms == ((french_stem("ia"),),)
    assert "le" not in _words(analyzer, "What did Le Monde say about AI?")


def test_falloir_is_a_stop_word_as_must_is() -> None:
    # « Que faut-il déclarer ? » searched « falloir », whose English counterpart "must" the English list drops.
    assert french_terms("Que faut-il déclarer ? Il fallait le faire") == [french_stem("déclarer"), french_stem("faire")]


def test_the_plural_of_a_french_stop_word_is_one_too() -> None:
    # « leur » and « même » are stop words; their plurals are no more a subject (« leurs » was indexed as « son »).
    assert french_terms("Les mêmes entreprises et leurs données") == [french_stem("entreprises"),
                                                                      french_stem("données")]


def test_verb_forms_and_infinitive_share_a_term() -> None:
    assert french_stem("écrivent") == french_stem("écrire")
    assert french_stem("vendrons") == french_stem("vendre") == french_stem("vendu")


def test_feminine_and_plural_participles_share_the_verb_term() -> None:
    # simplemma reads these as adjectives (transmis, inscrit, perdu); the verb is what a question and the lexicon say.
    assert french_stem("transmises") == french_stem("transmis") == french_stem("transmettre")
    assert french_stem("inscrits") == french_stem("inscrire")
    assert french_stem("perdus") == french_stem("perdre")
    assert french_stem("restreinte") == french_stem("restreindre")
    assert french_stem("empreintes") == french_stem("empreinte") == french_stem("empreint")


def test_accented_and_unaccented_spellings_match() -> None:
    assert french_stem("numérique") == french_stem("numerique")


def test_invisible_characters_inside_a_word_do_not_split_it() -> None:
    # Pasted or scraped text carries soft hyphens, zero-width spaces and joiners, direction marks inside words.
    assert words("Ama\u200bzon a sus\u00adpendu Reko\u2060gnition\u200e") == ["amazon", "a", "suspendu", "rekognition"]
    assert french_terms("recon\u00adnaissance") == french_terms("reconnaissance")


def test_detect_language() -> None:
    assert detect_language("Qui a écrit aux géants du numérique ?") == "fr"
    assert detect_language("What did the company say?") == "en"
    # No function word: the words only one language has decide (« peut »), not a default to English.
    assert detect_language("Peut-on refuser ?") == "fr"
    assert detect_language("Rekognition?") == "en"


def test_cognates_follow_regular_suffix_changes() -> None:
    assert "technologie" in cognates("technology")
    assert "critiquer" in cognates("criticised")


def _analyzer(vocabulary_text: str, lexicon: Lexicon | None = None) -> QuestionAnalyzer:
    return QuestionAnalyzer(frozenset(french_terms(vocabulary_text)), lexicon or Lexicon())


def _alternatives(analyzer: QuestionAnalyzer, question: str) -> dict[str, set[tuple[str, ...]]]:
    """Every question word's forms and expansions."""
    return {w.surface: set(w.forms) | {terms for terms, _ in w.expansions} for w in analyzer.analyze(question)[1]}


def _words(analyzer: QuestionAnalyzer, question: str) -> dict[str, QueryWord]:
    return {w.surface: w for w in analyzer.analyze(question)[1]}


def test_a_name_opening_an_english_question_is_a_name_where_the_corpus_writes_it_so(tmp_path: Path) -> None:
    # "Windows" opens the question, where every word has a capital: it was read as « fenêtres » only.
    from bot.answer import Answerer

    from .test_answer import _corpus

    folder = _corpus(tmp_path, "Windows 10 envoie des données à Microsoft. Sous Windows, le réglage est difficile.",
                     "La fenêtre de la classe reste ouverte, et les dates de la rentrée sont connues.",
                     "Windows 10 : quels risques pour la vie privée ?")
    analyzer = Answerer.from_corpus_dir(folder, semantic="off").analyzer
    windows = _words(analyzer, "Windows 10: what are the risks?")["windows"]
    assert windows.name and (french_stem("windows"),) in windows.forms
    # Not a word the corpus writes in lower case: "Data" shares its term with « dates ».
    assert not _words(analyzer, "Data: what are the risks?")["data"].name
    assert not _words(analyzer, "Dates: when does school start?")["dates"].name


def test_english_word_reaches_french_translation_from_lexicon() -> None:
    lexicon = Lexicon(({"sell": ("vendre", "vente")},))
    analyzer = _analyzer("Amazon vend son logiciel", lexicon)
    assert (french_stem("vend"),) in _alternatives(analyzer, "Does Amazon sell software?")["sell"]


@pytest.mark.parametrize(("question", "word", "french"), [
    ("Who can consult the fingerprint file?", "fingerprint", "empreintes digitales"),
    ("Can I film the road with a dashcam?", "dashcam", "caméra embarquée"),
    ("Is my name on a blacklist?", "blacklist", "liste noire"),
    ("What is the retention period of my data?", "retention period", "durée de conservation"),
    ("How do I unsubscribe from a newsletter?", "unsubscribe", "désinscription"),
    # words `corpus gaps` listed on the CNIL FAQ
    ("Can my physiotherapist share my file?", "physiotherapist", "kinésithérapeute"),
    ("Must faces be blurred in the video?", "blurred", "floutage"),
    ("Who is the sender of this leaflet?", "sender", "expéditeur"),
    ("Who can watch the CCTV footage?", "watch", "visionner"),  # « visionner les images »
])
def test_the_shipped_lexicon_bridges_privacy_words(tmp_path: Path, question: str, word: str, french: str) -> None:
    # Words of data-protection questions the lexicon lacked: each was searched as itself and counted as a word the
    # corpus never uses.
    analyzer = QuestionAnalyzer(frozenset(french_terms(french)), load_lexicon(tmp_path))
    assert tuple(french_terms(french)) in _alternatives(analyzer, question)[word]


@pytest.mark.parametrize(("question", "word", "french"), [
    ("Is my employer authorised to film me?", "authorised", "autorisé"),
    ("Can a mayor subsidise an association?", "subsidise", "subvention"),
    ("Can the CNIL penalise a company?", "penalise", "sanction"),
])
def test_british_spellings_reach_their_french_translation(tmp_path: Path, question: str, word: str,
                                                          french: str) -> None:
    # The English stemmer keys "authorise" apart from "authorize" (itself keyed with "authority"): British -ise
    # spellings found no entry, and "authorised" counted as a word the corpus never uses.
    analyzer = QuestionAnalyzer(frozenset(french_terms(french)), load_lexicon(tmp_path))
    assert tuple(french_terms(french)) in _alternatives(analyzer, question)[word]


@pytest.mark.parametrize("question", ["Can anyone consult the police file?",
                                      "How can I find out whether the police file holds my name?"])
def test_english_pronouns_and_whether_are_not_words_to_find(question: str) -> None:
    # No translation stands for "anyone" or "whether": counted as question words, they would go unmatched in every
    # passage and lower the share of the question a passage holds.
    analyzer = _analyzer("le fichier de la police")
    assert {"anyone", "whether"}.isdisjoint(_words(analyzer, question))
    assert {"police", "file"} <= set(_words(analyzer, question))


def test_english_cognate_reaches_french_word_without_lexicon() -> None:
    analyzer = _analyzer("la technologie de reconnaissance")
    assert _alternatives(analyzer, "which technology?")["technology"] == {(french_stem("technologie"),)}


def test_two_word_phrase_translates_as_one_word_needing_all_its_terms() -> None:
    # Its translation's words count one by one only as related forms: a passage holding « l'ordre » alone holds a
    # little of "law enforcement", not all of it.
    lexicon = Lexicon(({"law enforc": ("forces de l'ordre",)},))
    analyzer = _analyzer("les forces de l'ordre", lexicon)
    (word,) = analyzer.analyze("Who is law enforcement?")[1]
    assert word.surface == "law enforcement" and word.forms == ((french_stem("forces"), french_stem("ordre")),)
    assert dict(word.expansions) == {(french_stem("forces"),): PHRASE_PART_WEIGHT,
                                     (french_stem("ordre"),): PHRASE_PART_WEIGHT}
    assert PHRASE_PART_WEIGHT < 1


def test_later_lexicon_layer_only_fills_gaps() -> None:
    lexicon = Lexicon(({"ring": ("sonnerie",)}, {"ring": ("son",), "speak": ("parler",)}))
    analyzer = _analyzer("la caméra Ring, le son, il a parlé", lexicon)
    found = _alternatives(analyzer, "What is Ring? Did he speak?")
    assert found["ring"] == {(french_stem("ring"),)}  # the word itself is known: the noisy layer is not asked
    assert found["speak"] == {(french_stem("parler"),)}


def test_each_later_layer_is_asked_only_where_the_earlier_ones_fail_in_this_corpus() -> None:
    layers = ({"sell": "vendre"}, {"sell": "céder", "heir": "héritage"},
              {"sell": "brader", "heir": "héritier", "deceased": "défunt"})
    lexicon = Lexicon(tuple({Lexicon.key(en): (fr,) for en, fr in layer.items()} for layer in layers))
    analyzer = _analyzer("vendre ou brader, les héritiers du défunt", lexicon)
    found = _alternatives(analyzer, "Can the heirs of the deceased sell?")
    assert found["sell"] == {(french_stem("vendre"),)}  # the first layer bridges it: the others are not asked
    assert found["heirs"] == {(french_stem("héritier"),)}  # the second's translation is not in this corpus
    assert found["deceased"] == {(french_stem("défunt"),)}


def test_acronym_us_is_not_the_pronoun() -> None:
    lexicon = Lexicon(({"us": ("états-unis",)},))
    analyzer = _analyzer("la police des États-Unis", lexicon)
    assert "us" in _alternatives(analyzer, "police in the US")
    assert "us" not in _alternatives(analyzer, "tell us about police")


def test_unknown_word_is_kept_so_it_counts_against_an_answer() -> None:
    analyzer = _analyzer("la police")
    found = _alternatives(analyzer, "Who won the Tour de France?")
    assert found["france"] == {(french_stem("france"),)}
    assert french_stem("france") not in analyzer.vocabulary


def test_lexicon_file_errors_name_the_line(tmp_path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("# comment\nsell vendre\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="bad.tsv line 2: expected"):
        Lexicon.from_files([path])


def test_french_question_reaches_synonyms_through_the_lexicon() -> None:
    lexicon = Lexicon(({"blame": ("reprocher", "accuser")},))
    analyzer = _analyzer("Les activistes accusent Amazon", lexicon)
    assert (french_stem("accusent"),) in _alternatives(analyzer, "Que reprochent les activistes ?")["reprochent"]


def test_a_french_word_the_corpus_never_uses_falls_back_on_the_general_dictionaries_synonyms() -> None:
    # « jouer » is not in the articles and the curated lexicon relates it to nothing they use; FreeDict's "play"
    # does (« faire »), below a curated synonym's weight. Where the curated lexicon has one, FreeDict is not read.
    general = {"play": ("jouer", "faire"), "rule": ("règle", "loi")}
    lexicon = Lexicon(({"rule": ("règle", "principe")}, general))
    analyzer = _analyzer("Amazon veut faire la loi selon ses principes", lexicon)
    words_read = _words(analyzer, "Quel rôle Amazon veut-il jouer ? Quelles règles ?")
    assert dict(words_read["jouer"].expansions) == {(french_stem("faire"),): GENERAL_SYNONYM_WEIGHT}
    assert (french_stem("loi"),) not in dict(words_read["règles"].expansions)


def test_a_french_synonym_only_adds_below_the_asked_word() -> None:
    lexicon = Lexicon(({"complaint": ("réclamation", "plainte", "demande")},))
    analyzer = _analyzer("une réclamation, une plainte, une demande", lexicon)
    word = _words(analyzer, "Comment faire une réclamation ?")["réclamation"]
    assert word.forms == ((french_stem("réclamation"),),)
    assert dict(word.expansions) == {(french_stem("plainte"),): SYNONYM_WEIGHT, (french_stem("demande"),): SYNONYM_WEIGHT}
    assert SYNONYM_WEIGHT < 1


def test_a_french_synonym_of_the_words_family_counts_as_a_related_form() -> None:
    # The stemmer keeps « supprimer » and « suppression » apart; translating the same English word and sharing the
    # word's first letters, the noun is the verb's own family, not a loose synonym as « effacer » is.
    lexicon = Lexicon(({Lexicon.key("delete"): ("supprimer", "suppression", "effacer")},))
    analyzer = _analyzer("la suppression, effacer, supprimer", lexicon)
    word = _words(analyzer, "Comment supprimer mon compte ?")["supprimer"]
    assert dict(word.expansions) == {(french_stem("suppression"),): DERIVED_WEIGHT,
                                     (french_stem("effacer"),): SYNONYM_WEIGHT}
    assert SYNONYM_WEIGHT < DERIVED_WEIGHT < 1


def test_a_french_word_the_corpus_lacks_is_not_read_as_its_english_false_friend() -> None:
    # « patron » is the boss in French and a customer in English, whose translations do not include « patron »:
    # a false friend. « signé » is among the translations of "sign", one word in both languages, so what
    # translates "sign" stands for it; "smartphone" is no French word at all.
    lexicon = Lexicon(({Lexicon.key("patron"): ("client",), Lexicon.key("smartphone"): ("téléphone",),
                        Lexicon.key("sign"): ("signer", "signataire")},))
    analyzer = _analyzer("les clients, le téléphone, les signataires", lexicon)
    patron = _words(analyzer, "Qui est le patron d'Amazon ?")["patron"]
    assert patron.forms == ((french_stem("patron"),),) and not patron.expansions
    assert _words(analyzer, "Qui a signé la lettre ?")["signé"].forms == ((french_stem("signataire"),),)
    assert _words(analyzer, "Quel smartphone ?")["smartphone"].forms == ((french_stem("téléphone"),),)


def test_irregular_english_forms_find_their_entry() -> None:
    lexicon = Lexicon(({Lexicon.key("keep"): ("conserver",)},))
    analyzer = _analyzer("les images sont conservées", lexicon)
    assert _words(analyzer, "How long are images kept?")["kept"].forms == ((french_stem("conserver"),),)


def test_a_near_cognate_must_share_nearly_the_whole_word() -> None:
    analyzer = _analyzer("un mandat de la police")
    assert _alternatives(analyzer, "Is it mandatory?")["mandatory"] == {(french_stem("mandatory"),)}


def test_a_same_spelling_beside_a_translation_is_left_out_unless_a_name() -> None:
    lexicon = Lexicon(({"data": ("données",)},))
    analyzer = _analyzer("la date et les données", lexicon)
    assert _alternatives(analyzer, "Which data?")["data"] == {(french_stem("données"),)}


def test_the_inflected_words_own_spelling_is_left_out_beside_a_translation_too() -> None:
    # "formerly" less its "-ly" is « forme », as "data" is « date »: beside the translation, a false friend.
    lexicon = Lexicon(({Lexicon.key("formerly"): ("ancien",)},))
    analyzer = _analyzer("une forme, un ancien fichier", lexicon)
    assert _alternatives(analyzer, "What was formerly there?")["formerly"] == {(french_stem("ancien"),)}


def test_names_are_capitalised_words_inside_the_question_or_acronyms() -> None:
    assert names("Quelle est la capitale de l'Australie ?") == {"australie"}
    assert names("When did Apple stop selling to the FBI?") == {"apple", "fbi"}
    assert names("Who won?") == set()


def test_english_nationalities_and_languages_are_not_names() -> None:
    lexicon = Lexicon(({Lexicon.key(english): (french,) for english, french in (
        ("african", "africain"), ("french", "français"), ("apple", "pomme"), ("jordan", "Jordanie"))},))
    found = _words(_analyzer("la police", lexicon), "Did African, French, Apple or Jordan officials ask Bezos?")
    # English capitalises a nationality or a language, French does not; a brand or a country stays a name.
    assert {w: found[w].name for w in ("african", "french", "apple", "jordan", "bezos")} == {
        "african": False, "french": False, "apple": True, "jordan": True, "bezos": True}


def test_an_acronym_in_the_plural_is_no_name() -> None:
    # "the NGOs' letter" is met by « les 85 signataires de la lettre »: read as a name, NGOs had to be there too.
    found = _words(_analyzer("les ONG et IBM"), "When did the NGOs write to IBM?")
    assert {w: found[w].name for w in ("ngos", "ibm")} == {"ngos": False, "ibm": True}
    # French writes the plural on the determiner (« les ONG », « 85 ONG »); « l'ACLU » stays a name.
    found = _words(_analyzer("les ONG et l'ACLU"), "Quand les ONG et l'ACLU ont-elles écrit ?")
    assert {w: found[w].name for w in ("ong", "aclu")} == {"ong": False, "aclu": True}


@pytest.mark.parametrize("question, noun", [("Which newspaper interviewed Brad Smith?", "newspaper"),
                                            ("À quel quotidien Brad Smith a-t-il parlé ?", "quotidien"),
                                            ("Dans quelle ville la police a-t-elle arrêté ?", "ville")])
def test_the_noun_after_which_or_quel_is_the_kind_of_thing_asked_for(question: str, noun: str) -> None:
    found = _words(_analyzer("Brad Smith parle au Washington Post de la police"), question)
    assert found[noun].answer_type
    assert [w for w in found.values() if w.answer_type] == [found[noun]]  # the other words are what is asked about


def test_the_answer_type_is_the_noun_past_a_nationality() -> None:
    lexicon = Lexicon(({Lexicon.key("african"): ("africain",)},))
    found = _words(_analyzer("la police", lexicon), "Which African countries use it?")
    assert found["countries"].answer_type and not found["african"].answer_type


def test_a_lower_case_verb_is_no_nationality_before_the_noun() -> None:
    # "is" has a demonym's ending and a lower-case translation, but English capitalises nationalities: "What is
    # Clearview?" asks about Clearview, not for a kind of thing, so the corpus lacking it still counts.
    lexicon = Lexicon(({Lexicon.key("be"): ("être",)},))
    found = _words(_analyzer("la police", lexicon), "What is Clearview?")
    assert not found["clearview"].answer_type


def test_what_before_a_verb_marks_no_answer_type() -> None:
    assert not any(w.answer_type for w in _words(_analyzer("la police"), "What did the police say?").values())

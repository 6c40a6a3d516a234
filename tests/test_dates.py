"""French date expressions, read against the article's publication date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from bot import dates
from bot.dates import EARLIEST, LATEST, PartialDate, find_dates, out_of_range

HELD_OUT = Path(__file__).parent / "data" / "dates_heldout.tsv"


def read(text: str, published: str) -> list[tuple[str, str, str]]:
    return [(m.expression, m.date.iso, m.date.precision) for m in find_dates(text, PartialDate.from_iso(published))]


def reading(text: str, published: str) -> tuple[str, str] | None:
    """The one date a sentence holds, (iso, precision), or None; a sentence with two readings fails the test."""
    found = read(text, published)
    assert len(found) <= 1, found
    return found[0][1:] if found else None


# Each sentence with the one reading expected of it, or None: no date. Publication Thursday 2020-06-11 unless said.
THU = "2020-06-11"
TABLE = [
    # A day and a month, the year from the publication; forward when the verb nearest to it is.
    ("Le 3 juin, l'entreprise a annoncé un don.", "2020-06", ("2020-06-03", "day")),
    ("Amazon a publié le 10 juin un billet.", THU, ("2020-06-10", "day")),
    ("la lettre expédiée mardi 15 janvier", "2019-01", ("2019-01-15", "day")),
    ("le 1er juin 2020", "2020-06", ("2020-06-01", "day")),
    ("Le 1er mars, la loi est entrée en vigueur.", THU, ("2020-03-01", "day")),
    ("La réunion s'est tenue le premier juillet.", "2020-07-20", ("2020-07-01", "day")),
    ("et hier 10 juin, Amazon a publié", THU, ("2020-06-10", "day")),
    ("Le 11 juin dernier, Brad Smith a parlé.", "2020-06", ("2020-06-11", "day")),
    ("le 11 juin dernier", "2021-03-02", ("2020-06-11", "day")),
    ("Le 20 juin, le Congrès doit examiner le texte.", THU, ("2020-06-20", "day")),
    ("Le 20 juin, le Congrès a examiné le texte.", THU, ("2019-06-20", "day")),
    ("le 20 juin", THU, ("2019-06-20", "day")),
    ("Le Sénat votera le 30 juin.", THU, ("2020-06-30", "day")),
    ("Amazon a annoncé le 10 juin qu'elle suspendra ses ventes.", THU, ("2020-06-10", "day")),
    ("Le Congrès doit examiner le texte le 20 juin, a indiqué Brad Smith.", THU, ("2020-06-20", "day")),
    ("La sortie est prévue le 14 juillet.", THU, ("2020-07-14", "day")),
    ("Le 14 juillet prochain, le défilé aura lieu.", THU, ("2020-07-14", "day")),
    ("Le 2 janvier, le texte entrera en vigueur.", "2019-12-20", ("2020-01-02", "day")),
    ("10 Juin. 2020 • 8:06", "2020-06-10", ("2020-06-10", "day")),
    ("Dimanche 7 juin, des milliers de personnes ont manifesté.", THU, ("2020-06-07", "day")),
    ("le 29 février 2020", THU, ("2020-02-29", "day")),
    ("le 29 février 2019", THU, None),
    ("Le 31 juin n'existe pas.", THU, None),
    # Numeric, ISO and English dates.
    ("Publié le 11/06/2020.", THU, ("2020-06-11", "day")),
    ("Mise à jour : 12.06.2020", THU, ("2020-06-12", "day")),
    ("Date de l'audience : 2020-07-01.", THU, ("2020-07-01", "day")),
    ("Le rapport du 06/2019 recense les cas.", THU, ("2019-06", "month")),
    ("Amazon said on June 10, 2020 it would pause.", THU, ("2020-06-10", "day")),
    ("« We will not sell », IBM wrote on June 8.", THU, ("2020-06-08", "day")),
    ("Le mémo est daté du 8 June 2020.", THU, ("2020-06-08", "day")),
    ("In January 2019, 85 groups wrote to Amazon.", THU, ("2019-01", "month")),
    # Months.
    ("En juillet 2018, l'association a mené un test.", "2020-06", ("2018-07", "month")),
    ("En octobre dernier, Amazon avait reconnu", "2020-06-10", ("2019-10", "month")),
    ("En octobre dernier", "2020-11-20", ("2020-10", "month")),
    ("En mars, les ventes ont chuté.", THU, ("2020-03", "month")),
    ("En septembre, le Parlement examinera le texte.", THU, ("2020-09", "month")),
    ("À la mi-juin, IBM a renoncé.", "2020-06-30", ("2020-06", "month")),
    ("Mi-mai, la ville a voté un moratoire.", THU, ("2020-05", "month")),
    ("Fin avril 2019, le projet a été abandonné.", THU, ("2019-04", "month")),
    ("Début juillet, la décision sera connue.", THU, ("2020-07", "month")),
    ("Courant mars, les premiers tests ont eu lieu.", THU, ("2020-03", "month")),
    ("Depuis janvier, les caméras sont éteintes.", THU, ("2020-01", "month")),
    ("Dès février 2020, la police l'utilisait.", THU, ("2020-02", "month")),
    ("Au mois d'août, la police avait testé le logiciel.", THU, ("2019-08", "month")),
    ("juin 2020 restera dans les mémoires", THU, ("2020-06", "month")),
    ("En novembre prochain, les électeurs voteront.", THU, ("2020-11", "month")),
    ("La fête de mai a eu lieu.", THU, None),
    ("Il mange 3 Mars par jour.", THU, None),
    ("La planète Mars.", THU, None),
    # Seasons (meteorological: spring is March to May).
    ("Au printemps 2019, San Francisco a interdit la reconnaissance faciale.", THU, ("2019-03/2019-05", "season")),
    ("L'été dernier, la ville a suspendu le programme.", THU, ("2019-06/2019-08", "season")),
    ("Cet automne, le texte sera voté.", THU, ("2020-09/2020-11", "season")),
    ("À l'hiver 2020, les tests ont repris.", THU, ("2019-12/2020-02", "season")),
    ("L'hiver dernier, la police a testé l'outil.", THU, ("2019-12/2020-02", "season")),
    ("La technologie a été déployée.", THU, None),
    ("Le printemps arabe a changé la région.", THU, None),
    # Quarters and halves.
    ("au troisième trimestre 2019", "2020-06", ("2019-07/2019-09", "quarter")),
    ("au début du deuxième trimestre de l’année précédente", "2020-06", ("2019-04/2019-06", "quarter")),
    ("Au premier trimestre, les ventes ont progressé.", THU, ("2020-01/2020-03", "quarter")),
    ("au quatrième trimestre de l'année dernière", THU, ("2019-10/2019-12", "quarter")),
    ("Les résultats du T2 2020 sont bons.", THU, ("2020-04/2020-06", "quarter")),
    ("au premier semestre 2020", THU, ("2020-01/2020-06", "quarter")),
    ("au premier trimestre de grossesse", THU, None),
    # Years.
    ("publié en 2018 déjà", "2020-06", ("2018", "year")),
    ("Depuis 2016, la police utilise Rekognition.", THU, ("2016", "year")),
    ("Le programme sera lancé d'ici 2025.", THU, ("2025", "year")),
    ("Fin 2019, le groupe a revendu sa filiale.", THU, ("2019", "year")),
    ("Mi-2020, la loi a été adoptée.", THU, ("2020", "year")),
    ("Courant 2018, le service a été testé.", THU, ("2018", "year")),
    ("au début de l'année 2019", THU, ("2019", "year")),
    ("En 2019 les ventes ont doublé.", THU, ("2019", "year")),
    ("En 2020 aux États-Unis, la police a renoncé.", THU, ("2020", "year")),
    ("La ville compte plus de 2000 caméras.", THU, None),
    ("Un budget de 2020 euros.", THU, None),
    # Ranges, as spans.
    ("entre le 3 et le 10 juin", THU, ("2020-06-03/2020-06-10", "day")),
    ("du 28 mai au 3 juin", THU, ("2020-05-28/2020-06-03", "day")),
    ("du 28 décembre au 3 janvier", "2020-01-10", ("2019-12-28/2020-01-03", "day")),
    ("les 3 et 4 juin 2020", THU, ("2020-06-03/2020-06-04", "day")),
    ("en 2019-2020", THU, ("2019/2020", "year")),
    ("entre 2018 et 2020", THU, ("2018/2020", "year")),
    ("de 2015 à 2019", THU, ("2015/2019", "year")),
    ("pour la saison 2020-21", THU, ("2020/2021", "year")),
    ("de juin à août 2020", THU, ("2020-06/2020-08", "month")),
    ("entre mars et mai", THU, ("2020-03/2020-05", "month")),
    ("entre 2000 et 2100 caméras", THU, None),
    ("le décret n° 2019-452", THU, None),
    # Relative to the publication day; kept only when the publication date is precise enough.
    ("Amazon faisait de même hier", THU, ("2020-06-10", "day")),
    ("Amazon faisait de même hier", "2019-03-01", ("2019-02-28", "day")),
    ("Amazon faisait de même hier", "2020-06", None),
    ("avant-hier", THU, ("2020-06-09", "day")),
    ("Aujourd'hui, IBM annonce son retrait.", THU, ("2020-06-11", "day")),
    ("Aujourd'hui encore, la police utilise ces outils.", THU, None),
    ("Demain, le conseil votera.", THU, ("2020-06-12", "day")),
    ("le monde de demain", THU, None),
    ("au début de la semaine", THU, ("2020-06-08", "week")),
    ("cette semaine", THU, ("2020-06-08", "week")),
    ("la semaine dernière", THU, ("2020-06-01", "week")),
    ("la semaine dernière", "2020-06", None),
    ("la semaine prochaine", THU, ("2020-06-15", "week")),
    ("révélé l’an dernier", "2019-01", ("2018", "year")),
    ("de l'année précédente", "2020-06", ("2019", "year")),
    ("l'an prochain", THU, ("2021", "year")),
    ("cette année", "2020-06", ("2020", "year")),
    ("le mois dernier", THU, ("2020-05", "month")),
    ("le mois dernier", "2020-06", ("2020-05", "month")),
    ("le mois dernier", "2020", None),
    ("ce mois-ci", THU, ("2020-06", "month")),
    ("cette année-là", THU, None),
    # Weekdays: the last one before the publication, or the next one when the verb looks forward.
    ("lundi dernier", THU, ("2020-06-08", "day")),
    ("Mardi, la ville a voté.", THU, ("2020-06-09", "day")),
    ("Vendredi, la ville votera.", THU, ("2020-06-12", "day")),
    ("samedi prochain", THU, ("2020-06-13", "day")),
    ("jeudi dernier", THU, ("2020-06-04", "day")),
    ("ce mardi", "2020-06", None),
    ("Chaque lundi, l'équipe se réunit.", THU, None),
    ("le lundi, l'équipe se réunit", THU, None),
    ("On fête Mardi gras.", THU, None),
    # Ago and ahead.
    ("il y a deux semaines", THU, ("2020-05-25", "week")),
    ("il y a 3 jours", THU, ("2020-06-08", "day")),
    ("il y a six mois", THU, ("2019-12", "month")),
    ("il y a deux ans", THU, ("2018", "year")),
    ("il y a deux ans", "2020", ("2018", "year")),
    ("il y a 10 jours", "2020", None),
    ("il y a 10 jours", "2020-06", None),
    ("il y a deux semaines de délai", THU, None),
    ("il y a deux ans de cela", THU, ("2018", "year")),
    ("dans un an", THU, ("2021", "year")),
    ("dans trois mois", THU, ("2020-09", "month")),
    ("d'ici deux ans", THU, ("2022", "year")),
    ("il y a 99999999 jours", THU, None),
    ("il y a 3000 ans", THU, None),
    ("il y a 100000 mois", THU, None),
    ("Le 31 décembre 9999, IBM aura disparu.", THU, None),
    ("le 3 juin 1500", THU, None),
    # Durations and look-alikes.
    ("une pause d’un an", THU, None),
    ("pour un an", THU, None),
    ("deux semaines après le décès", THU, None),
    ("depuis deux ans", THU, None),
    ("depuis plus de 2 ans", THU, None),
    ("sa technologie", THU, None),
    ("Ma question", THU, None),
    ("28 membres du Congrès", THU, None),
    ("10 millions de dollars", THU, None),
    ("un 31 février", THU, None),
    ("le plan dernier", THU, None),
    ("2 ans", THU, None),
    ("113 juin", THU, None),
    ("Windows 10 et la 5G", THU, None),
    ("un score de 3/4, 24/7", THU, None),
    ("la COVID-19", THU, None),
    ("le 1er ministre", THU, None),
]


@pytest.mark.parametrize("text, published, expected", TABLE)
def test_reading_of_each_sentence(text: str, published: str, expected: tuple[str, str] | None) -> None:
    assert reading(text, published) == expected


def test_the_table_is_large_enough() -> None:
    assert len(TABLE) >= 100 and len({text for text, _, _ in TABLE}) >= 100


def test_expressions_are_the_words_read() -> None:
    assert read("et hier 10 juin, Amazon", THU) == [("hier 10 juin", "2020-06-10", "day")]
    assert read("En juillet 2018, l'association", "2020-06") == [("En juillet 2018", "2018-07", "month")]
    assert read("le 11 juin dernier", "2020-06") == [("11 juin dernier", "2020-06-11", "day")]
    assert read("au début de la semaine", THU) == [("au début de la semaine", "2020-06-08", "week")]


def test_several_dates_in_one_text_in_order() -> None:
    text = "IBM avait lancé le mouvement au début de la semaine, Amazon faisait de même hier."
    assert [(e, iso) for e, iso, _ in read(text, THU)] == [("au début de la semaine", "2020-06-08"),
                                                            ("hier", "2020-06-10")]


def test_a_long_run_without_a_full_stop_keeps_each_dates_own_verb() -> None:
    # A scraped list can hold hundreds of dates in one "sentence"; each date's tense is read from the verbs near it
    # (only within dates.VERB_REACH characters): the future verb after the run places only the date beside it.
    run = ", ".join(["le 3 juin"] * 300)
    found = read(f"Amazon a annoncé {run}, et Microsoft annoncera le 20 juin.", THU)
    assert len(found) == 301 and found[0][1] == "2020-06-03" and found[-1][1] == "2020-06-20"


def test_the_current_week_stops_at_the_publication_day() -> None:
    (week,) = find_dates("au début de la semaine", PartialDate.from_iso(THU))
    assert (week.date.first_day(), week.date.latest_day()) == (dt.date(2020, 6, 8), dt.date(2020, 6, 11))
    assert week.date.label == "2020-06-08 (week)"


def test_labels_show_the_precision() -> None:
    published = PartialDate.from_iso(THU)
    labels = [m.date.label for text in ("entre le 3 et le 10 juin", "au printemps 2019", "au deuxième trimestre 2019",
                                        "en 2018", "en mai 2020", "le 3 mai")
              for m in find_dates(text, published)]
    assert labels == ["2020-06-03 → 2020-06-10", "2019-03/2019-05 (spring)", "2019-Q2", "2018", "2020-05",
                      "2020-05-03"]


def test_partial_date_iso_forms() -> None:
    assert PartialDate.from_iso("2020-06").iso == "2020-06"
    assert PartialDate.from_iso("2020").latest_day().isoformat() == "2020-12-31"
    # A quarter as the months it spans, as a season: ISO 8601 has no quarter. Its label keeps the quarter.
    assert PartialDate(2019, quarter=2, precision="quarter").iso == "2019-04/2019-06"
    assert PartialDate(2019, quarter=2, precision="quarter").label == "2019-Q2"
    with pytest.raises(ValueError):
        PartialDate.from_iso("2020-13")


def test_held_out_shapes_meet_the_bar() -> None:
    """The issue's measure, on sentences kept apart from the table above and never tuned on."""
    published = PartialDate.from_iso(THU)
    right = shapes = false = look_alikes = 0
    for line in HELD_OUT.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, iso, precision = line.split("\t")
        found = [(m.date.iso, m.date.precision) for m in find_dates(text, published)]
        if iso == "-":
            look_alikes += 1
            false += bool(found)
        else:
            shapes += 1
            right += found == [(iso, precision)]
    assert (shapes, look_alikes) == (40, 15)
    assert right >= 36 and false <= 1, f"{right}/40 shapes right, {false}/15 look-alikes read as dates"


# Property: any French-looking text, any publication date — no exception, dates within bounds, expressions verbatim.
_WORDS = st.sampled_from(
    "le la l' il y a dans d'ici depuis dès en fin début mi- courant entre et du au de hier demain aujourd'hui "
    "avant-hier lundi mardi dimanche dernier dernière prochain prochaine cette ce semaine mois an ans année jours "
    "jour semaines trimestre semestre premier 1er deuxième T2 printemps été hiver automne juin Juin mars Mars "
    "décembre janv. sept. June May , . ; - / 1 3 10 15 29 31 99 2019 2020 1799 2199 2200 99999999 3000 100000 "
    "deux dix un une Amazon a annoncé sera doit qu' «".split())
_TEXT = st.one_of(st.lists(_WORDS, max_size=14).map(" ".join),
                  st.text(st.characters(codec="utf-8"), max_size=80),
                  st.lists(st.one_of(_WORDS, st.text(max_size=4)), max_size=10).map(" ".join))
_PUBLISHED = st.one_of(st.dates(min_value=dt.date(1, 1, 1)).map(lambda d: PartialDate.of_day(d)),
                       st.builds(lambda y, m: PartialDate(y, m, precision="month"), st.integers(1, 9999),
                                 st.integers(1, 12)),
                       st.integers(1, 9999).map(PartialDate))


@given(_TEXT, _PUBLISHED)
def test_any_text_reads_without_error_and_within_bounds(text: str, published: PartialDate) -> None:
    for mention in find_dates(text, published):
        assert text[mention.start:mention.end] == mention.expression
        assert EARLIEST <= mention.date.first_day() <= mention.date.latest_day() <= LATEST


# Characters where case, letters and spaces are not what they seem: "İ" lowers to two characters, "²" is a \\w
# but no letter, a no-break space splits pieces, "ı" and "ſ" match i and s when case is ignored.
_ODD = st.sampled_from(["İ", "ı", "ſ", "²", "Σ", "K", "\u00a0", "\u2009", "\n", "\t", "’", "'", "-", "JUIN", "Y A",
                        "y\u00a0a", "mois-ci", "après-midi", "t1", "Q3", "/", "2019-2020", "10/06/2020"])
_EXPRESSIONS = st.sampled_from(["il y a deux semaines", "il y a 3 ans", "dans trois jours", "d'ici 2021",
                                "le 3 juin 2020", "June 10, 2020", "May 2019", "10 June", "T2 2019", "lundi dernier",
                                "ce mois-ci", "cet après-midi", "au premier trimestre 2020", "06/2020", "2020-06-10",
                                "fin mars", "de janvier à mars", "du 2 au 9 mars", "entre 2018 et 2020", "cet été"])
_JOINED = st.lists(st.tuples(st.one_of(_WORDS, _ODD, _EXPRESSIONS, st.text(max_size=3)),
                             st.sampled_from(["", " ", "  ", "\n"])),
                   max_size=20).map(lambda parts: "".join(word + space for word, space in parts))


@given(_JOINED)
def test_looking_only_for_the_shapes_a_text_is_marked_for_finds_every_match(text: str) -> None:
    # Which shapes to look for comes from marks kept per piece of text; looking for every shape is what they spare.
    every_shape = dates._shapes_marked(-1)
    assert [(shape, match.span()) for shape, match, _ in dates._candidates(text)] == \
        [(shape, match.span()) for shape, match, _ in dates._matches(text, every_shape)]


@pytest.mark.parametrize("poison", ["il y a 99999999 jours", "il y a 3000 ans", "il y a 100000 mois",
                                    "dans 99999 ans", "le 31 décembre 9999", "hier"])
def test_poison_expressions_are_no_date(poison: str) -> None:
    for published in ("2020-06-11", "0001-01-01", "9999-12-31"):
        assert [m.date for m in find_dates(poison, PartialDate.from_iso(published))
                if not EARLIEST <= m.date.first_day() <= m.date.latest_day() <= LATEST] == []


@pytest.mark.parametrize("text", ["il y a 99999999 jours", "Il y a 3000 ans", "il y a 100000 mois",
                                  "dans 99999999999 ans"])
def test_an_absurd_offset_is_no_date_but_is_named_as_out_of_range(text: str) -> None:
    published = PartialDate.from_iso("2020-06-12")
    assert find_dates(text, published) == []
    assert out_of_range(text, published) == [text]

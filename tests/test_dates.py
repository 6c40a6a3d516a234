"""French date expressions, read against the article's publication date."""

from __future__ import annotations

import pytest

from bot.dates import PartialDate, find_dates


def read(text: str, published: str) -> list[tuple[str, str, str]]:
    return [(m.expression, m.date.iso, m.date.precision) for m in find_dates(text, PartialDate.from_iso(published))]


@pytest.mark.parametrize("text, published, expected", [
    ("Amazon a publié le 10 juin un billet", "2020-06-11", ("10 juin", "2020-06-10", "day")),
    ("Le 3 juin, l'entreprise a annoncé", "2020-06", ("3 juin", "2020-06-03", "day")),
    ("En juillet 2018, l'association", "2020-06", ("En juillet 2018", "2018-07", "month")),
    ("En décembre 2018, Google", "2019-01", ("En décembre 2018", "2018-12", "month")),
    ("la lettre expédiée mardi 15 janvier", "2019-01", ("mardi 15 janvier", "2019-01-15", "day")),
    ("le 1er juin 2020", "2020-06", ("1er juin 2020", "2020-06-01", "day")),
    ("publié en 2018 déjà", "2020-06", ("en 2018", "2018", "year")),
])
def test_absolute_expressions(text: str, published: str, expected: tuple[str, str, str]) -> None:
    assert read(text, published) == [expected]


@pytest.mark.parametrize("text, published, expected", [
    ("Amazon faisait de même hier", "2020-06-11", ("hier", "2020-06-10", "day")),
    ("Amazon faisait de même hier", "2019-03-01", ("hier", "2019-02-28", "day")),
    ("et hier 10 juin, Amazon", "2020-06-11", ("hier 10 juin", "2020-06-10", "day")),
    ("avant-hier", "2020-06-11", ("avant-hier", "2020-06-09", "day")),
    ("le 11 juin dernier", "2020-06", ("11 juin dernier", "2020-06-11", "day")),
    ("le 11 juin dernier", "2021-03-02", ("11 juin dernier", "2020-06-11", "day")),
    ("le 20 juin", "2020-06-11", ("20 juin", "2019-06-20", "day")),
    ("au début de la semaine", "2020-06-11", ("au début de la semaine", "2020-06-08", "week")),
    ("la semaine dernière", "2020-06-11", ("la semaine dernière", "2020-06-01", "week")),
    ("révélé l’an dernier", "2019-01", ("l’an dernier", "2018", "year")),
    ("de l'année précédente", "2020-06", ("l'année précédente", "2019", "year")),
    ("En octobre dernier, Amazon", "2020-06-10", ("En octobre dernier", "2019-10", "month")),
    ("En octobre dernier, Amazon", "2020-11-20", ("En octobre dernier", "2020-10", "month")),
    ("au début du deuxième trimestre de l’année précédente", "2020-06",
     ("deuxième trimestre de l’année précédente", "2019-Q2", "quarter")),
    ("au troisième trimestre 2019", "2020-06", ("troisième trimestre 2019", "2019-Q3", "quarter")),
    ("il y a deux semaines", "2020-06-11", ("il y a deux semaines", "2020-05-25", "week")),
    ("il y a 3 jours", "2020-06-11", ("il y a 3 jours", "2020-06-08", "day")),
    ("il y a six mois", "2020-06-11", ("il y a six mois", "2019-12", "month")),
])
def test_relative_expressions_resolve_against_the_publication_date(text, published, expected) -> None:
    assert read(text, published) == [expected]


def test_a_month_only_publication_date_reads_against_its_last_day() -> None:
    assert read("le 11 juin", "2020-06") == [("11 juin", "2020-06-11", "day")]


def test_hier_needs_a_publication_day() -> None:
    assert read("Amazon faisait de même hier", "2020-06") == []


@pytest.mark.parametrize("text", [
    "une pause d’un an", "pour un an", "deux semaines après le décès", "depuis deux ans", "depuis plus de 2 ans",
    "sa technologie", "Ma question", "la planète Mars", "28 membres du Congrès", "10 millions de dollars",
    "un 31 février", "le plan dernier", "2 ans", "113 juin",
])
def test_never_a_date(text: str) -> None:
    assert read(text, "2020-06-11") == []


def test_partial_date_iso_forms() -> None:
    assert PartialDate.from_iso("2020-06").iso == "2020-06"
    assert PartialDate.from_iso("2020").latest_day().isoformat() == "2020-12-31"
    assert PartialDate(2019, quarter=2, precision="quarter").iso == "2019-Q2"

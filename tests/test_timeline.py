"""The timeline: events from the articles, their actors, merged across outlets, filtered, shown, drawn."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from bot.actors import EntityError
from bot.corpus import Article, CorpusError, load_corpus
from bot.dates import PartialDate, find_dates
from bot.timeline import (Entities, Event, Report, TimelineError, build_timeline, company_choices, events_to_json,
                          excerpt, filter_events, format_event, load_entities, parse_bound, render_png, span)
from bot.timeline_picture import build_figure

from .conftest import CORPUS_DIR, ROOT

ENTITIES = Entities.from_file(CORPUS_DIR / "entities.tsv")


def article(id: str, date: str, outlet: str, *paragraphs: str, title: str | None = None) -> Article:
    return Article(id=id, outlet=outlet, title=title or f"Titre {id}", date=date, language="fr",
                   paragraphs=paragraphs)


def timeline(*articles: Article) -> list[Event]:
    return build_timeline(articles, ENTITIES)


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return build_timeline(load_corpus(CORPUS_DIR), load_entities(CORPUS_DIR))


# ---------------------------------------------------------------------------------------------------------------
# The seed articles, read by hand: every dated event, its main actor, the other parties it names.

SEED_EVENTS = {
    "2018": ("ACLU", "Amazon"),  # "le cas Amazon … avait révélé l'ACLU l'an dernier"
    "2018-07": ("ACLU", "Amazon"),  # "l'association" (the ACLU) tested "le logiciel" (Rekognition)
    "2018-12": ("Google",),  # the Pentagon is in an aside
    "2019-01-15": ("NGOs",),  # the 85 signatories' letter
    "2019-04/2019-06": ("Microsoft",),  # refused to sell to a police agency: the police is not an actor
    "2019-10": ("Amazon",),
    "2020-06-03": ("Amazon",),  # "l'entreprise a annoncé un don … à plusieurs organisations"
    "2020-06-08": ("IBM",),
    "2020-06-10": ("Amazon",),
    "2020-06-11": ("Microsoft",),  # Brad Smith's words, reported by the Washington Post
}


def test_every_seed_event_has_its_actors(events) -> None:
    assert {e.date.iso: e.actors for e in events} == SEED_EVENTS


@pytest.mark.parametrize("company, dates", [
    ("IBM", ["2020-06-08"]),
    ("Amazon", ["2018", "2018-07", "2019-10", "2020-06-03", "2020-06-10"]),
    ("Microsoft", ["2019-04/2019-06", "2020-06-11"]),
    ("Google", ["2018-12"]),
    ("ACLU", ["2018", "2018-07"]),
    ("aws", ["2018", "2018-07", "2019-10", "2020-06-03", "2020-06-10"]),  # a spelling of Amazon
    ("Rekognition", ["2018", "2018-07", "2019-10", "2020-06-03", "2020-06-10"]),  # a product of Amazon
    ("Union américaine pour les libertés civiles", ["2018", "2018-07"]),
    ("brad smith", ["2020-06-11"]),  # a person: the events naming him
])
def test_company_finds_every_event_of_the_actor(events, company: str, dates: list[str]) -> None:
    assert [e.date.iso for e in filter_events(events, ENTITIES, company=company)] == dates


def test_amazon_pause_is_one_event_reported_by_three_outlets_and_nothing_else_merges(events) -> None:
    (pause,) = [e for e in events if e.date.iso == "2020-06-10"]
    assert {r.article.outlet for r in pause.reports} == {"Calipia", "Developpez.com", "Next INpact"}
    assert "10 juin" in pause.text  # the sentence that states the date, not the one saying "hier"
    assert [e.date.iso for e in events if len(e.reports) > 1] == ["2020-06-10"]


def test_every_event_quotes_its_article_verbatim(events) -> None:
    for event in events:
        for report in event.reports:
            assert any(report.sentence in p for p in report.article.paragraphs)
            assert report.expression in report.sentence


def test_events_are_oldest_first_and_within_what_the_articles_report(events) -> None:
    starts = [span(e.date)[0] for e in events]
    assert starts == sorted(starts) and all("2018" <= e.date.iso[:7] <= "2020-06" for e in events)


def test_a_week_does_not_run_past_its_article(events) -> None:
    (week,) = [e for e in events if e.date.precision == "week"]
    assert span(week.date) == (dt.date(2020, 6, 8), dt.date(2020, 6, 11))  # written on Thursday 11 June


# ---------------------------------------------------------------------------------------------------------------
# Actors beyond the seeds


@pytest.mark.parametrize("paragraph, actors", [
    ("Selon le Washington Post, Microsoft a cessé le 11 juin de vendre sa technologie.", ("Microsoft",)),
    ("Le 11 juin, Brad Smith a déclaré que la police devait attendre une loi, rapporte Le Monde.", ("Microsoft",)),
    ("Le 10 juin, la police de Detroit a reconnu utiliser Rekognition.", ("Police", "Amazon")),
    ("Le 10 juin, Microsoft a refusé de vendre sa technologie à la police.", ("Microsoft",)),
    ("IBM a renoncé. Le 9 juin, le groupe a écrit au Congrès.", ("IBM",)),
    ("Google s'est engagé. En mars, la société de Jeff Bezos a publié un billet.", ("Amazon",)),
    ("Le 4 juin, l'ACLU (comme Amazon et Google le savent) a porté plainte.", ("ACLU",)),
    ("« Le 10 juin, nous avons suspendu nos ventes », explique Amazon.", ("Amazon",)),
    ("Le 2 juin, des associations ont écrit aux parlementaires américains.", ("NGOs",)),
    ("Amazon a répondu aux propos d'IBM le 10 juin.", ("Amazon", "IBM")),
])
def test_the_main_actor_is_the_subject(paragraph: str, actors: tuple[str, ...]) -> None:
    (event,) = timeline(article("a", "2020-06-12", "Un", paragraph))
    assert event.actors == actors


def test_anaphora_fall_back_to_the_headline() -> None:
    (event,) = timeline(article("a", "2020-06-12", "Un", "Le 10 juin, l'entreprise a suspendu ses ventes.",
                                title="Amazon met en pause Rekognition"))
    assert event.actors == ("Amazon",)


def test_people_stand_for_their_organisation_and_are_findable() -> None:
    events = timeline(article("a", "2020-06-12", "Un", "Le 9 juin, Arvind Krishna a écrit au Congrès."))
    assert [(e.actors, e.people) for e in events] == [(("IBM",), ("Arvind Krishna",))]
    assert filter_events(events, ENTITIES, company="Arvind Krishna") == events
    assert filter_events(events, ENTITIES, company="Brad Smith") == []


# ---------------------------------------------------------------------------------------------------------------
# Merging: same date, same main actor (one party, not a group), same kind of action


def test_one_pause_told_by_two_outlets_is_one_event_with_each_sentence() -> None:
    events = timeline(article("a", "2020-06-11", "Un", "Hier 10 juin, Amazon a suspendu Rekognition."),
                      article("b", "2020-06", "Deux", "Le 10 juin dernier, Amazon a annoncé une pause d'un an."),
                      article("c", "2020-06", "Trois", "Le 10 juin, IBM a parlé."))
    assert [(e.date.iso, e.actors, len(e.reports)) for e in events] == [
        ("2020-06-10", ("Amazon",), 2), ("2020-06-10", ("IBM",), 1)]
    sources = events_to_json(events)["events"][0]["sources"]
    assert [(s["outlet"], s["text"]) for s in sources] == [
        ("Un", "Hier 10 juin, Amazon a suspendu Rekognition."),
        ("Deux", "Le 10 juin dernier, Amazon a annoncé une pause d'un an.")]


def test_a_shared_group_is_no_reason_to_merge() -> None:
    events = timeline(article("a", "2020-06-11", "Un", "Le 10 juin, Amazon a suspendu ses ventes à la police."),
                      article("b", "2020-06-11", "Deux", "Le 10 juin 2020, Microsoft a rencontré la police."),
                      article("c", "2020-06-11", "Trois", "Le 10 juin, la police a manifesté."),
                      article("d", "2020-06-11", "Quatre", "Le 10 juin, la police a arrêté des manifestants."))
    assert len(events) == 4


def test_two_actions_of_one_actor_on_one_day_stay_apart() -> None:
    events = timeline(article("a", "2020-06-11", "Un", "Le 10 juin, l'ACLU a publié un rapport sur Rekognition."),
                      article("b", "2020-06-11", "Deux", "Le 10 juin, l'ACLU a porté plainte contre la ville."))
    assert [len(e.reports) for e in events] == [1, 1]


def test_the_same_statement_merges_through_a_person_and_a_vaguer_date() -> None:
    events = timeline(
        article("a", "2020-06", "Un", "Le 11 juin dernier, Brad Smith a fait savoir que Microsoft ne vend pas de "
                                      "reconnaissance faciale à la police."),
        article("b", "2020-06-12", "Deux", "Hier 11 juin, Microsoft a annoncé qu'il ne vendrait plus sa technologie "
                                           "à la police."),
        article("c", "2020-07-02", "Trois", "En juin, Microsoft a annoncé ne plus vendre à la police."))
    (event,) = events
    assert (event.date.iso, event.actors, len(event.reports), event.people) == (
        "2020-06-11", ("Microsoft",), 3, ("Brad Smith",))


def test_another_outlet_on_microsofts_11_june_joins_the_seed_event_and_nothing_else() -> None:
    added = article("x", "2020-06-12", "Le Quotidien",
                    "Hier 11 juin, Microsoft a annoncé qu'il ne vendrait pas sa reconnaissance faciale à la police.",
                    "Le 10 juin 2020, Microsoft a rencontré la police.")
    events = build_timeline(load_corpus(CORPUS_DIR) + (added,), ENTITIES)
    merged = {(e.date.iso, e.main_actor): sorted(r.article.id for r in e.reports) for e in events
              if len(e.reports) > 1 or "x" in {r.article.id for r in e.reports}}
    assert merged == {("2020-06-10", "Amazon"): ["000", "001", "002"], ("2020-06-10", "Microsoft"): ["x"],
                      ("2020-06-11", "Microsoft"): ["001", "x"]}


def test_a_criticism_of_an_actor_is_not_its_pause() -> None:
    events = timeline(article("a", "2020-06-11", "Un", "Le 10 juin, Amazon a suspendu ses ventes."),
                      article("b", "2020-06-11", "Deux", "Le 10 juin, Amazon et Microsoft ont été critiqués."))
    assert [(e.actors, len(e.reports)) for e in events] == [(("Amazon",), 1), (("Amazon", "Microsoft"), 1)]


def test_an_outlet_telling_an_event_twice_is_one_report_naming_everyone() -> None:
    (event,) = timeline(article("a", "2020-06-11", "Un", "IBM a annoncé lundi l'arrêt de ses produits. Le 8 juin, "
                                "dans une lettre, le PDG d'IBM Arvind Krishna a annoncé cet arrêt."))
    assert (event.date.iso, len(event.reports), event.people) == ("2020-06-08", 1, ("Arvind Krishna",))


def test_a_day_and_a_year_are_not_the_same_event() -> None:
    events = timeline(article("a", "2020-06-11", "Un", "Le 10 juin, Amazon a suspendu ses ventes."),
                      article("b", "2020-06-11", "Deux", "En 2020, Amazon a suspendu ses ventes."))
    assert len(events) == 2


_PIECES = st.sampled_from(
    "Le 10 juin , l'entreprise la société l'association le logiciel Amazon IBM Brad Smith Washington Post police "
    "( ) « » : ; et mais dont qui a annoncé suspendu sera hier en 2019 du 3 au 5 juin de Jeff Bezos . "
    "organisations Rekognition selon le groupe".split(" "))


@given(st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=30).map(" ".join), st.text(max_size=40))
def test_any_paragraph_gives_a_timeline_without_error(paragraph: str, headline: str) -> None:
    events = timeline(article("a", "2020-06-11", "Un", paragraph, "Hier, IBM a cessé.", title=headline or "T"))
    for event in events:
        assert all(actor in ENTITIES.entities for actor in event.actors)
        for report in event.reports:
            assert any(report.sentence in p for p in report.article.paragraphs)
            assert report.expression in report.sentence
        format_event(event)
    json.dumps(events_to_json(events))


# ---------------------------------------------------------------------------------------------------------------
# Filters


def test_filters_by_dates(events) -> None:
    recent = filter_events(events, ENTITIES, start=parse_bound("2020-06", "--from"))
    assert recent and all(e.date.iso >= "2020-06" for e in recent)
    old = filter_events(events, ENTITIES, end=parse_bound("2018-12", "--to"))
    assert [e.date.iso for e in old] == ["2018", "2018-07", "2018-12"]


@pytest.mark.parametrize("company, start, end, message", [
    ("Tesla", None, None, "unknown company 'Tesla'"),
    ("  ", None, None, "the company name is empty"),
    ("Washington Post", None, None, "Washington Post is an outlet"),
    (None, "2021", "2019", "the date range is empty: it starts on 2021-01-01, after it ends on 2019-12-31"),
    (None, "2020-06-12", "2020-06-11", "the date range is empty"),
])
def test_bad_filters_say_what_is_wrong(events, company, start, end, message) -> None:
    with pytest.raises(TimelineError, match=message):
        filter_events(events, ENTITIES, company=company, start=start and parse_bound(start, "--from"),
                      end=end and parse_bound(end, "--to"))


def test_bad_bounds() -> None:
    with pytest.raises(TimelineError, match="--from must be"):
        parse_bound("juin 2020", "--from")
    with pytest.raises(TimelineError, match="--to is not a real date"):
        parse_bound("2020-02-30", "--to")


def test_company_choices_offer_names_spellings_and_people(events) -> None:
    assert company_choices(ENTITIES, events, "am")[0] == ("Amazon", "Amazon")
    assert ("AWS (Amazon)", "Amazon") in company_choices(ENTITIES, events, "aw")
    assert company_choices(ENTITIES, events, "brad") == [("Brad Smith (Microsoft)", "Brad Smith")]
    assert company_choices(ENTITIES, events, "washington") == []  # an outlet, not an actor
    assert company_choices(ENTITIES, events, "jeff") == []  # named by no dated event
    offered = company_choices(ENTITIES, events, "")
    assert offered[0] == ("ACLU", "ACLU") and len({value for _, value in offered}) >= 6


def test_the_parties_a_text_names_are_its_organisations_people_stand_for() -> None:
    text = "Brad Smith, le président de Microsoft, répond à l'ACLU ; la police et les ONG, selon Le Monde."
    assert ENTITIES.parties(text) == {"Microsoft", "ACLU"}  # not the police, the NGOs nor an outlet
    assert ENTITIES.parties("Jeff Bezos et AWS") == {"Amazon"}


def test_entity_file_errors_name_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "entities.tsv"
    path.write_text("Amazon (firm)\tAmazon\n", encoding="utf-8")
    with pytest.raises(EntityError, match="'Amazon \\(firm\\)' should be 'Name \\(kind\\)'"):
        Entities.from_file(path)
    path.write_text("Bezos (person: Amazon)\tJeff Bezos\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="belongs to 'Amazon', which the file does not name"):
        Entities.from_file(path)


# ---------------------------------------------------------------------------------------------------------------
# Output


def test_text_output_shows_the_precision_and_cuts_around_date_and_actor(events) -> None:
    lines = {e.date.iso: format_event(e) for e in events}
    assert lines["2020-06-08"].startswith("2020-06-08 (week)  IBM: ")
    assert lines["2019-04/2019-06"].startswith("2019-Q2")
    assert "hier 10 juin, Amazon a publié" in lines["2020-06-10"]
    assert "11 juin dernier" in lines["2020-06-11"] and "Brad Smith, a fait savoir" in lines["2020-06-11"]
    assert "(…) s’était engagé" in lines["2018-12"]  # the aside about the Pentagon is left out


def test_excerpt_keeps_date_and_actor_apart_in_a_long_sentence() -> None:
    sentence = ("Le 3 juin, selon plusieurs sources qui ont suivi de près " + "les négociations " * 12
                + "avec les élus, Amazon a suspendu ses ventes.")
    cut = excerpt(sentence, (3, 9), (sentence.index("Amazon"), sentence.index("Amazon") + 6), 120)
    assert cut.startswith("Le 3 juin") and "Amazon a suspendu" in cut and "…" in cut and len(cut) <= 130


def test_json_keeps_its_shape_and_adds_fields(events) -> None:
    first = events_to_json(events)["events"][0]
    assert {"date", "precision", "text", "expression", "actors", "sources", "reports"} <= set(first)
    assert {"label", "start", "end", "people", "actions"} <= set(first)
    assert {"id", "outlet", "title", "date", "url", "text", "expression"} <= set(first["sources"][0])


def test_every_json_date_opens_with_a_year_month_or_day(events) -> None:
    # Readers of the JSON (the acceptance scorer among them) expect YYYY[-MM[-DD]], a range or a span after a
    # slash: a quarter is its months (2019-04/2019-06), not 2019-Q2, which an expected 2019-04 would not match.
    quarter = find_dates("au début du deuxième trimestre de l'année précédente", PartialDate.from_iso("2020-06"))
    reported = events_to_json(events)["events"] + [{"date": quarter[0].date.iso}]
    iso = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
    assert all(re.fullmatch(rf"{iso.pattern}(?:/{iso.pattern})?", event["date"]) for event in reported)
    assert quarter[0].date.iso.startswith("2019-04")


# ---------------------------------------------------------------------------------------------------------------
# The picture


def synthetic_events(count: int) -> list[Event]:
    """`count` events over two years among a dozen actors, many on the same days."""
    actors = ["IBM", "Amazon", "Microsoft", "Google", "ACLU", "Police", "NGOs", "Congress", "Clearview AI",
              "Axon", "Palantir", "Ring Security Systems"]
    events = []
    for n in range(count):
        day = dt.date(2019, 1, 1) + dt.timedelta(days=(n * 37) % 700)
        date = PartialDate.of_day(day) if n % 4 else PartialDate(day.year, day.month, precision="month")
        sentence = f"Le {day.day} du mois, {actors[n % 12]} a annoncé une mesure de plus, la numéro {n}, " * 3
        source = article(f"s{n}", "2021-01-01", f"Outlet {n % 7}", sentence)
        events.append(Event(date, (actors[n % 12],), (Report(source, sentence, f"Le {day.day}", date, (0, 6)),)))
    return sorted(events, key=lambda e: span(e.date)[0])


def text_boxes(figure) -> list:
    renderer = figure.canvas.get_renderer()
    texts = [t for t in figure.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_window_extent"))
             if t.get_visible() and t.get_text().strip()]
    return [(t.get_text(), t.get_window_extent(renderer)) for t in texts]


@pytest.mark.parametrize("count", [10, 150])
def test_picture_grows_with_the_events_and_its_labels_never_overlap(count: int, tmp_path: Path) -> None:
    import matplotlib.image

    figure = build_figure(synthetic_events(count))
    path = tmp_path / "timeline.png"
    figure.savefig(path, dpi=figure.dpi)
    height, width = matplotlib.image.imread(path).shape[:2]
    assert width == 1400 and height >= 300 + 14 * count  # the chart, then a legend line per event
    boxes = text_boxes(figure)
    assert sum(text.isdigit() for text, _ in boxes) >= count  # a number for every event
    for text, box in boxes:
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, text
    overlapping = [(a, b) for (a, box_a), (b, box_b) in combinations(boxes, 2)
                   if box_a.x0 < box_b.x1 - 0.5 and box_b.x0 < box_a.x1 - 0.5
                   and box_a.y0 < box_b.y1 - 0.5 and box_b.y0 < box_a.y1 - 0.5]
    assert overlapping == []


def test_render_png_writes_the_picture(events, tmp_path: Path) -> None:
    path = render_png(events, tmp_path / "seeds.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000


def test_picture_of_no_event_says_so() -> None:
    figure = build_figure([])
    assert "No dated event" in [text for text, _ in text_boxes(figure)] and not figure.axes


def test_picture_of_the_seeds_has_a_row_per_actor_companies_first(events) -> None:
    figure = build_figure(events)
    rows = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    assert rows[:4] == ["Google", "Microsoft", "Amazon", "IBM"] and rows[4:] == ["ACLU", "NGOs"]


# ---------------------------------------------------------------------------------------------------------------
# The command line


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "timeline", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_cli_timeline_json_and_picture(tmp_path: Path) -> None:
    result = run("--json", "--company", "AWS", "--png", str(tmp_path / "t.png"))
    assert result.returncode == 0 and (tmp_path / "t.png").exists()
    dates = [e["date"] for e in json.loads(result.stdout)["events"]]
    assert dates == ["2018", "2018-07", "2019-10", "2020-06-03", "2020-06-10"]


@pytest.mark.parametrize("args, message", [
    (("--to", "2020-13"), "error: --to is not a real date: '2020-13'"),
    (("--from", "2021", "--to", "2019"), "error: the date range is empty: it starts on 2021-01-01, after it ends on "
                                         "2019-12-31"),
    (("--from", ""), "error: --from must be YYYY, YYYY-MM or YYYY-MM-DD, not ''"),
])
def test_cli_bad_ranges_are_usage_errors(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2 and result.stderr.strip() == message

"""The timeline: events from the articles, merged across outlets, filtered, drawn."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.corpus import Article, load_corpus
from bot.timeline import (Entities, TimelineError, build_timeline, events_to_json, filter_events, load_entities,
                          parse_bound, render_png, span)

from .conftest import CORPUS_DIR, ROOT

ENTITIES = Entities.from_file(CORPUS_DIR / "entities.tsv")


def article(id: str, date: str, outlet: str, *paragraphs: str) -> Article:
    return Article(id=id, outlet=outlet, title=f"Titre {id}", date=date, language="fr", paragraphs=paragraphs)


@pytest.fixture(scope="module")
def events():
    return build_timeline(load_corpus(CORPUS_DIR), load_entities(CORPUS_DIR))


def test_events_are_oldest_first_and_within_what_the_articles_report(events) -> None:
    starts = [span(e.date)[0] for e in events]
    assert len(events) >= 8 and starts == sorted(starts)
    assert all("2018" <= e.date.iso[:7] <= "2020-06" for e in events)


def test_every_event_quotes_its_article_verbatim(events) -> None:
    for event in events:
        for report in event.reports:
            assert any(report.sentence in p for p in report.article.paragraphs)
            assert report.expression in report.sentence


def test_amazon_pause_is_one_event_reported_by_three_outlets(events) -> None:
    (pause,) = [e for e in events if e.date.iso == "2020-06-10"]
    assert "Amazon" in pause.actors
    assert {r.article.outlet for r in pause.reports} == {"Calipia", "Developpez.com", "Next INpact"}
    assert "10 juin" in pause.text  # the sentence that states the date, not the one saying "hier"


def test_expected_readings_of_the_seeds(events) -> None:
    by_date = {e.date.iso: e for e in events}
    assert "85" in by_date["2019-01-15"].text and by_date["2019-01-15"].reports[0].article.id == "004"
    assert by_date["2020-06-08"].date.precision == "week" and "IBM" in by_date["2020-06-08"].actors
    assert by_date["2019-Q2"].date.precision == "quarter" and "Microsoft" in by_date["2019-Q2"].actors
    assert "Google" in by_date["2018-12"].actors


def test_merging_needs_the_same_date_and_a_shared_actor() -> None:
    articles = [
        article("a", "2020-06-11", "Un", "Hier 10 juin, Amazon a suspendu Rekognition."),
        article("b", "2020-06", "Deux", "Le 10 juin dernier, Amazon a annoncé une pause."),
        article("c", "2020-06", "Trois", "Le 10 juin, IBM a parlé."),
    ]
    events = build_timeline(articles, ENTITIES)
    assert [(e.date.iso, e.actors, len(e.reports)) for e in events] == [
        ("2020-06-10", ("Amazon",), 2), ("2020-06-10", ("IBM",), 1)]


def test_filters_by_company_and_dates(events) -> None:
    amazon = filter_events(events, ENTITIES, company="amazon")
    assert amazon and all("Amazon" in e.actors for e in amazon)
    recent = filter_events(events, ENTITIES, start=parse_bound("2020-06", "--from"))
    assert recent and all(e.date.iso >= "2020-06" for e in recent)
    old = filter_events(events, ENTITIES, end=parse_bound("2018-12", "--to"))
    assert [e.date.iso for e in old] == ["2018", "2018-07", "2018-12"]
    with pytest.raises(TimelineError, match="unknown company 'Tesla'"):
        filter_events(events, ENTITIES, company="Tesla")
    with pytest.raises(TimelineError, match="--from must be"):
        parse_bound("juin 2020", "--from")


def test_json_has_the_documented_shape(events) -> None:
    data = events_to_json(events)
    first = data["events"][0]
    assert {"date", "precision", "text", "actors", "sources", "expression"} <= set(first)
    assert set(first["sources"][0]) == {"id", "outlet", "title", "date", "url"}


def test_picture_is_a_png_of_the_requested_size(events, tmp_path: Path) -> None:
    import matplotlib.image

    path = render_png(events, tmp_path / "timeline.png", width_px=1000, height_px=500)
    assert path.stat().st_size > 10_000
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert matplotlib.image.imread(path).shape[:2] == (500, 1000)


def test_cli_timeline_json_and_errors(tmp_path: Path) -> None:
    run = lambda *a: subprocess.run([sys.executable, "-m", "bot", "timeline", *a], cwd=ROOT, capture_output=True,
                                    text=True, timeout=120)
    result = run("--json", "--company", "IBM", "--png", str(tmp_path / "t.png"))
    assert result.returncode == 0 and (tmp_path / "t.png").exists()
    assert all("IBM" in e["actors"] for e in json.loads(result.stdout)["events"])
    bad = run("--to", "2020-13")
    assert bad.returncode == 2 and bad.stderr.strip() == "error: --to is not a real date: '2020-13'"

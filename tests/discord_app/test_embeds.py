"""What a reader sees: labelled quotations and dates, links that cannot be hijacked, lists that fit at any size."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answer import Answer, FoundDate, Hit
from bot.corpus import Article
from bot.dates import PartialDate, find_dates
from hypothesis import given
from hypothesis import strategies as st
import pytest

from bot.discord_app.embeds import (answer_embed, citation, escape, event_field, headline, link_target, question_of,
                                    sources_page, timeline_page)
from bot.discord_app.labels import ENGLISH, FRENCH, labels_for
from bot.search import Passage
from bot.timeline import Event, Report

from .fake_discord import message_problems

ARTICLE = Article(id="9", outlet="Outlet", title="Le titre", date="2020-06-11", language="fr",
                  paragraphs=("Avant. Amazon a suspendu Rekognition le 10 juin. Après.",), url="https://example.org/x")


def hit(article: Article = ARTICLE, date: FoundDate | None = None) -> Hit:
    return Hit(Passage(0, article, 0, article.paragraphs[0]), 1.0, "Amazon a suspendu Rekognition le 10 juin.", date)


def test_answer_is_a_labelled_quotation_with_its_key_sentence_in_bold() -> None:
    embed = answer_embed(Answer("when?", True, (hit(), hit()), 1.0), 0, ENGLISH)
    lead, quoted = embed.description.split("\n", 1)
    assert lead == "Quoted in French from Outlet:"
    assert quoted == "> Avant. **Amazon a suspendu Rekognition le 10 juin.** Après."
    assert embed.fields[-1].value.endswith("published 11 June 2020")
    assert question_of(embed) == "when?"


def test_a_text_several_articles_share_cites_each_of_them() -> None:
    other = replace(ARTICLE, id="10", outlet="Other outlet", title="Autre titre")
    shared = replace(hit(), also=(Passage(1, other, 0, other.paragraphs[0]),))
    embed = answer_embed(Answer("when?", True, (shared,), 1.0), 0, ENGLISH)
    also = embed.fields[-1]
    assert also.name == "Same text also in" and "Other outlet" in also.value and "Autre titre" in also.value
    assert "Même texte aussi dans" == answer_embed(Answer("quand ?", True, (shared,), 1.0), 0, FRENCH).fields[-1].name
    assert message_problems({"embeds": [embed.to_dict()]}) == []
    # A paragraph its own article repeats cites no other source.
    repeated = replace(hit(), also=(Passage(1, ARTICLE, 0, ARTICLE.paragraphs[0]),))
    assert [f.name for f in answer_embed(Answer("when?", True, (repeated,), 1.0), 0, ENGLISH).fields] == ["Source"]


def test_other_passages_and_non_answers_have_no_bold() -> None:
    other = answer_embed(Answer("when?", True, (hit(), hit()), 1.0), 1, ENGLISH)
    closest = answer_embed(Answer("when?", False, (hit(),), 0.2), 0, ENGLISH)
    assert "**" not in other.description and "**" not in closest.description
    assert other.title == "Other passage (2 of 2), not the answer"
    assert closest.title == "The coverage does not answer this · Closest passage (1 of 1), not an answer"


def found(expression: str) -> FoundDate:
    """The date an article of 11 June 2020 gives by this expression."""
    (mention,) = find_dates(expression, PartialDate.from_iso("2020-06-11"))
    return FoundDate(mention.date, mention.expression)


def test_event_dates_say_their_precision() -> None:
    week, month, quarter = found("au début de la semaine"), found("en juin"), found("au deuxième trimestre 2019")
    values = [answer_embed(Answer("when?", True, (hit(date=d),), 1.0), 0, ENGLISH).fields[0].value
              for d in (week, month, quarter)]
    assert values[0] == "week of 8 June 2020 — read from « au début de la semaine »"
    assert values[1].startswith("June 2020 — ") and values[2].startswith("Q2 2019 — ")
    french = answer_embed(Answer("quand ?", True, (hit(date=week),), 1.0), 0, FRENCH).fields[0]
    assert french.name == "Date de l'événement" and french.value.startswith("semaine du 8 juin 2020")


@pytest.mark.parametrize("expression, english, french", [
    ("au printemps 2019", "spring 2019", "printemps 2019"),
    ("en hiver 2018", "winter 2017–2018", "hiver 2017–2018"),
    ("entre le 3 et le 10 juin", "3 June 2020 – 10 June 2020", "3 juin 2020 – 10 juin 2020"),
    ("au premier trimestre 2020", "Q1 2020", "1er trimestre 2020"),
])
def test_a_season_or_a_range_is_shown_as_one(expression: str, english: str, french: str) -> None:
    # An answer dated by a season or a range of days used to fail to build: its ISO form was read back as a day.
    date = found(expression)
    for labels, shown in ((ENGLISH, english), (FRENCH, french)):
        field = answer_embed(Answer("when?", True, (hit(date=date),), 1.0), 0, labels).fields[0]
        assert field.value.startswith(f"{shown} — ")


def test_a_reconstructed_headline_is_explained_in_the_reader_s_language() -> None:
    rebuilt = replace(ARTICLE, title_original=False)
    assert "(headline reconstructed)" in citation(rebuilt, ENGLISH)
    assert "(titre reconstitué)" in citation(rebuilt, FRENCH)
    assert "reconstructed" not in citation(ARTICLE, ENGLISH)


def test_a_citation_url_cannot_inject_a_second_link() -> None:
    evil = replace(ARTICLE, url="https://ok.example/a)**[PHISH](https://evil.example)",
                   title="Vrai titre](https://evil.example) [x")
    rendered = citation(evil, ENGLISH)
    assert len(re.findall(r"(?<!\\)\]\(", rendered)) == 1  # one link only
    target = re.search(r"(?<!\\)\]\(([^)]*)\)", rendered)[1]
    assert target == "https://ok.example/a%29%2A%2A%5BPHISH%5D%28https://evil.example%29"
    assert "Vrai titre\\](https://evil.example) \\[x" in rendered  # the title's attempt stays escaped text


@given(title=st.text(max_size=400), url=st.text(max_size=300) | st.just("https://ok.example/a)**[x](https://evil)"),
       limit=st.integers(60, 600))
def test_a_headline_is_one_link_at_most_and_within_its_room(title: str, url: str, limit: int) -> None:
    rendered = headline(replace(ARTICLE, title=title or "t", url=url, title_original=False), ENGLISH, limit)
    assert len(rendered) <= limit
    assert len(re.findall(r"(?<!\\)\]\(", rendered)) <= 1


def test_only_http_links_are_rendered_as_links() -> None:
    for url in ("javascript:alert(1)", "ftp://example.org/x", "https://exa mple.org", "//example.org", ""):
        assert link_target(url) is None
        assert "](" not in citation(replace(ARTICLE, url=url), ENGLISH)
    assert link_target("https://example.org/a_b?c=d&e=f#g") == "https://example.org/a_b?c=d&e=f#g"
    assert link_target("https://fr.example/é") == "https://fr.example/%C3%A9"


def test_article_text_is_inert() -> None:
    text = escape("**gras** @everyone <@123> [lien](https://evil.example) > citation")
    assert "@everyone" not in text and "<@123>" not in text
    assert "**" not in text.replace("\\*", "") and "](" not in text.replace("\\]", "")


def test_an_event_reported_by_eighty_outlets_lists_some_and_counts_the_rest() -> None:
    reports = tuple(Report(replace(ARTICLE, id=str(n), outlet=f"Le Quotidien régional numéro {n}"),
                           "Amazon a publié hier 10 juin un message. " * 20, "hier 10 juin") for n in range(80))
    event = Event(PartialDate(2020, 6, 10, precision="day"), ("Amazon", "Police"), reports)
    name, value = event_field(event, ENGLISH)
    assert name == "10 June 2020 · Amazon, Police" and len(value) <= 1024
    assert "reported by 80 outlets: Le Quotidien régional numéro 0, " in value and re.search(r"\+\d+ more$", value)


def test_list_pages_fit_with_huge_metadata() -> None:
    articles = [replace(ARTICLE, id=f"{n:04d}", outlet="O" * 300, title="T " * 400, url="https://e.org/" + "p" * 500)
                for n in range(60)]
    pages = 0
    while True:
        embed, total = sources_page(articles, pages, ENGLISH)
        assert message_problems({"embeds": [embed.to_dict()]}) == []
        pages += 1
        if pages == total:
            break
    shown = sum(len(sources_page(articles, p, ENGLISH)[0].fields) for p in range(total))
    assert shown == 60  # every article is on some page
    events = [Event(PartialDate(2020, 1, 1 + n % 28, precision="day"), ("A" * 300,),
                    (Report(articles[0], "phrase " * 400, "x"),)) for n in range(50)]
    embed, total = timeline_page(events, 0, "Timeline", ENGLISH)
    assert message_problems({"embeds": [embed.to_dict()]}) == [] and total > 1


def test_labels_follow_the_locale_or_the_question() -> None:
    assert labels_for("fr") is FRENCH and labels_for("en-GB") is ENGLISH
    assert labels_for(None, "Quand Amazon a-t-il suspendu Rekognition ?") is FRENCH
    assert labels_for(None, "when did Amazon pause Rekognition?") is ENGLISH
    # The answer and the labels read the question's language alike (« siège » and « où » are French).
    assert labels_for(None, "Où est le siège d'Amazon ?") is FRENCH

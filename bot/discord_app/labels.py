"""The words around answers, in English or in French: picked from the user's Discord locale, or for a mention (which
carries no locale) from the question's language."""

from __future__ import annotations

from dataclasses import dataclass

import discord

from ..analysis import detect_language
from ..dates import PartialDate


@dataclass(frozen=True)
class Labels:
    """Every piece of text the Discord layer writes itself, in one language."""

    language: str
    months: tuple[str, ...]
    language_names: dict[str, str]
    answer: str
    other_passage: str
    no_answer: str
    nothing_close: str
    closest: str
    quoted: str
    event_date: str
    read_from: str
    week_of: str
    quarters: tuple[str, str, str, str]
    seasons: dict[int, str]  # by the season's first month (3: spring…)
    source: str
    also_in: str
    published: str
    reconstructed: str
    question: str
    previous: str
    next: str
    context: str
    helpful: str
    wrong: str
    context_title: str
    sources_title: str
    page: str
    timeline_title: str
    timeline_footer: str
    timeline_quoted: str
    no_event: str
    reported_by: str
    more: str
    thanks: str
    already_voted: str
    too_fast: str
    sorry: str
    failed: str
    restarting: str
    private_copy: str
    not_owner: str
    reload_cooldown: str
    reload_running: str
    reloaded: str
    empty_mention: str
    reload_failed: str
    stale: str

    def date(self, date: PartialDate) -> str:
        """A date at its precision (a day, the week of a Monday, a month, a season, a quarter or a year), or a
        range of two."""
        own = self._own_date(date)
        return f"{own} – {self.date(date.end)}" if date.end else own

    def _own_date(self, date: PartialDate) -> str:
        if date.precision in ("day", "week"):
            day = f"{date.day} {self.months[date.month - 1]} {date.year}"
            return self.week_of.format(day=day) if date.precision == "week" else day
        if date.precision == "month":
            return f"{self.months[date.month - 1]} {date.year}"
        if date.precision == "season":  # a winter runs from one year into the next
            years = f"{date.year}–{date.year + 1}" if date.month == 12 else str(date.year)
            return f"{self.seasons[date.month]} {years}"
        if date.precision == "quarter":
            return f"{self.quarters[date.quarter - 1]} {date.year}"
        return str(date.year)

    def language_name(self, code: str) -> str:
        """'French' for 'fr'; the code itself for a language without a name here."""
        return self.language_names.get(code, code)


ENGLISH = Labels(
    language="en",
    months=("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December"),
    language_names={"fr": "French", "en": "English", "de": "German", "es": "Spanish", "it": "Italian"},
    answer="Answer",
    other_passage="Other passage ({n} of {total}), not the answer",
    no_answer="The coverage does not answer this",
    nothing_close="No article comes close to this question.",
    closest="Closest passage ({n} of {total}), not an answer",
    quoted="Quoted in {language} from {outlet}:",
    event_date="Event date",
    read_from="read from « {expression} »",
    week_of="week of {day}",
    quarters=("Q1", "Q2", "Q3", "Q4"),
    seasons={3: "spring", 6: "summer", 9: "autumn", 12: "winter"},
    source="Source",
    also_in="Same text also in",
    published="published {date}",
    reconstructed="headline reconstructed",
    question="Question",
    previous="Previous",
    next="Next",
    context="Show context",
    helpful="Helpful",
    wrong="Wrong",
    context_title="Context",
    sources_title="Sources: {n} articles",
    page="Page {page} of {pages}",
    timeline_title="Timeline",
    timeline_footer="{events} events, oldest first",
    timeline_quoted="Each event is a sentence quoted from the articles (in {languages}), with the outlets reporting it.",
    no_event="No dated event matches.",
    reported_by="reported by {n} outlets:",
    more="+{n} more",
    thanks="Thank you: noted, so the host knows what to improve.",
    already_voted="You already gave your opinion on this answer.",
    too_fast="You are asking too fast: try again in {seconds} s.",
    sorry="Sorry: {reason}.",
    failed="Something went wrong while answering; the bot's host has the details in its log.",
    restarting="The bot is restarting: ask again in a minute.",
    private_copy="Your own copy (only you see it):",
    not_owner="Only the bot's owner can reload the corpus.",
    reload_cooldown="The corpus was reloaded less than {seconds} s ago: try again in {wait} s.",
    reload_running="A reload is already running.",
    reloaded="Reloaded: {articles} articles, {passages} passages, {events} dated events.",
    empty_mention="ask a question after the mention, e.g. @bot when did Amazon pause Rekognition?",
    reload_failed="The corpus was not reloaded: {reason}",
    stale="These buttons belong to a message the bot can no longer read: ask again.",
)

FRENCH = Labels(
    language="fr",
    months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre"),
    language_names={"fr": "français", "en": "anglais", "de": "allemand", "es": "espagnol", "it": "italien"},
    answer="Réponse",
    other_passage="Autre passage ({n} sur {total}), pas la réponse",
    no_answer="La couverture ne répond pas à cette question",
    nothing_close="Aucun article n'approche cette question.",
    closest="Passage le plus proche ({n} sur {total}), pas une réponse",
    quoted="Cité en {language}, {outlet} :",
    event_date="Date de l'événement",
    read_from="lue dans « {expression} »",
    week_of="semaine du {day}",
    quarters=("1er trimestre", "2e trimestre", "3e trimestre", "4e trimestre"),
    seasons={3: "printemps", 6: "été", 9: "automne", 12: "hiver"},
    source="Source",
    also_in="Même texte aussi dans",
    published="publié : {date}",
    reconstructed="titre reconstitué",
    question="Question",
    previous="Précédent",
    next="Suivant",
    context="Voir le contexte",
    helpful="Utile",
    wrong="Erronée",
    context_title="Contexte",
    sources_title="Sources : {n} articles",
    page="Page {page} sur {pages}",
    timeline_title="Chronologie",
    timeline_footer="{events} événements, du plus ancien au plus récent",
    timeline_quoted="Chaque événement est une phrase citée des articles (en {languages}), avec les médias qui le rapportent.",
    no_event="Aucun événement daté ne correspond.",
    reported_by="rapporté par {n} médias :",
    more="+{n} autres",
    thanks="Merci : c'est noté, l'hébergeur saura quoi améliorer.",
    already_voted="Vous avez déjà donné votre avis sur cette réponse.",
    too_fast="Vous posez vos questions trop vite : réessayez dans {seconds} s.",
    sorry="Désolé : {reason}.",
    failed="Un problème est survenu pendant la réponse ; l'hébergeur du bot en a le détail dans son journal.",
    restarting="Le bot redémarre : reposez la question dans une minute.",
    private_copy="Votre propre copie (vous seul la voyez) :",
    not_owner="Seul le propriétaire du bot peut recharger le corpus.",
    reload_cooldown="Le corpus a été rechargé il y a moins de {seconds} s : réessayez dans {wait} s.",
    reload_running="Un rechargement est déjà en cours.",
    reloaded="Rechargé : {articles} articles, {passages} passages, {events} événements datés.",
    empty_mention="posez une question après la mention, par exemple @bot quand Amazon a-t-il suspendu Rekognition ?",
    reload_failed="Le corpus n'a pas été rechargé : {reason}",
    stale="Ces boutons appartiennent à un message que le bot ne peut plus lire : reposez la question.",
)

def labels_for(locale: discord.Locale | str | None, question: str = "") -> Labels:
    """French labels for a French Discord locale (or, without one, a French question); English otherwise."""
    if locale is not None:
        return FRENCH if str(locale).split("-")[0] == "fr" else ENGLISH
    return FRENCH if detect_language(question) == "fr" else ENGLISH  # as the answer reads the question


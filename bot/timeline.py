"""The timeline: dated events read from the articles, merged across outlets, filtered, shown and drawn."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .actors import Entities, Entity, Reading, load_entities, read_event, same_action  # noqa: F401 (re-exported)
from .corpus import Article
from .dates import PartialDate
from .reading import read_dates, sentences


class TimelineError(ValueError):
    """A bad filter or entity file; the message says what is wrong in one line."""


@dataclass(frozen=True)
class Report:
    """One outlet's sentence reporting an event, with what was read from it."""

    article: Article
    sentence: str
    expression: str
    date: PartialDate | None = None
    date_span: tuple[int, int] = (0, 0)
    reading: Reading | None = None

    def excerpt(self, width: int = 150) -> str:
        """The sentence cut around its date and its main actor (and what follows the actor: the action)."""
        return excerpt(self.sentence, self.date_span, self.reading.main_span if self.reading else None, width)


@dataclass(frozen=True)
class Event:
    """A dated event, with every outlet that reports it; `text` is the most precisely dated outlet's sentence."""

    date: PartialDate
    actors: tuple[str, ...]
    reports: tuple[Report, ...]
    people: tuple[str, ...] = ()
    actions: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        """The sentence shown for the event, verbatim."""
        return self.reports[0].sentence

    @property
    def expression(self) -> str:
        """The date expression the event was read from, for tracing a wrong reading."""
        return self.reports[0].expression

    @property
    def main_actor(self) -> str | None:
        """Who acted: the subject of the reporting sentence."""
        return self.actors[0] if self.actors else None

    def to_json(self) -> dict:
        """Plain data for `timeline --json`."""
        first, last = span(self.date)
        return {
            "date": self.date.iso,
            "precision": self.date.precision,
            "label": self.date.label,
            "start": first.isoformat(),
            "end": last.isoformat(),
            "text": self.text,
            "expression": self.expression,
            "actors": list(self.actors),
            "people": list(self.people),
            "actions": sorted(self.actions),
            "sources": [_source(r.article) | {"text": r.sentence, "expression": r.expression} for r in self.reports],
            "reports": [{"id": r.article.id, "text": r.sentence, "expression": r.expression} for r in self.reports],
        }


def _source(article: Article) -> dict[str, str]:
    citation = article.citation()
    return {key: citation[key] for key in ("id", "outlet", "title", "date", "url")}


# ---------------------------------------------------------------------------------------------------------------
# Building


def _report_rank(report: Report) -> tuple[bool, int, str]:
    # Shown first: a sentence that states the date ("10 juin") over one that implies it ("hier"), then the outlet
    # whose own date is most precise and earliest, which tells the event closest to when it happened.
    return (not any(c.isdigit() for c in report.expression), -report.article.date.count("-"), report.article.date)


def _same_time(first: PartialDate, second: PartialDate) -> bool:
    """The same date, or one within the other when the wider spans at most a month ("le 10 juin" / "en juin")."""
    if (first.iso, first.precision) == (second.iso, second.precision):
        return True
    wide, narrow = (first, second) if first.contains(second) else (second, first)
    return wide.contains(narrow) and (wide.latest_day() - wide.first_day()).days <= 31


def _finer(first: PartialDate, second: PartialDate) -> PartialDate:
    return min((first, second), key=lambda d: d.latest_day() - d.first_day())


def _merges(event: Event, date: PartialDate, reading: Reading) -> bool:
    """The same event: same main actor (one party, not a group), compatible dates, the same kind of action."""
    return (reading.mergeable and event.main_actor == reading.actors[0] and _same_time(event.date, date)
            and same_action(event.actions, reading.actions))


def build_timeline(articles: Sequence[Article], entities: Entities) -> list[Event]:
    """Every dated event the articles report, merged across outlets, oldest first."""
    events: list[Event] = []
    by_actor: dict[str, list[int]] = {}  # the events each main actor may merge into, by index in `events`
    for article in articles:
        for paragraph in article.paragraphs:
            cursor = 0
            for sentence in sentences(paragraph):
                at = max(paragraph.find(sentence, cursor), 0)
                before, cursor = paragraph[:at], at + len(sentence)
                for mention in read_dates(sentence, article):
                    reading = read_event(sentence, (mention.start, mention.end), entities, before, article.title)
                    report = Report(article, sentence, mention.expression, mention.date,
                                    (mention.start, mention.end), reading)
                    _add(events, by_actor, mention.date, reading, report)
    return sorted(events, key=lambda e: (span(e.date)[0], e.date.precision != "day", e.text))


def _add(events: list[Event], by_actor: dict[str, list[int]], date: PartialDate, reading: Reading,
         report: Report) -> None:
    candidates = by_actor.get(reading.actors[0], []) if reading.mergeable else []
    same = next((i for i in candidates if _merges(events[i], date, reading)), None)
    if same is None:
        if reading.mergeable:
            by_actor.setdefault(reading.actors[0], []).append(len(events))
        events.append(Event(date, reading.actors, (report,), reading.people, reading.actions))
        return
    event = events[same]
    # The same outlet telling it twice is one report; what it names the second time still counts.
    told = any(r.article.id == report.article.id for r in event.reports)
    reports = event.reports if told else tuple(sorted(event.reports + (report,), key=_report_rank))
    events[same] = Event(_finer(event.date, date), tuple(dict.fromkeys(event.actors + reading.actors)), reports,
                         tuple(dict.fromkeys(event.people + reading.people)), event.actions | reading.actions)


# ---------------------------------------------------------------------------------------------------------------
# Filters


def span(date: PartialDate) -> tuple[dt.date, dt.date]:
    """The first and last day a partial date stands for."""
    return date.first_day(), date.latest_day()


def parse_bound(text: str, option: str) -> PartialDate:
    """A --from / --to value: YYYY, YYYY-MM or YYYY-MM-DD."""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text or ""):
        raise TimelineError(f"{option} must be YYYY, YYYY-MM or YYYY-MM-DD, not {text!r}")
    try:
        date = PartialDate.from_iso(text)
        span(date)
    except ValueError:
        raise TimelineError(f"{option} is not a real date: {text!r}") from None
    return date


def _wanted(entities: Entities, company: str) -> Entity:
    if not company.strip():
        raise TimelineError("the company name is empty")
    entity = entities.resolve(company)
    if entity is None:
        raise TimelineError(f"unknown company {company!r}; known: {', '.join(entities.names)}")
    if entity.kind == "outlet":
        raise TimelineError(f"{entity.name} is an outlet: it reports events, it is not an actor in them")
    return entity


def filter_events(events: Iterable[Event], entities: Entities, company: str | None = None,
                  start: PartialDate | None = None, end: PartialDate | None = None) -> list[Event]:
    """Events of an actor (any name or spelling, case-insensitive; a person's own events) overlapping [start, end]."""
    if start and end and span(start)[0] > span(end)[1]:
        raise TimelineError(f"the date range is empty: it starts on {span(start)[0]}, after it ends on {span(end)[1]}")
    chosen = list(events)
    if company is not None:
        entity = _wanted(entities, company)
        if entity.kind == "person":
            chosen = [e for e in chosen if entity.name in e.people]
        else:
            chosen = [e for e in chosen if entity.actor in e.actors]
    if start:
        chosen = [e for e in chosen if span(e.date)[1] >= span(start)[0]]
    if end:
        chosen = [e for e in chosen if span(e.date)[0] <= span(end)[1]]
    return chosen


def company_choices(entities: Entities, events: Iterable[Event], typed: str) -> list[tuple[str, str]]:
    """Names to offer for what is typed, as (label, value): actors the events name, their people, and spellings
    that stand for them ('AWS (Amazon)'); those starting with the typed text first."""
    events = list(events)
    named = {a for e in events for a in e.actors} | {p for e in events for p in e.people}
    wanted = " ".join(typed.split()).casefold()
    offered: dict[str, tuple[str, str]] = {}
    for entity in entities.entities.values():
        present = entity.name in named if entity.kind == "person" else entity.actor in named
        if entity.kind == "outlet" or not present:
            continue
        label = f"{entity.name} ({entity.owner})" if entity.owner else entity.name
        if wanted in entity.name.casefold():
            offered.setdefault(entity.name.casefold(), (label, entity.name))
        for spelling in entity.spellings:
            if spelling[:1].isupper() and wanted in spelling.casefold() and spelling.casefold() not in offered:
                offered[spelling.casefold()] = (f"{spelling} ({entity.actor})", entity.name)
    return sorted(offered.values(), key=lambda choice: (not choice[0].casefold().startswith(wanted),
                                                        "(" in choice[0], choice[0].casefold()))


# ---------------------------------------------------------------------------------------------------------------
# Output


def events_to_json(events: Iterable[Event]) -> dict:
    """The `timeline --json` object."""
    return {"events": [e.to_json() for e in events]}


def _word_start(text: str, at: int) -> int:
    if at <= 0:
        return 0
    space = text.rfind(" ", 0, at + 1)
    return space + 1 if space >= 0 else 0


def _word_end(text: str, at: int) -> int:
    if at >= len(text):
        return len(text)
    space = text.find(" ", at)
    return space if space >= 0 else len(text)


def _piece(text: str, start: int, end: int) -> str:
    start, end = _word_start(text, start), _word_end(text, end)
    return ("…" if start > 0 else "") + text[start:end].strip(" ,;") + ("…" if end < len(text) else "")


def excerpt(sentence: str, date_span: tuple[int, int], actor_span: tuple[int, int] | None, width: int = 150) -> str:
    """The sentence if it fits, else the words around its date and its actor: when, who, and what they did.

    Asides in brackets that hold neither are shown as "(…)"."""
    keep = [date_span] + ([actor_span] if actor_span else [])
    text, positions = _without_asides(sentence, keep)
    date_span = (positions[date_span[0]], positions[date_span[1]])
    actor_span = (positions[actor_span[0]], positions[actor_span[1]]) if actor_span else None
    if len(text) <= width:
        return text
    if actor_span is None:
        return _piece(text, date_span[0] - width // 3, date_span[0] + 2 * width // 3)
    focus_start, focus_end = min(date_span[0], actor_span[0]), max(date_span[1], actor_span[1])
    if focus_end - focus_start <= width - 40:
        # Both fit: from a little before the first, on past the actor to what it did, using the whole width.
        start = max(0, min(focus_start - 20, len(text) - width))
        return _piece(text, start, max(focus_end, start + width))
    date_part = _piece(text, date_span[0] - 25, date_span[1] + 10)
    actor_part = _piece(text, actor_span[0], actor_span[0] + width - len(date_part) - 10)
    parts = [date_part, actor_part] if date_span[0] < actor_span[0] else [actor_part, date_part]
    return " ".join(parts).replace("… …", " … ")


_BRACKETS = re.compile(r"\([^()]{30,}\)|\[[^\[\]]{30,}\]")


def _without_asides(text: str, keep: Sequence[tuple[int, int]]) -> tuple[str, list[int]]:
    """The text with long asides holding none of `keep` shown as "(…)", and where each old position now is."""
    out, positions, at = [], [], 0
    for match in _BRACKETS.finditer(text):
        if any(match.start() <= start < match.end() for start, _ in keep):
            continue
        out.append(text[at:match.start()] + "(…)")
        positions += [sum(map(len, out[:-1])) + i for i in range(match.start() - at)]
        positions += [sum(map(len, out)) - 1] * (match.end() - match.start())
        at = match.end()
    base = sum(map(len, out))
    positions += [base + i for i in range(len(text) - at + 1)]
    return "".join(out) + text[at:], positions


def format_event(event: Event, width: int = 150) -> str:
    """One line for a terminal: date at its precision, actors, the sentence cut around date and actor, outlets."""
    outlets = ", ".join(r.article.outlet for r in event.reports)
    if len(event.reports) > 1:
        outlets = f"reported by {len(event.reports)} outlets: {outlets}"
    actors = ", ".join(event.actors) or "—"
    return f"{event.date.label:<17}  {actors}: {event.reports[0].excerpt(width)} [{outlets}]"


def render_png(events: Sequence[Event], path: Path, width_px: int = 1400, height_px: int | None = None) -> Path:
    """Draw the events, one row per actor, numbered, with a legend; the height grows with the events."""
    from .timeline_picture import draw

    return draw(events, Path(path), width_px, height_px)


"""The timeline: dated events read from the articles, merged across outlets, filtered, and drawn."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .corpus import Article, read_term_lists
from .dates import DateMention, PartialDate
from .search import read_dates, sentences

# Clause boundaries: an event's actors are those named in the clause of its date, when that clause names any.
_CLAUSE = re.compile(r"[,;:]|\s(?:et|mais|puis|alors que)\s")


class TimelineError(ValueError):
    """A bad filter or entity file; the message says what is wrong in one line."""


@dataclass(frozen=True)
class Report:
    """One outlet's sentence reporting an event."""

    article: Article
    sentence: str
    expression: str


@dataclass(frozen=True)
class Event:
    """A dated event, with every outlet that reports it; `text` is the most precisely dated outlet's sentence."""

    date: PartialDate
    actors: tuple[str, ...]
    reports: tuple[Report, ...]

    @property
    def text(self) -> str:
        """The sentence shown for the event, verbatim."""
        return self.reports[0].sentence

    @property
    def expression(self) -> str:
        """The date expression the event was read from, for tracing a wrong reading."""
        return self.reports[0].expression

    def to_json(self) -> dict:
        """Plain data for `timeline --json`."""
        return {
            "date": self.date.iso,
            "precision": self.date.precision,
            "text": self.text,
            "expression": self.expression,
            "actors": list(self.actors),
            "sources": [_source(r.article) for r in self.reports],
            "reports": [{"id": r.article.id, "text": r.sentence, "expression": r.expression} for r in self.reports],
        }


def _source(article: Article) -> dict[str, str]:
    citation = article.citation()
    return {key: citation[key] for key in ("id", "outlet", "title", "date", "url")}


@dataclass(frozen=True)
class Entities:
    """Canonical names and the spellings that name them in the text."""

    patterns: Mapping[str, re.Pattern]

    @classmethod
    def from_file(cls, path: Path) -> "Entities":
        """Read 'Name<TAB>spelling; spelling' lines ('#' starts a comment)."""
        patterns = {}
        for name, spellings in read_term_lists(path):
            alternatives = "|".join(re.escape(spelling) for spelling in spellings)
            patterns[name] = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
        return cls(patterns)

    @property
    def names(self) -> tuple[str, ...]:
        """Every canonical name, in file order."""
        return tuple(self.patterns)

    def found_in(self, text: str) -> tuple[str, ...]:
        """The entities a text names, in the order they first appear."""
        positions = {name: m.start() for name, p in self.patterns.items() if (m := p.search(text))}
        return tuple(sorted(positions, key=positions.get))


def load_entities(corpus_dir: Path) -> Entities:
    """The entity list kept beside the corpus (corpus/entities.tsv); none is fine."""
    path = Path(corpus_dir) / "entities.tsv"
    return Entities.from_file(path) if path.exists() else Entities({})


def _clauses(sentence: str, mention: DateMention) -> tuple[str, str]:
    """The clause holding the date, and that clause with the next one ("hier 10 juin, Amazon a publié")."""
    bounds = [m for m in _CLAUSE.finditer(sentence)]
    start = max([0] + [m.end() for m in bounds if m.end() <= mention.start])
    ends = [m.start() for m in bounds if m.start() >= mention.end] + [len(sentence)]
    return sentence[start:ends[0]], sentence[start:ends[1] if len(ends) > 1 else ends[0]]


def _report_rank(report: Report) -> tuple[bool, int, str]:
    # Shown first: a sentence that states the date ("10 juin") over one that implies it ("hier"), then the outlet
    # whose own date is most precise and earliest, which tells the event closest to when it happened.
    return (not any(c.isdigit() for c in report.expression), -report.article.date.count("-"), report.article.date)


def build_timeline(articles: Sequence[Article], entities: Entities) -> list[Event]:
    """Every dated event the articles report, one per date and actors, oldest first."""
    found: list[tuple[PartialDate, tuple[str, ...], Report]] = []
    for article in articles:
        for paragraph in article.paragraphs:
            for sentence in sentences(paragraph):
                for mention in read_dates(sentence, article):
                    clause, wider = _clauses(sentence, mention)
                    actors = entities.found_in(clause) or entities.found_in(wider) or entities.found_in(sentence)
                    found.append((mention.date, actors, Report(article, sentence, mention.expression)))
    events: list[Event] = []
    for date, actors, report in found:
        same = next((i for i, e in enumerate(events) if e.date == date and set(e.actors) & set(actors)), None)
        if same is None:
            events.append(Event(date, actors, (report,)))
            continue
        event = events[same]
        if any(r.article.id == report.article.id for r in event.reports):
            continue  # the same outlet telling it twice is one report
        reports = tuple(sorted(event.reports + (report,), key=_report_rank))
        merged = tuple(dict.fromkeys(event.actors + actors))
        events[same] = Event(date, merged, reports)
    return sorted(events, key=lambda e: (span(e.date)[0], e.date.precision != "day", e.text))


def span(date: PartialDate) -> tuple[dt.date, dt.date]:
    """The first and last day a partial date stands for."""
    last = date.latest_day()
    if date.precision == "day":
        return last, last
    if date.precision == "week":
        return last - dt.timedelta(days=6), last
    if date.precision == "month":
        return dt.date(date.year, date.month, 1), last
    if date.precision == "quarter":
        return dt.date(date.year, date.quarter * 3 - 2, 1), last
    return dt.date(date.year, 1, 1), last


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


def filter_events(events: Iterable[Event], entities: Entities, company: str | None = None,
                  start: PartialDate | None = None, end: PartialDate | None = None) -> list[Event]:
    """Events naming a company (any canonical name, case-insensitive) and overlapping [start, end]."""
    chosen = list(events)
    if company:
        name = next((n for n in entities.names if n.casefold() == company.strip().casefold()), None)
        if name is None:
            raise TimelineError(f"unknown company {company!r}; known: {', '.join(entities.names)}")
        chosen = [e for e in chosen if name in e.actors]
    if start:
        chosen = [e for e in chosen if span(e.date)[1] >= span(start)[0]]
    if end:
        chosen = [e for e in chosen if span(e.date)[0] <= span(end)[1]]
    return chosen


def events_to_json(events: Iterable[Event]) -> dict:
    """The `timeline --json` object."""
    return {"events": [e.to_json() for e in events]}


def format_event(event: Event, width: int = 110) -> str:
    """One line for a terminal: date, actors, sentence (shortened at a word), outlets."""
    outlets = ", ".join(r.article.outlet for r in event.reports)
    if len(event.reports) > 1:
        outlets = f"reported by {len(event.reports)} outlets: {outlets}"
    text = event.text if len(event.text) <= width else event.text[:width].rsplit(" ", 1)[0] + "…"
    actors = ", ".join(event.actors) or "—"
    return f"{event.date.iso:<10}  {actors}: {text} [{outlets}]"


def render_png(events: Sequence[Event], path: Path, width_px: int = 1400, height_px: int = 700) -> Path:
    """Draw the events on a dated axis, one row per actor, labelled; write a PNG of exactly that size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    dpi = 100
    rows = list(dict.fromkeys(actor for e in events for actor in (e.actors[:1] or ("—",))))
    figure, axes = plt.subplots(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)
    colours = plt.get_cmap("tab10")
    for event in events:
        row = rows.index((event.actors[:1] or ("—",))[0])
        first, last = span(event.date)
        middle = first + (last - first) / 2
        axes.plot([first, last] if last > first else [middle], [row] * (2 if last > first else 1),
                  marker="o", linewidth=6, color=colours(row % 10), solid_capstyle="round")
        label = event.text if len(event.text) <= 48 else event.text[:48].rsplit(" ", 1)[0] + "…"
        axes.annotate(f"{event.date.iso} {label}", (middle, row), xytext=(4, 6), textcoords="offset points",
                      fontsize=7, rotation=12)
    axes.set_yticks(range(len(rows)), rows)
    axes.set_ylim(-0.7, max(len(rows), 1) - 0.3 + 0.7)
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    axes.set_title("Timeline of the coverage")
    axes.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=dpi)
    plt.close(figure)
    return Path(path)

"""French date expressions: spotted with patterns, then resolved against the article's publication date.

Free-text date search (dateparser's `search_dates`) reads "sa" as Saturday and "un an" as a date; here only the
shapes below are dates, and each is resolved by calendar arithmetic from the publication date, so a reading can
be traced to its `expression`. Durations ("un an", "deux semaines après", "depuis deux ans") never match.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_NUMBERS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
            "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30}
_ORDINALS = {"premier": 1, "1er": 1, "deuxième": 2, "second": 2, "2e": 2, "troisième": 3, "3e": 3,
             "quatrième": 4, "4e": 4}

_MONTH = "(?P<month>" + "|".join(MONTHS) + "|fevrier|aout|decembre)"
_WEEKDAY = "(?:(?P<weekday>" + "|".join(WEEKDAYS) + r")\s+)?"
_APOS = "['’]"
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("day", rf"(?:(?P<hier>hier|avant-hier)\s+)?{_WEEKDAY}(?P<day>1er|[12]\d|3[01]|0?[1-9])\s+{_MONTH}"
            rf"(?:\s+(?P<year>(?:19|20)\d\d))?(?P<last>\s+derni(?:er|ère))?"),
    ("month", rf"(?:(?:en|début|fin|mi|courant|depuis|dès)\s+)(?:(?:d{_APOS}|de\s+)?){_MONTH}"
              rf"(?:\s+(?P<year>(?:19|20)\d\d)|(?P<last>\s+derni(?:er|ère)))?"),
    ("quarter", rf"(?P<quarter>premier|1er|deuxième|second|2e|troisième|3e|quatrième|4e)\s+trimestre"
                rf"(?:\s+(?:de\s+l{_APOS}année\s+(?P<previous>précédente|dernière|passée)|de\s+l{_APOS}an\s+"
                rf"(?P<previous2>dernier|passé)|(?P<year>(?:19|20)\d\d)))?"),
    ("week", r"(?:au\s+)?(?P<start>début|fin)\s+de\s+(?:la|cette)\s+semaine|la\s+semaine\s+(?P<last>dernière|passée)"),
    ("year", rf"l{_APOS}(?:an|année)\s+(?:dernier|dernière|passé|passée|précédente)"),
    ("ago", r"il\s+y\s+a\s+(?P<count>\d+|" + "|".join(_NUMBERS) + r")\s+(?P<unit>jours?|semaines?|mois|ans|années?)"),
    ("relative_day", r"(?P<hier>avant-hier|hier|aujourd['’]hui)"),
    ("bare_year", r"(?:en|depuis|dès|début|fin)\s+(?P<year>(?:19|20)\d\d)"),
)
_SPOTTER = re.compile("|".join(rf"(?<!\w)(?P<{kind}>{pattern.replace('(?P<', f'(?P<{kind}_')})(?!\w)"
                               for kind, pattern in _PATTERNS), re.IGNORECASE)


@dataclass(frozen=True)
class PartialDate:
    """A date known to a given precision: day, week (its Monday), month, quarter or year."""

    year: int
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    precision: str = "year"

    @property
    def iso(self) -> str:
        """YYYY-MM-DD (day, or a week's Monday), YYYY-MM, YYYY-Qn or YYYY."""
        if self.precision in ("day", "week"):
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        if self.precision == "quarter":
            return f"{self.year:04d}-Q{self.quarter}"
        return f"{self.year:04d}"

    @classmethod
    def from_iso(cls, text: str) -> "PartialDate":
        """Read YYYY, YYYY-MM or YYYY-MM-DD (a publication date)."""
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 3:
            return cls.of_day(dt.date(*parts))
        if len(parts) == 2:
            return cls(parts[0], parts[1], precision="month")
        return cls(parts[0])

    @classmethod
    def of_day(cls, day: dt.date, precision: str = "day") -> "PartialDate":
        """A day (or the week starting on that Monday)."""
        return cls(day.year, day.month, day.day, precision=precision)

    def latest_day(self) -> dt.date:
        """The last day this date may stand for: the base against which relative expressions are read."""
        if self.precision == "day":
            return dt.date(self.year, self.month, self.day)
        if self.precision == "week":
            return dt.date(self.year, self.month, self.day) + dt.timedelta(days=6)
        month = self.month or (self.quarter * 3 if self.quarter else 12)
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a text, its position, and the date it stands for."""

    expression: str
    start: int
    end: int
    date: PartialDate


def _month_number(name: str) -> int:
    folded = name.lower().replace("é", "e").replace("û", "u")
    return next(n for n, month in enumerate(MONTHS, 1) if month.replace("é", "e").replace("û", "u") == folded)


def _not_after(base: dt.date, month: int, day: int, weekday: str | None) -> dt.date | None:
    """The most recent day/month on or before the base (matching the weekday when one is given)."""
    for year in range(base.year, base.year - 8, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= base and (weekday is None or WEEKDAYS[candidate.weekday()] == weekday.lower()):
            return candidate
    return None


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _resolve(kind: str, groups: dict[str, str | None], base: dt.date) -> PartialDate | None:
    g = {key[len(kind) + 1:]: value for key, value in groups.items() if key.startswith(kind + "_")}
    if kind == "day":
        day = 1 if g["day"].lower() == "1er" else int(g["day"])
        month = _month_number(g["month"])
        if g["year"]:
            try:
                return PartialDate.of_day(dt.date(int(g["year"]), month, day))
            except ValueError:
                return None
        found = _not_after(base, month, day, g["weekday"])
        return PartialDate.of_day(found) if found else None
    if kind == "month":
        month = _month_number(g["month"])
        if g["year"]:
            return PartialDate(int(g["year"]), month, precision="month")
        year = base.year if month < base.month or (month == base.month and not g["last"]) else base.year - 1
        return PartialDate(year, month, precision="month")
    if kind == "quarter":
        year = int(g["year"]) if g["year"] else base.year - (1 if g["previous"] or g["previous2"] else 0)
        return PartialDate(year, quarter=_ORDINALS[g["quarter"].lower()], precision="quarter")
    if kind == "week":
        monday = _monday(base) - (dt.timedelta(days=7) if g["last"] else dt.timedelta())
        return PartialDate.of_day(monday, precision="week")
    if kind == "year":
        return PartialDate(base.year - 1)
    if kind == "ago":
        count = int(g["count"]) if g["count"].isdigit() else _NUMBERS[g["count"].lower()]
        unit = g["unit"].lower()
        if unit.startswith("jour"):
            return PartialDate.of_day(base - dt.timedelta(days=count))
        if unit.startswith("semaine"):
            return PartialDate.of_day(_monday(base - dt.timedelta(weeks=count)), precision="week")
        if unit == "mois":
            months = base.year * 12 + base.month - 1 - count
            return PartialDate(months // 12, months % 12 + 1, precision="month")
        return PartialDate(base.year - count)
    if kind == "relative_day":
        back = {"hier": 1, "avant-hier": 2}.get(g["hier"].lower(), 0)
        return PartialDate.of_day(base - dt.timedelta(days=back))
    if kind == "bare_year":
        return PartialDate(int(g["year"]))
    return None


def find_dates(text: str, published: PartialDate) -> list[DateMention]:
    """The date expressions of a text in order, each resolved against the publication date."""
    base = published.latest_day()
    mentions = []
    for match in _SPOTTER.finditer(text):
        kind = match.lastgroup
        # "hier" relative to a publication date known only to the month cannot name a day.
        if kind == "relative_day" and published.precision != "day":
            continue
        date = _resolve(kind, match.groupdict(), base)
        if date is not None:
            mentions.append(DateMention(match.group(), match.start(), match.end(), date))
    return mentions

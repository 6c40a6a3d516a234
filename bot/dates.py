"""French date expressions: spotted with patterns, then resolved against the article's publication date.

Free-text date search (dateparser's `search_dates`) reads "sa" as Saturday and "un an" as a date; here only the
shapes below are dates, and each is resolved by calendar arithmetic from the publication date, so a reading can
be traced to its `expression`.

- Shapes: a day ("10 juin", "mardi 15 janvier 2019", "10/06/2020", "2020-06-10", "June 10, 2020"), a month ("en
  juin", "mi-juillet", "fin mars 2020"), a season ("au printemps 2019", "l'été dernier"), a quarter, a year ("en
  2018", "courant 2019", "début 2016"), a range ("entre le 3 et le 10 juin", "du 2 au 9 mars", "en 2019-2020", "de
  janvier à mars"), and readings relative to the publication ("hier", "lundi dernier", "ce mardi", "la semaine
  prochaine", "il y a trois jours", "dans deux ans").
- A date without its year ("le 20 juin") is the latest one on or before the publication, unless the verb nearest
  to it looks forward ("le Congrès doit examiner", "sera", "prévu"): then the next one.
- A relative reading is kept only when every day the publication date may stand for gives the same reading: "il y
  a 10 jours" needs a publication day, "l'an dernier" only its year.
- Look-alikes are refused: a capitalised month without a year ("3 Mars au chocolat"), a count ("en 2000
  caméras"), "il y a deux semaines de délai", "au premier trimestre de grossesse", durations ("un an", "deux
  semaines après"), habits ("chaque lundi").
- Never an exception, never a date outside `EARLIEST`–`LATEST`: "il y a 99999999 jours" is no date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache, reduce
from operator import or_
from typing import Callable, Iterator

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December")
SEASONS = {"printemps": (3, "spring"), "été": (6, "summer"), "automne": (9, "autumn"), "hiver": (12, "winter")}
# From the finest to the coarsest.
PRECISIONS = ("day", "week", "month", "season", "quarter", "year")

# Sane bounds: no reading before or after these, and no offset ("il y a N ans") beyond MAX_OFFSET_YEARS.
EARLIEST = dt.date(1800, 1, 1)
LATEST = dt.date(2199, 12, 31)
MAX_OFFSET_YEARS = 200

_NUMBERS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
            "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
            "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100}
_ORDINALS = {"premier": 1, "1er": 1, "deuxième": 2, "second": 2, "2e": 2, "2ème": 2, "troisième": 3, "3e": 3,
             "3ème": 3, "quatrième": 4, "4e": 4, "4ème": 4}


@dataclass(frozen=True)
class PartialDate:
    """A date known to a given precision: day, week (its Monday), month, season, quarter or year.

    `end` makes it a range ("entre le 3 et le 10 juin"); `until` caps a period read as the current one at the
    publication day ("au début de la semaine" written on a Thursday does not run to Sunday).
    """

    year: int
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    precision: str = "year"
    end: "PartialDate | None" = None
    until: dt.date | None = None

    @property
    def iso(self) -> str:
        """YYYY-MM-DD (day, or a week's Monday), YYYY-MM, YYYY, a season or a quarter as the months it spans
        (YYYY-MM/YYYY-MM), a range as start/end."""
        if self.precision == "quarter":  # ISO 8601 has no quarter: the months, as for a season
            last = self.end or self
            return f"{self.year:04d}-{self.quarter * 3 - 2:02d}/{last.year:04d}-{last.quarter * 3:02d}"
        own = self._own_iso()
        return f"{own}/{self.end.iso}" if self.end else own

    def _own_iso(self) -> str:
        if self.precision in ("day", "week"):
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        if self.precision == "season":
            last = self._natural_last()
            return f"{self.year:04d}-{self.month:02d}/{last.year:04d}-{last.month:02d}"
        if self.precision == "quarter":
            return f"{self.year:04d}-Q{self.quarter}"
        return f"{self.year:04d}"

    @property
    def label(self) -> str:
        """The date for a reader, its precision shown: '2020-06-08 (week)', '2019-Q2', '2020-06-03 → 2020-06-10'."""
        own = self._own_iso()
        if self.precision == "week":
            own += " (week)"
        elif self.precision == "season":
            own += f" ({next(name for month, name in SEASONS.values() if month == self.month)})"
        return f"{own} → {self.end.label}" if self.end else own

    @classmethod
    def from_iso(cls, text: str) -> "PartialDate":
        """Read YYYY, YYYY-MM or YYYY-MM-DD (a publication date)."""
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 3:
            return cls.of_day(dt.date(*parts))
        if len(parts) == 2:
            if not 1 <= parts[1] <= 12:
                raise ValueError(f"month must be in 1..12, not {parts[1]}")
            return cls(parts[0], parts[1], precision="month")
        return cls(parts[0])

    @classmethod
    def of_day(cls, day: dt.date, precision: str = "day") -> "PartialDate":
        """A day (or the week starting on that Monday)."""
        return cls(day.year, day.month, day.day, precision=precision)

    def first_day(self) -> dt.date:
        """The first day this date may stand for."""
        if self.precision in ("day", "week"):
            return dt.date(self.year, self.month, self.day)
        if self.precision in ("month", "season"):
            return dt.date(self.year, self.month, 1)
        if self.precision == "quarter":
            return dt.date(self.year, self.quarter * 3 - 2, 1)
        return dt.date(self.year, 1, 1)

    def _natural_last(self) -> dt.date:
        if self.precision == "day":
            return self.first_day()
        if self.precision == "week":
            return self.first_day() + dt.timedelta(days=6)
        if self.precision == "season":
            months = self.year * 12 + self.month + 1  # the third month of the season, counted from year 0
            year, month = divmod(months, 12)
            return _month_end(year, month + 1)
        month = self.month or (self.quarter * 3 if self.quarter else 12)
        return _month_end(self.year, month)

    def latest_day(self) -> dt.date:
        """The last day this date may stand for: the base against which relative expressions are read."""
        last = self.end.latest_day() if self.end else self._natural_last()
        return min(last, self.until) if self.until else last

    def contains(self, other: "PartialDate") -> bool:
        """Whether every day of the other date is one of this one's."""
        return self.first_day() <= other.first_day() and other.latest_day() <= self.latest_day()


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a text, its position, the date it stands for, and the shape that read it."""

    expression: str
    start: int
    end: int
    date: PartialDate
    shape: str = ""


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _fold(word: str) -> str:
    return word.lower().replace("é", "e").replace("è", "e").replace("û", "u").replace("’", "'")


# ---------------------------------------------------------------------------------------------------------------
# Pieces of the patterns

_APOS = "['’]"
_MONTH_WORDS = {_fold(name): n for n, name in enumerate(MONTHS, 1)}
_MONTH_WORDS.update({"janv.": 1, "fevr.": 2, "fev.": 2, "avr.": 4, "juil.": 7, "sept.": 9, "oct.": 10, "nov.": 11,
                     "dec.": 12})
_MONTH = (r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre"
          r"|(?:janv|f[ée]vr?|avr|juil|sept|oct|nov|d[ée]c)\.)")
_EN_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_DAY = r"(?:1er|premier|[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)(?!\d)(?![,.]\d)"
# A year stated after a day or a month: any four digits, so that "le 31 décembre 9999" is refused as a whole
# (out of bounds) rather than read as "le 31 décembre".
_STATED_YEAR = r"\d{4}(?!\d)(?![,.]\d)"
_NUMBER = r"(?:\d{1,12}|" + "|".join(_NUMBERS) + ")"
_UNIT = r"(?:jours?|semaines?|mois|ans?|années?)"
_BACK = r"(?:derni(?:er|ère)|passée?|précédente?)"
_AHEAD = r"(?:prochaine?|suivante?)"
_SEASON = "(?:" + "|".join(SEASONS) + ")"
_ABOUT = r"(?:(?:près\s+de|environ|quelque|presque|à\s+peine)\s+)?"
# "au début de", "fin", "à la mi-", "courant", "dans le courant de"…: the part of a period, kept in the expression.
_PART = (r"(?:(?:au|à\s+la|en|vers\s+la|dans\s+le)\s+)?(?:début|fin|mi|milieu|courant|cours)"
         r"(?:\s+(?:du\s+mois\s+)?(?:de|d['’]|du))?")


class _Shape:
    """A shape's regular expression, compiled when first searched for: compiling them all took a tenth of the
    command line's start, and most passages and questions need only a few of them."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source, self._flags = source, flags
        self._compiled: re.Pattern | None = None

    def finditer(self, text: str, start: int, end: int) -> Iterator[re.Match]:
        """The matches within text[start:end], as `re.Pattern.finditer`."""
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled.finditer(text, start, end)


def _named(pattern: str) -> _Shape:
    return _Shape(rf"(?<![\w-]){pattern}(?![\w-])", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------------------------
# Which way a date without its year looks: the verb nearest to it

_FUTURE_WORD = (r"sera|seront|serons|serez|aura|auront|fera|feront|ira|iront|pourra|pourront|devra|devront|faudra"
                r"|viendra|viendront|va|vont|doit|doivent|devrait|devraient|prévoit|prévoient|prévue?s?|attendue?s?"
                r"|programmée?s?|prochaine?s?|prochainement|bientôt|dès\s+lors\s+que")
_TENSE = re.compile(
    rf"(?<![\w-])(?:(?P<future>{_FUTURE_WORD}"
    r"|[a-zàâçéèêëîïôûùüÿœ]{2,}(?:er|ir|dr|tr|rr|vr|ur|oir)(?:ai|as|a|ons|ez|ont))"
    r"|(?P<past>a|ont|avait|avaient|avons|avez|eut|eurent|vient\s+d[e'’]|viennent\s+d[e'’]"
    r"|(?:s['’])?(?:est|sont|était|étaient)\s+(?!(?:prévu|attendu|programmé)e?s?\b)[a-zàâçéèêëîïôûùüÿœ]+"
    r"(?:é|ée|és|ées|u|ue|us|ues|i|ie|is|it|ort|orte)"
    r"|se\s+sont|[a-zàâçéèêëîïôûùüÿœ]{2,}(?:ait|aient)))(?![\w-])")
_NOT_FUTURE = {"ultra", "extra", "contra", "mantra", "tantra", "opéra", "caméra", "madras", "sont"}
_SUBORDINATE = re.compile(r"(?<![\w-])(?:(?:que|lorsque|quand|dont|si|puisque)(?![\w-])|(?:qu|lorsqu|puisqu)['’])",
                          re.IGNORECASE)
_SENTENCE_STOP = re.compile(r"[.!?;]\s")
_CLAUSE_MARK = re.compile(r"[,;:()«»]")


VERB_REACH = 400


def _looks_forward(text: str, start: int, end: int) -> bool:
    """Whether the verb nearest to text[start:end], in its sentence and clause, speaks of the future."""
    # Within VERB_REACH characters either side: a longer run without a full stop (a list, a scraped page) would
    # otherwise be read again for each of its dates.
    reach_low = max(0, start - VERB_REACH)
    before = [m.end() for m in _SENTENCE_STOP.finditer(text, reach_low, start)]
    low = before[-1] if before else reach_low
    after = _SENTENCE_STOP.search(text, end, min(len(text), end + VERB_REACH))
    high = after.start() + 1 if after else min(len(text), end + VERB_REACH)
    best: tuple[int, bool] | None = None
    for marker in _TENSE.finditer(text, low, high):
        if marker.start() < end and marker.end() > start:
            continue
        if marker.group("future") and marker.group().lower() in _NOT_FUTURE:
            continue
        between = (marker.end(), start) if marker.end() <= start else (end, marker.start())
        if _SUBORDINATE.search(text, *between):
            continue  # "a annoncé le 10 juin qu'elle suspendra": the date belongs to the main verb
        # A verb of the date's own clause comes before one across a comma ("…le 20 juin, a indiqué Brad Smith").
        distance = between[1] - between[0] + (1000 if _CLAUSE_MARK.search(text, *between) else 0)
        if best is None or distance < best[0]:
            best = (distance, bool(marker.group("future")))
    return bool(best and best[1])


# ---------------------------------------------------------------------------------------------------------------
# Look-alikes

# Words ending in s or x that may follow a year ("en 2019 plusieurs villes…"); any other such word is counted.
_FUNCTION_WORDS = {"les", "des", "ses", "ces", "mes", "tes", "nos", "vos", "leurs", "aux", "plus", "puis", "après",
                   "dans", "sous", "vers", "alors", "mais", "depuis", "lors", "pas", "très", "trop", "tous", "toutes",
                   "moins", "dès", "sans", "chez", "selon", "hors", "parmi", "malgré", "contre", "ainsi", "jamais",
                   "toujours", "parfois", "ailleurs", "plusieurs", "quelques", "certains", "certaines", "nombreux",
                   "nombreuses", "divers", "diverses", "nous", "vous", "ils", "eux", "avons", "avez", "sommes", "êtes",
                   "fois", "was"}
_NEXT_WORD = re.compile(r"\s+([a-zàâçéèêëîïôûùüÿœ]+)")


def _counts_things(text: str, end: int) -> bool:
    """Whether the number ending at `end` counts things ("2000 caméras", "2019 véhicules") rather than a year."""
    following = _NEXT_WORD.match(text, end)
    if not following:
        return False
    word = following.group(1)
    return len(word) >= 3 and word[-1] in "sx" and word not in _FUNCTION_WORDS


def _after(text: str, end: int, pattern: str) -> bool:
    return re.compile(pattern, re.IGNORECASE).match(text, end) is not None


def _before(text: str, start: int, pattern: str) -> bool:
    return re.search(rf"(?:{pattern})\s*$", text[max(0, start - 30):start], re.IGNORECASE) is not None


def _sentence_start(text: str, start: int) -> bool:
    """Whether a word begins the text or a sentence (after . ! ? and a closing quote, or a line break)."""
    return re.search(r"(?:^|[.!?][»\"”]?\s+|\n)\s*$", text[max(0, start - 4):start]) is not None


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


# ---------------------------------------------------------------------------------------------------------------
# Calendar arithmetic


@dataclass(frozen=True)
class _Context:
    """What resolving one match needs: the text, the publication date, and where the match is."""

    text: str
    published: PartialDate
    start: int
    end: int

    def forward(self) -> bool:
        return _looks_forward(self.text, self.start, self.end)


def _in_bounds(date: PartialDate | None) -> PartialDate | None:
    if date is None:
        return None
    return date if EARLIEST <= date.first_day() and date.latest_day() <= LATEST else None


def _nearest(make: Callable[[int], PartialDate | None], published: PartialDate, way: str) -> PartialDate | None:
    """A date that recurs every year ("le 20 juin", "en octobre", "cet été"), placed by the publication date.

    way: 'past' (the latest one begun by the publication), 'last' (the latest one over before it: "dernier"),
    'future' (the first one not over when it was published), 'next' (the first one after it: "prochain").
    """
    latest, earliest = published.latest_day(), published.first_day()
    candidates = []
    for year in range(latest.year - 8, latest.year + 9):
        try:
            candidate = make(year)
        except ValueError:
            continue
        if candidate is not None:
            candidates.append(candidate)
    if way == "past":
        chosen = [c for c in candidates if c.first_day() <= latest]
        return chosen[-1] if chosen else None
    if way == "last":
        chosen = [c for c in candidates
                  if c.latest_day() < latest or (c.precision == "day" and c.latest_day() == latest)]
        return chosen[-1] if chosen else None
    if way == "future":
        chosen = [c for c in candidates if c.latest_day() >= earliest]
    else:
        chosen = [c for c in candidates if c.first_day() > latest]
    return chosen[0] if chosen else None


def _way(direction: str | None, context: _Context) -> str:
    if direction:
        word = direction.lower()
        return "next" if word.startswith(("prochain", "suivant")) else "last"
    return "future" if context.forward() else "past"


def _relative(published: PartialDate, compute: Callable[[dt.date], PartialDate | None],
              current: bool = False) -> PartialDate | None:
    """A reading relative to the publication, kept only if its first and last possible days agree on it.

    `current`: the reading is the period the publication falls in ("cette semaine"), capped at its day.
    """
    first, last = compute(published.first_day()), compute(published.latest_day())
    if first is None or first != last:
        return None
    if current and first.first_day() <= published.latest_day() < first.latest_day():
        return replace(first, until=published.latest_day())
    return first


def _shift_months(day: dt.date, count: int) -> PartialDate:
    months = day.year * 12 + day.month - 1 + count
    return PartialDate(months // 12, months % 12 + 1, precision="month")


def _period(unit: str, day: dt.date, offset: int) -> PartialDate:
    """The week, month, quarter or year holding `day`, moved by `offset` of them."""
    if unit.startswith("semaine"):
        return PartialDate.of_day(_monday(day) + dt.timedelta(weeks=offset), precision="week")
    if unit == "mois":
        return _shift_months(day, offset)
    if unit in ("trimestre", "semestre"):
        size = 3 if unit == "trimestre" else 6
        index = (day.year * 12 + day.month - 1) // size + offset
        year, part = divmod(index, 12 // size)
        if unit == "trimestre":
            return PartialDate(year, quarter=part + 1, precision="quarter")
        return PartialDate(year, quarter=part * 2 + 1, precision="quarter",
                           end=PartialDate(year, quarter=part * 2 + 2, precision="quarter"))
    return PartialDate(day.year + offset)


def _offset(count: int, unit: str, day: dt.date) -> PartialDate:
    """`count` units after `day` (before it when negative), at the unit's precision.

    Raises OverflowError beyond MAX_OFFSET_YEARS, so that "il y a 99999999 jours" is out of range, not a date.
    """
    unit = unit.lower()
    per_year = 366 if unit.startswith("jour") else 53 if unit.startswith("semaine") else 12 if unit == "mois" else 1
    if abs(count) > MAX_OFFSET_YEARS * per_year:
        raise OverflowError(f"{count} {unit} is beyond {MAX_OFFSET_YEARS} years")
    if unit.startswith("jour"):
        return PartialDate.of_day(day + dt.timedelta(days=count))
    if unit.startswith("semaine"):
        return PartialDate.of_day(_monday(day + dt.timedelta(weeks=count)), precision="week")
    if unit == "mois":
        return _shift_months(day, count)
    return PartialDate(day.year + count)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def _day_number(word: str) -> int:
    return 1 if word.lower() in ("1er", "premier") else int(word)


def _month_number(word: str) -> int:
    return _MONTH_WORDS[_fold(word)]


def _english_month(word: str) -> int:
    return ENGLISH_MONTHS.index(word) + 1


# ---------------------------------------------------------------------------------------------------------------
# The shapes: a pattern and the function that reads its match


def _read_day(m: re.Match, c: _Context, month_of: Callable[[str], int] = _month_number) -> PartialDate | None:
    month_word = m.group("m")
    if month_of is _month_number and _capitalised(month_word) and not m.group("y"):
        return None  # "3 Mars au chocolat"; a dateline's "10 Juin. 2020" has its year
    month, day = month_of(month_word), _day_number(m.group("d"))
    if m.group("y"):
        return PartialDate.of_day(dt.date(int(m.group("y")), month, day))
    weekday = (m.groupdict().get("wd") or "").lower()

    def make(year: int) -> PartialDate | None:
        date = dt.date(year, month, day)
        return None if weekday and WEEKDAYS[date.weekday()] != weekday else PartialDate.of_day(date)

    direction = m.groupdict().get("dir") or ("dernier" if m.groupdict().get("rel") else None)
    return _nearest(make, c.published, _way(direction, c))


def _read_english_day(m: re.Match, c: _Context) -> PartialDate | None:
    return _read_day(m, c, _english_month)


def _read_numeric_day(m: re.Match, c: _Context) -> PartialDate | None:
    if _before(c.text, m.start(), r"n°|n[oº]\.?|numéro|version|v\.?"):
        return None
    return PartialDate.of_day(dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d"))))


def _read_numeric_month(m: re.Match, c: _Context) -> PartialDate | None:
    if _before(c.text, m.start(), r"n°|n[oº]\.?|numéro"):
        return None
    return PartialDate(int(m.group("y")), int(m.group("m")), precision="month")


def _read_month(m: re.Match, c: _Context) -> PartialDate | None:
    prefix = (m.group("pre") or "").strip().lower()
    if not (m.group("y") or m.group("dir") or (prefix and prefix != "de")):
        return None  # a month word alone ("la fête de mai") is not a date
    if _capitalised(m.group("m")) and not m.group("y"):
        return None
    month = _month_number(m.group("m"))
    if m.group("y"):
        return PartialDate(int(m.group("y")), month, precision="month")
    way = "past" if prefix.startswith(("depuis", "dès")) and not m.group("dir") else _way(m.group("dir"), c)
    return _nearest(lambda year: PartialDate(year, month, precision="month"), c.published, way)


def _read_english_month(m: re.Match, c: _Context) -> PartialDate | None:
    return PartialDate(int(m.group("y")), _english_month(m.group("m")), precision="month")


def _season(name: str, year: int) -> PartialDate:
    month = SEASONS[name.lower()][0]
    return PartialDate(year, month, precision="season")


def _read_season(m: re.Match, c: _Context) -> PartialDate | None:
    prefix = (m.group("pre") or "").strip().lower()
    if not (m.group("y") or m.group("dir") or prefix in ("cet", "ce", "cette")):
        return None  # "a été", "en été": no particular season
    name = m.group("s").lower()
    if m.group("y"):
        # "l'hiver 2019" is the winter that ends in 2019.
        return _season(name, int(m.group("y")) - (1 if name == "hiver" else 0))
    return _nearest(lambda year: _season(name, year), c.published, _way(m.group("dir"), c))


def _read_quarter(m: re.Match, c: _Context) -> PartialDate | None:
    if _after(c.text, m.end(), r"\s+(?:de|d['’]|du)\s*\w"):
        return None  # "au premier trimestre de grossesse"
    number, unit = _ORDINALS[m.group("n").lower()], m.group("unit").lower()
    if unit == "semestre" and number > 2:
        return None

    def make(year: int) -> PartialDate:
        if unit == "trimestre":
            return PartialDate(year, quarter=number, precision="quarter")
        return PartialDate(year, quarter=number * 2 - 1, precision="quarter",
                           end=PartialDate(year, quarter=number * 2, precision="quarter"))

    if m.group("y"):
        return make(int(m.group("y")))
    relative = (m.group("rel") or "").lower()
    if relative:
        offset = 1 if relative.startswith(("prochain", "suivant")) else -1
        return _relative(c.published, lambda day: make(day.year + offset))
    if m.group("this"):
        return _relative(c.published, lambda day: make(day.year))
    return _nearest(make, c.published, _way(None, c))


def _read_short_quarter(m: re.Match, c: _Context) -> PartialDate | None:
    number = int(m.group("n"))
    return PartialDate(int(m.group("y")), quarter=number, precision="quarter")


def _read_year(m: re.Match, c: _Context) -> PartialDate | None:
    if _counts_things(c.text, m.end()):
        return None  # "en 2000 caméras"
    return PartialDate(int(m.group("y")))


def _read_year_range(m: re.Match, c: _Context) -> PartialDate | None:
    if _counts_things(c.text, m.end()) or _before(c.text, m.start(), r"n°|n[oº]\.?|numéro|loi|décret|article"):
        return None
    conjunction, prefix = (m.group("conj") or "").lower(), (m.group("pre") or "").lower()
    if (conjunction == "et" and prefix != "entre") or (conjunction in ("à", "au") and prefix != "de"):
        return None
    first, second = int(m.group("y1")), m.group("y2")
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if not first < last <= first + MAX_OFFSET_YEARS:
        return None
    return PartialDate(first, end=PartialDate(last))


def _read_month_range(m: re.Match, c: _Context) -> PartialDate | None:
    if (_capitalised(m.group("m1")) or _capitalised(m.group("m2"))) and not m.group("y2"):
        return None
    first, second = _month_number(m.group("m1")), _month_number(m.group("m2"))
    if m.group("y2"):
        end = PartialDate(int(m.group("y2")), second, precision="month")
    else:
        end = _nearest(lambda year: PartialDate(year, second, precision="month"), c.published, _way(None, c))
        if end is None:
            return None
    start_year = int(m.group("y1")) if m.group("y1") else end.year - (1 if first > second else 0)
    start = PartialDate(start_year, first, precision="month")
    return PartialDate(start.year, start.month, precision="month", end=end) if start.first_day() < end.first_day() \
        else None


def _read_day_range(m: re.Match, c: _Context) -> PartialDate | None:
    if _capitalised(m.group("m2")) and not m.group("y2"):
        return None
    second_month, second_day = _month_number(m.group("m2")), _day_number(m.group("d2"))
    if m.group("y2"):
        end = PartialDate.of_day(dt.date(int(m.group("y2")), second_month, second_day))
    else:
        end = _nearest(lambda year: PartialDate.of_day(dt.date(year, second_month, second_day)), c.published,
                       _way(None, c))
        if end is None:
            return None
    first_month = _month_number(m.group("m1")) if m.group("m1") else second_month
    year = int(m.group("y1")) if m.group("y1") else end.year
    start = dt.date(year, first_month, _day_number(m.group("d1")))
    if start >= end.first_day() and not m.group("y1"):
        start = start.replace(year=year - 1)
    if start >= end.first_day():
        return None
    return PartialDate(start.year, start.month, start.day, precision="day", end=end)


def _read_relative_period(m: re.Match, c: _Context) -> PartialDate | None:
    unit = _fold(m.group("unit")).replace("-ci", "")
    word = (m.group("dir") or "").lower()
    offset = 0 if not word else (1 if word.startswith(("prochain", "suivant")) else -1)
    return _relative(c.published, lambda day: _period(unit, day, offset), current=offset == 0)


def _read_week_part(m: re.Match, c: _Context) -> PartialDate | None:
    word = (m.group("dir") or "").lower()
    offset = 0 if not word else (1 if word.startswith("prochain") else -1)
    return _relative(c.published, lambda day: _period("semaine", day, offset), current=offset == 0)


def _read_year_part(m: re.Match, c: _Context) -> PartialDate | None:
    return _relative(c.published, lambda day: _period("an", day, 0), current=True)


_DAY_WORDS = {"avant-hier": -2, "hier": -1, "aujourd'hui": 0, "demain": 1, "apres-demain": 2}


def _read_day_word(m: re.Match, c: _Context) -> PartialDate | None:
    word = _fold(m.group("w") or "aujourd'hui")
    if word == "aujourd'hui" and (_before(c.text, m.start(), r"jusqu['’]à|encore|d['’]|de")
                                  or _after(c.text, m.end(), r",?\s+encore")):
        return None  # "aujourd'hui encore", "jusqu'à aujourd'hui": nowadays, not the publication day
    if word == "demain" and _before(c.text, m.start(), r"de|d['’]"):
        return None  # "le monde de demain"
    offset = _DAY_WORDS[word]
    return _relative(c.published, lambda day: PartialDate.of_day(day + dt.timedelta(days=offset)))


def _read_weekday(m: re.Match, c: _Context) -> PartialDate | None:
    prefix, word = (m.group("pre") or "").lower(), m.group("wd")
    direction = (m.group("dir") or "").lower()
    if m.group("plural") or prefix in ("chaque", "tous les", "les", "un") or (prefix == "le" and not direction):
        return None  # habits: "chaque lundi", "le lundi, l'équipe…"
    if _after(c.text, m.end(), r"\s+gras") or (_capitalised(word) and not prefix
                                               and not _sentence_start(c.text, m.start())):
        return None  # "Mardi gras", « Vendredi ou la vie sauvage »
    target = WEEKDAYS.index(word.lower())
    if direction:
        way = "next" if direction.startswith("prochain") else "last"
    else:
        way = "past" if prefix in ("depuis", "dès") else ("future" if c.forward() else "past")

    def compute(day: dt.date) -> PartialDate:
        back = (day.weekday() - target) % 7
        ahead = (target - day.weekday()) % 7
        if way == "last":
            back = back or 7
        if way == "next":
            ahead = ahead or 7
        shift = -back if way in ("past", "last") else ahead
        return PartialDate.of_day(day + dt.timedelta(days=shift))

    return _relative(c.published, compute)


def _read_ago(m: re.Match, c: _Context) -> PartialDate | None:
    if _after(c.text, m.end(), r"\s+(?:de|d['’])\s*(?!cela\b|ça\b)\w"):
        return None  # "il y a deux semaines de délai": there are, not ago
    count = _count(m.group("n"))
    return _relative(c.published, lambda day: _offset(-count, m.group("unit"), day))


def _read_ahead(m: re.Match, c: _Context) -> PartialDate | None:
    if _after(c.text, m.end(), r"\s+(?:de|d['’])\s*\w"):
        return None
    count = _count(m.group("n"))
    return _relative(c.published, lambda day: _offset(count, m.group("unit"), day))


_Read = Callable[[re.Match, _Context], PartialDate | None]
_SHAPES: tuple[tuple[str, _Shape, _Read], ...] = (
    ("day", _named(rf"(?:(?P<rel>avant-hier|hier)(?:\s+(?:soir|matin))?,?\s+)?(?:(?P<wd>{_WEEKDAY})\s+)?"
                   rf"(?P<d>{_DAY})\s+(?P<m>{_MONTH})(?:\.?,?\s+(?P<y>{_STATED_YEAR}))?"
                   rf"(?:\s+(?P<dir>derni(?:er|ère)|prochain|passé))?"), _read_day),
    ("english_day", _Shape(rf"(?<![\w-])(?:(?P<m>{_EN_MONTH})\.?\s+(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
                               rf"(?:,?\s+(?P<y>{_STATED_YEAR}))?)(?![\w-])"), _read_english_day),
    ("english_day", _Shape(rf"(?<![\w-])(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s+(?P<m>{_EN_MONTH})"
                               rf"(?:,?\s+(?P<y>{_STATED_YEAR}))?(?![\w-])"), _read_english_day),
    ("english_month", _Shape(rf"(?<![\w-])(?P<m>{_EN_MONTH})\s+(?P<y>{_YEAR})(?![\w-])"), _read_english_month),
    ("numeric_day", _Shape(rf"(?<![\d/.,-])(?P<d>0?[1-9]|[12]\d|3[01])(?P<sep>[/.-])(?P<m>0?[1-9]|1[0-2])"
                               rf"(?P=sep)(?P<y>{_YEAR})(?![\d/.-]\d)"), _read_numeric_day),
    ("numeric_day", _Shape(rf"(?<![\d/.,-])(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
                               rf"(?![\d/.-]?\d)"), _read_numeric_day),
    ("numeric_month", _Shape(rf"(?<![\d/.,-])(?P<m>0?[1-9]|1[0-2])/(?P<y>{_YEAR})(?![\d/.-]?\d)"),
     _read_numeric_month),
    ("month", _named(rf"(?:(?P<pre>{_PART}|en|depuis|dès|jusqu['’]en|d['’]ici|à\s+partir\s+de"
                     rf"|(?:au|le|du)\s+mois\s+(?:de|d['’])|de|d['’])(?:\s+|-|(?<=['’])))?"
                     rf"(?P<m>{_MONTH})(?:\.?\s+(?P<y>{_STATED_YEAR})|\s+(?P<dir>derni(?:er|ère)|prochain|passé))?"),
     _read_month),
    ("season", _named(rf"(?P<pre>(?:(?:{_PART}|au|en|depuis|dès|pendant|durant|à)\s+)?(?:l['’]|le\s+)|au|en|cet|ce"
                      rf"|cette)\s*(?P<s>{_SEASON})"
                      rf"(?:\s+(?P<y>{_STATED_YEAR})|\s+(?P<dir>derni(?:er|ère)|prochain|passé))?"),
     _read_season),
    ("quarter", _named(rf"(?P<n>premier|1er|deuxième|2e|2ème|second|troisième|3e|3ème|quatrième|4e|4ème)\s+"
                       rf"(?P<unit>trimestre|semestre)(?:\s+(?:de\s+l['’](?:année|an|exercice)\s+"
                       rf"(?P<rel>{_BACK}|{_AHEAD})|(?P<this>de\s+(?:l['’]année|cette\s+année)(?!\s+\d))"
                       rf"|(?:de\s+l['’](?:année|exercice)\s+|de\s+)?(?P<y>{_STATED_YEAR})))?"), _read_quarter),
    ("quarter", _Shape(rf"(?<![\w-])[TQ](?P<n>[1-4])\s+(?P<y>{_YEAR})(?![\w-])"), _read_short_quarter),
    ("year", _named(rf"(?:{_PART}(?:\s+l['’]année)?|en|depuis|dès|de|d['’]ici|jusqu['’]en"
                    rf"|(?:de\s+)?l['’]année|à\s+partir\s+de)(?:\s+|-)(?P<y>{_YEAR})"), _read_year),
    ("year_range", _named(rf"(?:(?P<pre>entre|de|en|depuis|sur|pour)\s+)?(?P<y1>{_YEAR})\s*"
                          rf"(?:[-–/]|\s+(?P<conj>et|à|au)\s+)(?P<y2>{_YEAR}|\d\d)(?!\d)"), _read_year_range),
    ("month_range", _named(rf"(?:(?P<pre>entre|de|d['’]|du\s+mois\s+de)\s*)(?P<m1>{_MONTH})"
                           rf"(?:\s+(?P<y1>{_STATED_YEAR}))?\s+(?:et|à|au\s+mois\s+de|jusqu['’]en)\s+"
                           rf"(?P<m2>{_MONTH})(?:\.?\s+(?P<y2>{_STATED_YEAR}))?"),
     _read_month_range),
    ("day_range", _named(rf"(?:entre\s+le|du|les)\s+(?P<d1>{_DAY})"
                         rf"(?:\s+(?P<m1>{_MONTH})(?:\s+(?P<y1>{_STATED_YEAR}))?)?\s+(?:et\s+le|au|et)\s+"
                         rf"(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})(?:\.?\s+(?P<y2>{_STATED_YEAR}))?"),
     _read_day_range),
    ("relative_period", _named(rf"(?:{_PART}\s+)?(?:l['’]|la|le|du|de\s+la|de\s+l['’])\s*(?P<unit>an|année|mois"
                               rf"|semaine|trimestre|semestre)\s+(?P<dir>{_BACK}|{_AHEAD})"), _read_relative_period),
    ("current_period", _named(rf"(?:{_PART}\s+)?(?:cette|ce|cet)\s+(?P<unit>année|mois-ci|mois|semaine|trimestre)"
                               rf"(?P<dir>)"), _read_relative_period),
    ("week_part", _named(r"(?:(?:au|en|à\s+la|dès\s+le)\s+)?(?:début|fin|milieu)\s+(?:de\s+)?(?:la\s+|cette\s+)?"
                         r"semaine(?:\s+(?P<dir>dernière|passée|prochaine))?"), _read_week_part),
    ("year_part", _named(r"(?:au|en|à\s+la|dans\s+le)\s+(?:début|fin|milieu|cours|courant)\s+(?:de\s+l['’]année"
                         r"|d['’]année)(?!\s+(?:\d|derni|prochain|pass|précédent|suivant))"), _read_year_part),
    ("relative_day", _named(r"(?P<w>avant-hier|après-demain|hier|aujourd['’]hui|demain)"
                            r"(?:\s+(?:soir|matin|midi|après-midi))?"
                            r"|(?:ce|cet|cette)\s+(?:matin|soir|après-midi|nuit)"),
     _read_day_word),
    ("weekday", _named(rf"(?:(?P<pre>ce|dès|depuis|le|chaque|tous\s+les|les|un)\s+)?(?P<wd>{_WEEKDAY})(?P<plural>s)?"
                       rf"(?:\s+(?:matin|soir|midi|après-midi))?(?:\s+(?P<dir>dernier|passé|prochain))?"),
     _read_weekday),
    ("ago", _named(rf"il\s+y\s+a\s+{_ABOUT}(?P<n>{_NUMBER})\s+(?P<unit>{_UNIT})"), _read_ago),
    ("ahead", _named(rf"(?:dans|d['’]ici)\s+{_ABOUT}(?P<n>{_NUMBER})\s+(?P<unit>{_UNIT})"), _read_ahead),
)


# Where each shape may match: around its anchor words (whole words where `whole`; in the text as written where
# `raw`, else in lower case), when the text holds a word of each `gates` group too. A substring test costs a
# thousandth of a pattern scan: running two dozen patterns over every position of a passage tripled the time to
# index it.
@dataclass(frozen=True)
class _Trigger:
    anchors: tuple[str, ...]
    gates: tuple[tuple[str, ...], ...] = ()
    whole: bool = False
    raw: bool = False


_YEAR_DIGITS = ("18", "19", "20", "21")
_MONTH_NAMES = tuple(dict.fromkeys(MONTHS + tuple(_fold(m) for m in MONTHS) + ("janv", "févr", "fevr", "fév",
                                                                               "fev", "avr", "juil", "sept", "oct",
                                                                               "nov", "déc", "dec")))
_UNITS = ("an", "ans", "année", "années", "mois", "semaine", "semaines", "jour", "jours", "trimestre", "semestre")
_TRIGGERS: dict[str, _Trigger] = {
    "day": _Trigger(_MONTH_NAMES, whole=True),
    "english_day": _Trigger(ENGLISH_MONTHS, whole=True, raw=True),
    "english_month": _Trigger(ENGLISH_MONTHS, whole=True, raw=True),
    "numeric_day": _Trigger(_YEAR_DIGITS),
    "numeric_month": _Trigger(_YEAR_DIGITS, gates=(("/",),)),
    "month": _Trigger(_MONTH_NAMES, whole=True),
    "season": _Trigger(tuple(SEASONS), whole=True),
    "quarter": _Trigger(("trimestre", "semestre", "t1", "t2", "t3", "t4", "q1", "q2", "q3", "q4"), whole=True),
    "year": _Trigger(_YEAR_DIGITS),
    "year_range": _Trigger(_YEAR_DIGITS),
    "month_range": _Trigger(_MONTH_NAMES, whole=True),
    "day_range": _Trigger(_MONTH_NAMES, whole=True),
    "relative_period": _Trigger(("dernier", "dernière", "passé", "passée", "précédent", "précédente", "prochain",
                                 "prochaine", "suivant", "suivante"), whole=True),
    "current_period": _Trigger(("année", "mois", "mois-ci", "semaine", "trimestre"), whole=True),
    "week_part": _Trigger(("semaine",), whole=True),
    "year_part": _Trigger(("année",), whole=True),
    "relative_day": _Trigger(("hier", "demain", "aujourd", "matin", "soir", "midi", "nuit", "après-midi"), whole=True),
    "weekday": _Trigger(WEEKDAYS, whole=True),
    "ago": _Trigger(("y a",), gates=(_UNITS,)),
    "ahead": _Trigger(("dans", "ici"), gates=(_UNITS,), whole=True),
}
_MARGIN = 64  # longer than any expression's words before or after its anchor


def _windows(text: str, trigger: _Trigger) -> list[tuple[int, int]]:
    """Merged stretches of the text around every occurrence of the trigger's anchors."""
    spans = []
    for word in trigger.anchors:
        at = text.find(word)
        while at >= 0:
            after = at + len(word)
            if not trigger.whole or ((at == 0 or not text[at - 1].isalpha())
                                     and (after == len(text) or not text[after].isalpha())):
                spans.append((max(0, at - _MARGIN), min(len(text), after + _MARGIN)))
            at = text.find(word, at + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


# A shape to look for: its name, pattern, reading, and its trigger's place in _DISTINCT_TRIGGERS.
_Looked = tuple[str, _Shape, _Read, int]
# The triggers shapes share (a shape's is found by its place here), and the groups of gate words.
_DISTINCT_TRIGGERS = tuple(dict.fromkeys(_TRIGGERS.values()))
_GATES = tuple(dict.fromkeys(group for trigger in _DISTINCT_TRIGGERS for group in trigger.gates))


def _gate_mark(group: tuple[str, ...]) -> int:
    return 1 << (len(_DISTINCT_TRIGGERS) + _GATES.index(group))


def _ends_with_a_first_word(piece: str, words: tuple[str, ...]) -> bool:
    """Whether the piece ends with the first word of one of these phrases ("y" of "y a"): where such a phrase may
    begin, for the phrase itself spans pieces."""
    return any(piece.endswith(phrase.split()[0]) for phrase in words if len(phrase.split()) > 1)


def _piece_marks(piece: str) -> int:
    """Bits for the triggers whose anchors may be in a piece of text between spaces (as `_windows` finds them in
    the whole text: the spaces either side are no letters, and a text's lower case is its pieces') and for the gate
    groups it may hold a word of."""
    lowered = piece.lower()
    marks = 0
    for n, trigger in enumerate(_DISTINCT_TRIGGERS):
        seen = piece if trigger.raw else lowered
        if _windows(seen, trigger) or _ends_with_a_first_word(seen, trigger.anchors):
            marks |= 1 << n
    for group in _GATES:
        if any(word in lowered for word in group) or _ends_with_a_first_word(lowered, group):
            marks |= _gate_mark(group)
    return marks


class _PieceMarks(dict):
    """`_piece_marks` of the pieces met, each worked out at its first use."""

    LIMIT = 200_000  # past this many pieces it starts again: memory stays bounded on a huge corpus

    def __missing__(self, piece: str) -> int:
        if len(self) > self.LIMIT:
            self.clear()
        marks = self[piece] = _piece_marks(piece)
        return marks


_PIECE_MARKS = _PieceMarks()


@lru_cache(maxsize=None)
def _shapes_marked(marks: int) -> tuple[_Looked, ...]:
    """The shapes, in order, whose trigger's anchors and every gate group these marks say a text may hold."""
    chosen = []
    for shape, pattern, read in _SHAPES:
        trigger = _TRIGGERS[shape]
        slot = _DISTINCT_TRIGGERS.index(trigger)
        needed = (1 << slot) | sum(map(_gate_mark, trigger.gates))
        if marks & needed == needed:
            chosen.append((shape, pattern, read, slot))
    return tuple(chosen)


def _candidates(text: str) -> Iterator[tuple[str, re.Match, _Read]]:
    # Most texts hold no anchor of most triggers: the marks of their pieces, known from earlier texts, tell which
    # shapes to look for. Searching every text for every anchor was most of the time to index a corpus.
    return _matches(text, _shapes_marked(reduce(or_, map(_PIECE_MARKS.__getitem__, text.split()), 0)))


def _matches(text: str, shapes: tuple[_Looked, ...]) -> Iterator[tuple[str, re.Match, _Read]]:
    """The matches of these shapes in the windows of their triggers, shape by shape."""
    lowered = text.lower()
    windows: list[list[tuple[int, int]] | None] = [None] * len(_DISTINCT_TRIGGERS)  # shapes share their anchors
    for shape, pattern, read, slot in shapes:
        spans = windows[slot]
        if spans is None:
            trigger = _DISTINCT_TRIGGERS[slot]
            spans = windows[slot] = _windows(text if trigger.raw else lowered, trigger)
        for start, end in spans:
            for match in pattern.finditer(text, start, end):
                if match.end() < end or end == len(text):  # one cut by the window's end is not a match
                    yield shape, match, read


def _scan(text: str, published: PartialDate) -> Iterator[tuple[re.Match[str], str, PartialDate | None, bool]]:
    """Every date expression of a text, longest first where shapes overlap (a refused look-alike claims its words
    too): its match, shape, reading, and whether it is out of range (past the bounds, or no calendar date)."""
    found = sorted(_candidates(text), key=lambda c: (c[1].start() - c[1].end(), c[1].start()))
    taken = bytearray(len(text))  # 1 where a match already claimed the character: linear in the dates found
    for shape, match, read in found:
        start, end = match.span()
        if start == end or taken.find(1, start, end) != -1:
            continue
        taken[start:end] = b"\x01" * (end - start)
        try:
            reading = read(match, _Context(text, published, start, end))
        except (ValueError, OverflowError, KeyError):
            yield match, shape, None, True  # an impossible calendar date ("31 février") or past the calendar's ends
            continue
        date = _in_bounds(reading)
        yield match, shape, date, reading is not None and date is None


def find_dates(text: str, published: PartialDate) -> list[DateMention]:
    """The date expressions of a text in order, each resolved against the publication date."""
    return dates_and_out_of_range(text, published)[0]


def out_of_range(text: str, published: PartialDate) -> list[str]:
    """The date expressions of a text that read to no possible date ("il y a 99999999 jours", "31 février"):
    read as no date, and worth telling whoever keeps the corpus."""
    return dates_and_out_of_range(text, published)[1]


def dates_and_out_of_range(text: str, published: PartialDate) -> tuple[list[DateMention], list[str]]:
    """find_dates and out_of_range of a text from one scan of it (indexing needs both for every passage)."""
    mentions, wrong = [], []
    for match, shape, date, out in _scan(text, published):
        if date is not None:
            mentions.append(DateMention(match.group(), *match.span(), date, shape))
        if out:
            wrong.append(match.group())
    return sorted(mentions, key=lambda m: m.start), wrong

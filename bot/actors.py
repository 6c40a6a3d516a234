"""Who did what in a dated sentence: the entities the corpus names, the event's subject, and its kind of action.

A shallow reading, by rules a reader can check:
- the sentence is cut into clauses (at commas, semicolons and coordinators); the date's clause, or the main
  clause it leads into ("Le 3 juin, l'entreprise a annoncé…"), is the event's core, with the verbless or relative
  pieces that hang on it ("le cas Amazon, dont…, avait révélé l'ACLU");
- asides in brackets and quotations that do not hold the date are not read ("Google (qui… le Pentagon…)");
- the main actor is the first entity in subject position (not after a preposition: "de Jeff Bezos", "aux propos
  d'IBM"); "l'entreprise", "la société", "l'association"… stand for the last company or organisation named before
  (in the paragraph, else in the headline); a person or a product stands for its organisation (Brad Smith →
  Microsoft, Rekognition → Amazon); an outlet is a source, never an actor;
- the kind of action comes from a small verb lexicon (pause, stop, letter, donation…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .corpus import CorpusError, read_term_lists

KINDS = ("company", "organisation", "institution", "generic", "person", "product", "outlet")
# The order of rows in the picture: companies first.
KIND_ORDER = {"company": 0, "organisation": 1, "institution": 2, "person": 3, "product": 3, "generic": 4}
_KEY = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<kind>[a-z]+)(?:\s*:\s*(?P<owner>[^()]+?))?\))?$")


class EntityError(CorpusError):
    """A malformed entity file; the message names the file and the entry."""


@dataclass(frozen=True)
class Entity:
    """A name the coverage uses, its kind, and the organisation a person or product belongs to."""

    name: str
    kind: str
    spellings: tuple[str, ...]
    owner: str | None = None

    @property
    def actor(self) -> str:
        """The actor an event of this entity is listed under: its organisation for a person or a product."""
        return self.owner or self.name

    @property
    def generic(self) -> bool:
        """A group ("the police", "NGOs") rather than one party: never a reason to merge two reports."""
        return self.kind == "generic"


@dataclass(frozen=True)
class Mention:
    """Where a sentence names an entity (directly, or through "l'entreprise" and the like)."""

    entity: Entity
    start: int
    end: int


@dataclass(frozen=True)
class Entities:
    """The entity list kept beside the corpus: canonical names, kinds, spellings."""

    entities: Mapping[str, Entity] = field(default_factory=dict)

    @classmethod
    def from_file(cls, path: Path) -> "Entities":
        """Read 'Name (kind[: owner])<TAB>spelling; spelling' lines ('#' starts a comment)."""
        entities: dict[str, Entity] = {}
        for key, spellings in read_term_lists(path):
            match = _KEY.match(key)
            kind = (match.group("kind") if match else None) or "organisation"
            if not match or kind not in KINDS:
                raise EntityError(f"{Path(path).name}: '{key}' should be 'Name (kind)' with a kind among "
                                  f"{', '.join(KINDS)}")
            name, owner = match.group("name").strip(), match.group("owner")
            entities[name] = Entity(name, kind, tuple(spellings), owner.strip() if owner else None)
        for entity in entities.values():
            if entity.owner and entity.owner not in entities:
                raise EntityError(f"{Path(path).name}: '{entity.name}' belongs to '{entity.owner}', which the file "
                                  "does not name")
        return cls(entities)

    @property
    def names(self) -> tuple[str, ...]:
        """Every canonical name but the outlets', in file order."""
        return tuple(name for name, entity in self.entities.items() if entity.kind != "outlet")

    def get(self, name: str) -> Entity | None:
        """The entity of a canonical name."""
        return self.entities.get(name)

    def resolve(self, text: str) -> Entity | None:
        """The entity a user means by a name or any of its spellings, in any case ('aws' → Amazon)."""
        wanted = " ".join(text.split()).casefold()
        for entity in self.entities.values():
            if entity.name.casefold() == wanted:
                return entity
        return next((e for e in self.entities.values() if any(s.casefold() == wanted for s in e.spellings)), None)

    def mentions(self, text: str) -> list[Mention]:
        """Every entity the text names, in order; where spellings overlap the longest wins."""
        return _longest_first([Mention(self.entities[name], m.start(), m.end())
                               for name, pattern in self._patterns().items() for m in pattern.finditer(text)])

    def found_in(self, text: str) -> tuple[str, ...]:
        """The actors a text names (outlets left out), in the order they first appear."""
        return tuple(dict.fromkeys(m.entity.actor for m in self.mentions(text) if m.entity.kind != "outlet"))

    def parties(self, text: str) -> frozenset[str]:
        """The parties a text names: its actors (a person or product as its organisation), neither outlets nor
        groups such as the police."""
        return frozenset(m.entity.actor for m in self.mentions(text) if m.entity.kind not in ("outlet", "generic"))

    def _patterns(self) -> dict[str, re.Pattern]:
        cached = self.__dict__.get("_compiled")
        if cached is None:
            cached = {name: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in sorted(e.spellings, key=len,
                                                                                             reverse=True))
                                       + r")(?!\w)") for name, e in self.entities.items()}
            object.__setattr__(self, "_compiled", cached)
        return cached


def load_entities(corpus_dir: Path) -> Entities:
    """The entity list kept beside the corpus (corpus/entities.tsv); none is fine."""
    path = Path(corpus_dir) / "entities.tsv"
    return Entities.from_file(path) if path.exists() else Entities({})


def _longest_first(mentions: Iterable[Mention]) -> list[Mention]:
    chosen: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        if not any(mention.start < c.end and c.start < mention.end for c in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


# ---------------------------------------------------------------------------------------------------------------
# Clauses

_BOUNDARY = re.compile(r"\s*[,;:]?\s+(?P<coordinator>et|mais|puis|or|car|alors\s+que|tandis\s+que)\s+|\s*[,;:]\s*"
                       r"|\s+[–—]\s+")
_RELATIVE_START = re.compile(r"^(?:dont|qui|que|qu['’]|où|lequel|laquelle|lesquels|lesquelles)(?![\w-])",
                             re.IGNORECASE)
# A finite verb: auxiliaries and common verbs, the imperfect and the future, a negation or a reflexive pronoun,
# and the reporting and action verbs of the press in the present.
_VERB = re.compile(
    r"(?<![\w-])(?:a|ont|avait|avaient|aura|auront|aurait|auraient|est|sont|était|étaient|sera|seront|serait"
    r"|seraient|fut|furent|va|vont|doit|doivent|devrait|devraient|peut|peuvent|pourrait|pourraient|fait|font|vient"
    r"|viennent|veut|veulent|se|s['’]|n['’]|ne"
    r"|[a-zàâçéèêëîïôûùüÿœ]{2,}(?:ait|aient|era|eront|ira|iront)"
    r"|(?:annonce|affirme|explique|déclare|indique|précise|estime|souligne|ajoute|rappelle|demande|appelle|accuse"
    r"|refuse|publie|signe|lance|arrête|cesse|décide|réclame|dénonce|confirme|révèle|juge|critique|continue"
    r"|propose|détaille|regrette|exhorte|souhaite|suspend|vend|interdit|promet|met|écrit|dit|reconnaît|rejoint"
    r"|joint|poursuit|soutient|enjoint)(?:nt|ent)?|écrivent|disent|mettent|promettent|soutiennent|reconnaissent"
    r"|interdisent|poursuivent|rejoignent|suspendent|vendent)(?![\w-])")
_DETERMINER = re.compile(r"(?:^|\s)(?:l['’]|le|la|les|un|une|des|du|de|d['’]|sa|son|ses|cette|ce|leur|leurs|au|aux)"
                         r"\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class _Clause:
    start: int
    end: int
    verb: bool
    relative: bool
    strong: bool  # begins after a coordinator, a semicolon or a colon: a new statement


def _has_verb(text: str) -> bool:
    return any(not _DETERMINER.search(text[:m.start()]) for m in _VERB.finditer(text))


def _clauses(text: str) -> list[_Clause]:
    clauses, start, strong = [], 0, True
    for boundary in [*_BOUNDARY.finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        piece = text[start:end]
        if boundary and boundary.group("coordinator") and "," not in boundary.group() and not _has_verb(piece):
            continue  # "Amazon et Microsoft ont…": names joined, not clauses
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            clauses.append(_Clause(start + lead, end, _has_verb(piece), bool(_RELATIVE_START.match(piece.lstrip())),
                                   strong))
        if boundary:
            start, strong = boundary.end(), bool(boundary.group("coordinator")) or boundary.group().strip() != ","
    return clauses


def _core(clauses: Sequence[_Clause], at: int) -> tuple[range, range]:
    """The clauses of the event (the date's, or the main clause it leads into) and those that hang on them."""
    here = next((i for i, c in enumerate(clauses) if c.start <= at < c.end + 1), len(clauses) - 1)
    first = last = here
    if not clauses[here].verb:
        # A fronted date ("Le 3 juin, l'entreprise a annoncé"): the event is told by the next clause with a verb.
        forward = next((i for i in range(here + 1, len(clauses)) if clauses[i].verb and not clauses[i].strong), None)
        if forward is not None:
            last = forward
        else:
            first = next((i for i in range(here - 1, -1, -1) if clauses[i].verb), here)
    wide_first, wide_last = first, last
    while wide_first > 0 and not clauses[wide_first].strong and (
            not clauses[wide_first - 1].verb or clauses[wide_first - 1].relative or clauses[wide_first].relative):
        wide_first -= 1
    while wide_last + 1 < len(clauses) and not clauses[wide_last + 1].strong and (
            not clauses[wide_last + 1].verb or clauses[wide_last + 1].relative):
        wide_last += 1
    return range(first, last + 1), range(wide_first, wide_last + 1)


# Asides and quotations not holding the date are not the event's words.
_ASIDES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|«[^«»]*»|“[^“”]*”|\"[^\"]*\"")


def _mask_asides(text: str, keep: tuple[int, int]) -> str:
    def blank(match: re.Match) -> str:
        if match.start() <= keep[0] and keep[1] <= match.end():
            return match.group()
        return " " * len(match.group())
    return _ASIDES.sub(blank, text)


# ---------------------------------------------------------------------------------------------------------------
# Subject position and "l'entreprise"

_NOT_SUBJECT_AFTER = re.compile(
    r"(?:^|[\s'’])(?:à|au|aux|de|du|des|d|par|pour|avec|contre|sur|chez|envers|vers|entre|sans|selon|après|avant"
    r"|dont|cas|propos|baptisée?|nommée?|appelée?|comme|auprès|face|via)"
    r"(?:[\s'’]+(?:l|le|la|les|un|une|son|sa|ses|leur|leurs|ce|cet|cette|ces|plusieurs|certaines?|nombreu(?:x|ses)"
    r"|\d+))*[\s'’]*$", re.IGNORECASE)
_ANAPHORS = {
    "company": re.compile(r"(?<![\w-])(?:l['’]|la\s+|le\s+|cette\s+|ce\s+|cet\s+)(?P<noun>entreprise|société|firme"
                          r"|groupe|géant|multinationale|compagnie|constructeur|éditeur)(?![\w-])", re.IGNORECASE),
    "organisation": re.compile(r"(?<![\w-])(?:l['’]|la\s+|le\s+|cette\s+|ce\s+|cet\s+)(?P<noun>association|ONG"
                               r"|organisation|collectif|fondation|ligue)(?![\w-])", re.IGNORECASE),
    "product": re.compile(r"(?<![\w-])(?:l['’]|la\s+|le\s+|ce\s+|cet\s+|cette\s+)(?P<noun>logiciel|outil|produit"
                          r"|application)(?![\w-])", re.IGNORECASE),
}


_OWNED_BY = re.compile(r"\s+(?:de|d['’])\s*")


def _subject_like(text: str, start: int) -> bool:
    return not _NOT_SUBJECT_AFTER.search(text[max(0, start - 40):start])


def _antecedent(kind: str, before: str, entities: Entities, headline: str) -> Entity | None:
    """The last entity of this kind named before (the paragraph so far), else the first the headline names."""
    def of_kind(found: Iterable[Mention]) -> list[Entity]:
        return [m.entity for m in found if m.entity.kind == kind]

    earlier = of_kind(entities.mentions(before))
    if earlier:
        return earlier[-1]
    titled = of_kind(entities.mentions(headline))
    return titled[0] if titled else None


# ---------------------------------------------------------------------------------------------------------------
# Kinds of action: a small verb lexicon. Weak kinds (saying, selling) accompany most events and never tell two
# apart by themselves.

ACTIONS: dict[str, str] = {
    "pause": r"suspen\w*|pauses?|moratoires?|gel\w*",
    "stop": r"arrêt\w*|arrete\w*|cess\w*|retir\w*|retrait|renon\w*|abandon\w*|stopp\w*|terme|fin",
    "refusal": r"refus\w*",
    "letter": r"lettres?|courriers?|écri\w*|signataires?|sign\w*",
    "donation": r"dons?|donn\w*|financ\w*|versé\w*|offert\w*",
    "call": r"appel\w*|demand\w*|exhort\w*|réclam\w*|enjoi\w*|somm[ée]\w*",
    "study": r"tests?|test[ée]\w*|étud\w*|rapports?|simul\w*|audit\w*|enquêt\w*",
    "revelation": r"révél\w*|dévoil\w*",
    "pledge": r"engag\w*|prom[ie]\w*",
    "meeting": r"rencontr\w*|réuni\w*|entretiens?",
    "law": r"lois?|régul\w*|réglement\w*|interdi\w*|vot[eéa]\w*|adopt\w*|légi\w*",
    # Not "reconnaissance": the technology's own name.
    "acknowledgement": r"reconnu\w*|reconna[iî]t\w*|reconnaissent|admis\w*|admet\w*",
    "lawsuit": r"plaintes?|poursui\w*|procès|tribuna\w*",
    "criticism": r"critiqu\w*|dénonc\w*|accus\w*|reproch\w*|fustig\w*|condamn\w*",
    "launch": r"lanc\w*|déploi\w*|déploy\w*|inaugur\w*",
    "announcement": r"annon\w*|déclar\w*|affirm\w*|publi\w*|communiqu\w*|billets?|indiqu\w*|expliqu\w*|précis\w*"
                    r"|réitér\w*|savoir",
    "sale": r"vend\w*|ventes?|fourni\w*|commerciali\w*|contrats?",
}
WEAK_ACTIONS = frozenset({"announcement", "sale"})
_ACTION = re.compile("|".join(rf"(?<![\w-])(?P<{kind}>{words})(?![\w-])" for kind, words in ACTIONS.items()),
                     re.IGNORECASE)


def actions_in(text: str) -> frozenset[str]:
    """The kinds of action a clause speaks of."""
    return frozenset(m.lastgroup for m in _ACTION.finditer(text))


def same_action(first: frozenset[str], second: frozenset[str]) -> bool:
    """Whether two reports may tell the same action: unknown on either side, or a shared strong kind, or, when
    neither names a strong kind, both only saying or selling."""
    if not first or not second:
        return True
    strong_first, strong_second = first - WEAK_ACTIONS, second - WEAK_ACTIONS
    if strong_first or strong_second:
        return bool(strong_first & strong_second)
    return True


# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """Who did what in a dated sentence."""

    actors: tuple[str, ...]  # the main actor first, then the other parties named in the event's clauses
    people: tuple[str, ...]
    actions: frozenset[str]
    main: Entity | None
    main_span: tuple[int, int] | None  # where the sentence names the main actor

    @property
    def mergeable(self) -> bool:
        """Whether this report names one party that another outlet's report of the same event would share."""
        return self.main is not None and not self.main.generic


def read_event(sentence: str, date_span: tuple[int, int], entities: Entities, before: str = "",
               headline: str = "") -> Reading:
    """Read a dated sentence's actors, people and kind of action; `before` is the paragraph's text before it."""
    text = _mask_asides(sentence, date_span)
    clauses = _clauses(text)
    if not clauses:
        return Reading((), (), frozenset(), None, None)
    core, wide = _core(clauses, date_span[0])
    core_span = (clauses[core[0]].start, clauses[core[-1]].end)
    wide_span = (clauses[wide[0]].start, clauses[wide[-1]].end)

    found = [m for m in entities.mentions(text) if m.entity.kind != "outlet"]
    for kind, pattern in _ANAPHORS.items():
        for match in pattern.finditer(text):
            if any(m.start <= match.start() < m.end for m in found):
                continue  # "la société de Redmond" is a spelling, not an anaphor
            owner = _OWNED_BY.match(text, match.end())
            named = next((m.entity for m in found if owner and m.start == owner.end()), None)
            # "l'entreprise de Jeff Bezos" is Jeff Bezos's; else the last company named before.
            antecedent = named or _antecedent(kind, before + " " + text[:match.start()], entities, headline)
            if antecedent is not None:
                found.append(Mention(antecedent, match.start(), match.end()))
    found.sort(key=lambda m: m.start)

    def within(span: tuple[int, int]) -> list[Mention]:
        return [m for m in found if span[0] <= m.start < span[1]]

    candidates = within(core_span) or within(wide_span) or found
    main = _main(candidates, text)
    involved = [m for m in within(wide_span) if not m.entity.generic]
    ordered = ([main] if main else []) + [m for m in involved if m is not main]
    actors = tuple(dict.fromkeys(m.entity.actor for m in ordered))
    people = tuple(dict.fromkeys(m.entity.name for m in within(wide_span) + ([main] if main else [])
                                 if m.entity.kind == "person"))
    return Reading(actors, people, actions_in(text[core_span[0]:wide_span[1]]),
                   entities.get(main.entity.actor) or main.entity if main else None,
                   (main.start, main.end) if main else None)


def _main(candidates: Sequence[Mention], text: str) -> Mention | None:
    """The first in subject position, else the first specific party, else the first named."""
    subjects = [m for m in candidates if _subject_like(text, m.start)]
    specific = [m for m in candidates if not m.entity.generic]
    return next(iter(subjects or specific or candidates), None)

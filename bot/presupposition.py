"""What a question takes for granted, and whether a passage tells of it: an end ("did Amazon resume…?", "when did
Amazon end its moratorium?"), a beginning ("when did Amazon start selling…?"), a succession ("who replaced…?"),
someone's reaction ("how did Google respond…?"), an event rather than a condition still to be met (« jusqu'à ce
qu'une loi… soit adoptée »). A passage that does not tell of it cannot answer, however alike its words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .analysis import tokens_and_stems


# A question about what followed the end of something ("did Amazon extend its moratorium once the year was up?",
# « une fois la pause terminée ») presupposes that end: coverage that never reports it (« une pause d'un an »,
# written as it began) cannot say what came after.
_AFTER_AN_END = re.compile(r"\b(?:once|after|when)\b[^?]*?\b(?:ran out|runs? out|was up|is up|(?:had |has )?ended|"
                           r"ends|expired|expires|(?:is|was) over|lapsed|came to an end)\b|"
                           r"\bune fois\b[^?]*?\b(?:termin|expir|écoul|achev|fini)\w*|"
                           r"\baprès (?:la fin|l['’]expiration|l['’]échéance)\b|\bà l['’](?:issue|expiration) d|\bau terme d",
                           re.IGNORECASE)
# When a stop itself stopped ("when did Amazon end its moratorium?", "when will the pause be lifted?", « quand la
# suspension prendra-t-elle fin ? ») presupposes that end too. The end of anything else is the stop itself ("when
# did IBM end its facial recognition business?": « l'arrêt de ses services »).
_STOP = (r"(?:moratori\w*|pause|pledge|ban|suspension|freeze|boycott|embargo|moratoire|engagement|interdiction|"
         r"gel)")
_END_OF_A_STOP = re.compile(
    # "when did Amazon end its moratorium?", "when will Amazon lift the ban?"
    rf"\b(?:end|ends|ended|lift|lifts|lifted|expire|expires|expired|run out|runs out|ran out|be over)\b"
    rf"[^?]*\b{_STOP}\b|"
    # "when does the ban end?", « quand la suspension prendra-t-elle fin ? », « la pause se termine-t-elle… ? »
    rf"\b{_STOP}\b[^?]*\b(?:end|ends|ended|be lifted|expire|expires|expired|run out|be over|over|"
    rf"prendr\w*(?:-t-(?:il|elle))? fin|pris fin|terminer\w*|termin[ée]e?|achev\w*|lev[ée]e?)\b|"
    # « la fin du moratoire », « quand Amazon a-t-il levé son moratoire ? »
    rf"\b(?:fin|levée|expiration)\s+(?:du|de la|de l['’]|des|de son|de sa)\s*{_STOP}\b|"
    rf"\blev(?:er|é|ée|era|era-t-il)\b[^?]*\b{_STOP}\b",
    re.IGNORECASE)
# What tells of an end, or of what followed it: « prolongé », « reconduit », « a expiré », « la fin de », « repris ».
_END_TOLD = re.compile(r"\b(?:prolong|recondu|expir|termin|achev|échéance|fin (?:de|du|des|à|au)\b|issue d|"
                       r"au terme\b|repri|reprend|renouvel|lev[ée]e?s?\b|extend|extension|ended|resum)", re.IGNORECASE)


# A clause that states a condition still to be met (« jusqu'à ce qu'une loi nationale… soit adoptée », « tant que
# nous n'aurons pas… »): what it mentions has not happened, as far as the text goes.
_UNMET_CONDITION = re.compile(r"\b(?:jusqu['’](?:à ce qu|au jour où)|tant qu|avant qu|en attendant qu|until|unless|"
                              r"as long as)[^.;:!?]*", re.IGNORECASE)


def without_unmet_conditions(text: str) -> str:
    """The text without its clauses stating a condition still to be met."""
    return _UNMET_CONDITION.sub(" ", text)


# "When did Amazon start selling Rekognition to the police?" asks the date of a beginning; the date of the pause,
# however alike its words (« la suspension de la vente de Rekognition aux forces de l'ordre »), does not answer it.
_START_ASKED = re.compile(r"\b(?:start|starts|started|begin|begins|began|begun|launch|launches|launched|introduce|"
                          r"introduced|commenc\w*|début\w*|lanc[eéè]\w*)\b", re.IGNORECASE)
# What tells of a beginning: « a commencé », « a lancé », « s'est ouvert », « depuis », « à partir de », « mis en
# place ».
_START_TOLD = re.compile(r"\b(?:commenc|débuté|débuter|débute|démarr|entam|lanc|inaugur|introdui|ouvert|ouverture|"
                         r"s['’]est ouvert|première fois|depuis\b|dès\b|à partir d|à compter d|mis en place|"
                         r"mise en place|mis en service|mise en service|start|began|begun|launch|introduc|opened|"
                         r"first time|since\b)", re.IGNORECASE)


# "Who replaced Arvind Krishna as IBM's CEO?", « Qui a succédé à Jeff Bezos… ? » presuppose a succession: a
# passage that names the one replaced (« A.Krishna, le CEO d'IBM ») but tells of none cannot say who came next.
_SUCCESSION_ASKED = re.compile(r"\b(?:replac\w*|succe(?:ed|eds|eded|ssor)|successeur|succ[éèe]d\w*|rempla[cç]\w*|"
                               r"took over|take over|takes over)\b", re.IGNORECASE)
_SUCCESSION_TOLD = re.compile(r"\b(?:replac|succe|succè|succé|rempla|nouveau (?:pdg|ceo|patron|président|directeur)|"
                              r"nouvelle (?:pdg|présidente|directrice)|pris la tête|prend la tête|appointed|"
                              r"took over|takes over|(?:nommée?|named) (?:à la tête|pdg|ceo|président|présidente|"
                              r"directeur|directrice|patron|chief|head))", re.IGNORECASE)


# Resuming presupposes that the stop ended ("did Amazon resume selling…?", « Amazon a-t-il repris la vente… ? »).
_RESUMING = re.compile(r"\b(?:resum\w*|restart\w*|repris|reprise|reprendr\w*|reprend\w*)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Presupposition:
    """Something a question takes for granted (an end, a beginning, a succession), and the words a text tells it
    with: a passage that does not tell of it cannot answer the question, however alike its other words."""

    asked: tuple[re.Pattern[str], ...]
    told: re.Pattern[str]

    def asked_in(self, question: str) -> bool:
        """Whether the question takes it for granted."""
        return any(pattern.search(question) for pattern in self.asked)

    def told_in(self, text: str) -> bool:
        """Whether the text tells of it."""
        return bool(self.told.search(text))


# What followed an end, when a stop stopped, whether it resumed: the end, an extension or a resumption told.
AN_END = Presupposition((_AFTER_AN_END, _END_OF_A_STOP, _RESUMING), _END_TOLD)
# Who came after someone: a succession or an appointment told.
A_SUCCESSION = Presupposition((_SUCCESSION_ASKED,), _SUCCESSION_TOLD)
# When something began: a beginning told (in the sentence that dates it, for a "when" question).
A_BEGINNING = Presupposition((_START_ASKED,), _START_TOLD)


# Who is asked to have reacted ("how did police unions react to…?", « comment Google a-t-il répondu… ? », "what was
# ICE's response?"): a passage that does not name them cannot tell their reaction, whatever else of the question
# it holds (« Amazon a donc dû réagir » for the police unions).
_REACTION = r"(?:react|respond|reply|replie|answer|comment)(?:s|ed|d)?"
_REACTOR = re.compile(rf"\b(?:did|has|have|had|does|do|will|would)\s+(?P<english>[^?,]+?)\s+(?:\w+ly\s+)?(?:ever\s+)?"
                      rf"(?:(?:have|has|had|need|needs|needed|want|wants|wanted) to\s+)?{_REACTION}\b|"
                      rf"\b(?P<owner>[^?,]+?)['’]s? (?:reaction|response|answer|reply)\b|"
                      rf"\bcomment\s+(?P<french>[^?,]+?)\s+(?:a|ont|avait|avaient)-t?-?(?:il|elle|ils|elles)\s+"
                      rf"(?:\w+ment\s+)?(?:réagi|répondu|riposté)\b|"
                      rf"^(?:est-ce qu['’]\s*)?(?P<told>[^?,]+?)\s+(?:a|ont|avait|avaient)\s+(?:\w+ment\s+)?"
                      rf"(?:réagi|répondu|riposté)\b|"
                      rf"\b(?:la |sa |leur )?(?:réaction|réponse)s? (?:de |du |des |d['’])(?P<of>[^?,]+?)"
                      rf"(?= (?:à|au|aux|face|après)\b|\W*$)",
                      re.IGNORECASE)


def reactor(question: str) -> str | None:
    """The words naming who a question asks the reaction of ("police unions", « la police de Minneapolis »), or
    None when it asks none."""
    found = _REACTOR.search(question)
    if found is None:
        return None
    return next(group for group in found.groups() if group is not None)


# What makes the name after it a complement rather than who acts: « 85 ONG écrivent à Amazon, Google et
# Microsoft », « l'entreprise de Jeff Bezos », « la police et l'ICE ».
_GOVERNING = frozenset({"à", "a", "au", "aux", "de", "d", "du", "des", "pour", "contre", "sur", "envers", "vers",
                        "auprès", "chez", "par", "to", "of", "for", "against", "with", "at", "by", "from"})
_BETWEEN_NAMES = frozenset({"et", "ou", "and", "or", "l", "la", "le", "les", "the"})


def named_only_as_a_complement(text: str, terms: frozenset[str]) -> bool:
    """Whether every place a text names one of `terms` (index terms of a name) follows a preposition, past the
    other names of a list and articles (« …écrivent à Amazon, Google et Microsoft », « l'entreprise de Jeff
    Bezos »): it is written to, of or about, and does nothing there. False when the text does not name it."""
    tokens, stems = tokens_and_stems(text)
    places = [n for n, stem in enumerate(stems) if stem in terms]
    if not places:
        return False

    def complement(n: int) -> bool:
        while n > 0 and (tokens[n - 1][:1].isupper() or tokens[n - 1].lower() in _BETWEEN_NAMES):
            n -= 1
        return n > 0 and tokens[n - 1].lower() in _GOVERNING

    return all(complement(n) for n in places)

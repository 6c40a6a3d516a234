"""What a question asks: its cleaned text, kind ("when", "how many"…), form (open or yes/no), the part an FAQ
heading asks about its subject, the noun a "how many" counts; and whether a sentence holds what a kind asks for.

Plain rules a reader can check, no ranking: `answer.py` uses them to parse a question, to prefer a passage of the
asked kind, and for the signals of the decision to answer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Sequence

from .analysis import (ENGLISH_STOPWORDS, FRENCH_STOPWORDS, QueryWord, Terms, french_stem, french_terms, reason_terms,
                       single_terms, tokens_and_stems)
from .corpus import Article
from .dates import MONTHS
from .reading import read_dates, sentences

MAX_QUESTION_CHARS = 500

_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b", re.IGNORECASE)
# A link pasted with the question (bare, or in <> as Discord writes one shown without a preview): its pieces
# ("https", "www", "html") are not words of the question, and would count as words the coverage never uses.
# A markdown link's address is left to _MARKDOWN, which keeps its text.
_LINK = re.compile(r"(?<!\]\()<?\b(?:https?://|www\.)[^\s<>]+>?", re.IGNORECASE)
_MARKDOWN = re.compile(r"[*_~`>|#\\]+|\[([^\]]*)\]\([^)]*\)")
_KIND_PATTERNS = {
    # Asked before "when" and "how long": "depuis combien de temps" is answered by "depuis deux ans", not a date.
    "how long since": r"depuis combien (?:de temps|d['’]années|de mois|de semaines|de jours)|(?:ça|ca|cela) fait "
                      r"combien (?:de temps|d['’]années|de mois)|since how long|how long (?:have|has|had)|"
                      r"for how long (?:have|has|had)",
    # Asked before "when": "until when will it refuse?" is answered by an end, a date or a condition ("jusqu'à ce
    # qu'une loi soit adoptée", "tant que…"), not by any date.
    "until when": r"until when|till when|up to when|jusqu['’]à quand|jusqu['’]à quel moment|"
                  # what must happen first is the same end: « tant qu'une loi ne sera pas adoptée »
                  r"(?:under|on) what conditions?|what conditions?|à quelles? conditions?|sous quelles? conditions?|"
                  r"(?:attend|attendent) quoi|qu['’](?:attend|attendent)-(?:il|elle|ils|elles)",
    "when": r"when|what (?:year|month|day|date)|which (?:year|month|day|date)|since when|how long ago|quand|"
            r"depuis quand|quel(?:le)? (?:jour|date|année|mois)|en quelle année|à quelle date|à quel moment|"
            r"(?:what (?:is|was) )?the date of|(?:quelle (?:est|était) )?la date d(?:e|u|es|['’])|"
            # a bare "date" that asks: first (« Date de la pause ? ») or last ("amazon pause date")
            r"dates?",
    "how long": r"(?:for )?how long|how much time|what duration|(?:pendant |depuis )?combien de temps|quelle durée|"
                # "the duration of", « la durée de » ask as "how long" does, and stay searched: an answer often says
                # « pendant une durée de cinq ans ».
                r"(?:what (?:is|was|will be) )?the (?=(?:duration|length) of\b)|"
                r"(?:quelle (?:est|était|sera) )?la (?=durée d(?:e|u|es|['’]))",
    "why": r"why|for what reason|what (?:is|was|were) the reasons?|pourquoi|pour quelle raison|quelles? (?:est|sont) "
           r"(?:la|les) raisons?",
    # Asked before "how many": "what share of its revenue?" is answered by « 3 % » or « la moitié », not « 28
    # membres ».
    "what share": r"what (?:share|percentage|proportion|fraction|percent)|(?:what|which) (?:\w+ )?rate|how accurate|"
                  r"quel(?:le)? (?:part|pourcentage|proportion|fraction)|quel taux",
    "how many": r"how (?:many|much|old)|what (?:number|amount|sum|price)|combien|quel nombre|quel(?:le)? (?:montant|"
                r"somme|prix|coût|âge)|"
                # "what does it cost?" asks a sum; only "what" is cut, the rest is searched
                r"what (?=(?:does|did|do|will|would)\b[^?]*\bcost)",
    # "Où en est ma demande ?" asks how far it has gone, not where.
    "where": r"where|in (?:which|what) (?:city|country|state|town)|où(?! en\b)|dans quel(?:le)? (?:ville|pays|état|"
             r"région)|à quel endroit|en quel lieu",
}
# The kinds whose answer is read reliably (a date, a number, a duration, an end), so that its absence counts.
READ_RELIABLY = frozenset({"when", "until when", "how long", "how long since", "how many", "what share"})
_KINDS = {name: re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE) for name, pattern in _KIND_PATTERNS.items()}
# The same, with an adverb qualifying the question word ("exactly how many"): not what is asked about, so not searched.
_QUALIFIER = (r"\b(?:exactly|precisely|roughly|approximately|about|around|just|really|exactement|précisément|"
              r"environ|approximativement|vraiment)")
_KINDS_QUALIFIED = {name: re.compile(rf"(?:{_QUALIFIER}\s+)?\b(?:{pattern})\b", re.IGNORECASE)
                    for name, pattern in _KIND_PATTERNS.items()}
# The verb that ends an English question about a duration ("how long will the pause last?"): the kind's own word,
# read as its other sense, "last" → « dernier ». French « durer » stays searched: an answer may say « durée ».
_LASTING = re.compile(r"\blast(?:s|ed)?(?=\W*$)", re.IGNORECASE)
# What a sentence that answers each kind of question holds (French words, compared as index terms).
_DURATION = re.compile(r"\b(?:\d+|un|une|deux|trois|quatre|cinq|six|dix|douze|quelques|plusieurs)\s+"
                       r"(?:ans?|années?|mois|semaines?|jours?|heures?)\b", re.IGNORECASE)
# A duration that has run until then ("depuis deux ans", "il y a trois mois"): it answers "how long since", not
# "how long will it last".
_ELAPSED = re.compile(r"\b(?:depuis|il y a|cela fait|ça fait)\s+(?:(?:plus|près|moins) d(?:e\s+|')|environ\s+)?"
                      + _DURATION.pattern.removeprefix(r"\b"), re.IGNORECASE)
# An end: "jusqu'à / jusqu'en / jusqu'à ce que…", "tant que…", "d'ici…".
_UNTIL = re.compile(r"\bjusqu['’]|\btant qu|\bd['’]ici\b|\bà condition qu|\bpourvu qu|\bsauf si\b|\bunless\b|"
                    r"\buntil\b", re.IGNORECASE)
# A place: a capitalised name after à, en, au, aux or dans ("à Minneapolis", "en Californie", "aux États-Unis").
_PLACE = re.compile(r"\b(?:à|en|au|aux|dans)\s+(?:l['’]|la\s|le\s|les\s)?[A-ZÉÈÎ][\w-]+")
_NUMBER = re.compile(r"\d+(?:[.,\s]\d+)*|\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|"
                     r"trente|quarante|cinquante|cent|cents|mille|millions?|milliards?|dizaines?|centaines?|"
                     r"milliers?)\b",
                     re.IGNORECASE)
# A number that is part of a date counts nothing: a day before its month ("10 juin", "1er mars"), a year after a
# month or "en / depuis" ("juin 2020", "en 2019"; "2000 employés" still counts).
_DAY_NUMBER = re.compile(rf"\d{{1,2}}(?:er)?\s+(?:{'|'.join(MONTHS)})\b", re.IGNORECASE)
_BEFORE_YEAR = re.compile(rf"(?:\b(?:{'|'.join(MONTHS)}|en|depuis|since|in)\s+)$", re.IGNORECASE)
# A share: « 40 % », « 5 pour cent », « la moitié », « un tiers », « deux sur trois », « la majorité ».
_SHARE = re.compile(r"\d\s*%|\bpour ?cent\b|\bpercent|\b(?:moitié|tiers|quarts?|majorité|minorité|proportion|"
                    r"pourcentage|taux)\b|\b\w+ sur (?:\d+|deux|trois|quatre|cinq|dix)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d\b")
# A number that names something counts nothing either: a text's or a file's reference (« la recommandation
# n° 2019-053 », « l'article 9 du RGPD », « la loi n° 78-17 »), read as one piece with the digits, dots and dashes
# after the label.
_REFERENCE = re.compile(r"(?:\b(?:n|no|num)[°o.]|\bnuméro|\barticles?|\bart\.|\balinéas?|\bdécret|\bchapitre|\bannexe)"
                        r"\s*\d[\w./-]*", re.IGNORECASE)
# The noun a "how many" question counts ("how many employees", « combien d'employés »): a number answers it only
# when it counts that noun ("450 employés", not "85 ONG"), within COUNTED_REACH words after the number.
# A name before the noun says whose it is ("how many Microsoft employees"), not what is counted.
_COUNTED = re.compile(r"\b(?:how (?:many|much)\s+|what number of\s+|combien\s+(?:de\s+|d['’])|"
                      r"quel nombre\s+(?:de\s+|d['’]))"
                      r"(?:(?-i:[A-Z][\w-]*)(?:['’]s)?\s+)*([^\W\d_][\w-]*)", re.IGNORECASE)
COUNTED_REACH = 4
# A "how much" that names nothing counted, or names money (« combien coûte… », "how much money…"), asks a sum: a
# number of a currency (« 10 millions de dollars »), not « la première des trois sociétés ». One that names
# something else counts it, as "how many" does ("how much revenue": a number of « revenus »).
_SUM_ASKED = re.compile(r"\bhow much\b(?!\s+of\b)|\bwhat (?:amount|sum|price)\b|\bcombien\s+d['’]argent\b|"
                        r"\bcost\b|\bcombien\b(?!\s+(?:de|d['’]))[^?]*?\b(?:co[uû]t|pay|gagn|vers|donn|d[ée]pens|"
                        r"factur|rapport|investi|touch|encaiss|vaut|valent)|\bquel(?:le)? (?:montant|somme|prix|co[uû]t)\b",
                        re.IGNORECASE)
_MONEY = frozenset({"money", "cash", "funds", "funding", "argent"})
_AGE_ASKED = re.compile(r"\bhow old\b|\bquel âge\b", re.IGNORECASE)
_CURRENCIES = ("dollars", "euros", "francs", "pounds", "yuans", "yens")
_YEARS = ("ans", "années")


@lru_cache(maxsize=None)
def _stems_of(words: tuple[str, ...]) -> tuple[Terms, ...]:
    """The index terms of a fixed list of words, each its own form (read when first asked: stemming loads the
    lemmatiser's dictionaries, which a module import must not)."""
    return tuple((french_stem(word),) for word in words)


def sum_forms() -> tuple[Terms, ...]:
    """The index terms of the currencies a sum is counted in."""
    return _stems_of(_CURRENCIES)


_CURRENCY_SIGN = {"$": " dollars ", "€": " euros ", "£": " pounds ", "¥": " yens "}
# What may stand between a number and what it counts: "10 millions de dollars", "des centaines d'employés".
_MULTIPLIER = re.compile(r"^(?:\s+(?:millions?|milliards?|milliers?|centaines?|dizaines?|mille)\b)?"
                         r"(?:\s+d(?:e\b|['’]))?",
                         re.IGNORECASE)


class QuestionError(ValueError):
    """A question that cannot be searched; the message says why in one line."""


def clean_question(question: str) -> str:
    """The question without Discord mentions, links and markdown, whitespace collapsed; raises QuestionError if
    unusable."""
    if not isinstance(question, str) or not question.strip():
        raise QuestionError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is too long ({len(question)} characters; the limit is {MAX_QUESTION_CHARS})")
    # Lone surrogates (undecodable bytes, as Python hands them over) become U+FFFD; a surrogate pair its character.
    text = question.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    # Compatibility forms read as their plain letters, as the index reads them: "ｗｈｅｎ" asks "when", "＠everyone"
    # is a mention.
    text = unicodedata.normalize("NFKC", text)
    text = _MENTION.sub(" ", _LINK.sub(" ", text))
    text = _MARKDOWN.sub(lambda m: f" {m.group(1) or ''} ", text)
    text = _MENTION.sub(" ", text)  # again: removing markup can make one ("@everyone_" → "@everyone")
    return " ".join(text.split())


_SUBJECT_COLON = re.compile(r"\s*:\s+")


def asked_part(question: str) -> str | None:
    """What a question of the shape "Subject : what is asked" (an FAQ heading) asks about the subject, else None."""
    parts = _SUBJECT_COLON.split(question, maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and any(c.isalpha() for c in parts[1]):
        return parts[1]
    return None


# The form of a question: "open" when a clause of what is asked starts with a question word (after a
# preposition: "dans quel délai…"), "yes/no" when it inverts its subject ("puis-je…", "est-elle…"), says "est-ce
# que" or starts with an English auxiliary ("can I…"). A passage opening with yes or no answers only the second.
_QUESTION_WORD = (r"qui|que|qu['’]|quoi|quel(?:le)?s?|lequel|laquelle|lesquel(?:le)?s|comment|pourquoi|combien|où|"
                  r"quand|what|who|whom|whose|why|how|where|when|which")
_OPEN_CLAUSE = re.compile(rf"(?:(?:et|mais|alors|de|à|pour|par|sur|avec|dans|and|so|in|for|to|by|with|on|about)\s+)?"
                          rf"(?:{_QUESTION_WORD})\b", re.IGNORECASE)
# "quoi" anywhere ("c'est quoi ?"); "ou" first: où without its accent, as often typed.
_OPEN_ANYWHERE = re.compile(r"\bquoi\b|^ou\b", re.IGNORECASE)
_INVERSION = re.compile(r"\w-(?:t-)?(?:je|tu|il|elle|on|nous|vous|ils|elles)\b|\best-ce qu", re.IGNORECASE)
_AUXILIARY_FIRST = re.compile(r"(?:can|could|may|might|must|should|shall|is|are|am|was|were|do|does|did|will|would|"
                              r"have|has|had)\b", re.IGNORECASE)


def question_form(question: str) -> str | None:
    """'open' for a question asking what, who, how…; 'yes/no' for one answered by yes or no; else None."""
    asked = asked_part(question) or question
    clauses = [c.strip() for c in re.split(r"[,:;]", asked)]
    if _OPEN_ANYWHERE.search(asked.strip()) or any(_OPEN_CLAUSE.match(c) for c in clauses):
        return "open"
    if _INVERSION.search(asked) or any(_AUXILIARY_FIRST.match(c) for c in clauses):
        return "yes/no"
    return None


# A question asking what something is: « c'est quoi ? », « qu'est-ce qu'un… », « que signifie… », "what is it?",
# "what is sensitive data?" (a short "what is X?", not "what is in the file?").
_DEFINITION_ASKED = re.compile(r"c['’]est quoi|"
                               r"qu['’]est[- ]ce qu(?:e c['’]est|['’]on appelle|['’]une?\b|e (?:le|la|les|l['’]))|"
                               r"qu['’]appelle-t-on|que (?:signifie|veut dire|désigne)|quelle est la définition|"
                               r"qu['’]entend(?:-on|ez-vous) par|en quoi consiste(?:nt)?\b|"
                               r"\bwhat (?:is|are) (?:it|they)\W*$|"
                               r"^\s*what (?:is|are) (?!in\b)(?:[^\s?]+\s+){0,3}[^\s?]+\s*\?\s*$|"
                               r"\bwhat does .* mean|\bwhat is meant by|\bdefinition of", re.IGNORECASE)


def asks_definition(question: str) -> bool:
    """Whether a question asks what something is ("c'est quoi ?", "qu'est-ce qu'un…", "what is X?")."""
    return bool(_DEFINITION_ASKED.search(question))


# Words that ask for a name ("what is the name of…", « comment s'appelle… », "what is it called"): the answer gives
# the name, it seldom says "name" (searched, "name" found « Amazon n'était pas nommé »).
_NAME_ASKED = re.compile(r"\b(?:what(?:['’]s| is| was| are| were) the names? of|"
                         r"(?:quel(?:le)?s? (?:est|sont|était)|c['’]est quoi) le nom d(?:e|u|es|['’])|"
                         r"comment s['’]appel(?:le|lent|ait)|"
                         r"quels? noms? (?:porte|portent|a|ont)|"
                         r"(?:is|are|was|were) (?:it |they )?called|called(?=\W*$))\b",
                         re.IGNORECASE)
# "Who is the CEO of IBM?", « qui est le président de Microsoft ? » ask the name of whoever holds a role, as "what is
# the name of IBM's CEO?" does; "who is Brad Smith?" (no noun after) asks who he is, and "who are the people…?" may
# be answered by a description (« les immigrés, les minorités »).
_HOLDER_ASKED = re.compile(r"\b(?:who(?:['’]s| is| was)|qui (?:est|était))\b(?!-)",
                           re.IGNORECASE)


# Words that make a request of the bot (« dis-moi », « donne-moi », « je voudrais savoir », "tell me about", "can
# you give me", "explain"): how the question is put, not its subject (searched, « donne » found « un don » and
# « dis » every « a dit »).
_REQUEST = re.compile(r"\b(?:dis|dites|donne|donnez|parle|parlez|explique|expliquez|montre|montrez|raconte|racontez|"
                      r"indique|indiquez|rappelle|rappelez|résume|résumez)-moi\b(?: (?:de|des|du)\b| d['’])?|"
                      r"\b(?:peux|pouvez|pourrais|pourriez)[- ](?:tu|vous) me (?:dire|donner|expliquer|indiquer|"
                      r"montrer|rappeler|résumer)\b|"
                      r"\b(?:je (?:voudrais|veux|souhaite|souhaiterais)|j['’]aimerais) (?:savoir|connaître)\b|"
                      r"\b(?:can|could|would) you (?:please )?(?:tell|give|show|remind) me\b|"
                      r"\b(?:tell|give|show|remind) me(?: about)?\b|^\W*(?:please\s+)?(?:explain|summari[sz]e)\b|"
                      r"\bI (?:want|would like|['’]d like) to know\b", re.IGNORECASE)


# Words that point at the coverage itself (« selon l'article », « d'après la presse », "according to the articles"):
# the articles never call themselves so (searched, « article » counted as a word the seed articles lack).
_COVERAGE_NAMED = re.compile(r"\b(?:selon|d['’]après) (?:l['’]article|les articles|la presse|le texte|les textes|"
                             r"la couverture|les médias)\b|\b(?:according to|in|per) the (?:articles?|coverage|"
                             r"reports?|texts?)\b|\baccording to the (?:press|media|news)\b", re.IGNORECASE)


# "What kind of…" asks for an instance of what follows, as "what…" does (« quel type de données… »): the kind word is
# not the subject.
_KIND_OF = re.compile(r"\b(what|which)\s+(?:kinds?|sorts?|types?)\s+of\b|"
                      r"\b(quel(?:le)?s?)\s+(?:types?|sortes?|genres?)\s+(?:de\b|d['’])", re.IGNORECASE)


# « aller » before an infinitive makes a near future (« Amazon va-t-il reprendre… ? », « combien de temps va durer… »),
# as "will" does in English, a stop word: a function word, not the subject (searched, « va » found « où nous
# allons »).
_NEAR_FUTURE = re.compile(r"\b(?:vais|vas|va|allons|allez|vont|allais|allait|allions|alliez|allaient)"
                          r"(?=(?:-t)?(?:-(?:je|tu|il|elle|on|nous|vous|ils|elles))?\s+"
                          r"(?:(?:ne|pas|plus|jamais|se|y|en|le|la|les|lui|leur|me|te|nous|vous)\s+|[slmt]['’])*"
                          r"\w+(?:er|ir|re|oir)\b)", re.IGNORECASE)


# Words that ask what an acronym or a word stands for (« que signifie le sigle ACLU ? », "what does GDPR stand
# for?", « qu'est-ce qu'on appelle… ? »): the text spells it out, « l'ACLU (Union américaine pour les libertés
# civiles) », and seldom says « signifie » or « sigle » (searched, a small corpus counted them as words it lacks and
# declined).
_MEANING_ASKED = re.compile(r"\bque (?:signifie|signifient|veut dire|veulent dire)\b(?: (?:le|les) sigles?\b|"
                            r" l['’](?:acronyme|abréviation)\b)?|\bthe (?:acronym|abbreviation)\b|"
                            r"\bqu['’]entend(?:-on|ez-vous) par\b|\bque (?:veut-on|voulez-vous) dire par\b|"
                            r"\bwhat is meant by\b|\bqu['’]est[- ]ce qu['’]on appelle\b|\bce qu['’]on appelle\b|"
                            r"\bqu['’]appelle-t-on\b|\bwhat do (?:we|you|they) call\b", re.IGNORECASE)
_MEANING_LAST = re.compile(r"\b(?:stands? for|short for|mean)(?=\W*$)", re.IGNORECASE)
_WHAT_DOES = re.compile(r"\bwhat (?:does|do|is|are)\b", re.IGNORECASE)


# Words that ask what something does, involves or how it works (« à quoi sert la CNIL ? », « que fait… », « en quoi
# consiste… », « comment ça marche ? », "how does Google work?"): the answer describes it, it seldom says « sert »
# or « marche » (searched, « marche » found « marché » and "work" « travail »).
_ROLE_ASKED = re.compile(r"\b(?:à|a) quoi (?:ça |cela )?(?:sert|servent)\b|\bque (?:fait|font)\b|"
                         r"\ben quoi (?:consiste|consistent)\b|"
                         r"\bqu['’](?:a|ont|avait|avaient)(?:-t-(?:il|elle|on)|-(?:ils|elles))? fait\b|"
                         r"\bcomment (?:ça |cela )?(?:marche|marchent|fonctionne|fonctionnent)\b", re.IGNORECASE)
# Words that ask what happened (« que s'est-il passé le 10 juin ? », "what happened in Minneapolis?"): the answer tells
# the event, it seldom says « passé » or "happened" (searched, « passé » was read as "pass" → « adopter »).
_EVENT_ASKED = re.compile(r"\bque s['’](?:est|était)-il passé\b|\bqu['’]est-ce qui s['’](?:est|était) passé\b|"
                          r"\bque se passe-t-il\b|\bqu['’]est-ce qui se passe\b|\bqu['’]est-il arrivé\b|"
                          r"\bqu['’]arrive-t-il\b|\bque (?:devient|deviennent)\b|"
                          r"\bwhat (?:has |had |will |would )?happen(?:s|ed)?\b|"
                          r"\bwhat(?: is|['’]s| was) (?:happening|going on)\b", re.IGNORECASE)
_HOW_DOES = re.compile(r"\bhow (?:does|do|did)\b", re.IGNORECASE)
_WORK_LAST = re.compile(r"\bwork(?=\W*$)", re.IGNORECASE)


# Words that ask what to do (« que faire ? », « comment faire ? », "what should be done?"): the answer says what
# to do, it seldom says « faire » or "do".
_ACTION_ASKED = re.compile(r"\b(?:que|quoi) (?:(?:dois|doit|doivent|faut|peux|puis|peut|peuvent|devons|devez|pouvons|"
                           r"pouvez)(?:[- ](?:je|on|il|ils|elle|elles|nous|vous|t-on|t-il|t-elle))? )?faire\b|"
                           r"\bwhat (?:(?:should|can|must|could|do|shall) (?:I|we|you|one|they) )?do\b|"
                           r"\bwhat (?:should|can|must|could|shall|is to) be done\b|"
                           r"\bwhat to do\b|"
                           # « comment faire ? », « comment faire pour… », not « comment faire des recherches »
                           r"\bcomment (?:(?:dois|doit|faut|peut|puis)-(?:je|on|il) )?faire(?=\s*(?:\?|$|pour\b))",
                           re.IGNORECASE)


def _role_words(question: str) -> list[re.Match[str]]:
    """The words of a question asking what something does or how it works ("how does it work?": "work"), what to
    do (« que faire ? »), what something stands for (« que signifie le sigle… ? ») or what happened."""
    found = list(_ROLE_ASKED.finditer(question)) + list(_ACTION_ASKED.finditer(question))
    found += _MEANING_ASKED.finditer(question)
    found += _EVENT_ASKED.finditer(question)
    work = _WORK_LAST.search(question)
    if work and _HOW_DOES.search(question, 0, work.start()):
        found.append(work)
    meaning = _MEANING_LAST.search(question)
    if meaning and _WHAT_DOES.search(question, 0, meaning.start()):
        found.append(meaning)
    return found


def _without_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The text with each span replaced by a space; spans may overlap ("what do" within "what do we call")."""
    pieces, end = [], 0
    for start, stop in sorted(spans):
        if start > end:
            pieces.append(text[end:start])
        end = max(end, stop)
    return " ".join([*pieces, text[end:]]) if spans else text


def without_kind_words(question: str, kind: str | None) -> str:
    """The question without the words that make a request (« dis-moi », "tell me about") or ask for its kind ("how
    long", "quel montant"), for a name ("what is the name of"), for what something does ("à quoi sert"), for what to
    do (« que faire ? »), for what something stands for (« que signifie… ») or for what happened (« que s'est-il
    passé ? »): they are not its subject; nor is « aller » making a near future (« va-t-il reprendre »), nor
    « selon l'article »."""
    for words in (_COVERAGE_NAMED, _NAME_ASKED, _REQUEST, _NEAR_FUTURE):
        question = words.sub(" ", question)
    question = _KIND_OF.sub(lambda found: found.group(1) or found.group(2), question)
    question = _without_spans(question, [(found.start(), found.end()) for found in _role_words(question)])
    if kind in ("how long", "how long since"):
        question = _LASTING.sub(" ", question)
    return _KINDS_QUALIFIED[kind].sub(" ", question) if kind in _KINDS_QUALIFIED else question


def question_kind(question: str) -> str | None:
    """'when', 'until when', 'how long', 'how long since', 'why', 'what share', 'how many', 'where' or 'name' when the
    question asks for a date, an end (a date or a condition), a duration (one that has run until now for 'how long
    since'), a reason, a share, a number, a place or what something is called; else None."""
    question = _REQUEST.sub(" ", question)  # « donne-moi la date de… » asks as « la date de… » does
    for name, pattern in _KINDS.items():
        if any(_asks_here(question, found) for found in pattern.finditer(question)):
            return name
    return "name" if _NAME_ASKED.search(question) or named_noun(question) else None


# What may come right before a question word that asks: a clause's start, a linking word ("et quand", "and
# why"), a preposition ("depuis quand", "in what year"), a verb of asking ("tell me when", "savoir combien") or
# « c'est » (« c'est quand… ? », « c'est où ? »).
_BEFORE_ASKING = re.compile(r"(?:^|[,:;(«\"“]|\b(?:et|mais|alors|donc|ou|depuis|dès|à|en|de|pour|par|jusqu['’]?|"
                            r"and|but|so|or|since|until|till|in|on|for|by|from|tell me|remind me|dis-moi|dites-moi|"
                            r"rappelle-moi|rappelez-moi|savoir|sais-tu|savez-vous|know|wonder|explain|expliquez|"
                            r"explique|"
                            r"c['’]est|c['’]était|c['’]étaient))"
                            # and an adverb that qualifies the question word ("exactly how many", « précisément quand »)
                            rf"(?:\s*{_QUALIFIER})?\s*$", re.IGNORECASE)


def _asks_here(question: str, found: re.Match[str]) -> bool:
    """Whether a kind's words ask, rather than join two clauses: "quand" in « quand Amazon… ? » or « …, quand ? »,
    not in « Comment utiliser le NIR quand on est assureur ? »."""
    return bool(_BEFORE_ASKING.search(question[:found.start()])) or not re.search(r"\w", question[found.end():])


def sentence_is_kind(kind: str | None, sentence: str, article: Article, counted: Sequence[Terms] = (),
                     related: Sequence[Terms] = (), asked: Sequence[Terms] = (),
                     stated: frozenset[str] = frozenset(), named: Sequence[Terms] = ()) -> bool:
    """Whether a sentence of an article holds what a question of this kind asks for; for "how many", a number of
    what is `counted` (the counted noun's index terms) when the question names it, or of a `related` noun (its
    synonyms) when the sentence never names it, and not one the question `stated` itself (stated_numbers); for
    "name", a name right after one of the question's words (`asked`, their index terms) that is not one of them, or
    when the question says what is named (`named`: its index terms), right after that."""
    if kind == "name":
        return _names_asked(sentence, asked, named)
    if kind == "when":
        return bool(read_dates(sentence, article))
    if kind == "why":
        return not reason_terms().isdisjoint(french_terms(sentence))
    if kind == "how many":
        # A text that never names what is counted may count it under a related name right after a number ("85 ONG"
        # for "how many organisations", "10 millions de dollars" for « combien d'argent »: synonyms are loose, so not
        # a few words on, "2 ans l'utilisation" does not count employees); one that names it elsewhere than after
        # its numbers ("les 85 ONG… les employés") counts something else.
        reach: int | None = COUNTED_REACH
        if counted and related and not _counts(sentence, counted, reach=None):
            counted, reach = related, 1
        sentence = _REFERENCE.sub(" ", sentence)
        for sign, word in _CURRENCY_SIGN.items():  # « 10 M$ », "$10 million": the currency after the number
            sentence = sentence.replace(sign, word)
        if not counted:
            # Nothing named is counted ("how much did Amazon pay?", « combien coûte… ? »): a duration ("depuis deux
            # ans") says how long, which a question asks with "how long" or counts by name ("how many years").
            sentence = _DURATION.sub(" ", sentence)
        own = single_terms(asked)
        return any(_counts(_MULTIPLIER.sub("", sentence[number.end():]), counted, reach, own)
                   for number in _NUMBER.finditer(sentence)
                   if not _dates_something(sentence, number) and _number_value(number.group()) not in stated)
    if kind == "what share":
        return bool(_SHARE.search(sentence))
    if kind == "where":
        return bool(_PLACE.search(sentence))
    if kind == "until when":
        return bool(_UNTIL.search(sentence))
    if kind == "how long since":
        return bool(_ELAPSED.search(sentence))
    if kind == "how long":
        return bool(_DURATION.search(_ELAPSED.sub(" ", sentence)))
    return False


# How far after a word of the question the name it is called by may come: « le logiciel Face API », « la
# technologie baptisée Rekognition », « l'entreprise de Jeff Bezos ».
NAME_REACH = 3


def _names_asked(sentence: str, asked: Sequence[Terms], named: Sequence[Terms] = ()) -> bool:
    """Whether a name that is not a word of the question comes right after one that is; when the question says what
    is named (`named`), right after that, past the question's other words and function words (« son logiciel de
    reconnaissance faciale Rekognition », not « le logiciel de Microsoft » nor « Microsoft, Brad Smith »)."""
    own = single_terms(asked)
    if named:
        return any(_names_noun(part, own, single_terms(named))
                   for part in sentences(sentence) or [sentence])
    tokens, stems = tokens_and_stems(sentence)
    return any(stems[n] in own and any(following[0].isupper() and stem not in own
                                       for following, stem in zip(tokens[n + 1:n + 1 + NAME_REACH],
                                                                  stems[n + 1:n + 1 + NAME_REACH]))
               for n in range(len(tokens)))


# What a company sells goes by several nouns in one article (« le logiciel Face API », « la technologie baptisée
# Rekognition », « son service cloud AWS »): a name asked of any of them may follow another ("what is Amazon's
# product called?", « comment s'appelle l'outil… ? »).
# Each counts as a related word of the others (0.5, as a synonym of a word the corpus never uses).
PRODUCT_NOUN_WEIGHT = 0.5
_PRODUCT_NOUNS = ("produit", "logiciel", "outil", "technologie", "service", "système", "solution", "application",
                  "programme", "plateforme")


def _product_terms() -> frozenset[str]:
    return frozenset(term for term, in _stems_of(_PRODUCT_NOUNS))


def named_product(noun: QueryWord) -> QueryWord:
    """The noun a name is asked of, with the other nouns of products as related words when it is one: a passage
    saying « le logiciel Rekognition » holds part of "what is Amazon's product called?"."""
    own = single_terms((*noun.forms, *(terms for terms, _ in noun.expansions)))
    if own.isdisjoint(_product_terms()):
        return noun
    others = tuple(((term,), PRODUCT_NOUN_WEIGHT) for term in sorted(_product_terms() - own))
    return replace(noun, expansions=(*noun.expansions, *others))


def described_and_named(sentence: str, asked: Sequence[Terms], named: Sequence[Terms]) -> bool:
    """Whether a sentence names what the question says is named as it describes it: the name after the noun and more
    of the question's words or a verb of naming (« son logiciel de reconnaissance faciale Rekognition », « la
    technologie baptisée Rekognition »), or in apposition; not in passing (« les clients du logiciel Rekognition »)."""
    own, nouns = single_terms(asked), single_terms(named)
    return any(_names_noun(part, own, nouns, described=True) for part in sentences(sentence) or [sentence])


def _names_noun(sentence: str, own: frozenset[str], nouns: frozenset[str], described: bool = False) -> bool:
    """Whether a sentence gives a name right after one of `nouns`, right before or after it in apposition (« A.Krishna,
    le CEO d'IBM », « le président de Microsoft, Brad Smith, »), or as part of one (« Amazon Web Services »); when
    `described`, only past more of the question's words or a verb of naming, or in apposition."""
    tokens, stems = tokens_and_stems(sentence)
    return any(_name_follows(tokens[n + 1:], stems[n + 1:], own - nouns if described else own, described)
               or (not described and _inside_a_name(tokens, n)) or _name_before(tokens[:n], stems[:n], own)
               for n, stem in enumerate(stems) if stem in nouns and not _owned_by_another(tokens[n + 1:n + 3],
                                                                                        stems[n + 1:n + 3], own)
               ) or _name_in_apposition(sentence, own, nouns)


def _inside_a_name(tokens: Sequence[str], n: int) -> bool:
    """Whether the noun at `n` is a word of a name, capitalised inside the sentence next to another capitalised word
    (« Amazon Web Services »), not a title alone (« un Président distinct »)."""
    return n > 0 and tokens[n].istitle() and any(1 <= m < len(tokens) and tokens[m][:1].isupper()
                                                  for m in (n - 1, n + 1))


def _name_in_apposition(sentence: str, own: frozenset[str], nouns: frozenset[str]) -> bool:
    """Whether a name stands alone between commas right after a phrase ending a few words past one of `nouns`
    (« le président des affaires juridiques de Microsoft, Brad Smith, a fait… »), or ends the phrase before a
    comma and the noun without its article (« Anne Hidalgo, maire de Paris »)."""
    parts = sentence.split(",")
    for phrase, following in zip(parts, parts[1:]):
        (before, before_stems), (after, after_stems) = tokens_and_stems(phrase), tokens_and_stems(following, 1)
        name = re.findall(r"[^\W_][\w.-]*", following)
        if (0 < len(name) <= 3 and all(word[0].isupper() for word in name)
                and not nouns.isdisjoint(before_stems[-APPOSITION_REACH:])
                and not own.issuperset(french_stem(word) for word in name)):
            return True
        if (before and before[-1].istitle() and before_stems[-1] not in own and after_stems
                and after_stems[0] in nouns and after[0].islower()):
            return True
    return False


# How far before the comma the noun may stand: « le président des affaires juridiques de Microsoft, Brad Smith ».
APPOSITION_REACH = 6


def _owned_by_another(after: Sequence[str], stems: Sequence[str], own: frozenset[str]) -> bool:
    """Whether the words after a noun make it another's than the question's (« le CEO d'IBM » asked of Amazon)."""
    return (len(after) == 2 and after[0].lower() in ("de", "d", "du", "of") and after[1][0].isupper()
            and stems[1] not in own)


def _name_before(tokens: Sequence[str], stems: Sequence[str], own: frozenset[str]) -> bool:
    """Whether the tokens before a noun end with a name then its article (« Brad Smith, le président »)."""
    if not tokens or tokens[-1].lower() not in ("le", "la", "l", "les", "un", "une", "the", "a", "an"):
        return False
    # An acronym there is more often a clause's end than an apposition (« …ne respecte pas le RGPD, le président »).
    return len(tokens) > 1 and tokens[-2].istitle() and stems[-2] not in own


def _name_follows(tokens: Sequence[str], stems: Sequence[str], own: frozenset[str], described: bool = False) -> bool:
    """Whether the first token that is neither a word of the question (`own`), a function word nor a verb of naming
    (« baptisée ») is a name, and not one a preposition makes the owner (« le CEO d'IBM »); when `described`, past
    at least one word of the question or verb of naming."""
    previous, past = "", False
    for token, stem in zip(tokens, stems):
        if stem in own or _NAMING.fullmatch(token):
            previous, past = token.lower(), True
            continue
        if token.lower() in FRENCH_STOPWORDS:
            previous = token.lower()
            continue
        return token[0].isupper() and previous not in ("de", "d", "du", "des") and (past or not described)
    return False


# Verbs that give a name: « la technologie baptisée Rekognition », « un outil appelé Clearview ».
_NAMING = re.compile(r"(?:baptis|appel|nomm|dénomm|surnomm|intitul)(?:é|ée|és|ées)|called|named|dubbed",
                     re.IGNORECASE)


def named_noun(question: str) -> str | None:
    """The noun whose name a question asks, as written in it, lower-cased: « comment s'appelle le logiciel de… »
    → logiciel, "what is the name of Amazon's facial recognition product used by…" → product, "what is Amazon's
    product called?" → product; None for another question or no such noun ("which agency is called…?")."""
    found = _NAME_ASKED.search(question) or next((found for found in _HOLDER_ASKED.finditer(question)
                                                  if _asks_here(question, found)), None)
    if found is None:
        return None
    if found.group().lower().endswith("called"):
        if re.search(r"\w", question[found.end():]):
            return None  # "which agency is called the immigration police?" gives what it is called
        before = _NAME_WORD.findall(question[:found.start()])
        return before[-1].lower() if before and before[-1].lower() not in ENGLISH_STOPWORDS else None
    after = _NAME_WORD.findall(re.split(r"[?!.;:,(]", question[found.end():])[0])
    holder = found.group().lower().startswith(("who", "qui"))
    if holder and not (after and (after[0].lower() in _DETERMINERS or after[0].lower().endswith(("'s", "’s")))):
        return None  # "who is Brad Smith?", "who is allowed to…?", « qui est autorisé à… ? » ask no holder's name
    if found.group().lower().startswith(("what", "who")):
        # English puts the noun last in its phrase ("Amazon's facial recognition product"), before a verb, a
        # relative word or a name starting a clause ("the software Microsoft sells").
        phrase: list[str] = []
        for n, word in enumerate(after):
            if word.lower() in ENGLISH_STOPWORDS or word.lower().endswith("ed") or (
                    word[:1].isupper() and not (not phrase and _role_acronym(after, n))):
                if phrase:
                    break
                continue
            phrase.append(word.lower())
        if holder and any(word.endswith("ing") for word in phrase):
            return None  # "who was IBM's CEO aiming at?" asks whom the CEO aimed at
        return phrase[-1] if phrase else None
    # French puts it first (« le logiciel de reconnaissance faciale »), after the few adjectives that come before
    # a noun (« l'actuelle présidente »).
    n = next((n for n, word in enumerate(after)
              if word.lower() not in FRENCH_STOPWORDS and word.lower() not in _BEFORE_NOUN), None)
    if n is None or (holder and after[n][:1].isupper() and not _role_acronym(after, n)):
        return None
    return after[n].lower()


_DETERMINERS = frozenset({"the", "a", "an", "le", "la", "l", "les", "un", "une"})
_BEFORE_NOUN = frozenset({"actuel", "actuelle", "nouveau", "nouvel", "nouvelle", "ancien", "ancienne", "futur",
                          "future", "premier", "première", "vrai", "vraie", "véritable", "seul", "seule"})


def _role_acronym(words: Sequence[str], n: int) -> bool:
    """Whether a word in capitals names a role rather than a party: after an owner or before one ("Amazon's CEO",
    "the CEO of IBM", « le PDG d'IBM »), not alone ("who is the ACLU?", « qui est la CNIL ? »)."""
    word = words[n]
    owner_before = n > 0 and words[n - 1].lower().endswith(("'s", "’s"))
    owner_after = n + 1 < len(words) and words[n + 1].lower() in ("of", "de", "d", "du", "des")
    return word.isupper() and (owner_before or owner_after)


_NAME_WORD = re.compile(r"[^\W\d_][\w-]*(?:['’]s\b)?")


def counted_noun(question: str, kind: str | None,
                 words: Sequence[QueryWord]) -> tuple[tuple[Terms, ...], tuple[Terms, ...]]:
    """The index terms of the noun a "how many" question counts and those of its related words (its synonyms and
    cognates); a currency's when it asks a sum ("how much did Amazon pay?": sum_forms), years' for an age;
    ((), ()) when it names nothing counted (« combien étaient… ? »)."""
    if kind != "how many":
        return (), ()
    named = _COUNTED.search(question)
    # The noun may open a phrase translated as one ("how many police departments": "police departments").
    noun = None if named is None else next((w for w in words if w.surface.split()[0] == named.group(1).lower()),
                                           None)
    if noun is not None and noun.surface not in _MONEY:
        return noun.forms, tuple(terms for terms, _ in noun.expansions)
    if _AGE_ASKED.search(question):  # "how old was he?" is answered by « 46 ans », not « deux semaines »
        return _stems_of(_YEARS), ()
    return (sum_forms(), ()) if _SUM_ASKED.search(question) else ((), ())


def stated_numbers(question: str) -> frozenset[str]:
    """The numbers a question states (« parmi les 28 élus, combien… ? »): what it gives, so not what it asks."""
    return frozenset(_number_value(number.group()) for number in _NUMBER.finditer(question))


def _number_value(number: str) -> str:
    """A number as written, without its digit grouping ("1 000", "1,000" → "1000") or case."""
    return re.sub(r"(?<=\d)[.,\s](?=\d{3}\b)", "", number).lower()


def _dates_something(text: str, number: re.Match[str]) -> bool:
    """Whether a number found in a text is part of a date (a day before its month, a year after one)."""
    if _DAY_NUMBER.match(text, number.start()):
        return True
    # Only the few words before it: a month's name is at most 9 letters.
    before = text[max(0, number.start() - 20):number.start()]
    return bool(_YEAR.fullmatch(number.group()) and _BEFORE_YEAR.search(before))


def _counts(after_number: str, counted: Sequence[Terms], reach: int | None = COUNTED_REACH,
            own: frozenset[str] | None = None) -> bool:
    """Whether the words right after a number (the first `reach`, or all) name what is counted (anything, when
    nothing is named), and, given the question's own terms, not as another's (« 28 membres du Congrès » asked
    « combien de membres compte l'ACLU ? »)."""
    if not counted:
        return True
    words = after_number.split()
    read: dict[int | None, set[str]] = {}

    def within(form: Terms) -> set[str]:  # a several-word form reaches as far as its words and those between
        span = None if reach is None else reach + 2 * (len(form) - 1)
        if span not in read:
            read[span] = set(french_terms(" ".join(words[:span])))
        return read[span]

    if not any(all(t in within(form) for t in form) for form in counted):
        return False
    if own is None:
        return True
    tokens, stems = tokens_and_stems(after_number, (reach or 0) + 3)
    nouns = single_terms(counted)
    return not any(stem in nouns and _owned_by_another(tokens[n + 1:n + 3], stems[n + 1:n + 3], own)
                   for n, stem in enumerate(stems))


@dataclass(frozen=True)
class ParsedQuestion:
    """A question made ready for search: cleaned text, asked kind, language and content words."""

    text: str
    kind: str | None
    language: str
    words: tuple[QueryWord, ...]
    counted: tuple[Terms, ...] = ()  # for "how many employees", the forms of the noun counted (index terms)
    counted_related: tuple[Terms, ...] = ()  # and of its synonyms, for a text that never names it
    named: tuple[Terms, ...] = ()  # for "what is the software called?", the forms of the noun named and its synonyms

    @property
    def forms(self) -> list[Terms]:
        """Every form of every word of the question (index terms)."""
        return [form for word in self.words for form in word.forms]

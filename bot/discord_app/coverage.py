"""What the bot answers from, built in one go at start and on /reload: the answering core and the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..answer import Answerer
from ..timeline import Entities, Event, build_timeline, load_entities


@dataclass(frozen=True)
class Coverage:
    """The answering core and the timeline of the same articles; replaced whole, never changed in place."""

    answerer: Answerer
    entities: Entities
    events: tuple[Event, ...]

    @classmethod
    def load(cls, corpus_dir: Path) -> "Coverage":
        """Load the corpus and build its timeline (seconds at 1,000 articles: call it off the event loop)."""
        answerer = Answerer.from_corpus_dir(corpus_dir)
        entities = load_entities(corpus_dir)
        return cls(answerer, entities, tuple(build_timeline(answerer.articles, entities)))

    @cached_property
    def actor_names(self) -> tuple[str, ...]:
        """The actors that events name, in the entity list's order (what /timeline's company offers)."""
        named = {actor for event in self.events for actor in event.actors}
        return tuple(name for name in self.entities.names if name in named)

    def matching_actors(self, typed: str) -> list[str]:
        """Actors containing what is typed, those starting with it first."""
        typed = typed.casefold().strip()
        names = [n for n in self.actor_names if typed in n.casefold()]
        return sorted(names, key=lambda n: not n.casefold().startswith(typed))

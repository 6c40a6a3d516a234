"""What the bot answers from, built in one go at start and on /reload: the answering core and the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..answer import Answerer
from ..semantic import Embedder
from ..timeline import Entities, Event, build_timeline, company_choices


@dataclass(frozen=True)
class Coverage:
    """The answering core and the timeline of the same articles; replaced whole, never changed in place."""

    answerer: Answerer
    entities: Entities
    events: tuple[Event, ...]

    @classmethod
    def load(cls, corpus_dir: Path, semantic: str = "off", embedder: Embedder | None = None) -> "Coverage":
        """Load the corpus and build its timeline (seconds at 1,000 articles: call it off the event loop).

        `semantic` as in `Answerer.from_corpus_dir`: "on" and "auto" compute the missing passage vectors now."""
        answerer = Answerer.from_corpus_dir(corpus_dir, semantic=semantic, embedder=embedder)
        answerer.index.kernels  # a large corpus's compiled ranking loaded now, not with the first question
        return cls(answerer, answerer.entities, tuple(build_timeline(answerer.articles, answerer.entities)))

    def company_choices(self, typed: str) -> list[tuple[str, str]]:
        """(label, value) pairs for what is typed in /timeline's company: actors, their people and spellings."""
        return company_choices(self.entities, self.events, typed)

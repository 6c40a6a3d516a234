"""What readers thought of the answers, and the questions the coverage could not answer, kept in SQLite.

The file lives in the data folder (DATA_DIR), never in the corpus folder. No user is recorded: each row is a
question (with the passage shown and the server it was asked in) and a count. The host reads it with
`python -m bot feedback` to learn which articles to add.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from contextlib import closing
from dataclasses import asdict, dataclass
from pathlib import Path

DATABASE = "feedback.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS declined (
    question_key TEXT NOT NULL, question TEXT NOT NULL, passage TEXT NOT NULL, guild TEXT NOT NULL,
    count INTEGER NOT NULL, last_asked TEXT NOT NULL,
    PRIMARY KEY (question_key, passage, guild));
CREATE TABLE IF NOT EXISTS votes (
    question_key TEXT NOT NULL, question TEXT NOT NULL, passage TEXT NOT NULL, article TEXT NOT NULL,
    guild TEXT NOT NULL, helpful INTEGER NOT NULL, wrong INTEGER NOT NULL, last_vote TEXT NOT NULL,
    PRIMARY KEY (question_key, passage, guild));
"""


class FeedbackError(Exception):
    """The feedback file cannot be opened or written; the message says which and why."""


@dataclass(frozen=True)
class Declined:
    """A question the coverage did not answer, how often it was asked, and in how many servers."""

    question: str
    count: int
    servers: int
    closest: str


@dataclass(frozen=True)
class MarkedWrong:
    """An answer readers marked wrong: the question, the passage shown, its article and the votes."""

    question: str
    passage: str
    article: str
    wrong: int
    helpful: int


@dataclass(frozen=True)
class Report:
    """Everything `python -m bot feedback` shows, most frequent first."""

    declined: list[Declined]
    marked_wrong: list[MarkedWrong]

    def to_json(self) -> dict:
        """Plain data for `feedback --json`."""
        return {"declined": [asdict(d) for d in self.declined], "marked_wrong": [asdict(m) for m in self.marked_wrong]}


def question_key(question: str) -> str:
    """Questions that differ only in case, spacing or final punctuation count as one."""
    return re.sub(r"[\s?!.…]+$", "", " ".join(question.casefold().split()))


class FeedbackStore:
    """The feedback file of one data folder; each call opens its own connection, so threads and processes may share it."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / DATABASE

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=10)
            connection.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as error:
            raise FeedbackError(f"cannot open the feedback file {self.path}: {error}") from None
        return connection

    def _write(self, statement: str, values: tuple) -> None:
        try:
            with closing(self._connect()) as connection, connection:
                connection.execute(statement, values)
        except sqlite3.Error as error:
            raise FeedbackError(f"cannot write the feedback file {self.path}: {error}") from None

    def record_declined(self, question: str, closest: str, guild: int | None) -> None:
        """Count one asking of a question the coverage did not answer (`closest`: the passage offered, or "")."""
        self._write(
            "INSERT INTO declined VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (question_key, passage, guild) DO UPDATE "
            "SET count = count + 1, question = excluded.question, last_asked = excluded.last_asked",
            (question_key(question), question, closest, str(guild or ""), _now()))

    def record_vote(self, question: str, passage: str, article: str, guild: int | None, helpful: bool) -> None:
        """Count one 👍 (helpful) or 👎 (wrong) on the passage shown as the answer to a question."""
        self._write(
            "INSERT INTO votes VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (question_key, passage, guild) DO UPDATE "
            "SET helpful = helpful + excluded.helpful, wrong = wrong + excluded.wrong, question = excluded.question, "
            "last_vote = excluded.last_vote",
            (question_key(question), question, passage, article, str(guild or ""), int(helpful), int(not helpful),
             _now()))

    def report(self, limit: int = 50) -> Report:
        """The declined questions and the answers marked wrong, most frequent first."""
        if not self.path.exists():
            return Report([], [])
        with closing(self._connect()) as connection:
            declined = connection.execute(
                "SELECT question, SUM(count) AS n, COUNT(DISTINCT guild), MAX(passage) FROM declined "
                "GROUP BY question_key ORDER BY n DESC, MAX(last_asked) DESC LIMIT ?", (limit,)).fetchall()
            wrong = connection.execute(
                "SELECT question, passage, article, SUM(wrong) AS n, SUM(helpful) FROM votes "
                "GROUP BY question_key, passage HAVING n > 0 ORDER BY n DESC, MAX(last_vote) DESC LIMIT ?",
                (limit,)).fetchall()
        return Report([Declined(*row) for row in declined], [MarkedWrong(*row) for row in wrong])


def format_report(report: Report, path: Path) -> str:
    """The report for a terminal."""
    if not report.declined and not report.marked_wrong:
        return f"No feedback yet ({path})."
    lines = ["Questions the coverage could not answer (most asked first):"]
    lines += [f"{d.count:>5}  {d.question}" + (f"  [{d.servers} servers]" if d.servers > 1 else "")
              for d in report.declined] or ["    none"]
    lines += ["", "Answers marked wrong (most first):"]
    for m in report.marked_wrong:
        passage = m.passage if len(m.passage) <= 100 else m.passage[:100].rsplit(" ", 1)[0] + "…"
        lines += [f"{m.wrong:>5} wrong, {m.helpful} helpful  {m.question}", f"       « {passage} » (article {m.article})"]
    if not report.marked_wrong:
        lines.append("    none")
    return "\n".join(lines)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")

"""Adding articles to the corpus from plain text, Markdown or saved HTML files, without editing code."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

import yaml

from .analysis import detect_language, fold
from .corpus import Article, CorpusError, article_dir, check_corpus, parse_article, parse_date, split_paragraphs

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm")
# Two texts are the same article when this share of the shorter one's five-word runs is in the other
# (a re-scraped copy with a sidebar or comments still matches the clean article).
DUPLICATE_SIMILARITY = 0.8
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.DOTALL)
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d-[01]\d-[0-3]\d)\b")


class IngestError(ValueError):
    """A file that cannot become an article; the message says what could not be established."""


@dataclass(frozen=True)
class Draft:
    """What a document says about itself, before it becomes an article file."""

    source: str
    paragraphs: tuple[str, ...]
    title: str = ""
    outlet: str = ""
    date: str = ""
    url: str = ""
    language: str = ""
    date_basis: str = ""


@dataclass
class Summary:
    """The outcome of adding files: which were added, already present, or refused and why."""

    added: list[tuple[str, str]] = field(default_factory=list)
    present: list[tuple[str, str]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """A readable report, one line per file, then the counts."""
        out = [f"added {name} as {id}" for name, id in self.added]
        out += [f"already present: {name} is article {id}" for name, id in self.present]
        out += [f"refused {name}: {reason}" for name, reason in self.refused]
        out.append(f"{len(self.added)} added, {len(self.present)} already present, {len(self.refused)} refused")
        return out


def _html_draft(path: Path, text: str) -> Draft:
    import trafilatura

    document = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False)
    if document is None:
        raise IngestError("no article text found in the HTML")
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    title = (data.get("title") or "").strip()
    paragraphs = [p.strip() for p in (data.get("text") or "").splitlines() if p.strip()]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    date = data.get("date") or ""
    return Draft(source=path.name, paragraphs=tuple(paragraphs), title=title,
                 outlet=(data.get("sitename") or data.get("hostname") or "").strip(), date=date,
                 url=(data.get("url") or "").strip(), language=(data.get("language") or "").strip(),
                 date_basis="Read from the page's metadata by trafilatura." if date else "")


def _markdown_draft(path: Path, text: str) -> Draft:
    meta: dict = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            meta = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError:
            raise IngestError("its front matter is not valid YAML") from None
        text = text[match.end():]
    title = str(meta.get("title") or "")
    heading = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
    if not title and heading:
        title = heading.group(1).strip()
    date = meta.get("date") or ""
    return Draft(source=path.name, paragraphs=split_paragraphs(text), title=title, outlet=str(meta.get("outlet") or ""),
                 date=str(date), url=str(meta.get("url") or ""), language=str(meta.get("language") or ""),
                 date_basis=str(meta.get("date_basis") or ("Given in the file's front matter." if date else "")))


def _text_draft(path: Path, text: str) -> Draft:
    blocks = split_paragraphs(text) if re.search(r"\n\s*\n", text) else tuple(
        line.strip() for line in text.splitlines() if line.strip())
    title = ""
    if len(blocks) > 1 and len(blocks[0]) <= 200 and not blocks[0].endswith((".", "!", "?", "»", '"')):
        title, blocks = blocks[0], blocks[1:]
    head = " ".join(text.splitlines()[:3])
    dated = _ISO_DATE.search(head)
    return Draft(source=path.name, paragraphs=tuple(blocks), title=title, date=dated.group(1) if dated else "",
                 date_basis="An ISO date at the top of the file." if dated else "")


def read_draft(path: Path) -> Draft:
    """Read what a file says about its article: text, and whatever metadata it carries."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(f"unsupported file type {suffix or '(none)'}; use {', '.join(SUPPORTED)}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise IngestError("not UTF-8 text") from None
    if suffix in (".html", ".htm"):
        return _html_draft(path, text)
    if suffix in (".md", ".markdown"):
        return _markdown_draft(path, text)
    return _text_draft(path, text)


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    tokens = re.findall(r"\w+", fold(text))
    return {tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))}


def _similarity(a: set, b: set) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:50].rstrip("-") or "article"


def _next_id(taken: Iterable[str]) -> str:
    numbers = [int(i) for i in taken if i.isdigit()]
    return f"{max(numbers, default=-1) + 1:03d}"


def article_text(draft: Draft, article_id: str) -> str:
    """The corpus file for a draft: YAML front matter, then paragraphs separated by blank lines."""
    meta = {"id": article_id, "outlet": draft.outlet, "title": draft.title, "date": draft.date,
            "date_basis": draft.date_basis, "url": draft.url, "language": draft.language, "seed": draft.source}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n" + "\n\n".join(draft.paragraphs) + "\n"


def complete(draft: Draft, overrides: dict[str, str]) -> Draft:
    """Apply command-line values, guess the language, and refuse what cannot be established."""
    given = {key: value for key, value in overrides.items() if value}
    if "date" in given:
        given["date_basis"] = "Given on the command line (--date)."
    draft = replace(draft, **given)
    if not draft.language and draft.paragraphs:
        draft = replace(draft, language=detect_language(" ".join(draft.paragraphs)))
    missing = [name for name, value in (("text", draft.paragraphs), ("date", draft.date),
                                        ("outlet", draft.outlet), ("title", draft.title)) if not value]
    if missing:
        hint = ", ".join(f"--{name}" for name in missing if name != "text")
        raise IngestError(f"no {' and no '.join(missing)} in the document" + (f"; give {hint}" if hint else ""))
    try:
        return replace(draft, date=parse_date(draft.date, draft.source))
    except CorpusError as error:
        raise IngestError(str(error).split(": ", 1)[1]) from None


def expand(paths: Sequence[Path]) -> list[Path]:
    """Files as given, folders as every supported file in them (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED))
        else:
            files.append(path)
    return files


def add_articles(paths: Sequence[Path], corpus_dir: Path, overrides: dict[str, str] | None = None,
                 progress: Callable[[int, int, str], None] | None = None) -> Summary:
    """Add each file as a new article; never overwrite, report duplicates and refusals."""
    existing, problems = check_corpus(corpus_dir)
    if problems and not existing and not article_dir(corpus_dir).is_dir():
        raise IngestError(problems[0])
    known: list[tuple[Article | str, set, str]] = [(a, _shingles(" ".join(a.paragraphs)), a.url) for a in existing]
    taken = {a.id for a in existing} | {p.name.split("-", 1)[0] for p in article_dir(corpus_dir).glob("*.md")}
    summary = Summary()
    files = expand(paths)
    for number, path in enumerate(files, 1):
        if progress:
            progress(number, len(files), path.name)
        try:
            if not path.exists():
                raise IngestError("no such file")
            draft = complete(read_draft(path), overrides or {})
            shingles = _shingles(" ".join(draft.paragraphs))
            twin = next((a for a, s, url in known if (draft.url and url == draft.url)
                         or _similarity(shingles, s) >= DUPLICATE_SIMILARITY), None)
            if twin is not None:
                summary.present.append((path.name, twin.id if isinstance(twin, Article) else twin))
                continue
            article_id = _next_id(taken)
            target = article_dir(corpus_dir) / f"{article_id}-{_slug(draft.outlet + ' ' + draft.title)}.md"
            text = article_text(draft, article_id)
            parse_article(text, target)  # the file must load before it is written
            with open(target, "x", encoding="utf-8") as handle:  # never overwrite
                handle.write(text)
        except (IngestError, CorpusError, OSError) as error:
            summary.refused.append((path.name, str(error)))
            continue
        taken.add(article_id)
        known.append((article_id, shingles, draft.url))
        summary.added.append((path.name, article_id))
    return summary


def progress_bar(done: int, total: int, name: str, width: int = 30) -> None:
    """A one-line progress bar on stderr."""
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:<40}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()

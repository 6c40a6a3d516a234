"""Adding articles to the corpus from plain text, Markdown or saved HTML files, without editing code."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence
from urllib.parse import quote

from .analysis import detect_language, fold
from .corpus import (Article, CorpusError, article_dir, check_corpus, corpus_lock, load_front_matter, parse_article,
                     parse_date, read_regular_file, split_paragraphs, without_controls)
from .reading import analysis_problem

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm")
# Larger files are refused unless the limit is raised (--max-size): a 50 MB saved page took trafilatura 230 s
# and 1.5 GB; an article, even with its page around it, is far smaller.
DEFAULT_MAX_BYTES = 5_000_000
# What a link may hold unencoded in a citation (RFC 3986 without the characters Markdown gives a meaning to).
_URL_SAFE = "/:?#@!$&+,;=%~-._"
_OPTIONS = {"language": "lang"}  # a Draft field's command-line option, where the names differ
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
    notes: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """A readable report, one line per file, then the counts."""
        out = [f"added {name} as {id}" + (f" ({self.notes[name]})" if name in self.notes else "")
               for name, id in self.added]
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
        meta = load_front_matter(match.group(1)) or {}
        if not isinstance(meta, dict):
            raise IngestError("its front matter must be a list of 'field: value' lines")
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


def decode(data: bytes) -> str:
    """The text of a file: UTF-8, or UTF-16/UTF-8 with a byte-order mark, else Windows-1252/Latin-1."""
    for mark, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(mark):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise IngestError(f"not {encoding.upper()} text, though it starts as such") from None
    if b"\x00" in data:
        raise IngestError("not text (binary data)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:  # Windows-1252 is Latin-1 with typographic quotes where Latin-1 has controls
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def read_draft(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, follow_symlinks: bool = False,
               within: Path | None = None) -> Draft:
    """Read what a file says about its article: text, and whatever metadata it carries.

    Only regular files are read, up to `max_bytes`; a symbolic link only with `follow_symlinks`, and never to
    outside the folder `within` it was found in.
    """
    suffix = path.suffix.lower()
    if follow_symlinks and within is not None and not _inside(path, within):
        raise IngestError(f"points outside {within}")
    if suffix not in SUPPORTED:
        raise IngestError(f"unsupported file type {suffix or '(none)'}; use {', '.join(SUPPORTED)}")
    try:
        data = read_regular_file(path, max_bytes, follow_symlinks)
    except CorpusError as error:
        hint = {"is a symbolic link": "; give --follow-symlinks to read it"}.get(str(error), "")
        hint = "; give --max-size to raise it" if "limit" in str(error) else hint
        raise IngestError(f"{error}{hint}") from None
    text = without_controls(decode(data))
    if suffix in (".html", ".htm"):
        return _html_draft(path, text)
    if suffix in (".md", ".markdown"):
        return _markdown_draft(path, text)
    return _text_draft(path, text)


def _inside(path: Path, folder: Path) -> bool:
    """Whether a path, links resolved, is in a folder (links resolved)."""
    real, root = os.path.realpath(path), os.path.realpath(folder)
    return os.path.commonpath([real, root]) == root


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
    import yaml  # here: the command line imports this module for its progress bar, and needs no YAML to answer

    meta = {"id": article_id, "outlet": draft.outlet, "title": draft.title, "date": draft.date,
            "date_basis": draft.date_basis, "url": draft.url, "language": draft.language, "seed": draft.source}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n" + "\n\n".join(draft.paragraphs) + "\n"


def safe_url(url: str) -> str:
    """A link with the characters Markdown gives a meaning to (brackets, parentheses, '*'…) percent-encoded."""
    return quote(url.strip(), safe=_URL_SAFE)


def complete(draft: Draft, overrides: dict[str, str]) -> tuple[Draft, str]:
    """Fill what the document lacks from the command line, guess the language, refuse what cannot be established.

    Returns the completed draft and a note when an option was set aside because the document states the value.
    """
    given = {key: value for key, value in overrides.items() if value and not getattr(draft, key)}
    set_aside = [f"{key} {getattr(draft, key)} over --{_OPTIONS.get(key, key)} {value}"
                 for key, value in overrides.items() if value and getattr(draft, key) not in ("", value)]
    note = "kept the document's " + ", ".join(set_aside) if set_aside else ""
    if "date" in given:
        given["date_basis"] = "Given on the command line (--date)."
    draft = replace(draft, **given)
    texts = {f.name: without_controls(getattr(draft, f.name)).strip() for f in fields(Draft)
             if f.name not in ("paragraphs", "url")}
    draft = replace(draft, **texts, url=safe_url(draft.url) if draft.url else "",
                    paragraphs=tuple(p for p in (without_controls(p).strip() for p in draft.paragraphs) if p))
    if not draft.language and draft.paragraphs:
        draft = replace(draft, language=detect_language(" ".join(draft.paragraphs)))
    missing = [name for name, value in (("text", draft.paragraphs), ("date", draft.date),
                                        ("outlet", draft.outlet), ("title", draft.title)) if not value]
    if missing:
        hint = ", ".join(f"--{name}" for name in missing if name != "text")
        raise IngestError(f"no {' and no '.join(missing)} in the document" + (f"; give {hint}" if hint else ""))
    try:
        return replace(draft, date=parse_date(draft.date, draft.source)), note
    except CorpusError as error:
        raise IngestError(str(error).split(": ", 1)[1]) from None


def expand(paths: Sequence[Path], follow_symlinks: bool = False) -> list[tuple[Path, Path | None]]:
    """Files as given, folders as every supported file in them (sorted), each with the folder it was found in.

    Links in a folder are listed (to be refused, or confined to the folder when followed); a linked folder is
    entered only when links are followed and it lies inside the folder given.
    """
    files: list[tuple[Path, Path | None]] = []
    for path in paths:
        if not path.is_dir():
            files.append((path, None))
            continue
        found, stack, seen = [], [path], set()
        while stack:
            folder = stack.pop()
            if os.path.realpath(folder) in seen:
                continue
            seen.add(os.path.realpath(folder))
            try:
                entries = list(os.scandir(folder))
            except OSError as error:
                raise IngestError(f"cannot read the folder {folder}: {error.strerror}") from None
            for entry in entries:
                entry_path = Path(entry.path)
                if entry.is_dir() and not (entry.is_symlink() and not (follow_symlinks and _inside(entry_path, path))):
                    stack.append(entry_path)
                elif entry.is_symlink() or entry_path.suffix.lower() in SUPPORTED:
                    found.append(entry_path)
        files.extend((p, path) for p in sorted(found))
    return files


def add_articles(paths: Sequence[Path], corpus_dir: Path, overrides: dict[str, str] | None = None,
                 progress: Callable[[int, int, str], None] | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 follow_symlinks: bool = False, waiting: Callable[[], None] | None = None) -> Summary:
    """Add each file as a new article; never overwrite, report duplicates and refusals.

    The corpus folder is locked for the whole run, so adders in other processes wait (`waiting` is called if
    they must) instead of giving two articles the same id.
    """
    if not article_dir(corpus_dir).is_dir():
        raise IngestError(f"{article_dir(corpus_dir)}: corpus folder not found")
    files = expand(paths, follow_symlinks)
    summary = Summary()
    with corpus_lock(corpus_dir, waiting):
        existing, _ = check_corpus(corpus_dir)
        known: list[tuple[Article | str, set, str]] = [(a, _shingles(" ".join(a.paragraphs)), a.url)
                                                       for a in existing]
        taken = {a.id for a in existing} | {p.name.split("-", 1)[0] for p in article_dir(corpus_dir).glob("*.md")}
        for number, (path, folder) in enumerate(files, 1):
            if progress:
                progress(number, len(files), path.name)
            try:
                if not os.path.lexists(path):
                    raise IngestError("no such file")
                draft, note = complete(read_draft(path, max_bytes, follow_symlinks, folder), overrides or {})
                shingles = _shingles(" ".join(draft.paragraphs))
                twin = next((a for a, s, url in known if (draft.url and url == draft.url)
                             or _similarity(shingles, s) >= DUPLICATE_SIMILARITY), None)
                if twin is not None:
                    summary.present.append((path.name, twin.id if isinstance(twin, Article) else twin))
                    continue
                article_id = _next_id(taken)
                target = article_dir(corpus_dir) / f"{article_id}-{_slug(draft.outlet + ' ' + draft.title)}.md"
                text = article_text(draft, article_id)
                problem = analysis_problem(parse_article(text, target))  # it must load before it is written
                _create(target, text)
            except (IngestError, CorpusError, OSError) as error:
                summary.refused.append((path.name, str(error)))
                continue
            taken.add(article_id)
            known.append((article_id, shingles, draft.url))
            summary.added.append((path.name, article_id))
            if note or problem:  # added all the same: a failing analysis is contained to the article
                summary.notes[path.name] = "; ".join(n for n in (note, problem and problem.split(": ", 1)[1]) if n)
    return summary


def _create(target: Path, text: str) -> None:
    """Write a new file whole or not at all, never over an existing one (a reader never sees half an article)."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")  # not '*.md': never read as an article
    try:
        with open(partial, "x", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(partial, target)  # fails if the target exists
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: still exclusive, written in one go
            with open(target, "x", encoding="utf-8") as handle:
                handle.write(text)
    finally:
        partial.unlink(missing_ok=True)


def progress_bar(done: int, total: int, name: str, width: int = 30) -> None:
    """A one-line progress bar on stderr."""
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {without_controls(name)[:40]:<40}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()

"""The corpus: one Markdown file per article, metadata in a YAML front matter, validated on load."""

from __future__ import annotations

import datetime as dt
import fnmatch
import functools
import hashlib
import marshal
import mmap
import os
import re
import stat
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence, overload
from urllib.parse import urlsplit

from .workers import in_processes, usable_cores

ARTICLE_GLOB = "*.md"
REQUIRED_FIELDS = ("id", "outlet", "title", "date", "language")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2}$")
# Characters a link never needs unencoded and that break Markdown or a terminal: a citation's `url` may not hold
# them ("https://a.example/x)**[PHISH](https://evil.example)" would render as a second link on Discord).
_URL_UNSAFE = re.compile(r"[\s()\[\]<>*`\"'{}|\\^\x00-\x1f\x7f-\x9f]")
_URL_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
                       r"[A-Za-z0-9])?\.?$")
# Terminal escape sequences (CSI "ESC [ … m", OSC "ESC ] … BEL", two-character ones), then any other control
# character but newline and tab, and the bidirectional overrides that make text display other than it reads.
_CONTROLS = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]"
                       r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
LOCK_FILE = ".lock"
# The folder beside the articles where what is derived from them is saved (the index, the parsed articles).
INDEX_FOLDER = ".index"
PARSED_FILE = "articles.marshal"
PARSED_FORMAT = 3
# From this many files to read, worker processes read them (starting them costs about what reading 1,000 does),
# this many files to a piece of work.
PARALLEL_FILES = 5_000
CHUNK_FILES = 1_000
# A file modified this close before the parse was saved is read again: its modification time may not show a change
# made within the file system's clock resolution.
RECENT_CHANGE_NS = 2_000_000_000
MAX_FRONT_MATTER_DEPTH = 20
_SHALLOW_CHARS = 1000  # a text this short cannot nest deep enough to matter
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.DOTALL)


class CorpusError(ValueError):
    """A corpus file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Article:
    """One article of the coverage: its metadata and its paragraphs (article text only)."""

    id: str
    outlet: str
    title: str
    date: str  # ISO date at the precision the text allows: YYYY, YYYY-MM or YYYY-MM-DD
    language: str
    paragraphs: tuple[str, ...]  # or, from the saved parse, SavedParagraphs: read when first needed
    url: str = ""
    seed: str = ""
    title_original: bool = True
    date_basis: str = ""
    # The file it was read from, as text: a start from the saved parse makes 100,000s of these, and a Path costs more.
    path: str | None = field(default=None, compare=False)
    # index_digest() once known: saved with the parse, or computed when the file was read (None: not yet)
    saved_digest: bytes | None = field(default=None, compare=False, repr=False)

    def index_digest(self) -> bytes:
        """A digest of what an index is made of in this article (its id, date and paragraphs): any change to them
        changes it, a new title or link does not."""
        if self.saved_digest is not None:
            return self.saved_digest
        digest = hashlib.sha256()
        for piece in (self.id, self.date, str(len(self.paragraphs)), *self.paragraphs):  # each length-prefixed
            encoded = piece.encode("utf-8", "surrogatepass")
            digest.update(b"%d:" % len(encoded))
            digest.update(encoded)
        return digest.digest()

    @property
    def display_title(self) -> str:
        """The headline, marked when the scrape lost the original and the corpus wrote one."""
        return self.title if self.title_original else f"{self.title} (titre reconstitué)"

    def citation(self) -> dict[str, str]:
        """The article's metadata as plain data, the way answers cite it."""
        return {
            "id": self.id,
            "outlet": self.outlet,
            "title": self.display_title,
            "date": self.date,
            "url": self.url,
            "language": self.language,
        }


@functools.cache
def _yaml_loaders() -> tuple[type, type]:
    """The YAML loader for front matter, and the plain safe one (its base) for measuring nesting.

    Made at first use: answering from the saved parse reads no front matter, and importing PyYAML was a tenth of
    the command line's start.
    """
    import yaml

    # libyaml's loader when PyYAML was built with it (its wheels are): ten times faster on large corpora.
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class FrontMatterLoader(base):  # type: ignore[misc, valid-type]
        """The safe YAML loader, refusing aliases (an 'alias bomb' expands 900 bytes into gigabytes) and keeping as
        text what YAML's own constructors cannot convert (an unquoted 2020-13-45, a 5,000-digit number), for the
        field checks to name, instead of raising ValueError."""

        def get_single_data(self) -> Any:
            node = self.get_single_node()
            if node is None:
                return None
            seen: set[int] = set()
            stack = [node]
            while stack:  # an alias is a node reached twice
                current = stack.pop()
                if id(current) in seen:
                    raise CorpusError("front matter uses aliases (*name), which are not allowed")
                seen.add(id(current))
                if isinstance(current, yaml.MappingNode):
                    stack.extend(part for pair in current.value for part in pair)
                elif isinstance(current, yaml.SequenceNode):
                    stack.extend(current.value)
            return self.construct_document(node)

    for tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int"):
        FrontMatterLoader.add_constructor(tag, _or_text(FrontMatterLoader.yaml_constructors[tag]))
    return FrontMatterLoader, base


def _or_text(constructor: Any) -> Any:
    def construct(loader: Any, node: Any) -> Any:
        try:
            return constructor(loader, node)
        except ValueError:
            return loader.construct_scalar(node)
    return construct


def _nesting_depth(text: str, limit: int) -> int:
    """How deep the YAML's lists and mappings nest, counted on the parser's events (stops past `limit`)."""
    import yaml

    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=_yaml_loaders()[1]):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                deepest = max(deepest, depth)
                if deepest > limit:
                    break
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        # libyaml 0.2.5+ (PyYAML 6.0.3+ wheels) stops a flow nested past its own limit in its scanner.
        if "nesting depth" not in (error.problem or ""):
            raise
        return limit + 1
    return deepest


def load_front_matter(text: str) -> Any:
    """Parse YAML front matter safely; raise CorpusError (the reason, without a file name) on anything wrong."""
    import yaml

    try:
        # libyaml's composer recurses in C: tens of thousands of nested '[' crash the process. Only a long text can
        # nest that deep, and libyaml's event parser does not recurse, so long ones are measured on it first.
        if len(text) > _SHALLOW_CHARS and _nesting_depth(text, MAX_FRONT_MATTER_DEPTH) > MAX_FRONT_MATTER_DEPTH:
            raise CorpusError(f"front matter nests lists or mappings more than {MAX_FRONT_MATTER_DEPTH} deep")
        return yaml.load(text, Loader=_yaml_loaders()[0])
    except CorpusError:
        raise
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        at = f" (line {line + 2})" if line is not None else ""
        raise CorpusError(f"front matter is not valid YAML{at}") from None
    except (ValueError, TypeError, RecursionError) as error:  # a constructor's own error: 5,000-digit numbers…
        raise CorpusError(f"front matter cannot be read ({type(error).__name__})") from None


def url_problem(url: str) -> str | None:
    """Why a text is not a plain http(s) web link a citation can show, or None when it is one."""
    if _URL_UNSAFE.search(url):
        return "must not hold spaces, quotes, brackets, parentheses, '*', '`' or control characters (percent-encode them)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port out of range
        host = (parts.hostname or "").encode("idna").decode("ascii")  # an accented host in its ASCII form
    except (ValueError, UnicodeError):
        return "is not a valid link"
    if parts.scheme.lower() not in ("http", "https"):
        return "must start with http:// or https://"
    if not _URL_HOST.match(host) or parts.username is not None:
        return "must name a web host (https://host/…)"
    return None


def read_regular_file(path: Path, max_bytes: int | None = None, follow_symlinks: bool = True) -> bytes:
    """A regular file's bytes, opened without waiting on a FIFO or device; CorpusError (the reason) otherwise."""
    if not follow_symlinks and os.path.islink(path):
        raise CorpusError("is a symbolic link")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (0 if follow_symlinks else getattr(os, "O_NOFOLLOW", 0))
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise CorpusError((error.strerror or str(error)).lower()) from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise CorpusError("is a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file")
        if max_bytes is not None and info.st_size > max_bytes:
            raise CorpusError(f"is {info.st_size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit")
        data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:  # grew while being read
        raise CorpusError(f"is over the {max_bytes / 1e6:g} MB limit")
    return data


def parse_date(value: Any, where: str) -> str:
    """Check a publication date (YYYY, YYYY-MM or YYYY-MM-DD) and return it as text."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip() if value is not None else ""
    match = DATE_PATTERN.match(text)
    if not match:
        raise CorpusError(f"{where}: field 'date' must be YYYY, YYYY-MM or YYYY-MM-DD, not {text!r}")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise CorpusError(f"{where}: field 'date' is not a real date: {text!r}") from None
    return text


def without_controls(text: str) -> str:
    """Text without terminal escape sequences or control characters (newlines and tabs kept; CR LF made LF)."""
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def split_paragraphs(body: str) -> tuple[str, ...]:
    """Paragraphs are separated by blank lines; '#' lines are section headings, not text."""
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", body.replace("\r\n", "\n")):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        lines = [line for line in lines if not line.startswith("#")]
        if lines:
            paragraphs.append(" ".join(lines))
    return tuple(paragraphs)


def parse_article(text: str, path: Path) -> Article:
    """Read one article file's text; raise CorpusError naming the file and field on a problem."""
    where = path.name
    match = FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        raise CorpusError(f"{where}: no front matter (the file must start with '---', the metadata, then '---')")
    try:
        meta = load_front_matter(match.group(1))
    except CorpusError as error:
        raise CorpusError(f"{where}: {error}") from None
    if not isinstance(meta, dict):
        raise CorpusError(f"{where}: front matter must be a list of 'field: value' lines")
    for name in REQUIRED_FIELDS:
        value = meta.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise CorpusError(f"{where}: missing field '{name}'")
    for name in ("id", "outlet", "title", "language", "url", "seed", "date_basis"):
        if name in meta and meta[name] is not None and not isinstance(meta[name], str):
            raise CorpusError(f"{where}: field '{name}' must be text (put it in quotes)")
    article_id = meta["id"].strip()
    if not ID_PATTERN.match(article_id):
        raise CorpusError(f"{where}: field 'id' must be letters, digits, '-' or '_' (at most 64), not {article_id!r}")
    language = meta["language"].strip()
    if not LANGUAGE_PATTERN.match(language):
        raise CorpusError(f"{where}: field 'language' must be a two-letter code such as 'fr', not {language!r}")
    url = (meta.get("url") or "").strip()
    problem = url_problem(url) if url else None
    if problem:
        raise CorpusError(f"{where}: field 'url' {problem}, not {url!r}")
    title_original = meta.get("title_original", True)
    if not isinstance(title_original, bool):
        raise CorpusError(f"{where}: field 'title_original' must be true or false")
    paragraphs = split_paragraphs(match.group(2))
    if not paragraphs:
        raise CorpusError(f"{where}: the article has no text after the front matter")
    return Article(
        id=article_id,
        outlet=meta["outlet"].strip(),
        title=meta["title"].strip(),
        date=parse_date(meta["date"], where),
        language=language,
        paragraphs=paragraphs,
        url=url,
        seed=(meta.get("seed") or "").strip(),
        title_original=title_original,
        date_basis=(meta.get("date_basis") or "").strip(),
        path=os.fspath(path),
    )


def read_article(path: Path) -> Article:
    """Read and validate one article file."""
    try:
        text = read_regular_file(path).decode("utf-8")
    except UnicodeDecodeError:
        raise CorpusError(f"{path.name}: not UTF-8 text") from None
    except CorpusError as error:
        raise CorpusError(f"{path.name}: {error}") from None
    return parse_article(text, path)


def article_dir(corpus_dir: Path) -> Path:
    """Where a corpus keeps its article files."""
    return Path(corpus_dir) / "articles"


@contextmanager
def corpus_lock(corpus_dir: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the corpus folder's write lock, so that writers in other processes wait their turn.

    `waiting` is called once when another writer holds it. The lock is the operating system's (flock), so a
    writer that dies releases it.
    """
    from filelock import FileLock, Timeout

    lock = FileLock(Path(corpus_dir) / LOCK_FILE)
    try:
        lock.acquire(timeout=0.5)
    except Timeout:
        if waiting:
            waiting()
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def check_corpus(corpus_dir: Path, reuse_parsed: bool = False) -> tuple[list[Article], list[str]]:
    """Read every article, collecting every problem instead of stopping at the first.

    With `reuse_parsed`, an article file unchanged since it was last parsed (same size, modification time and inode,
    and not modified in the seconds before that parse) is taken from the parse saved beside the index instead of
    being read again; the parse is saved again when any file changed.
    """
    directory = article_dir(corpus_dir)
    if not directory.is_dir():
        return [], [f"{directory}: corpus folder not found"]
    saved = _load_parsed(corpus_dir) if reuse_parsed else {}
    parsed: dict[str, tuple[tuple[int, int, int], tuple]] = {}
    articles: list[Article] = []
    problems: list[str] = []
    first_file: dict[str, str] = {}
    names = _article_names(directory)
    changed = set(saved) != set(names)  # an article file added or removed
    folder = os.fspath(directory)
    # Paths as text, not Path objects: a Path costs more to make than the rest of an entry.
    paths = [os.path.join(folder, name) for name in names]
    stamps = [_file_stamp(path) for path in paths]
    reused = [bool(saved.get(name) and stamp and saved[name][0] == stamp) for name, stamp in zip(names, stamps)]
    fresh = iter(_read_articles([path for path, old in zip(paths, reused) if not old]))
    for name, path, stamp, old in zip(names, paths, stamps, reused):
        entry = saved.get(name)
        if old:
            _, fields, digest, paragraphs = entry
            article: Article | CorpusError = Article(*fields[:5], paragraphs, *fields[5:], path=path,
                                                     saved_digest=digest)
        else:
            changed = True
            article = next(fresh)
        if isinstance(article, CorpusError):
            problems.append(str(article))
            continue
        if stamp:
            parsed[name] = entry if old else (stamp, _article_fields(article), article.index_digest(),
                                                 article.paragraphs)
        if article.id in first_file:
            problems.append(f"{name}: field 'id' {article.id!r} is already used by {first_file[article.id]}")
            continue
        first_file[article.id] = name
        articles.append(article)
    if not articles and not problems:
        problems.append(f"{directory}: no article files ({ARTICLE_GLOB})")
    # Whether anything changed is tracked as the files are read: comparing the two parses would compare every text.
    if reuse_parsed and changed:
        _save_parsed(corpus_dir, parsed)
    return articles, problems


def _read_articles(paths: Sequence[str]) -> list[Article | CorpusError]:
    """Each file read (with its digest, for the corpus key not to hash its text again), or what is wrong with it;
    in worker processes, one per usable core, when there are many."""
    if len(paths) < PARALLEL_FILES or usable_cores() < 2:
        return _read_some(paths)
    runs = [paths[start:start + CHUNK_FILES] for start in range(0, len(paths), CHUNK_FILES)]
    return [read for run in in_processes(_read_some, runs, usable_cores()) for read in run]


def _read_some(paths: Sequence[str]) -> list[Article | CorpusError]:
    read: list[Article | CorpusError] = []
    for path in paths:
        try:
            article = read_article(Path(path))
            read.append(replace(article, saved_digest=article.index_digest()))
        except CorpusError as error:
            read.append(error)
    return read


def _article_names(directory: Path) -> list[str]:
    """The names of the article files in a folder (those ARTICLE_GLOB matches), sorted: names, not `Path` objects,
    which cost more to make and sort than reading a saved article."""
    with os.scandir(directory) as entries:
        return sorted(entry.name for entry in entries if fnmatch.fnmatchcase(entry.name, ARTICLE_GLOB))


def _file_stamp(path: str | Path) -> tuple[int, int, int] | None:
    """Size, modification time and inode of a regular file (None otherwise): what tells that it changed."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns, status.st_ino) if stat.S_ISREG(status.st_mode) else None


def _article_fields(article: Article) -> tuple:
    """What the saved parse keeps of an article besides its paragraphs (saved apart, read when first needed)."""
    return (article.id, article.outlet, article.title, article.date, article.language, article.url, article.seed,
            article.title_original, article.date_basis)


# How many articles' paragraphs, read from the saved parse, stay in memory: a bot answering for months over a large
# corpus keeps the articles its recent questions touched (a few MB), not every article it ever quoted.
RECENT_ARTICLES = 2048


class _SavedTexts:
    """The saved parse, mapped into memory, and the paragraphs of the articles read from it most recently."""

    def __init__(self, saved: mmap.mmap) -> None:
        self.saved = saved
        self.paragraphs = functools.lru_cache(maxsize=RECENT_ARTICLES)(self._read)  # thread-safe, as the bot needs

    def _read(self, start: int, end: int) -> tuple[str, ...]:
        return tuple(marshal.loads(self.saved[start:end]))


class SavedParagraphs(Sequence[str]):
    """An article's paragraphs as saved with the parse, read from the saved file when needed: a start does not
    load the text of every article of a large corpus (nor keep it in memory) before the first question."""

    __slots__ = ("_file", "_start", "_end", "_count")

    def __init__(self, file: _SavedTexts, start: int, end: int, count: int) -> None:
        self._file, self._start, self._end, self._count = file, start, end, count

    def saved_bytes(self) -> bytes:
        """The paragraphs as saved (marshal's format), to save them again without reading them."""
        return self._file.saved[self._start:self._end]

    def texts(self) -> tuple[str, ...]:
        """The paragraphs (kept while the article is among those read most recently)."""
        return self._file.paragraphs(self._start, self._end)

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...

    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        return self.texts()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self.texts())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SavedParagraphs):
            other = other.texts()
        return self.texts() == other if isinstance(other, tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.texts())

    def __repr__(self) -> str:
        return repr(self.texts())

    def __reduce__(self) -> tuple:
        # Sent to another process (indexing in workers) as the plain tuple it stands for: a mapping cannot travel.
        return tuple, (self.texts(),)


def _parsed_path(corpus_dir: Path) -> Path:
    return Path(corpus_dir) / INDEX_FOLDER / PARSED_FILE


# The saved parse: the length of its catalogue (8 bytes), the catalogue (marshal: per file name its stamp, fields,
# digest, paragraph count and where its paragraphs lie), then every article's paragraphs (marshal), one after another.
_HEADER = 8


def _load_parsed(corpus_dir: Path) -> dict[str, tuple]:
    """The saved parse of the article files, by file name, without the entries of files modified shortly before
    it was saved (a file system's clock is coarse: such a file may have changed again unseen); {} when unusable."""
    path = _parsed_path(corpus_dir)
    try:
        if path.is_symlink() or not path.is_file():
            return {}
        with open(path, "rb") as handle:  # mapped, not read: paragraphs are read only when needed
            saved = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        size = int.from_bytes(saved[:_HEADER], "little")
        catalogue = marshal.loads(saved[_HEADER:_HEADER + size])
        if catalogue["format"] != (PARSED_FORMAT, sys.version_info[:2]):
            return {}
        base = _HEADER + size
        trusted_before = catalogue["saved_ns"] - RECENT_CHANGE_NS
        if base + catalogue["texts"] != len(saved):
            return {}
        texts = _SavedTexts(saved)
        return {name: (stamp, fields, digest, SavedParagraphs(texts, base + start, base + end, count))
                for name, (stamp, fields, digest, count, start, end) in catalogue["files"].items()
                if stamp[1] < trusted_before}
    except (OSError, ValueError, EOFError, KeyError, TypeError, IndexError):  # damaged: every file is read again
        return {}


def _save_parsed(corpus_dir: Path, parsed: dict[str, tuple]) -> None:
    """Save the parse of the article files beside the index, atomically; quietly not where it cannot be written."""
    path = _parsed_path(corpus_dir)
    files, texts, offset = {}, [], 0
    for name, (stamp, fields, digest, paragraphs) in parsed.items():
        text = paragraphs.saved_bytes() if isinstance(paragraphs, SavedParagraphs) else marshal.dumps(paragraphs)
        files[name] = (stamp, fields, digest, len(paragraphs), offset, offset + len(text))
        texts.append(text)
        offset += len(text)
    catalogue = marshal.dumps({"format": (PARSED_FORMAT, sys.version_info[:2]), "saved_ns": time.time_ns(),
                               "texts": offset, "files": files})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, work = tempfile.mkstemp(prefix="tmp-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(len(catalogue).to_bytes(_HEADER, "little"))
                out.write(catalogue)
                for text in texts:
                    out.write(text)
            os.replace(work, path)
        except BaseException:
            Path(work).unlink(missing_ok=True)
            raise
    except OSError:  # a read-only corpus folder: every file is parsed at each start, as before
        pass


def read_term_lists(path: Path) -> list[tuple[str, list[str]]]:
    """Read a data file kept beside the corpus: 'key<TAB>value; value' lines, '#' starting a comment."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        key, sep, values = line.partition("\t")
        listed = [v.strip() for v in values.split(";") if v.strip()]
        if not sep or not key.strip() or not listed:
            raise CorpusError(f"{Path(path).name} line {number}: expected 'word<TAB>entry; entry…'")
        rows.append((key.strip(), listed))
    return rows


def load_corpus(corpus_dir: Path) -> tuple[Article, ...]:
    """Load and validate the corpus; the first problem stops with a CorpusError."""
    articles, problems = check_corpus(corpus_dir, reuse_parsed=True)
    if problems:
        more = f" (and {len(problems) - 1} more problem(s); run 'python -m bot corpus check')" if len(problems) > 1 else ""
        raise CorpusError(problems[0] + more)
    return tuple(articles)

"""`python -m bot bench`: build time, start-up from the saved index, memory and question latency at growing sizes,
for the project's search and for plain rank-bm25 on the same tokens, in the same run; and what the semantic layer
costs (question latency with it on and off on the seed corpus, embedding time per passage).

The corpora are French-like: passages drawn by a seeded generator from the words of the real corpus and of the
French side of the shipped lexicons, with the corpus's own word frequencies, so analysis and ranking see realistic
text. Every timing is the median of several runs and the machine's load average is printed beside it: on a shared
machine read the ratios, measured in the same run, rather than the absolute figures. Memory is the resident size
of a fresh process after loading (what the system sees), not a count of Python allocations.
It is a benchmark, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
from rank_bm25 import BM25Okapi

from .answer import Answerer
from .question import ParsedQuestion
from .corpus import load_corpus, read_term_lists
from .indexing import analyse_articles
from .search import BM25_B, BM25_K1
from .semantic import Embedder

DEFAULT_SIZES = (1_000, 10_000, 100_000)
DEFAULT_RUNS = 3
PASSAGES_PER_ARTICLE = 10
# rank-bm25 scores every passage in Python: its side is timed on fewer questions as the corpus grows.
REFERENCE_WORK = 2_000_000
# Passages the estimate of embedding time is given for.
EMBED_ESTIMATE_SIZES = (1_000, 10_000, 100_000, 1_000_000)
LONG_PASSAGE_TOKENS = 500
# What rank-bm25 needs per passage, in MB (about 1.2 GB after loading 1,000,000 passages, 1.8 GB at its peak): its
# side is measured only when the machine has twice that available.
REFERENCE_MB_PER_PASSAGE = 0.0018
QUESTIONS = (
    "when did Amazon pause Rekognition?", "Which company was the first to pull out of facial recognition?",
    "What did Brad Smith say about selling to US police?", "Qui a écrit aux géants du numérique en janvier 2019 ?",
    "How many NGOs signed the letter?", "Pourquoi Microsoft refuse-t-il de vendre sa technologie ?",
    "What does Amazon want governments to do?", "Combien d'employés ont signé la lettre ouverte ?",
    "Who criticised the companies that sell facial recognition?", "What is the ACLU asking for?",
)
_ROOT = Path(__file__).resolve().parents[1]

Row = dict[str, object]


def _lexicon_files(corpus_dir: Path) -> list[Path]:
    shipped = Path(str(resources.files("bot.data") / "lexicon"))
    return sorted(shipped.glob("*.tsv")) + sorted((Path(corpus_dir) / "lexicon").glob("*.tsv"))


def _vocabulary(corpus_dir: Path) -> tuple[list[str], list[str]]:
    """Words of the real corpus (with repeats, so sampling follows their frequency) and of the lexicons' French."""
    articles = load_corpus(corpus_dir)
    corpus_words = [w for a in articles for p in a.paragraphs for w in re.findall(r"[^\W\d_]+", p)]
    lexicon_words = {w for path in _lexicon_files(corpus_dir) for _, french in read_term_lists(path)
                     for text in french for w in re.findall(r"[^\W\d_]{3,}", text)}
    return corpus_words, sorted(lexicon_words)


def write_corpus(folder: Path, size: int, corpus_dir: Path, seed: int = 7) -> None:
    """A corpus folder of `size` passages (one per paragraph), with the real corpus's own lexicon if it has one."""
    rng = random.Random(seed)
    common, rare = _vocabulary(corpus_dir)
    (folder / "articles").mkdir(parents=True)
    if (Path(corpus_dir) / "lexicon").is_dir():
        shutil.copytree(Path(corpus_dir) / "lexicon", folder / "lexicon")
    articles = -(-size // PASSAGES_PER_ARTICLE)
    for number in range(articles):
        paragraphs = []
        for _ in range(min(PASSAGES_PER_ARTICLE, size - number * PASSAGES_PER_ARTICLE)):
            words = [rng.choice(common) if rng.random() < 0.7 else rng.choice(rare) for _ in range(rng.randint(30, 90))]
            paragraphs.append(" ".join(words).capitalize() + ".")
        month = 1 + number % 12
        (folder / "articles" / f"{number:07d}.md").write_text(
            f'---\nid: "{number:07d}"\noutlet: Synthétique\ntitle: "Article {number}"\ndate: "2020-{month:02d}"\n'
            f"language: fr\n---\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


# The resident size of the process running a measuring script, in MB.
_RSS = """
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")
"""

# Run in a fresh process: the resident size after imports, then after loading, and the load's duration.
_STARTUP = _RSS + """
import json, sys, time
from pathlib import Path
from bot.answer import Answerer
before = rss()
started = time.perf_counter()
Answerer.from_corpus_dir(Path(sys.argv[1]), semantic="off")
print(json.dumps({"seconds": time.perf_counter() - started, "rss_mb": rss(), "added_mb": rss() - before}))
"""

# The same for rank-bm25 alone: the index built from the same analysed passages, its memory over theirs.
_REFERENCE_MEMORY = _RSS + """
import gc, json, sys
from pathlib import Path
from rank_bm25 import BM25Okapi
from bot.corpus import load_corpus
from bot.indexing import analyse_articles
from bot.search import BM25_B, BM25_K1
tokens = analyse_articles(load_corpus(Path(sys.argv[1]))).tokens
gc.collect()
before = rss()
index = BM25Okapi(tokens, k1=BM25_K1, b=BM25_B)
gc.collect()
print(json.dumps({"added_mb": rss() - before}))
"""


def _fresh_process(code: str, folder: Path) -> dict[str, float]:
    """Run a measuring script in a new interpreter on a corpus folder and read its JSON line."""
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(_ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True, check=True,
                            env=env)
    return json.loads(result.stdout.strip().splitlines()[-1])


def percentiles(seconds: Sequence[float]) -> tuple[float, float]:
    """p50 and p95 of durations, in milliseconds."""
    values = sorted(seconds)
    return statistics.median(values) * 1000, values[min(len(values) - 1, int(0.95 * len(values)))] * 1000


def _median_of_runs(runs: Sequence[Sequence[float]]) -> tuple[float, float]:
    """The median over runs of each run's p50 and p95, in milliseconds."""
    pairs = [percentiles(run) for run in runs]
    return statistics.median(p for p, _ in pairs), statistics.median(p for _, p in pairs)


def reference_terms(parsed: ParsedQuestion) -> list[str]:
    """What plain rank-bm25 is asked: every index term the question's words stand for, flat."""
    return [t for w in parsed.words for form in (*w.forms, *(e for e, _ in w.expansions)) for t in form]


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def load_average() -> float:
    """The machine's 1-minute load average (NaN where the system does not say)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def measure(size: int, corpus_dir: Path, queries: int, runs: int = DEFAULT_RUNS) -> Row:
    """Every lexical figure for one corpus size, each timing the median of `runs` runs."""
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="bench-") as temp:
        folder = Path(temp) / "corpus"
        write_corpus(folder, size, corpus_dir)
        build = _timed(lambda: Answerer.from_corpus_dir(folder, semantic="off"))
        startups = [_fresh_process(_STARTUP, folder) for _ in range(runs)]
        with_reference = available_mb() > 2 * size * REFERENCE_MB_PER_PASSAGE
        reference_mb = _fresh_process(_REFERENCE_MEMORY, folder)["added_mb"] if with_reference else None
        answerer = Answerer.from_corpus_dir(folder, semantic="off")
        reference = None
        if with_reference:
            reference = BM25Okapi(analyse_articles(answerer.articles).tokens, k1=BM25_K1, b=BM25_B)
        rng = random.Random(size)
        asked = [rng.choice(QUESTIONS) for _ in range(queries)]
        reference_asked = asked[:max(3, min(queries, REFERENCE_WORK // size))] if reference else []
        answerer.ask(asked[0], k=5)  # the first question fills the analysis caches, as in a running bot
        gc.collect()
        ours, plain = [], []
        for _ in range(runs):
            ours.append([_timed(lambda: answerer.ask(q, k=5)) for q in asked])
            if reference is not None:
                terms = [reference_terms(answerer.parse(q)) for q in reference_asked]
                plain.append([_timed(lambda: np.argsort(-reference.get_scores(t))[:5]) for t in terms])
        ours_p50, ours_p95 = _median_of_runs(ours)
        plain_p50, plain_p95 = _median_of_runs(plain) if plain else (None, None)
        engine = tantivy_side([p.text for p in answerer.index.passages], asked, runs)
        return {"passages": len(answerer.index.passages),
                "build_s": build, "startup_s": statistics.median(s["seconds"] for s in startups),
                "rss_mb": statistics.median(s["rss_mb"] for s in startups),
                "index_mb": statistics.median(s["added_mb"] for s in startups), "rank_bm25_mb": reference_mb,
                "p50_ms": ours_p50, "p95_ms": ours_p95, "rank_bm25_p50_ms": plain_p50,
                "rank_bm25_p95_ms": plain_p95, "speedup": plain_p50 / ours_p50 if plain_p50 and ours_p50 else None,
                "tantivy": engine,
                "queries": len(asked), "rank_bm25_queries": len(reference_asked), "runs": runs,
                "load_before": load_before, "load_after": load_average()}


def tantivy_side(texts: Sequence[str], asked: Sequence[str], runs: int) -> Row | None:
    """An embedded search engine on the same passages and questions (tantivy, French stemmer): its build time and
    its question latency (parsing and the top 5); None when tantivy is not installed (`pip install -e '.[bench]'`)."""
    try:
        import tantivy
    except ImportError:
        return None
    schema = tantivy.SchemaBuilder()
    schema.add_text_field("body", stored=False, tokenizer_name="fr_stem")
    with tempfile.TemporaryDirectory(prefix="bench-tantivy-") as folder:
        started = time.perf_counter()
        index = tantivy.Index(schema.build(), path=folder)
        writer = index.writer(heap_size=200_000_000, num_threads=min(2, os.cpu_count() or 1))
        for text in texts:
            writer.add_document(tantivy.Document(body=text))
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        build = time.perf_counter() - started
        searcher = index.searcher()
        # Its query language reads punctuation as syntax: it is given the question's words.
        plain = [" ".join(re.findall(r"\w+", question)) for question in asked]
        searcher.search(index.parse_query(plain[0], ["body"]), 5)
        timings = [[_timed(lambda: searcher.search(index.parse_query(q, ["body"]), 5)) for q in plain]
                   for _ in range(runs)]
    p50, p95 = _median_of_runs(timings)
    return {"build_s": build, "p50_ms": p50, "p95_ms": p95}


def _long_text(texts: Sequence[str], count_tokens: Callable[[str], int] | None, tokens: int) -> str:
    """Paragraphs of the corpus joined up to about `tokens` of the model's tokens (or 4 characters a token)."""
    words = " ".join(texts).split()
    count = count_tokens or (lambda text: len(text) // 4)
    low, high = 1, len(words)
    while low < high:  # the longest run of words within the budget
        middle = (low + high + 1) // 2
        low, high = (middle, high) if count(" ".join(words[:middle])) <= tokens else (low, middle - 1)
    return " ".join(words[:low])


def measure_semantic(corpus_dir: Path, queries: int, runs: int = DEFAULT_RUNS,
                     embedder_factory: Callable[[], Embedder] | None = None) -> Row:
    """The semantic layer's costs on a copy of the seed corpus: model load, question latency with it and without it
    (same answerer, same questions, alternated), and embedding time per passage, with the time a corpus would take."""
    from .semantic import E5Embedder, windows

    load_before = load_average()
    factory = embedder_factory or E5Embedder
    started = time.perf_counter()
    embedder = factory()
    embedder.query("warm-up")  # a model may load its weights at its first use, not when made
    model_load = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="bench-semantic-") as temp:
        folder = Path(temp) / "corpus"
        # Saved vectors are copied along, so only passages never embedded are embedded here (the seed's stay as they were).
        shutil.copytree(corpus_dir, folder, ignore=shutil.ignore_patterns("tmp-*", ".lock"))
        answerer = Answerer.from_corpus_dir(folder, semantic="off")
        semantic = answerer.build_semantic(folder, embedder)
    rng = random.Random(8)
    asked = [rng.choice(QUESTIONS) for _ in range(queries)]
    answerer.attach_semantic(semantic)
    answerer.ask(asked[0], k=5)  # warm-up, as in a running bot
    with_layer: list[list[float]] = []
    without: list[list[float]] = []
    for _ in range(runs):
        with_layer.append([])
        without.append([])
        for question in asked:
            answerer.attach_semantic(semantic)
            with_layer[-1].append(_timed(lambda: answerer.ask(question, k=5)))
            answerer.attach_semantic(None)
            without[-1].append(_timed(lambda: answerer.ask(question, k=5)))
    texts = [p.text for p in answerer.index.passages]
    short = min((s for t in texts for s in t.split(". ") if len(s.split()) >= 12), key=len, default=texts[0])
    model = getattr(embedder, "_model", None)
    long = _long_text(texts, getattr(model, "token_count", None), LONG_PASSAGE_TOKENS)
    short_ms = statistics.median(_timed(lambda: embedder.passages([short])) for _ in range(max(3, runs))) * 1000
    long_ms = statistics.median(_timed(lambda: embedder.passages([long])) for _ in range(runs)) * 1000
    # What building the semantic index embeds for a passage of this corpus: the passage and, if long, its windows.
    sample = random.Random(9).sample(texts, min(8, len(texts)))
    pieces = [piece for text in sample for piece in ([text] + (windows(text) if len(windows(text)) > 1 else []))]
    corpus_ms = _timed(lambda: embedder.passages(pieces)) * 1000 / len(sample)
    on_p50, on_p95 = _median_of_runs(with_layer)
    off_p50, off_p95 = _median_of_runs(without)
    return {"passages": len(texts), "model_load_s": model_load, "on_p50_ms": on_p50, "on_p95_ms": on_p95,
            "off_p50_ms": off_p50, "off_p95_ms": off_p95, "short_passage_words": len(short.split()),
            "short_passage_ms": short_ms, "long_passage_tokens": LONG_PASSAGE_TOKENS, "long_passage_ms": long_ms,
            "corpus_passage_ms": corpus_ms,
            "embed_estimate_s": {str(n): n * corpus_ms / 1000 for n in EMBED_ESTIMATE_SIZES},
            "queries": len(asked), "runs": runs, "load_before": load_before, "load_after": load_average()}


def machine() -> str:
    """Cores and CPU model, for the record."""
    model = ""
    if Path("/proc/cpuinfo").exists():
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        model = found.group(1).strip() if found else ""
    return f"{os.cpu_count()} cores, {model or platform.processor()}, Python {platform.python_version()}"


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min" if seconds < 7200 else f"{seconds / 3600:.1f} h"


def _figure(value: object, decimals: int) -> str:
    """A figure for the table, or a dash where it was not measured."""
    return "—" if value is None else f"{value:,.{decimals}f}"


def format_row(row: Row) -> str:
    """One size's line of the lexical table (dashes for rank-bm25 where the memory did not allow it, and for tantivy
    when it is not installed)."""
    speedup, engine = row["speedup"], row["tantivy"]
    speed = "—" if speedup is None else f"{speedup:.{0 if speedup >= 10 else 1}f}×"  # type: ignore[operator]
    return (f"| {row['passages']:,} | {row['build_s']:.1f} | {row['startup_s']:.2f} "
            f"| {row['index_mb']:.0f} ({row['rss_mb']:.0f}) | {_figure(row['rank_bm25_mb'], 0)} | {row['p50_ms']:.1f} "
            f"| {row['p95_ms']:.1f} | {_figure(row['rank_bm25_p50_ms'], 1)} | {_figure(row['rank_bm25_p95_ms'], 1)} "
            f"| {speed} | {_figure(engine and engine['build_s'], 1)} | {_figure(engine and engine['p50_ms'], 2)} "
            f"| {_figure(engine and engine['p95_ms'], 2)} | {row['load_before']:.1f}–{row['load_after']:.1f} |")


def available_mb() -> float:
    """The memory the system can still give (MemAvailable), in MB; unbounded where the system does not say."""
    try:
        found = re.search(r"^MemAvailable:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
    except OSError:
        return float("inf")
    return int(found.group(1)) / 1024 if found else float("inf")


def format_semantic(row: Row) -> str:
    """The semantic layer's figures as a few lines."""
    estimates = ", ".join(f"{int(n):,}: {_duration(s)}" for n, s in row["embed_estimate_s"].items())  # type: ignore[union-attr]
    return "\n".join([
        f"Semantic layer on the seed corpus ({row['passages']} passages, {row['queries']} questions × {row['runs']} "
        f"runs, load {row['load_before']:.1f}–{row['load_after']:.1f}); model load and first question {row['model_load_s']:.2f} s",
        "| question latency | p50 ms | p95 ms |", "|---|---|---|",
        f"| BM25 + semantic layer | {row['on_p50_ms']:.1f} | {row['on_p95_ms']:.1f} |",
        f"| BM25 alone | {row['off_p50_ms']:.1f} | {row['off_p95_ms']:.1f} |",
        f"Embedding: {row['short_passage_ms']:.0f} ms a short passage ({row['short_passage_words']} words), "
        f"{row['long_passage_ms']:.0f} ms a ~{row['long_passage_tokens']}-token passage, "
        f"{row['corpus_passage_ms']:.0f} ms a passage of this corpus with its windows",
        f"Estimated time to embed N such passages (once; vectors are saved): {estimates}",
    ])


HEADER = ("| passages | build s | start-up s | memory MB (process) | rank-bm25 MB | p50 ms | p95 ms "
          "| rank-bm25 p50 ms | rank-bm25 p95 ms | speed-up | tantivy build s | tantivy p50 ms | tantivy p95 ms | load |")


def run(sizes: Sequence[int], corpus_dir: Path, queries: int = 200, runs: int = DEFAULT_RUNS,
        semantic: bool = True, as_json: bool = False,
        embedder_factory: Callable[[], Embedder] | None = None) -> Row:
    """Measure each size (and the semantic layer), printing a Markdown table as rows arrive, or one JSON object."""
    out: Callable[[str], None] = (lambda text: None) if as_json else (lambda text: print(text, flush=True))
    out(f"Machine: {machine()}; load average {load_average():.2f}; BM25 k1={BM25_K1} b={BM25_B}; "
        f"latency of a full question (analysis, ranking, answer) with k=5, BM25 alone; each figure the median of "
        f"{runs} runs; memory: resident size added by loading (whole process after load)")
    out(HEADER)
    out("|" + "---|" * (HEADER.count("|") - 1))
    rows = []
    for size in sizes:
        rows.append(measure(size, corpus_dir, queries, runs))
        out(format_row(rows[-1]))
    report: Row = {"machine": machine(), "k1": BM25_K1, "b": BM25_B, "runs": runs, "sizes": rows}
    if semantic:
        from .semantic import SemanticUnavailable

        try:
            report["semantic"] = measure_semantic(corpus_dir, min(queries, 50), runs, embedder_factory)
            out("")
            out(format_semantic(report["semantic"]))  # type: ignore[arg-type]
        except SemanticUnavailable as error:
            report["semantic"] = {"unavailable": str(error)}
            out(f"Semantic layer not measured: {error}")
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    return report

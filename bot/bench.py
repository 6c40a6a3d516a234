"""`python -m bot bench`: build time, start-up from the saved index, memory and question latency at growing sizes,
for the project's search and for plain rank-bm25 on the same tokens, in the same run.

The corpora are French-like: passages drawn by a seeded generator from the words of the real corpus and of the
French side of the lexicon, with the corpus's own word frequencies, so analysis and ranking see realistic text.
It is a benchmark, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import gc
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
import tracemalloc
from pathlib import Path
from typing import Sequence

import numpy as np
from rank_bm25 import BM25Okapi

from .answer import Answerer
from .corpus import load_corpus
from .search import BM25_B, BM25_K1, FAST_PATH_PASSAGES, BM25sRanker, RankBM25Ranker, passage_terms, split_passages

DEFAULT_SIZES = (1_000, 10_000, 100_000)
PASSAGES_PER_ARTICLE = 10
QUESTIONS = (
    "when did Amazon pause Rekognition?", "Which company was the first to pull out of facial recognition?",
    "What did Brad Smith say about selling to US police?", "Qui a écrit aux géants du numérique en janvier 2019 ?",
    "How many NGOs signed the letter?", "Pourquoi Microsoft refuse-t-il de vendre sa technologie ?",
    "What does Amazon want governments to do?", "Combien d'employés ont signé la lettre ouverte ?",
    "Who criticised the companies that sell facial recognition?", "What is the ACLU asking for?",
)


def _vocabulary(corpus_dir: Path) -> tuple[list[str], list[str]]:
    """Words of the real corpus (with repeats, so sampling follows their frequency) and of the lexicon's French."""
    articles = load_corpus(corpus_dir)
    corpus_words = [w for a in articles for p in a.paragraphs for w in re.findall(r"[^\W\d_]+", p)]
    lexicon_words: set[str] = set()
    for path in sorted((corpus_dir / "lexicon").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "\t" in line and not line.startswith("#"):
                lexicon_words.update(re.findall(r"[^\W\d_]{3,}", line.split("\t", 1)[1]))
    return corpus_words, sorted(lexicon_words)


def write_corpus(folder: Path, size: int, corpus_dir: Path, seed: int = 7) -> None:
    """A corpus folder of `size` passages (one per paragraph), reusing the real corpus's lexicon."""
    rng = random.Random(seed)
    common, rare = _vocabulary(corpus_dir)
    (folder / "articles").mkdir(parents=True)
    shutil.copytree(corpus_dir / "lexicon", folder / "lexicon")
    for number in range(size // PASSAGES_PER_ARTICLE):
        paragraphs = []
        for _ in range(PASSAGES_PER_ARTICLE):
            words = [rng.choice(common) if rng.random() < 0.7 else rng.choice(rare) for _ in range(rng.randint(30, 90))]
            paragraphs.append(" ".join(words).capitalize() + ".")
        month = 1 + number % 12
        (folder / "articles" / f"{number:07d}.md").write_text(
            f'---\nid: "{number:07d}"\noutlet: Synthétique\ntitle: "Article {number}"\ndate: "2020-{month:02d}"\n'
            f"language: fr\n---\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def _startup_seconds(folder: Path) -> float:
    """Loading the corpus and its saved index in a fresh process, as a restarted bot does (imports excluded)."""
    code = ("import time, sys; from pathlib import Path; from bot.answer import Answerer; t = time.perf_counter(); "
            "Answerer.from_corpus_dir(Path(sys.argv[1])); print(time.perf_counter() - t)")
    result = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def _percentiles(seconds: Sequence[float]) -> tuple[float, float]:
    values = sorted(seconds)
    return statistics.median(values) * 1000, values[min(len(values) - 1, int(0.95 * len(values)))] * 1000


def _traced(build):
    gc.collect()
    tracemalloc.start()
    result = build()
    _, peak = tracemalloc.get_traced_memory()
    current = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return result, current / 2**20, peak / 2**20


def measure(size: int, corpus_dir: Path, queries: int, reference_queries: int) -> dict[str, float]:
    """Every figure for one corpus size."""
    with tempfile.TemporaryDirectory(prefix="bench-") as temp:
        folder = Path(temp) / "corpus"
        write_corpus(folder, size, corpus_dir)
        articles = load_corpus(folder)
        started = time.perf_counter()
        Answerer.from_corpus_dir(folder)
        build = time.perf_counter() - started
        startup = _startup_seconds(folder)
        answerer = Answerer.from_corpus_dir(folder)
        passages = split_passages(articles)
        tokens = [passage_terms(p) for p in passages]
        fast = len(passages) > FAST_PATH_PASSAGES
        _, ours_mb, _ = _traced(lambda: BM25sRanker.build(tokens) if fast else RankBM25Ranker(tokens))
        reference, reference_mb, _ = _traced(lambda: BM25Okapi(tokens, k1=BM25_K1, b=BM25_B))
        rng = random.Random(size)
        asked = [rng.choice(QUESTIONS) for _ in range(queries)]
        gc.collect()
        ours = []
        for question in asked:
            started = time.perf_counter()
            answerer.ask(question, k=5)
            ours.append(time.perf_counter() - started)
        plain = []
        for question in asked[:reference_queries]:
            _, _, query = answerer.parse(question)
            terms = [t for w in query for alt, _ in w.alternatives for t in alt]
            started = time.perf_counter()
            scores = reference.get_scores(terms)
            np.argsort(-scores)[:5]
            plain.append(time.perf_counter() - started)
        ours_p50, ours_p95 = _percentiles(ours)
        plain_p50, plain_p95 = _percentiles(plain)
        return {"passages": len(passages), "ranker": type(answerer.index.ranker).__name__, "build_s": build,
                "startup_s": startup, "index_mb": ours_mb, "rank_bm25_mb": reference_mb, "p50_ms": ours_p50,
                "p95_ms": ours_p95, "rank_bm25_p50_ms": plain_p50, "rank_bm25_p95_ms": plain_p95,
                "speedup": plain_p50 / ours_p50 if ours_p50 else float("nan")}


def machine() -> str:
    """Cores and CPU model, for the record."""
    model = ""
    if Path("/proc/cpuinfo").exists():
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        model = found.group(1).strip() if found else ""
    return f"{os.cpu_count()} cores, {model or platform.processor()}, Python {platform.python_version()}"


def run(sizes: Sequence[int], corpus_dir: Path, queries: int = 200) -> list[dict[str, float]]:
    """Measure each size and print a Markdown table as rows arrive."""
    print(f"Machine: {machine()}; BM25 k1={BM25_K1} b={BM25_B}; latency of a full question (analysis, "
          f"ranking, answer) with k=5")
    header = ("| passages | ranker | build s | start-up s | index MB | rank-bm25 MB | p50 ms | p95 ms "
              "| rank-bm25 p50 ms | rank-bm25 p95 ms | speed-up |")
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    results = []
    for size in sizes:
        reference_queries = max(10, min(queries, 2_000_000 // size))
        row = measure(size, corpus_dir, queries, reference_queries)
        results.append(row)
        print(f"| {row['passages']:,} | {row['ranker']} | {row['build_s']:.1f} | {row['startup_s']:.2f} "
              f"| {row['index_mb']:.0f} | {row['rank_bm25_mb']:.0f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} "
              f"| {row['rank_bm25_p50_ms']:.1f} | {row['rank_bm25_p95_ms']:.1f} | {row['speedup']:.0f}× |", flush=True)
    return results

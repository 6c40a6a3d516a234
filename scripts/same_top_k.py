"""Check that the project's search returns rank-bm25's own top k, on random questions over a corpus.

usage: python scripts/same_top_k.py CORPUS_DIR [--questions 200] [--k 5] [--seed 1]

Each question is 2 to 6 index terms drawn from the corpus's passages (so common and rare terms mix as in real
questions), asked of the saved index (with the compiled loops from 10,000 passages) and of rank-bm25's BM25Okapi
over the same analysed passages (every passage scored); prints how many top-k lists are identical, ids and order (ties by passage number on both).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.analysis import QueryWord  # noqa: E402
from bot.answer import Answerer  # noqa: E402
from bot.indexing import analyse_articles  # noqa: E402
from bot.search import BM25_B, BM25_K1, top_k  # noqa: E402


def main() -> None:
    """Ask the random questions of both and print the count of identical top-k lists."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from rank_bm25 import BM25Okapi

    answerer = Answerer.from_corpus_dir(args.corpus, semantic="off")
    tokens = analyse_articles(answerer.articles).tokens
    reference = BM25Okapi(tokens, k1=BM25_K1, b=BM25_B)
    rng = random.Random(args.seed)
    same = 0
    for n in range(args.questions):
        terms = [rng.choice(tokens[rng.randrange(len(tokens))] or ["absent"]) for _ in range(rng.randint(2, 6))]
        ours = [m.passage.id for m in answerer.index.rank([QueryWord(t, ((t,),)) for t in terms], args.k).matches]
        same += ours == top_k(reference.get_scores(terms), args.k).tolist()
        print(f"\r{n + 1}/{args.questions}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    print(f"{same} of {args.questions} top-{args.k} lists identical to rank-bm25's "
          f"({len(tokens):,} passages, seed {args.seed})")


if __name__ == "__main__":
    main()

"""The yardstick for `python -m bot ask`'s start-up: a bare script that reads the same corpus files and ranks
their paragraphs with rank-bm25 (lower-cased words, no analysis), printing the best one.

Usage: python scripts/bare_rank_bm25.py CORPUS_DIR "question"
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from rank_bm25 import BM25Okapi


def main() -> None:
    """Rank the corpus's paragraphs for the question and print the best."""
    corpus, question = Path(sys.argv[1]), sys.argv[2]
    paragraphs = []
    for path in sorted((corpus / "articles").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        paragraphs += [p.strip() for p in body.split("\n\n") if p.strip()]
    tokens = [re.findall(r"\w+", p.lower()) for p in paragraphs]
    scores = BM25Okapi(tokens).get_scores(re.findall(r"\w+", question.lower()))
    print(paragraphs[max(range(len(paragraphs)), key=scores.__getitem__)])


if __name__ == "__main__":
    main()

"""Paired timing of `python -m bot ask` against the bare rank-bm25 script on the same corpus and question: the two
commands alternate, so a change in the machine's load hits both; prints each one's median and their ratio.

Usage: python scripts/time_ask.py [--runs 10] [--semantic off|auto] [--corpus corpus] ["question"]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _seconds(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    """Alternate the two commands `--runs` times and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("question", nargs="?", default="when did Amazon pause Rekognition?")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--semantic", default="off", choices=("off", "auto", "on"))
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    args = parser.parse_args()
    env = dict(os.environ, SEMANTIC=args.semantic)
    ask = [sys.executable, "-m", "bot", "--corpus", args.corpus, "ask", args.question]
    bare = [sys.executable, str(ROOT / "scripts" / "bare_rank_bm25.py"), args.corpus, args.question]
    _seconds(ask, env)  # the first run may build and save the index; it is not timed
    times: dict[str, list[float]] = {"ask": [], "bare": []}
    for _ in range(args.runs):
        times["ask"].append(_seconds(ask, env))
        times["bare"].append(_seconds(bare, env))
    ask_s, bare_s = statistics.median(times["ask"]), statistics.median(times["bare"])
    load = os.getloadavg()[0]
    print(f"python -m bot ask (SEMANTIC={args.semantic}): median {ask_s:.3f} s; bare rank-bm25 script: median "
          f"{bare_s:.3f} s; ratio {ask_s / bare_s:.2f}× ({args.runs} paired runs, load average {load:.2f})")


if __name__ == "__main__":
    main()

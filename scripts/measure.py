"""Run every question set of README's "Measure it" through `python -m bot eval` and print its table.

usage: python scripts/measure.py

Each set is run as a self-hoster would run it (`python -m bot eval FILE --json`), the CNIL sets against a corpus
folder in .cache/cnil-corpus whose articles/ links to ../shared/eval/cnil/articles (so its saved index and
vectors persist: the first run embeds the 523 passages, several minutes on 2 cores). The mixed sets ask the same
questions of one corpus holding both the seed articles and the CNIL FAQ (.cache/mixed-corpus), as a self-hoster
mixing sources would. The CNIL French run goes beside the others, so the latency figures it prints are those of a
busy machine.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from fit_abstention import SHARED, cnil_corpus  # noqa: E402

from bot.config import DEFAULT_CORPUS_DIR  # noqa: E402
from bot.semantic import VECTOR_FILE  # noqa: E402

CNIL, SEEDS, MIXED = "cnil", "seeds", "mixed"
# The fresh seed sets, written one after another (tests/questions/seeds-fresh.jsonl, seeds-fresh2.jsonl…).
_FRESH_ORDINALS = ("", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
                   "twelfth", "thirteenth", "fourteenth",
                   "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
                   "twentieth", "twenty-first", "twenty-second")


def _fresh_set(n: int) -> tuple[str, Path, str, tuple[str, ...]]:
    """The n-th fresh seed set (from 1), labelled as in README's table."""
    name = f"seeds-fresh{n if n > 1 else ''}.jsonl"
    label = "fresh" if n == 1 else f"{_FRESH_ORDINALS[n - 1]} fresh set"
    return (f"seed articles, {label} (`tests/questions/{name}`)", ROOT / "tests" / "questions" / name, SEEDS, ())


# (README's label, question file, which corpus, extra options)
SETS: tuple[tuple[str, Path, str, tuple[str, ...]], ...] = (
    ("CNIL FAQ, French (`../shared/eval/cnil/questions-dev.jsonl`)", SHARED / "cnil" / "questions-dev.jsonl",
     CNIL, ("--remove-gold",)),
    ("CNIL FAQ, English translations (`tests/questions/cnil-en-dev.jsonl`)",
     ROOT / "tests" / "questions" / "cnil-en-dev.jsonl", CNIL, ()),
    ("CNIL FAQ, English, fresh translations (`tests/questions/cnil-en-fresh.jsonl`)",
     ROOT / "tests" / "questions" / "cnil-en-fresh.jsonl", CNIL, ()),
    ("questions the CNIL FAQ does not answer (`tests/questions/cnil-unanswerable-dev.jsonl`)",
     ROOT / "tests" / "questions" / "cnil-unanswerable-dev.jsonl", CNIL, ()),
    ("the shared acceptance questions (`../shared/eval/questions.json`)", SHARED / "questions.json", SEEDS, ()),
    ("seed articles (`tests/questions/seeds-dev.jsonl`)", ROOT / "tests" / "questions" / "seeds-dev.jsonl", SEEDS, ()),
    *(_fresh_set(n) for n in range(1, len(_FRESH_ORDINALS) + 1)),
    ("mixed corpus (seed articles and CNIL FAQ together): CNIL French", SHARED / "cnil" / "questions-dev.jsonl",
     MIXED, ()),
    ("mixed corpus: seed development set", ROOT / "tests" / "questions" / "seeds-dev.jsonl", MIXED, ()),
    ("mixed corpus: fresh seed set", ROOT / "tests" / "questions" / "seeds-fresh.jsonl", MIXED, ()),
)


def mixed_corpus() -> Path:
    """A corpus folder whose articles are the seed articles and the CNIL's (links), with the seeds' entity list.

    Its first run reuses the CNIL passages' saved vectors (they are keyed by text), so it embeds only the seeds'.
    """
    folder = ROOT / ".cache" / "mixed-corpus"
    articles = folder / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    for source in [*sorted((SHARED / "cnil" / "articles").glob("*.md")), *sorted((DEFAULT_CORPUS_DIR / "articles").glob("*.md"))]:
        link = articles / source.name
        if not link.exists():
            link.symlink_to(source.resolve())
    shutil.copyfile(DEFAULT_CORPUS_DIR / "entities.tsv", folder / "entities.tsv")
    saved = cnil_corpus() / ".index" / VECTOR_FILE
    if saved.is_file() and not (folder / ".index" / VECTOR_FILE).exists():
        (folder / ".index").mkdir(exist_ok=True)
        shutil.copyfile(saved, folder / ".index" / VECTOR_FILE)
    return folder


def start(path: Path, corpus: str, options: tuple[str, ...]) -> subprocess.Popen:
    """`python -m bot eval` on one set, running (the seed sets on the shipped corpus)."""
    command = [sys.executable, "-m", "bot", "eval", str(path), "--json", *options]
    command += {CNIL: ["--corpus", str(cnil_corpus())], MIXED: ["--corpus", str(mixed_corpus())]}.get(corpus, [])
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)


def finish(run: subprocess.Popen, path: Path) -> dict:
    """The figures of a finished run; stops with the run's exit code when it failed (its stderr shows why)."""
    out, _ = run.communicate()
    if run.returncode != 0:
        sys.exit(f"{path}: python -m bot eval failed (exit {run.returncode})")
    return json.loads(out)


def cell(value: float | None) -> str:
    """A share as README writes it (half up: `--json` rounds to 4 decimals, 0.8235 is 82.4 %)."""
    if value is None:
        return "—"
    return f"{(Decimal(str(value)) * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)} %"


def rows(label: str, data: dict, removed: bool) -> list[str]:
    """The README row(s) of one set: with --remove-gold, the answerable and the removed questions apart."""
    bot, bm25 = data["bot"], data["plain_rank_bm25"]
    answerable, unanswerable = bot["answerable"], bot["questions"] - bot["answerable"]
    count = f"{answerable} + {unanswerable}" if answerable and unanswerable and not removed else str(
        answerable or unanswerable)
    first = (f"| {label} | {count} | {cell(bot['hit1'])} | {cell(bot['hit5'])} | {cell(bot['mrr5'])} | "
             f"{cell(bot['declined_answerable'])} | {'—' if removed else cell(bot['declined_unanswerable'])} | "
             f"{cell(bm25['hit1'])} |")
    if not removed:
        return [first]
    return [first, f"| the same, gold article removed (`--remove-gold`) | {unanswerable} | — | — | — | — | "
                   f"{cell(bot['declined_unanswerable'])} | — |"]


def main() -> None:
    """Run the sets and print the table."""
    first, *others = SETS
    background = start(*first[1:])
    # The mixed corpus reuses the CNIL vectors the first run saves: its sets wait for that run.
    results = {label: finish(start(path, corpus, options), path)
               for label, path, corpus, options in others if corpus != MIXED}
    results[first[0]] = finish(background, first[1])
    results.update((label, finish(start(path, corpus, options), path))
                   for label, path, corpus, options in others if corpus == MIXED)
    print("| set | questions | hit@1 | hit@5 | MRR@5 | declined (answerable) | declined (unanswerable) | "
          "plain rank-bm25 hit@1 |\n|---|---|---|---|---|---|---|---|")
    for label, _, _, options in SETS:
        print("\n".join(rows(label, results[label], "--remove-gold" in options)))


if __name__ == "__main__":
    main()

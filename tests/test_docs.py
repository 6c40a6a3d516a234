"""The README and the commands do not drift apart (after sqlite-utils' tests/test_docs.py)."""

from __future__ import annotations

import importlib.util
import re

from bot.cli import build_parser

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```\n(.+?)\n```", section)[:2]


def test_ci_runs_the_readme_setup_and_test_commands() -> None:
    setup, tests = quick_start_commands()
    install = setup.split(" && .venv/bin/python -m bot ask")[0]
    assert install in CI and tests in CI


def test_every_command_is_documented() -> None:
    commands = build_parser()._subparsers._group_actions[0].choices  # argparse keeps them here
    for name in commands:
        assert f"python -m bot {name}" in README, f"'{name}' is not in the README"


def test_env_example_lists_every_setting_the_code_reads() -> None:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    code = (ROOT / "bot" / "config.py").read_text(encoding="utf-8")
    for variable in set(re.findall(r'env(?:\.get\(|, )"([A-Z_]+)"', code)):
        assert variable in example, variable


def test_every_script_the_readme_names_exists() -> None:
    for script in set(re.findall(r"scripts/[\w/]+\.py", README)):
        assert (ROOT / script).is_file(), f"README names {script}, which is not in the project"


def test_the_readme_names_every_field_of_ask_json_and_no_other() -> None:
    from bot.answer import Answerer

    from .conftest import CORPUS_DIR

    row = next(line for line in README.splitlines() if line.startswith("| `python -m bot ask --json"))
    documented = set(re.findall(r'"(\w+)"', row.split(" | ", 1)[1].split("`;")[0]))  # past the command's own "QUESTION"
    answer = Answerer.from_corpus_dir(CORPUS_DIR, semantic="off").ask("when did Amazon pause Rekognition?").to_json()
    passage = answer["passages"][0]
    also = {"paragraph": 0, "article": passage["article"]}  # the shape of a twin's entry, as Hit.to_json writes it
    assert documented == set(answer) | set(passage) | set(passage["article"]) | set(also)


def test_the_measure_it_table_has_the_rows_scripts_measure_prints() -> None:
    spec = importlib.util.spec_from_file_location("measure", ROOT / "scripts" / "measure.py")
    measure = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(measure)
    section = README.split("## Measure it", 1)[1].split("\n## ", 1)[0]
    table = [line.split(" | ")[0].removeprefix("| ") for line in section.splitlines()
             if line.startswith("| ") and line.count("|") == 9][1:]  # past the header
    printed = [row.split(" | ")[0].removeprefix("| ") for label, _, _, options in measure.SETS
               for row in measure.rows(label, FIGURES, "--remove-gold" in options)]
    assert table == printed


FIGURES = {"questions": 2, "bot": {"questions": 4, "answerable": 2, "hit1": 0.5, "hit5": 0.5, "mrr5": 0.5,
                                   "declined_answerable": 0.0, "declined_unanswerable": 0.5},
           "plain_rank_bm25": {"hit1": 0.5}}

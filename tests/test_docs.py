"""The README and the commands do not drift apart (after sqlite-utils' tests/test_docs.py)."""

from __future__ import annotations

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

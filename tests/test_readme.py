"""The README is what a newcomer has: its commands parse, the files it names exist, the settings it lists are real."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from pantau.cli import build_parser
from pantau.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _pantau_commands() -> list[str]:
    """Every ``pantau …`` command of the README, in code blocks and in backticks, alternatives (a|b) expanded."""
    found = re.findall(r"`(pantau [^`]+)`", README)
    found += re.findall(r"^(pantau [^#\n]+)", README, flags=re.MULTILINE)
    commands = set()
    for command in found:
        command = re.sub(r"\[[^\]]*\]", "", command).strip()  # optional parts
        command = re.sub(r"\|\S+", "", command)  # the first of the alternatives
        commands.add(command)
    return sorted(commands)


@pytest.mark.parametrize("command", _pantau_commands())
def test_every_pantau_command_of_the_readme_parses(command: str) -> None:
    args = build_parser().parse_args(shlex.split(command)[1:])
    assert getattr(args, "func", None) is not None, command


@pytest.mark.parametrize(
    "path",
    sorted(
        set(re.findall(r"(?<![\w/])((?:examples|docs|bench|tools|domain|storage|\.ci)/[\w./-]*\w)", README))
        | {".env.example", "examples/README.md"}
    ),
)
def test_every_file_the_readme_names_exists(path: str) -> None:
    assert (ROOT / path).exists(), path


def test_every_setting_in_the_readme_and_env_example_is_a_setting() -> None:
    fields = {f"PANTAU_{name.upper()}" for name in Settings.model_fields}
    readme = set(re.findall(r"`(PANTAU_[A-Z_]+)`", README)) - {"PANTAU_TEST_DATABASE_URL"}
    example = set(re.findall(r"^(PANTAU_[A-Z_]+)=", (ROOT / ".env.example").read_text(), flags=re.MULTILINE))
    assert readme <= fields and example == fields, (readme - fields, fields ^ example)


def test_files_pantau_leaves_in_a_clone_are_ignored_by_git() -> None:
    ignored = (ROOT / ".gitignore").read_text().split()
    for pattern in ("*.db", "*.db-wal", "*.db-shm", "*.db.lock", ".env", "sandbox-files/"):
        assert pattern in ignored

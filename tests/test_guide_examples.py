"""The examples of the maintainers' guide and of the README run, as written, on a fresh copy of the real registry.

A command block marked `<!-- exemple exécuté -->` is run line by line (each command must succeed) from a folder
holding a copy of registry/ and mkdocs.yml, for the real day: an example with a wrong id, a wrong flag or a date
the validator refuses fails here. The few command blocks left out are listed below, with why.
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.registry import build_registry
from tests.sitebuild import PROJECT, REAL_TODAY

MARKER = "<!-- exemple exécuté -->"
DOCUMENTS = ("docs/contribuer.md", "README.md")
COMMAND_FENCES = ("sh", "bash", "shell", "console")

# Command blocks not run, by document and first line: few, and each for a reason.
LEFT_OUT = {
    ("docs/contribuer.md", "./scripts/bootstrap test"): "mise en place : installe .venv/",
    ("README.md", "./scripts/build-site"): "mise en place : installe, puis construit tout le site",
    ("README.md", "python -m generator validate [--registry DIR]"): "synopsis des commandes, pas un exemple",
}


@dataclass(frozen=True)
class Block:
    document: str
    line: int  # of the opening fence
    text: str
    runnable: bool

    @property
    def first_line(self) -> str:
        return self.text.splitlines()[0] if self.text else ""

    def commands(self) -> list[list[str]]:
        """Each command of the block as its words: continuation lines joined, comments dropped."""
        joined = re.sub(r"\\\n\s*", " ", self.text)
        return [words for line in joined.splitlines() if (words := shlex.split(line, comments=True))]

    def __str__(self) -> str:
        return f"{self.document}:{self.line}"


def command_blocks(document: str) -> list[Block]:
    lines = (PROJECT / document).read_text(encoding="utf-8").splitlines()
    blocks, index = [], 0
    while index < len(lines):
        fence = re.fullmatch(r"```(\w*)\s*", lines[index])
        if fence is None:
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("```"))
        if fence.group(1) in COMMAND_FENCES:
            previous = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
            blocks.append(Block(document, index + 1, "\n".join(lines[index + 1:end]), previous.strip() == MARKER))
        index = end + 1
    return blocks


BLOCKS = [block for document in DOCUMENTS for block in command_blocks(document)]
RUNNABLE = [block for block in BLOCKS if block.runnable]


def _left_out_key(block: Block) -> tuple[str, str] | None:
    return next((key for key in LEFT_OUT if key[0] == block.document and block.first_line.startswith(key[1])), None)


def test_every_command_block_is_run_or_listed_as_left_out() -> None:
    unaccounted = [str(b) for b in BLOCKS if not b.runnable and _left_out_key(b) is None]
    assert unaccounted == []
    # The list holds only blocks that exist and are not run: no stale entry, no block both run and left out.
    listed = {_left_out_key(b) for b in BLOCKS if not b.runnable}
    assert set(LEFT_OUT) <= listed
    assert [str(b) for b in RUNNABLE if _left_out_key(b) is not None] == []
    assert len(LEFT_OUT) <= len(RUNNABLE) // 2


def test_the_guide_has_runnable_examples_of_every_editing_command() -> None:
    run = {words[3] for block in RUNNABLE for words in block.commands() if len(words) > 3}
    assert {"new", "add", "renew", "withdraw", "reinstate", "fmt", "validate"} <= run


@pytest.mark.parametrize("block", RUNNABLE, ids=str)
def test_a_runnable_block_is_made_of_real_looking_commands(block: Block) -> None:
    assert "…" not in block.text  # placeholders are for synopses: an example is typed as is
    for words in block.commands():
        assert words[:3] == ["python", "-m", "generator"], " ".join(words)
        assert "--registry" not in words and "--today" not in words  # as a maintainer types them
        for url in (w for w in words if w.startswith("http")):
            assert re.fullmatch(r"https://[a-z0-9.-]+\.[a-z]{2,}/[\w./-]*", url), url


@pytest.fixture
def project_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh folder laid out as the repository is: a copy of the real registry, and mkdocs.yml."""
    shutil.copytree(PROJECT / "registry", tmp_path / "registry")
    shutil.copy(PROJECT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("block", RUNNABLE, ids=str)
def test_each_runnable_block_succeeds_on_a_copy_of_the_real_registry(block: Block, project_copy: Path) -> None:
    before = {p.relative_to(project_copy): p.read_bytes() for p in (project_copy / "registry").rglob("*.yml")}
    for words in block.commands():
        result = CliRunner().invoke(main, words[3:], catch_exceptions=False)
        assert result.exit_code == 0, f"{block} : {' '.join(words)}\n{result.output}"
        assert "Erreur" not in result.output
    after = {p.relative_to(project_copy): p.read_bytes() for p in (project_copy / "registry").rglob("*.yml")}
    changed = sorted(str(p) for p in after if before.get(p) != after[p])
    editing = {words[3] for words in block.commands()} & {"add", "renew", "withdraw", "reinstate"}
    if editing:  # the example did change a record, and left the registry valid for today
        assert changed
        assert build_registry(str(project_copy / "registry"), REAL_TODAY).errors == []


def test_an_example_with_a_wrong_id_or_flag_would_fail(project_copy: Path) -> None:
    """What the test above guards against: the guide's old `--standard nf-345`, and a misspelt flag."""
    block = Block("exemple", 1, "python -m generator withdraw maif --standard nf-345 --date 2024-09-30 \\\n"
                  "    --source https://www.exemple.fr/retrait", runnable=True)
    result = CliRunner().invoke(main, block.commands()[0][3:])
    assert result.exit_code == 1
    assert "vouliez-vous dire « nf-service-relation-client » ?" in result.output
    result = CliRunner().invoke(main, ["renew", "maif", "--standards", "relation-client-france"])
    assert result.exit_code == 2

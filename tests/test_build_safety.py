"""A build never writes over a source, and never leaves a moment without a whole site (issue 11, point 3).

The hostile targets are tried in a copy of the project's layout in a temporary folder (a build that
wrongly accepted one destroys only that copy); the real project is checked by the pure target check.
Kills come at random instants (the seed is printed on failure) in real builds and in a loop of swaps.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import generator.build
import generator.finish
from generator.build import (
    SITE_MARKER,
    Sources,
    UnsafeTarget,
    check_target,
    clean_leftovers,
    sources_for,
    staged,
)
from generator.cli import main
from tests.conftest import base_files, write_tree
from tests.sitebuild import PROJECT, build_site, fixture_config


def tree_digest(folder: Path) -> dict[str, bytes]:
    """Every file and link under `folder` (links as where they point), by relative path."""
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[str(path.relative_to(folder))] = b"-> " + os.readlink(path).encode()
        elif path.is_file():
            found[str(path.relative_to(folder))] = path.read_bytes()
    return found


def site_digest(site: Path) -> dict[str, bytes]:
    return tree_digest(site.resolve()) if site.exists() else {}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project laid out as ours is (mkdocs.yml, registry/, docs/, generator/, tests/, .git/), as the
    current folder, with a home folder of its own beside it."""
    root = tmp_path / "projet"
    write_tree(root / "registry", base_files())
    for name, text in {"docs/index.md": "# Accueil\n", "generator/__init__.py": "", "tests/test_x.py": "",
                       ".git/HEAD": "ref: refs/heads/main\n", "README.md": "# Projet\n",
                       "autre/notes.txt": "à garder\n"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    fixture_config(root)
    home = tmp_path / "maison"
    (home / "documents").mkdir(parents=True)
    (home / "documents/lettre.txt").write_text("à garder\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(root)
    return root


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--registry", "registry", "--today", "2026-11-25",
                                       "--config-file", "mkdocs.yml"])
    return result.exit_code, result.output


HOSTILE_TARGETS = {
    ".": "est le dossier du projet",
    "..": "est le dossier du projet",
    ".git": "est un dossier source du projet",
    "registry": "est un dossier source du projet",
    "registry/companies": "est un dossier source du projet",
    "docs": "est un dossier source du projet",
    "generator": "est un dossier source du projet",
    "tests": "est un dossier source du projet",
    "../maison": "est un dossier personnel",
    "/": "est la racine du système de fichiers",
    "autre": "n'est pas vide et ne vient pas d'une construction du registre",
    "README.md": "existe et n'est pas un dossier",
}


@pytest.mark.parametrize("command", ["build", "render"])
@pytest.mark.parametrize("target", sorted(HOSTILE_TARGETS))
def test_a_source_or_a_foreign_folder_is_refused_and_left_untouched(project: Path, command: str,
                                                                    target: str) -> None:
    before = tree_digest(project.parent)
    option = "--site-dir" if command == "build" else "--out"
    code, output = run(command, option, target)
    assert code == 1, output
    assert f"Erreur : « {target} » {HOSTILE_TARGETS[target]}" in output
    assert "Rien n'a été écrit." in output
    assert "Traceback" not in output
    assert tree_digest(project.parent) == before


def test_the_real_project_is_refused_whatever_config_is_used(tmp_path: Path) -> None:
    sources = sources_for(fixture_config(tmp_path))  # a configuration outside the project
    for folder in (PROJECT, PROJECT.parent, PROJECT / ".git", PROJECT / "registry", PROJECT / "docs",
                   PROJECT / "generator", PROJECT / "tests", PROJECT / "registry" / "companies"):
        with pytest.raises(UnsafeTarget, match="dossier"):
            check_target(folder, sources)
    assert check_target(tmp_path / "site", sources) == tmp_path / "site"


def test_a_link_to_a_source_is_refused(project: Path) -> None:
    (project / "lien").symlink_to(project / "registry")
    code, output = run("build", "--site-dir", "lien")
    assert code == 1 and "« lien » est un dossier source du projet" in output
    assert (project / "registry/companies/societe-electrique.yml").is_file()


@pytest.mark.parametrize("command", ["build", "render"])
def test_every_output_carries_the_marker_and_is_replaced_next_time(project: Path, command: str) -> None:
    option = "--site-dir" if command == "build" else "--out"
    assert run(command, option, "sortie")[0] == 0
    assert (project / "sortie" / SITE_MARKER).is_file()
    (project / "sortie" / "reste.txt").write_text("d'une construction précédente\n", encoding="utf-8")
    assert run(command, option, "sortie")[0] == 0
    assert not (project / "sortie" / "reste.txt").exists()
    # An empty folder is taken too.
    (project / "vide").mkdir()
    assert run(command, option, "vide")[0] == 0 and (project / "vide" / SITE_MARKER).is_file()


def test_plain_mkdocs_refuses_a_foreign_site_dir_and_marks_its_own(tmp_path: Path) -> None:
    registry = write_tree(tmp_path / "registry", base_files())
    config = fixture_config(tmp_path, registry=registry, today="2026-11-25")
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "photo.jpg").write_bytes(b"\xff\xd8")

    def mkdocs(site_dir: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site_dir)],
                              cwd=PROJECT, capture_output=True, text=True, check=False,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    for target in (foreign, registry):
        refused = mkdocs(target)
        assert refused.returncode == 1, refused.stderr[-2000:]
        assert f"« {target} »" in refused.stderr
    assert (foreign / "photo.jpg").read_bytes() == b"\xff\xd8"
    assert (registry / "companies/societe-electrique.yml").is_file()
    built = mkdocs(tmp_path / "out")
    assert built.returncode == 0, built.stderr[-2000:]
    assert (tmp_path / "out" / SITE_MARKER).is_file()


def test_a_build_never_touches_another_sites_staging(tmp_path: Path) -> None:
    registry = write_tree(tmp_path / "registry", base_files())
    theirs = [tmp_path / ".site-2.registre-tmp.0123456789ab", tmp_path / ".site-2.registre-old.0123456789ab",
              tmp_path / ".site-staging-site-2-abc", tmp_path / ".site.registre-tmp.pas-un-jeton"]
    mine = tmp_path / ".site.registre-tmp.0123456789ab"
    for folder in [*theirs, mine]:
        folder.mkdir()
        (folder / "index.html").write_text("en cours\n", encoding="utf-8")
    assert build_site(registry, tmp_path / "site").exit_code == 0
    assert [folder for folder in theirs if not (folder / "index.html").is_file()] == []
    assert not mine.exists()  # what a killed build of "site" left


@pytest.fixture
def previous_site(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A registry, the site built from it, and that site's digest: what a failed build must leave as it was."""
    registry = write_tree(tmp_path / "registry", base_files())
    site = tmp_path / "site"
    assert build_site(registry, site).exit_code == 0
    return registry, site, tree_digest(site)


def test_a_build_failing_after_validation_keeps_the_previous_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, previous_site: tuple[Path, Path, dict[str, bytes]]) -> None:
    registry, site, before = previous_site

    def broken_index(self: generator.finish.SearchIndex) -> None:
        raise generator.build.BuildError("Pagefind a échoué : index illisible")

    monkeypatch.setattr(generator.finish.SearchIndex, "wait", broken_index)
    for _ in range(2):  # and again: nothing the first failure left is taken for a site
        result = build_site(registry, site, "2026-11-26")
        assert result.exit_code == 1
        assert "Erreur : échec de la construction, le site précédent est intact : Pagefind a échoué" in result.output
        assert tree_digest(site) == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs.yml", "registry", "site"]


def test_without_an_exchange_the_site_is_a_link_switched_in_one_rename(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    registry = write_tree(tmp_path / "registry", base_files())
    site = tmp_path / "site"
    monkeypatch.setattr(generator.build, "exchange", lambda first, second: False)
    digests = {}
    for day in ("2026-11-25", "2026-11-26", "2026-11-27"):
        assert build_site(registry, site, day).exit_code == 0
        digests[day] = site_digest(site)
        assert f"{day[8:]} novembre 2026".lstrip("0") in (site / "index.html").read_text(encoding="utf-8")
    assert site.is_symlink()
    kept = sorted(p.name for p in tmp_path.iterdir() if ".registre-" in p.name)
    assert kept == [os.readlink(site)]  # the current site only: each earlier one removed after its switch
    monkeypatch.undo()  # an exchange where there was a link: the link and what it pointed to go
    assert build_site(registry, site, "2026-11-25").exit_code == 0
    assert not site.is_symlink() and site_digest(site) == digests["2026-11-25"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs.yml", "registry", "site"]


class Killed(BaseException):
    """Stands for SIGKILL in the middle of a swap: nothing after it runs, no cleanup."""


def fill(target: Path, version: str) -> None:
    with staged(target, Sources((), ())) as folder:
        for n in range(40):
            (folder / f"page-{n}.html").write_text(version)


@pytest.mark.parametrize("mode", ["exchange", "link"])
def test_a_swap_stopped_at_any_step_leaves_a_whole_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       mode: str) -> None:
    """Every file system call of a swap in turn is the last one: the site is whole right away (with an
    exchange), or once the next build has put back what the stop left aside (the one step a link needs)."""
    target = tmp_path / "site"
    fill(target, "1")
    steps = {"os.rename": os.rename, "os.replace": os.replace, "os.symlink": os.symlink, "os.unlink": os.unlink,
             "shutil.rmtree": generator.build.shutil.rmtree}
    exchange = (lambda first, second: False) if mode == "link" else generator.build.exchange
    stops = 0
    for version in ("2", "3", "4"):
        previous = whole_version(target)
        for stop_at in range(1, 50):
            calls = 0

            def counted(name: str, function: object, stop_at: int = stop_at) -> object:
                def call(*args: object, **kwargs: object) -> object:
                    nonlocal calls
                    calls += 1
                    if calls == stop_at:
                        raise Killed(name)
                    return function(*args, **kwargs)  # type: ignore[operator]
                return call

            with monkeypatch.context() as patch:
                for name, function in steps.items():
                    module, attribute = name.split(".")
                    patch.setattr(os if module == "os" else generator.build.shutil, attribute, counted(name, function))
                patch.setattr(generator.build, "exchange", counted("exchange", exchange))
                try:
                    fill(target, version)
                    finished = True
                except Killed:
                    finished, stops = False, stops + 1
            if mode == "exchange":
                assert whole_version(target) in (previous, version), (version, stop_at)
            clean_leftovers(target)
            assert whole_version(target) in (previous, version), (version, stop_at)
            if finished:
                break
        assert whole_version(target) == version
    assert stops >= 6
    assert target.is_symlink() == (mode == "link")


def test_a_site_left_aside_by_a_kill_is_put_back(tmp_path: Path) -> None:
    old = tmp_path / ".site.registre-old.0123456789ab"
    old.mkdir()
    (old / "index.html").write_text("ancien\n", encoding="utf-8")
    (tmp_path / ".site.registre-tmp.0123456789ab").mkdir()
    clean_leftovers(tmp_path / "site")
    assert (tmp_path / "site/index.html").read_text(encoding="utf-8") == "ancien\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


SWAP_LOOP = """
import sys
from collections.abc import Iterator
from pathlib import Path
from generator.build import Sources, staged
target, version = Path(sys.argv[1]), int(sys.argv[2])
print("prêt", flush=True)
while True:
    version += 1
    with staged(target, Sources((), ())) as folder:
        for n in range(40):
            (folder / f"page-{n}.html").write_text(str(version))
"""


def whole_version(site: Path) -> str:
    """The one version every file of the site holds; fails when the site is missing or mixed."""
    files = sorted(site.resolve().iterdir())
    assert [f.name for f in files] == sorted([SITE_MARKER, *(f"page-{n}.html" for n in range(40))])
    versions = {f.read_text() for f in files if f.name != SITE_MARKER}
    assert len(versions) == 1, versions
    return versions.pop()


@pytest.mark.parametrize("mode", ["exchange", "link"])
def test_swaps_killed_at_random_instants_leave_a_whole_site(tmp_path: Path, mode: str) -> None:
    target = tmp_path / "site"
    with staged(target, Sources((), ())) as folder:
        for n in range(40):
            (folder / f"page-{n}.html").write_text("0")
    loop = SWAP_LOOP if mode == "exchange" else SWAP_LOOP.replace(
        "from generator.build", "import generator.build\ngenerator.build.exchange = lambda a, b: False\n"
        "from generator.build")
    seed = random.randrange(1 << 30)
    chance = random.Random(seed)
    version = 0
    for _ in range(12):
        process = subprocess.Popen([sys.executable, "-c", loop, str(target), str(version)], cwd=PROJECT,
                                   stdout=subprocess.PIPE)
        assert process.stdout is not None and process.stdout.readline()  # started: the swaps begin
        time.sleep(chance.uniform(0.005, 0.3))
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdout.close()
        clean = int(whole_version(target))
        assert clean >= version, f"seed {seed}"
        version = clean
    assert version > 12, "the loop never got to swap"
    clean_leftovers(target)
    whole_version(target)
    assert sorted(p.name for p in tmp_path.iterdir() if ".registre-" in p.name) == (
        [os.readlink(target)] if target.is_symlink() else [])


def test_real_builds_killed_at_random_instants_leave_the_old_or_the_new_site(tmp_path: Path) -> None:
    registry = write_tree(tmp_path / "registry", base_files())
    days = ("2026-11-25", "2026-11-27")
    expected = []
    for day in days:
        (tmp_path / day).mkdir()
        assert build_site(registry, tmp_path / day / "site", day).exit_code == 0
        expected.append(tree_digest(tmp_path / day / "site"))
    assert expected[0] != expected[1]
    site = tmp_path / "site"
    assert build_site(registry, site, days[0]).exit_code == 0
    config = fixture_config(tmp_path)

    def start(day: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "generator", "build", "--registry", str(registry), "--site-dir", str(site),
             "--today", day, "--config-file", str(config)],
            cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    began = time.monotonic()
    assert start(days[1]).wait() == 0
    duration = time.monotonic() - began
    assert tree_digest(site) == expected[1]
    seed = random.randrange(1 << 30)
    chance = random.Random(seed)
    for attempt in range(6):
        process = start(days[attempt % 2])
        # Half the kills anywhere in the build, half near its end, where the swap happens.
        time.sleep(chance.uniform(0, duration) if attempt < 3 else chance.uniform(0.7 * duration, 1.1 * duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert tree_digest(site) in expected, f"seed {seed}, attempt {attempt}"
    assert build_site(registry, site, days[0]).exit_code == 0
    assert tree_digest(site) == expected[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*days, "mkdocs.yml", "registry", "site"])


def test_pagefind_failing_fails_the_build_with_its_own_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, previous_site: tuple[Path, Path, dict[str, bytes]]) -> None:
    """Pagefind's service stops mid-build: its message reaches the error, and the previous site stays."""
    import pagefind_bin_extended

    registry, site, before = previous_site
    fake = tmp_path / "pagefind"
    # Answers the new index (message 1, base64 JSON ended by a comma), then fails on the pages.
    answer = '{"message_id": 1, "payload": {"type": "NewIndex", "index_id": 0}}'
    fake.write_text(f"#!/bin/sh\nprintf '%s,' \"$(printf '%s' '{answer}' | base64 -w0)\"\n"
                    "head -c 1000 >/dev/null\necho 'index illisible' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(pagefind_bin_extended, "get_executable", lambda: fake)
    result = build_site(registry, site, "2026-11-26")
    assert result.exit_code == 1
    assert "le site précédent est intact : Pagefind a échoué : le service d'indexation s'est arrêté " \
           "(index illisible)" in result.output
    assert tree_digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs.yml", "pagefind", "registry", "site"]

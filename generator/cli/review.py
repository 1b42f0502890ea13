"""`diff` and `check-sources`: what a reviewer reads on a pull request, and the weekly source watch."""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from datetime import date

import click

from generator.cli.errors import Failure
from generator.cli.options import registry_option, today_in_paris, today_option
from generator.diagnostics import FORMATTERS, sort_by_place
from generator.edit.diff import summarize, to_markdown
from generator.edit.sources import dead_source_diagnostics
from generator.french import plural
from generator.load import KINDS, load_registry
from generator.registry import build_registry


def _git(args: list[str], cwd: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def _extract(revision: str, toplevel: str, inside: str, destination: str) -> str:
    """Write the registry folder as it is at `revision` into `destination`; return its path there."""
    if _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], toplevel).returncode:
        raise Failure(f"révision git inconnue « {revision} »")
    root = os.path.join(destination, inside)
    archive = _git(["archive", "--format=tar", revision, "--", inside], toplevel)
    if archive.returncode == 0:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            _extract_all(tar, destination)
    # A registry that does not exist yet at `revision` (or has empty folders git does not keep) is empty.
    for kind in KINDS:
        os.makedirs(os.path.join(root, kind), exist_ok=True)
    return root


def _extract_all(tar: tarfile.TarFile, destination: str) -> None:
    """Extract a `git archive` of the registry: with the "data" filter where Python has it (3.11.4 and
    later); Debian 12's 3.11.2 has not, and an archive made by git of our own tree holds only files."""
    if hasattr(tarfile, "data_filter"):
        tar.extractall(destination, filter="data")
        return
    for member in tar.getmembers():
        if not (member.isfile() or member.isdir()) or os.path.isabs(member.name) or ".." in member.name.split("/"):
            raise Failure(f"archive git inattendue : {member.name}")
    tar.extractall(destination)  # every member checked above


@click.command("diff")
@click.argument("base")
@click.argument("head", required=False)
@registry_option
@today_option
def diff_command(base: str, head: str | None, registry: str, today: date | None) -> None:
    """Résumé Markdown des changements du registre entre deux révisions git (HEAD : l'arbre de travail)."""
    found = _git(["rev-parse", "--show-toplevel"], ".")
    if found.returncode:
        raise Failure("pas de dépôt git ici : lancez la commande dans le dépôt du registre")
    toplevel = found.stdout.decode().strip()
    inside = os.path.relpath(os.path.realpath(registry), os.path.realpath(toplevel))
    if inside.startswith(".."):
        raise Failure(f"le registre {registry} n'est pas dans le dépôt git {toplevel}")
    day = today or today_in_paris()
    with tempfile.TemporaryDirectory(prefix="registre-diff-") as workspace:
        base_root = _extract(base, toplevel, inside, os.path.join(workspace, "base"))
        head_root = _extract(head, toplevel, inside, os.path.join(workspace, "head")) if head else registry
        before = build_registry(base_root, day)
        after = build_registry(head_root, day)
    click.echo(to_markdown(summarize(before, after), after, f"`{base}`",
                           f"`{head}`" if head else "l'arbre de travail"), nl=False)


@click.command("check-sources")
@registry_option
@today_option
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
              metavar="S", help="Délai d'attente d'une réponse, en secondes.")
@click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True, metavar="S",
              help="Pause entre deux requêtes au même site, en secondes.")
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATTERS)), default="text",
              show_default=True, help="Forme des messages.")
def check_sources_command(registry: str, today: date | None, timeout: float, delay: float,
                          output_format: str) -> None:
    """Vérifie que chaque adresse citée répond ; signale les mortes à leur place dans les fiches."""
    loaded = load_registry(registry)
    checked, dead = dead_source_diagnostics(loaded.documents, timeout=timeout, delay=delay)
    click.echo(FORMATTERS[output_format](sort_by_place(dead)), nl=False)
    click.echo(f"{plural(checked, 'adresse vérifiée', 'adresses vérifiées')}, "
               f"{plural(len({d.message for d in dead}), 'injoignable')}", err=True)
    if dead:
        raise SystemExit(1)

"""`diff` on a temporary git repository with real commits; `check-sources` against a local server."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_edit import EDF, FILES, MAIF, TODAY

from generator.cli import main

NEW_COMPANY = """\
name: Crédit Agricole
checked: '2026-11-20'
sources:
  - title: Crédit Agricole certifié NF Service Relation Client
    url: https://www.credit-agricole.fr/nf-345
    publisher: Crédit Agricole
certifications:
  - standard: nf-345
    certifier: afnor-certification
    issued: '2025-10-01'
    sources:
      - https://www.afnor.org/certificat/credit-agricole
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "depot"
    for relative, text in FILES.items():
        path = root / "registry" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Mainteneuse")
    git(root, "config", "user.email", "mainteneuse@example.org")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "registry")
    git(root, "commit", "-q", "-m", "Registre initial")
    monkeypatch.chdir(root)
    return root


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--today", TODAY.isoformat()])


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A", "registry")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "--short", "HEAD")


def test_diff_between_two_commits(repo: Path) -> None:
    base = git(repo, "rev-parse", "--short", "HEAD")
    assert cli("renew", "maif", "--standard", "relation-client-france", "--issued", "2025-12-07",
               "--source", "https://www.maif.fr/rcf-2025").exit_code == 0
    assert cli("withdraw", "edf", "--standard", "nf-345", "--scope", "Site de Lille", "--date", "2026-10-01",
               "--source", "https://www.afnor.org/retraits").exit_code == 0
    (repo / "registry/companies/credit-agricole.yml").write_text(NEW_COMPANY, encoding="utf-8")
    head = commit(repo, "Maif renouvelée, EDF Lille retiré, Crédit Agricole ajouté")
    result = cli("diff", base, head)
    assert result.exit_code == 0, result.output
    assert result.output == f"""\
## Registre : changements de `{base}` à `{head}`

Statuts calculés au 2026-11-25.

### Entreprises ajoutées

- Crédit Agricole (`credit-agricole`)
  - NF Service Relation Client du 2025-10-01 par AFNOR Certification — valide

### Certificats renouvelés

- Maif (`maif`) : Relation Client France du 2025-12-07 par AFNOR Certification — valide ; remplace le certificat du 2021-12-07

### Certificats retirés, suspendus ou rétablis

- EDF (`edf`) : NF Service Relation Client du 2024-09-15 (périmètre : Site de Lille) par AFNOR Certification : retiré le 2026-10-01

### Statuts modifiés

| Entreprise | Certificat | Avant | Après |
|---|---|---|---|
| EDF (`edf`) | NF Service Relation Client du 2024-09-15 | valide | retiré |
| Maif (`maif`) | Relation Client France du 2021-12-07 | échéance dépassée | échéance dépassée, historique |
"""


def test_diff_against_the_working_tree_with_a_removed_company(repo: Path) -> None:
    (repo / "registry/companies/edf.yml").unlink()
    result = cli("diff", "HEAD")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("## Registre : changements de `HEAD` à l'arbre de travail\n")
    assert "### Entreprises supprimées\n\n- EDF (`edf`)\n" in result.output
    assert "Certificats ajoutés" not in result.output


def test_diff_without_changes_and_with_a_rename(repo: Path) -> None:
    assert cli("diff", "HEAD").output.endswith("\nAucun changement dans le registre.\n")
    maif = repo / "registry/companies/maif.yml"
    text = maif.read_text(encoding="utf-8").replace("name: Maif\n", "name: Maif\nformer_ids:\n  - maif\n")
    maif.unlink()
    (repo / "registry/companies/maif-assurances.yml").write_text(text, encoding="utf-8")
    result = cli("diff", "HEAD")
    assert result.exit_code == 0, result.output
    assert result.output.endswith(
        "Statuts calculés au 2026-11-25.\n\n"
        "### Entreprises renommées\n\n- `maif` devient Maif (`maif-assurances`)\n"
    )


def test_diff_from_a_revision_without_registry_and_an_unknown_revision(repo: Path) -> None:
    git(repo, "checkout", "-q", "--orphan", "vide")
    git(repo, "rm", "-rq", "--cached", "registry")
    (repo / "README.md").write_text("vide\n", encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "vide")
    result = cli("diff", "vide", "main")
    assert result.exit_code == 0, result.output
    assert "- EDF (`edf`)\n  - Relation Client France du 2023-05 — suspendu\n" in result.output
    assert "référentiel NF Service Relation Client (`nf-345`)" in result.output
    unknown = cli("diff", "nulle-part")
    assert unknown.exit_code == 1
    assert unknown.output == "Erreur : révision git inconnue « nulle-part »\n"


def test_diff_shows_validation_errors_of_the_change(repo: Path) -> None:
    (repo / "registry/companies/maif.yml").write_text(MAIF.replace("sector:", "sectuer:"), encoding="utf-8")
    result = cli("diff", "HEAD")
    assert "> **1 erreur de validation** dans l'arbre de travail" in result.output
    assert "### Entreprises supprimées\n\n- Maif (`maif`)\n" in result.output
    assert EDF  # the other record is unchanged


# --- check-sources -------------------------------------------------------------------------------

class Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        self.answer(head=True)

    def do_GET(self) -> None:
        self.answer(head=False)

    def answer(self, head: bool) -> None:
        try:
            if self.path == "/lent":
                time.sleep(1.5)
            if self.path == "/redirection":
                self.send_response(302)
                self.send_header("Location", "/ok")
            elif self.path == "/sans-head" and head:
                self.send_response(405)
            elif self.path in ("/ok", "/sans-head", "/lent"):
                self.send_response(200)
            else:
                self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def sources_registry(tmp_path: Path, base: str) -> Path:
    root = tmp_path / "registry"
    shutil.rmtree(root, ignore_errors=True)
    for kind in ("companies", "standards", "certifiers"):
        (root / kind).mkdir(parents=True)
    (root / "standards/nf-345.yml").write_text(f"""\
name: NF Service Relation Client
kind: certification
sources:
  - {base}/ok
  - title: Règles de certification
    url: {base}/introuvable
    archive: {base}/redirection
""", encoding="utf-8")
    (root / "companies/maif.yml").write_text(f"""\
# Maif
name: Maif
website: {base}/sans-head
checked: '2026-11-01'
sources:
  - {base}/introuvable
certifications:
  - standard: nf-345
    issued: '2025-03-10'
    sources:
      - {base}/lent
      - http://127.0.0.1:{closed_port()}/ferme
      - not a url
""", encoding="utf-8")
    return root


def test_check_sources_reports_dead_addresses_at_their_place(tmp_path: Path, server: str) -> None:
    root = sources_registry(tmp_path, server)
    result = CliRunner().invoke(main, ["check-sources", "--registry", str(root), "--timeout", "0.5",
                                       "--delay", "0"])
    assert result.exit_code == 1
    company, standard = root / "companies/maif.yml", root / "standards/nf-345.yml"
    lines = result.stdout.splitlines()
    assert lines[0] == f"{company}:6:5: warning: adresse injoignable (HTTP 404) : {server}/introuvable"
    assert lines[1] == f"{company}:11:9: warning: adresse injoignable (pas de réponse en 0.5 s) : {server}/lent"
    assert lines[2].startswith(f"{company}:12:9: warning: adresse injoignable (connexion impossible (")
    assert lines[3] == f"{standard}:6:10: warning: adresse injoignable (HTTP 404) : {server}/introuvable"
    assert len(lines) == 4
    assert result.stderr == "6 adresses vérifiées, 3 injoignables\n"


def test_check_sources_passes_when_every_address_answers(tmp_path: Path, server: str) -> None:
    root = sources_registry(tmp_path, server)
    for path in root.rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        text = "\n".join(line for line in text.split("\n")
                         if "introuvable" not in line and "lent" not in line and "ferme" not in line
                         and "Règles" not in line) + "\n"
        path.write_text(text.replace("    archive:", "  - title: Archive\n    archive:"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check-sources", "--registry", str(root), "--timeout", "2",
                                       "--delay", "0.05", "--format", "github"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "3 adresses vérifiées, 0 injoignable\n"

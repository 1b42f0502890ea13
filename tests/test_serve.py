"""`mkdocs serve` as a maintainer expects: an invalid edit leaves the last good site served, with the validator's
messages (file:line:column) in a banner on every page until the records are fixed; `mkdocs build` still refuses."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.sitebuild import PROJECT, fixture_config

PREFIX = "/sous-chemin/"  # the path of the fixture site_url: where serve answers
BANNER = 'class="rr-serve-errors"'
TIMEOUT = 90.0


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A temporary project: a copy of the real registry and a mkdocs.yml that reads it."""
    shutil.copytree(PROJECT / "registry", tmp_path / "registry")
    fixture_config(tmp_path, registry=tmp_path / "registry")
    return tmp_path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(project: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    """`mkdocs serve` on a free port; yields its base URL, the process and its log. Stopped after."""
    port = free_port()
    log = project / "serve.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"),
             "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}{PREFIX}", process, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def wait_for(url: str, condition: Callable[[int, str], bool], process: subprocess.Popen[bytes],
             log: Path) -> str:
    """The page at `url` once `condition(status, body)` holds; fails (with the server's log) after TIMEOUT."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(encoding="utf-8")
        try:
            status, body = fetch(url)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            status, body = 0, ""
        if condition(status, body):
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url} : délai dépassé\n{log.read_text(encoding='utf-8')}")


def banner_of(body: str) -> str:
    start = body.index(BANNER)
    return body[start:body.index("</aside>", start)]


def test_serve_keeps_the_last_good_site_with_the_validator_s_messages_until_fixed(project: Path) -> None:
    standard = project / "registry/standards/iso-9001.yml"
    good = standard.read_text(encoding="utf-8")
    with serving(project) as (base, process, log):
        home = wait_for(base, lambda status, _: status == 200, process, log)
        assert BANNER not in home and "md-banner" not in home
        # An invalid value, and an unknown key whose name is markup: both reported, the markup as text.
        broken = good.replace("\nkind: norme\n", "\nkind: diplôme\n") + '"<b>gras</b>": 1\n'
        assert broken != good + '"<b>gras</b>": 1\n'
        standard.write_text(broken, encoding="utf-8")
        lines = broken.splitlines()
        kind_line = lines.index("kind: diplôme") + 1
        body = wait_for(base, lambda status, text: status == 200 and BANNER in text, process, log)
        banner = banner_of(body)
        assert "Le registre n'est pas valide</strong> (2 erreurs)" in banner
        assert (f"registry/standards/iso-9001.yml:{kind_line}:7 : « kind » : valeur « diplôme » non reconnue"
                in banner)
        assert f"registry/standards/iso-9001.yml:{len(lines)}:1 : champ inconnu « &lt;b&gt;gras&lt;/b&gt; »" in banner
        assert "<b>gras</b>" not in body
        assert "error:" not in banner  # the severity word of the terminal format is English
        # Every page: the last good site, each with the banner (the standard's page still says "norme").
        for page in ("entreprises/maif/", "referentiels/iso-9001/", "contribuer/"):
            status, text = fetch(base + page)
            assert status == 200, page
            assert banner_of(text) == banner, page
        assert "Norme" in fetch(base + "referentiels/iso-9001/")[1]
        # Fixed: the banner goes, and the browsers are told to reload.
        standard.write_text(good, encoding="utf-8")
        wait_for(base + "entreprises/maif/", lambda status, text: status == 200 and BANNER not in text, process, log)
        assert "md-banner" not in fetch(base)[1]
        assert log.read_text(encoding="utf-8").count("Reloading browsers") >= 2


def test_serve_started_on_an_invalid_registry_stops_with_the_messages(project: Path) -> None:
    standard = project / "registry/standards/iso-9001.yml"
    standard.write_text(standard.read_text(encoding="utf-8").replace("\nkind: norme\n", "\nkind: diplôme\n"),
                        encoding="utf-8")
    with serving(project) as (_, process, log):
        assert process.wait(timeout=TIMEOUT) != 0
        output = log.read_text(encoding="utf-8")
    assert f"{standard}:5:7: error: « kind » : valeur « diplôme » non reconnue" in output
    assert "1 erreur dans" in output


def test_mkdocs_build_still_refuses_an_invalid_registry(project: Path) -> None:
    standard = project / "registry/standards/iso-9001.yml"
    standard.write_text(standard.read_text(encoding="utf-8").replace("\nkind: norme\n", "\nkind: diplôme\n"),
                        encoding="utf-8")
    site = project / "site"
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert completed.returncode == 1
    assert f"{standard}:5:7: error: « kind » : valeur « diplôme » non reconnue" in completed.stderr
    assert "1 erreur dans" in completed.stderr
    assert not (site / "index.html").exists()


def test_the_readme_says_where_mkdocs_serve_answers() -> None:
    """The path of site_url, under mkdocs' default address: the README's copy follows mkdocs.yml."""
    site_url = re.search(r"(?m)^site_url: (\S+)$", (PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert site_url is not None
    address = f"http://127.0.0.1:8000{urlsplit(site_url.group(1)).path}"
    assert address == "http://127.0.0.1:8000/registre/"
    assert f"**{address}**" in (PROJECT / "README.md").read_text(encoding="utf-8")

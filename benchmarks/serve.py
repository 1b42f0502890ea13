"""Time `mkdocs serve` from a record edited to the browser showing it.

    python benchmarks/serve.py [--size 1000] [--edits 2]

Writes a synthetic registry (benchmarks/make_registry.py), a temporary mkdocs.yml (the project's,
with the plugin's `registry:` set to that registry's absolute path, absolute docs/ and overrides,
and site_url on the server's address, as tests/sitebuild.py's fixture_config does), starts
`mkdocs serve -a 127.0.0.1:PORT` (a free port) and waits until it answers. In Debian's headless
Chromium, through Playwright, it opens one company page twice: page A is left alone (only MkDocs'
livereload can bring the change), page B is reloaded every 250 ms. It then renames that company in
its YAML record and measures, for each page, the time from the file written to the new name shown
(the moment the page showing it reached DOMContentLoaded, taken inside the page with Date.now());
page A is watched until 15 s after page B showed the change.
Target (issue 7): at most 10 s. The figures are printed in French, as a Markdown table
(benchmarks/fr.py: they are pasted into docs/performances.md, a page of the site). The server is
stopped at the end, whatever happens. Exit 1 when the server does not start or the change never shows.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from build import REPOSITORY, before_and_after, machine, tail
from fr import load, number, plural, table, verdict
from make_registry import TODAY, write_registry
from search import CHROMIUM, CHROMIUM_ARGS

if TYPE_CHECKING:
    from playwright.sync_api import Page

MAX_SECONDS = 10.0
RELOAD_EVERY_S = 0.25
POLL_S = 0.05
LIVERELOAD_GRACE_S = 15.0

# Runs in every document before its own scripts (injected by the browser, outside the page's CSP).
SHOWN_AT = "document.addEventListener('DOMContentLoaded', () => { window.__shownAt = Date.now(); });"
HEADING = "() => { const h = document.querySelector('h1'); return [h ? h.textContent : '', window.__shownAt]; }"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_config(folder: Path, registry: Path, port: int) -> Path:
    """The project's mkdocs.yml, pointed at `registry` and served at the root of 127.0.0.1:PORT."""
    text = (REPOSITORY / "mkdocs.yml").read_text(encoding="utf-8")
    replacements = (
        (r"(?m)^(\s+)registry: registry$", rf"\g<1>registry: {registry}\n\g<1>today: '{TODAY.isoformat()}'"),
        (r"(?m)^site_url: .*$", f"site_url: http://127.0.0.1:{port}/"),
        (r"(?m)^docs_dir: .*$", f"docs_dir: {REPOSITORY / 'docs'}"),
        (r"(?m)^(\s+custom_dir: ).*$", rf"\g<1>{REPOSITORY / 'generator' / 'overrides'}"),
    )
    for pattern, replacement in replacements:
        text, count = re.subn(pattern, replacement, text)
        if count != 1:
            raise SystemExit(f"mkdocs.yml changed shape: {pattern!r} matched {count} times")
    path = folder / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


def wait_for_server(url: str, server: subprocess.Popen, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited with {server.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"mkdocs serve did not answer {url} within {timeout:.0f} s")


def stop(server: subprocess.Popen) -> None:
    """Ctrl-C first (MkDocs then removes its build folder), then kill the whole session."""
    if server.poll() is not None:
        return
    for sig, grace in ((signal.SIGINT, 15), (signal.SIGKILL, 10)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


@dataclass(frozen=True)
class Edit:
    livereload_s: float | None  # page A, never reloaded by us
    polling_s: float | None  # page B, reloaded every 250 ms


def measure_edit(pages: tuple[Page, Page], record: Path, old_name: str, new_name: str, timeout: float) -> Edit:
    livereload, polling = pages
    text = record.read_text("utf-8")
    line = f'name: "{old_name}"'
    if line not in text:
        raise RuntimeError(f"{record.name} has no line {line}")
    record.write_text(text.replace(line, f'name: "{new_name}"', 1), encoding="utf-8")
    written = time.time()  # the browser's Date.now() is the same clock
    times: dict[str, float | None] = {"livereload": None, "polling": None}
    last_reload = 0.0
    while time.time() - written < timeout and None in times.values():
        polled = times["polling"]
        if polled is not None and time.time() - written > polled + LIVERELOAD_GRACE_S:
            break  # the new pages are served: livereload, if it works, would have brought them by now
        for label, page in (("livereload", livereload), ("polling", polling)):
            if times[label] is not None:
                continue
            if label == "polling" and time.time() - last_reload >= RELOAD_EVERY_S:
                last_reload = time.time()
                try:
                    page.reload(wait_until="domcontentloaded", timeout=timeout * 1000)
                except Exception:  # the server answers 404 or nothing while it rebuilds: try again
                    continue
            try:
                heading, shown_at = page.evaluate(HEADING)
            except Exception:  # the page is navigating (livereload): look again
                continue
            if new_name in heading and shown_at:
                times[label] = shown_at / 1000 - written
        time.sleep(POLL_S)
    return Edit(times["livereload"], times["polling"])


EDITS_COLUMNS = (
    ("modification", ">"), ("fiche écrite → nouveau nom affiché, rechargement automatique, s", ">"),
    ("la même, page rechargée toutes les 250 ms, s", ">"),
)


def shown(value: float | None) -> str:
    return number(value, 2) if value is not None else "jamais affiché"


def report(machine_line: str, size: int, timeout: float, startup_s: float, builds: list[float], edits: list[Edit],
           blocked: list[str]) -> list[str]:
    best = [
        min(t for t in (e.livereload_s, e.polling_s) if t is not None)
        for e in edits
        if e.livereload_s is not None or e.polling_s is not None
    ]
    lines = [
        machine_line,
        "",
        f"`mkdocs serve` de {plural(size, 'entreprise')} sur 127.0.0.1 ; première construction et démarrage : "
        f"{number(startup_s, 1)} s ; constructions annoncées par MkDocs : "
        f"{', '.join(f'{number(s, 1)} s' for s in builds) or 'aucune'}",
        "",
        table(EDITS_COLUMNS, [[n, shown(e.livereload_s), shown(e.polling_s)] for n, e in enumerate(edits, 1)]),
        "",
        "Objectif (ticket 7) :",
        "",
    ]
    if len(best) == len(edits):
        worst = max(best)
        lines.append(
            f"- modification affichée dans le navigateur en {number(worst, 2)} s au plus (médiane "
            f"{number(statistics.median(best), 2)} s ; objectif ≤ {number(MAX_SECONDS)} s) : "
            f"{verdict(worst <= MAX_SECONDS)}"
        )
    else:
        lines.append("- **une modification ne s'est jamais affichée dans le navigateur**")
    livereload_ok = all(edit.livereload_s is not None for edit in edits)
    lines.append(
        "- le rechargement automatique a apporté la modification de lui-même : "
        f"{'oui' if livereload_ok else '**non**'} "
        f"(page A observée jusqu'à {number(LIVERELOAD_GRACE_S)} s après que la page B a montré la modification, "
        f"ou {number(timeout)} s)"
    )
    if blocked:
        lines.append(
            f"- le navigateur a refusé {plural(len(blocked), 'script')} au nom de la politique de sécurité du "
            f"contenu (Content-Security-Policy) de la page, par exemple :\n  {blocked[0][:160]}…"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="companies in the synthetic registry (default 1000)")
    parser.add_argument("--edits", type=int, default=2, help="successive renames measured (default 2)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for each edit (default 120)")
    parser.add_argument(
        "--startup-timeout", type=float, default=900, help="seconds to wait for the first build (default 900)"
    )
    args = parser.parse_args(argv)
    if args.size < 1 or args.edits < 1:
        parser.error("--size and --edits must be at least 1")
    from playwright.sync_api import sync_playwright  # after parsing: --help works without it

    before = machine()
    temporary = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    log = temporary / "serve.log"
    server = None
    console: list[str] = []
    edits: list[Edit] = []
    try:
        registry = temporary / "registry"
        write_registry(args.size, registry)
        record = sorted((registry / "companies").glob("*.yml"))[0]
        name = re.search(r'(?m)^name: "(.*)"$', record.read_text("utf-8"))
        if name is None:
            raise SystemExit(f"no name line in {record}")
        old_name = name.group(1)
        port = free_port()
        config = serve_config(temporary, registry, port)
        origin = f"http://127.0.0.1:{port}"
        # TMPDIR: MkDocs builds into a temporary folder; if it is killed, the folder goes with ours.
        env = {**os.environ, "TMPDIR": str(temporary)}
        print(
            f"  démarrage de mkdocs serve sur {origin} avec {plural(args.size, 'entreprise')} (charge {load()})…",
            file=sys.stderr,
            flush=True,
        )
        with open(log, "wb") as output:
            server = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                cwd=REPOSITORY,
                stdout=output,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        startup_s = wait_for_server(origin + "/", server, args.startup_timeout)
        url = f"{origin}/entreprises/{record.stem}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                context = browser.new_context()
                context.add_init_script(SHOWN_AT)
                pages = (context.new_page(), context.new_page())
                pages[0].on("console", lambda message: console.append(f"{message.type}: {message.text}"))
                for page in pages:
                    page.goto(url, wait_until="load", timeout=60_000)
                    heading = page.evaluate(HEADING)[0]
                    if old_name not in heading:
                        raise RuntimeError(f"{url} shows « {heading} », not « {old_name} »")
                current = old_name
                for number in range(1, args.edits + 1):
                    new_name = f"{old_name} (renommée {number})"
                    print(
                        f"  modification {number} : « {current} » → « {new_name} » (charge {load()})…",
                        file=sys.stderr,
                        flush=True,
                    )
                    edits.append(measure_edit(pages, record, current, new_name, args.timeout))
                    current = new_name
                    time.sleep(2)  # let the server settle before the next edit
            finally:
                browser.close()
    except BaseException:
        if log.exists():
            print(f"dernières lignes de mkdocs serve :\n{tail(log.read_text('utf-8', 'replace'))}", file=sys.stderr)
        raise
    finally:
        if server is not None:
            stop(server)
        output_text = log.read_text("utf-8", "replace") if log.exists() else ""
        shutil.rmtree(temporary, ignore_errors=True)

    builds = [float(s) for s in re.findall(r"Documentation built in ([\d.]+) seconds", output_text)]
    blocked = [line for line in console if "Content Security Policy" in line]
    print("\n".join(report(before_and_after(before), args.size, args.timeout, startup_s, builds, edits, blocked)))
    if not all(e.livereload_s is not None or e.polling_s is not None for e in edits):
        print(f"\ndernières lignes de mkdocs serve :\n{tail(output_text)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measure the header search in headless Chromium: bytes per first query, time to the first result.

    python benchmarks/search.py [--size 10000] [--site DIR] [--repeat 3] [--query "electrique zephyrin"]

Writes a synthetic registry (benchmarks/make_registry.py) plus one company added last with an
accented name, « Société Électrique Zéphyrin », builds the site with `python -m generator build`
(or takes an already built `--site DIR`), serves it on 127.0.0.1 (http.server, a free port) and, in
Debian's Chromium driven by Playwright (never a downloaded browser), opens the home page, clicks the
header search box and types an accent-free query. Each run is a fresh browser context (empty cache).

It reports the bytes of the home page's own load, then the bytes of every response that arrived
after the page had finished loading (Pagefind's script, WebAssembly, index chunks and fragments),
the time from the last keystroke to the first result in the list (both taken inside the page with
performance.now(); the box waits 120 ms after the last key before it searches: that pause is
included) and whether the first result is the accented company, in French and as Markdown tables
(benchmarks/fr.py: they are pasted into docs/performances.md, a page of the site). Targets
(issue 7): at most 400 KB for the first query, the first result within 1 s, the accented name
first. Exit 1 when the build or the page fails; targets missed do not change the exit code.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from build import REPOSITORY, before_and_after, machine, measure, project_build_command, tail
from fr import load, number, plural, table, verdict
from make_registry import make_siren, quote, write_registry

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Request

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ACCENTED_NAME = "Société Électrique Zéphyrin"
ACCENTED_ID = "societe-electrique-zephyrin"
DEFAULT_QUERY = "electrique zephyrin"
KEY_DELAY_MS = 40  # typing speed: below the box's 120 ms pause, so only the whole query is searched
WAIT_MS = 30_000

TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg")

MAX_QUERY_KB = 400
MAX_FIRST_RESULT_S = 1.0

# Recorded inside the page: the time of each key pressed in the box, and of each change of the
# result list (with its first result and the status line at that moment).
PROBE = """() => {
  const probe = window.__probe = {keys: [], lists: []};
  const input = document.querySelector("#rrc-search-input");
  const list = document.querySelector("#rrc-search-results");
  const status = document.querySelector("#rrc-search-status");
  input.addEventListener("keydown", () => probe.keys.push(performance.now()), true);
  new MutationObserver(() => {
    const first = list.querySelector(".rrc-search__result");
    if (first) probe.lists.push({
      at: performance.now(), href: first.getAttribute("href"),
      text: (first.querySelector("strong") || first).textContent,
      count: list.querySelectorAll(".rrc-search__result").length, status: status.textContent,
    });
  }).observe(list, {childList: true, subtree: true});
}"""


def accented_company(registry: Path) -> str:
    """One more record, valid, with a SIREN that no other record of the registry uses."""
    taken = {
        line.split('"')[1]
        for path in registry.glob("*/*.yml")
        for line in path.read_text("utf-8").splitlines()
        if line.startswith("siren: ")
    }
    rng = random.Random("zephyrin")
    siren = make_siren(rng)
    while siren in taken:
        siren = make_siren(rng)
    lines = [
        "# Ajoutée en dernier par benchmarks/search.py : un nom accentué, cherché sans accents.",
        f"name: {quote(ACCENTED_NAME)}",
        f"siren: {quote(siren)}",
        f"website: {quote(f'https://{ACCENTED_ID}.example.org/')}",
        f"sector: {quote('Énergie')}",
        f"checked: {quote('2026-10-01')}",
        "sources:",
        f"  - title: {quote(f'{ACCENTED_NAME} : présentation de l’entreprise')}",
        f"    url: {quote(f'https://example.org/entreprises/{ACCENTED_ID}')}",
        f"    publisher: {quote('Annuaire fictif des entreprises')}",
        f"    date: {quote('2025-06-01')}",
        "certifications:",
        f"  - standard: {quote('relation-client-responsable')}",
        f"    certifier: {quote('certiverite')}",
        f"    issued: {quote('2025-03-12')}",
        f"    scope: {quote('Service client particuliers')}",
        "    sources:",
        f"      - {quote(f'https://example.org/actualites/{ACCENTED_ID}/relation-client-responsable')}",
    ]
    (registry / "companies" / f"{ACCENTED_ID}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return siren


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    body: int  # bytes of the response body as received (http.server compresses nothing)
    gzipped: int  # what a server compressing text types (GitHub Pages does) would send: an estimate
    after_load: bool


@dataclass(frozen=True)
class Query:
    page_load: list[Response]
    query: list[Response]
    first_result_s: float | None
    first_href: str | None
    first_text: str | None
    results: int
    status: str
    load_s: float


# Pagefind's files by their extension, as the performance page names them.
PAGEFIND_FILES = {
    "pf_meta": "liste des pages (pf_meta)",
    "pf_index": "morceaux de l'index (pf_index)",
    "pf_fragment": "page trouvée (pf_fragment)",
    "json": "point d'entrée (pagefind-entry.json)",
}


def kind(url: str) -> str:
    """What a request after page load was for, by Pagefind's file names."""
    path = urlsplit(url).path
    name = path.rsplit("/", 1)[-1]
    if "/pagefind/" not in path:
        return "autre fichier : " + name
    if name.startswith("wasm."):
        return "Pagefind : WebAssembly"
    if name.endswith(".js"):
        return "Pagefind : script (" + name + ")"
    extension = name.rsplit(".", 1)[-1] if "." in name else name
    return "Pagefind : " + PAGEFIND_FILES.get(extension, extension)


def run_query(browser: Browser, origin: str, query: str) -> Query:
    context = browser.new_context()
    responses: list[tuple[Request, bool]] = []
    loaded = threading.Event()
    context.on("requestfinished", lambda request: responses.append((request, loaded.is_set())))
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(origin + "/", wait_until="load", timeout=WAIT_MS)
        page.wait_for_load_state("networkidle", timeout=WAIT_MS)
        load_s = time.perf_counter() - start
        loaded.set()
        page.evaluate(PROBE)
        page.click("#rrc-search-input")
        page.keyboard.type(query, delay=KEY_DELAY_MS)
        page.wait_for_function(
            "q => document.querySelector('#rrc-search-status').textContent.includes(q)", arg=query, timeout=WAIT_MS
        )
        page.wait_for_load_state("networkidle", timeout=WAIT_MS)
        time.sleep(0.5)  # fragments asked for by the last results
        probe = page.evaluate("() => window.__probe")
        last_key = probe["keys"][-1]
        shown = [entry for entry in probe["lists"] if entry["at"] > last_key]
        first = shown[0] if shown else None
        measured = []
        for request, after in responses:
            response = request.response()
            if response is None:
                continue
            try:
                content = response.body()
            except Exception:  # a redirect has no body to read
                content = b""
            # Pagefind's index files are gzip already and served as application/octet-stream.
            text = response.headers.get("content-type", "").startswith(TEXT_TYPES)
            gzipped = len(gzip.compress(content, 6)) if text else len(content)
            measured.append(Response(request.url, response.status, len(content), min(gzipped, len(content)), after))
        final = page.evaluate("() => document.querySelector('#rrc-search-status').textContent")
        return Query(
            page_load=[r for r in measured if not r.after_load],
            query=[r for r in measured if r.after_load],
            first_result_s=(first["at"] - last_key) / 1000 if first else None,
            first_href=first["href"] if first else None,
            first_text=" ".join(first["text"].split()) if first else None,
            results=first["count"] if first else 0,
            status=final,
            load_s=load_s,
        )
    finally:
        context.close()


def kb(value: float) -> str:
    return number(value / 1024, 1)


BYTES_COLUMNS = (
    ("ce qui est téléchargé", "<"), ("fichiers téléchargés", ">"), ("Ko tels que servis", ">"),
    ("Ko si les textes étaient compressés (estimation)", ">"),
)
RUNS_COLUMNS = (
    ("passage", ">"), ("chargement de la page, s", ">"), ("dernière touche → premier résultat, s", ">"),
    ("résultats affichés", ">"), ("premier résultat", "<"), ("Ko de la requête", ">"),
)


def report(queries: list[Query], origin: str, query: str, companies: int) -> list[str]:
    first = queries[0]
    kinds: dict[str, list[Response]] = {}
    for response in first.query:
        kinds.setdefault(kind(response.url), []).append(response)
    query_bytes = sum(r.body for r in first.query)
    bytes_rows = [
        ["chargement de l'accueil (HTML, CSS, scripts, images)", len(first.page_load),
         kb(sum(r.body for r in first.page_load)), kb(sum(r.gzipped for r in first.page_load))],
        *(
            [f"première requête : {name}", len(items), kb(sum(r.body for r in items)),
             kb(sum(r.gzipped for r in items))]
            for name, items in sorted(kinds.items())
        ),
        ["**première requête, en tout**", len(first.query), f"**{kb(query_bytes)}**",
         kb(sum(r.gzipped for r in first.query))],
    ]
    runs_rows = [
        [index, number(q.load_s, 2), number_or_none(q.first_result_s, 3), q.results, q.first_text or "—",
         kb(sum(r.body for r in q.query))]
        for index, q in enumerate(queries, 1)
    ]
    times = [q.first_result_s for q in queries if q.first_result_s is not None]
    foreign = {r.url for q in queries for r in q.page_load + q.query if not r.url.startswith(origin)}
    failed = {f"{r.status} {r.url}" for q in queries for r in q.page_load + q.query if r.status >= 400}
    accented_first = all(q.first_href and ACCENTED_ID in q.first_href for q in queries)
    median_s = statistics.median(times) if times else None
    worst_s = max(times) if times else None
    lines = [
        f"Requête « {query} » tapée dans la boîte de recherche de l'accueil (#rrc-search-input), "
        f"{plural(len(queries), 'passage')}, chacun dans un contexte de navigateur neuf (cache vide) ; "
        f"{plural(companies, 'entreprise')}.",
        "",
        table(BYTES_COLUMNS, bytes_rows),
        "",
        table(RUNS_COLUMNS, runs_rows),
        "",
        "Objectifs (ticket 7) :",
        "",
        f"- la première requête télécharge {kb(query_bytes)} Ko (objectif ≤ {MAX_QUERY_KB} Ko) : "
        f"{verdict(query_bytes <= MAX_QUERY_KB * 1024)}",
        (
            f"- premier résultat {number(median_s, 3)} s après la dernière touche (médiane ; le plus lent "
            f"{number(worst_s, 3)} s ; objectif ≤ {number(MAX_FIRST_RESULT_S)} s) : "
            f"{verdict(worst_s <= MAX_FIRST_RESULT_S)}"
            if median_s is not None and worst_s is not None
            else "- premier résultat : **aucun ne s'est affiché**"
        ),
        f"- « {ACCENTED_NAME} » en premier pour « {query} » à chaque passage : {verdict(accented_first)}",
        f"- fichiers demandés à un autre site : {number(len(foreign))}"
        + (f" ({', '.join(sorted(foreign)[:5])})" if foreign else ""),
    ]
    if failed:
        lines.append(f"- réponses en erreur : {', '.join(sorted(failed)[:10])}")
    return lines


def number_or_none(value: float | None, decimals: int) -> str:
    return number(value, decimals) if value is not None else "aucun"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="companies in the synthetic registry (default 10000)")
    parser.add_argument("--site", type=Path, help="an already built site to serve instead of building one")
    parser.add_argument("--repeat", type=int, default=3, help="queries, each in a fresh browser context (default 3)")
    parser.add_argument("--query", default=DEFAULT_QUERY, help=f"what is typed (default {DEFAULT_QUERY!r})")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before the build is killed (default 3600)")
    args = parser.parse_args(argv)
    if args.size < 1 or args.repeat < 1:
        parser.error("--size and --repeat must be at least 1")
    from playwright.sync_api import sync_playwright  # after parsing: --help works without it

    before = machine()
    temporary = Path(tempfile.mkdtemp(prefix="search-bench-"))
    try:
        if args.site:
            site = args.site.resolve()
            companies = sum(1 for _ in (site / "entreprises").glob("*/index.html"))
            build_line = f"site donné : {site} ({plural(companies, 'page')} d'entreprise)"
            if not (site / "entreprises" / ACCENTED_ID / "index.html").is_file():
                print(
                    f"attention : {site} n'a pas de entreprises/{ACCENTED_ID}/ : le nom accentué ne peut pas venir "
                    "en premier",
                    file=sys.stderr,
                )
        else:
            registry, site = temporary / "registry", temporary / "site"
            write_registry(args.size, registry)
            accented_company(registry)
            companies = args.size + 1
            print(f"  construction de {plural(companies, 'entreprise')} (charge {load()})…", file=sys.stderr,
                  flush=True)
            run = measure(project_build_command(registry, site), REPOSITORY, args.timeout)
            if run.failed:
                print(
                    f"la construction a échoué (code de sortie {run.exit_code}) au bout de "
                    f"{number(run.seconds, 1)} s, plus gros processus {number(run.process_mb)} Mo :\n{tail(run.output)}"
                )
                return 1
            build_line = (
                f"construit par `python -m generator build` en {number(run.seconds, 1)} s "
                f"(plus gros processus {number(run.process_mb)} Mo)"
            )
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                try:
                    print(f"  requêtes vers {origin} (charge {load()})…", file=sys.stderr, flush=True)
                    queries = [run_query(browser, origin, args.query) for _ in range(args.repeat)]
                    version = browser.version
                finally:
                    browser.close()
        finally:
            server.shutdown()
            server.server_close()
    finally:
        shutil.rmtree(temporary, ignore_errors=True)

    print(before_and_after(before) + "\n")
    print(
        f"Chromium {version} (sans fenêtre, {CHROMIUM}), servi par http.server sur 127.0.0.1 (sans compression) ; "
        f"{build_line}\n"
    )
    print("\n".join(report(queries, origin, args.query, companies)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measure /verifier/ on a built site: bytes each query fetches after page load, and the lookup files' sizes.

    python benchmarks/verifier.py --site DIR [--repeat 3]

DIR is a site built from a synthetic registry (benchmarks/search.py builds one with the accented
company « Société Électrique Zéphyrin » added last; any built site works). The queries are read from
the site's own lookup files (api/v1/recherche/): that company's SIREN typed with spaces, a certificate
number in lower case with hyphens, the accented name typed without accents, a real SIREN the registry
does not hold, and the word found in the most names (the worst case). Each query is
opened as /verifier/?q=… in a fresh browser context (empty cache) of Debian's Chromium, served by
http.server on 127.0.0.1 (no compression); the bytes of every response after the page's own load are
added up. Target (issues 7 and 13): every query within 400 KB, like the header search's first query.
It prints in French, as Markdown tables (benchmarks/fr.py: they are pasted into docs/performances.md,
a page of the site).
"""

from __future__ import annotations

import argparse
import functools
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from build import before_and_after, machine
from fr import number, plural, table, verdict
from search import ACCENTED_ID, ACCENTED_NAME, CHROMIUM, CHROMIUM_ARGS, WAIT_MS, QuietHandler, kb

if TYPE_CHECKING:
    from playwright.sync_api import Browser

from http.server import ThreadingHTTPServer

MAX_QUERY_KB = 400
UNKNOWN_SIREN = "356000000"  # La Poste: a real SIREN, valid, in no synthetic registry


def lookup_tables(site: Path) -> tuple[dict, dict[str, int]]:
    folder = site / "api" / "v1" / "recherche"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    sizes = {p.relative_to(folder).as_posix(): p.stat().st_size for p in folder.rglob("*.json")}
    return index, sizes


def queries(site: Path, sizes: dict[str, int]) -> list[tuple[str, str]]:
    folder = site / "api" / "v1" / "recherche"
    record = json.loads((site / "api" / "v1" / "entreprises" / f"{ACCENTED_ID}.json").read_text(encoding="utf-8"))
    siren = record["siren"]
    largest_numbers = max((p for p in sizes if p.startswith("numeros/")), key=sizes.__getitem__)
    number = sorted(json.loads((folder / largest_numbers).read_text(encoding="utf-8")))[0]
    names: dict[str, list] = {}
    for path in sorted(p for p in sizes if p.startswith("noms/")):
        names.update(json.loads((folder / path).read_text(encoding="utf-8")))
    common = max(sorted(names), key=lambda word: len(names[word]))
    return [
        ("SIREN tapé avec des espaces", f"{siren[:3]} {siren[3:6]} {siren[6:]}"),
        ("numéro de certificat, en minuscules, avec un tiret", "-".join([number[:2], number[2:]])),
        ("nom accentué tapé sans accents", "societe electrique zephyrin"),
        ("vrai SIREN absent du registre", UNKNOWN_SIREN),
        (f"mot présent dans le plus de noms ({number(len(names[common]))})", common),
    ]


def run(browser: Browser, origin: str, query: str) -> tuple[int, int, float, str]:
    """(requests, bytes after load, seconds from load to answer, first line of the answer)."""
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    loaded = threading.Event()
    sizes: list[int] = []

    def finished(request: object) -> None:
        if loaded.is_set():
            response = request.response()  # type: ignore[attr-defined]
            if response is not None:
                sizes.append(len(response.body()))

    try:
        page = context.new_page()
        page.goto(origin + "/verifier/", wait_until="load", timeout=WAIT_MS)
        page.wait_for_load_state("networkidle", timeout=WAIT_MS)
        loaded.set()
        context.on("requestfinished", finished)
        start = time.perf_counter()
        page.fill("#rr-verify-q", query)
        page.click("form[data-rr-verify] button[type=submit]")
        answer = page.locator("[data-rr-verify-results] .rr-verify-list, [data-rr-verify-results] .rr-verify-none")
        answer.first.wait_for(timeout=WAIT_MS)
        seconds = time.perf_counter() - start
        page.wait_for_load_state("networkidle", timeout=WAIT_MS)
        first = page.locator("[data-rr-verify-results] .rr-verify-result h2, [data-rr-verify-results] .rr-verify-none")
        text = " ".join(first.first.inner_text().split())
        return len(sizes), sum(sizes), seconds, text
    finally:
        context.close()


FILES_COLUMNS = (("fichiers de /api/v1/recherche/", "<"), ("fichiers", ">"), ("le plus gros, Ko", ">"),
                 ("en tout, Ko", ">"))
QUERIES_COLUMNS = (("requête", "<"), ("texte tapé", "<"), ("fichiers téléchargés", ">"),
                   ("Ko après le chargement", ">"), ("réponse, s (médiane)", ">"), ("réponse", "<"))
LOOKUP_FOLDERS = (("siren/", "SIREN"), ("numeros/", "numéros de certificat"), ("noms/", "mots des noms"))


def report(machine_line: str, site: Path, companies: int, present: bool, index: dict, sizes: dict[str, int],
           results: list[tuple[str, str, list[tuple[int, int, float, str]]]]) -> list[str]:
    files = [["index.json", 1, kb(sizes["index.json"]), kb(sizes["index.json"])]]
    for folder, name in LOOKUP_FOLDERS:
        mine = [size for path, size in sizes.items() if path.startswith(folder)]
        files.append([f"{name} ({folder})", len(mine), kb(max(mine)), kb(sum(mine))])
    asked = []
    worst = 0
    for label, query, runs in results:
        requests, size, _, text = runs[0]
        worst = max(worst, *(r[1] for r in runs))
        asked.append([label, f"`{query}`", requests, kb(size), number(statistics.median(r[2] for r in runs), 3),
                      text if len(text) <= 70 else text[:70] + "…"])
    return [
        machine_line,
        "",
        f"{site} : {plural(companies, 'entreprise')} ; « {ACCENTED_NAME} » "
        + ("présente" if present else "**absente**"),
        "",
        table(FILES_COLUMNS, files),
        "",
        table(QUERIES_COLUMNS, asked),
        "",
        f"Objectif : chaque requête ≤ {MAX_QUERY_KB} Ko après le chargement ; la plus lourde : {kb(worst)} Ko : "
        f"{verdict(worst <= MAX_QUERY_KB * 1024)}",
        "",
        f"Fichiers listés dans index.json : {number(len(index['siren']))} SIREN, "
        f"{plural(len(index['numbers']), 'numéro')}, {plural(len(index['names']), 'mot')} "
        f"(clé de {plural(index['key_length'], 'caractère')})",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True, help="a built site (see benchmarks/search.py)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query, each in a fresh context")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright  # after parsing: --help works without it

    site = args.site.resolve()
    index, sizes = lookup_tables(site)
    asked = queries(site, sizes)
    before = machine()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                for label, query in asked:
                    results.append((label, query, [run(browser, origin, query) for _ in range(args.repeat)]))
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()

    companies = sum(1 for _ in (site / "api" / "v1" / "entreprises").glob("*.json"))
    present = (site / "entreprises" / ACCENTED_ID).is_dir()
    print("\n".join(report(before_and_after(before), site, companies, present, index, sizes, results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

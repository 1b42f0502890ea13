"""Time `python -m generator build` next to a plain `mkdocs build` of as many pre-written company pages.

    python benchmarks/build.py [--sizes 1000,10000] [--repeat 1] [--keep DIR] [--timeout 3600]

For each size it writes a synthetic registry (benchmarks/make_registry.py), then runs side by side,
each in a fresh process:

- the baseline: `mkdocs build` of one pre-written Markdown page per company (name, aliases, SIREN,
  a table of its certificates, its sources), with the project's theme (Material, same palette and
  features, `language: fr`, `font: false`), Material's default `search` plugin and an explicit
  3-entry nav (the company pages left out of it, as ours are: the automatic nav is quadratic);
- the project: `python -m generator build --registry DIR --site-dir OUT --today 2026-11-25`,
  everything included (validation, pages, exports, Pagefind index).

It prints, in French and as Markdown tables (benchmarks/fr.py: they are pasted into
docs/performances.md, a page of the site), the elapsed and CPU time, memory, site size (total and
HTML), number of files and largest company page of each, the ratios project / baseline, the
per-company costs and how they grow, then checks the targets of issue 7 ("Objectifs (ticket 7)"):
build at most 1.3 times the baseline, the largest process under 1.5 GB, a company page at most
40 KB, per-company time and size at the largest size over those at the smallest under 1.25. Exit 1
when a build fails (its last lines are printed). Targets missed do not change the exit code: this
prints figures, it is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from fr import day, load, number, plural, table, verdict
from make_registry import TODAY, write_registry  # same folder: on sys.path when run as a script

REPOSITORY = Path(__file__).resolve().parent.parent
SAMPLE_SECONDS = 0.05
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024
SHOWN_OUTPUT_LINES = 30

# Issue 7's targets.
MAX_TIME_RATIO = 1.3
MAX_PROCESS_MB = 1536
MAX_COMPANY_PAGE_KB = 40
MAX_LINEARITY = 1.25


# ---------------------------------------------------------------------------------------------
# The machine and one measured process (search.py and serve.py use these too)


def machine() -> str:
    """One line saying where the figures come from (the cores this process may use, as `nproc` counts)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return (f"Python {platform.python_version()}, {plural(cpus, 'cœur')}, système {platform.platform()}, "
            f"charge moyenne {load()}")


def before_and_after(before: str) -> str:
    """The machine line taken before the runs, and the load average after them."""
    return f"{before} (avant) ; charge moyenne {load()} (après)"


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float  # user + system of the process and every descendant it waited for (Pagefind, git)
    process_mb: float  # the largest single process of the tree (kernel high-water mark, see measure)
    tree_mb: float  # the sum over every live process of the tree, sampled every 50 ms
    exit_code: int
    output: str

    @property
    def failed(self) -> bool:
        return self.exit_code != 0


def tree_rss(root: int) -> int:
    """Bytes resident in `root` and all its live descendants, from /proc."""
    parents: dict[int, int] = {}
    resident: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue  # ended between the listing and the read
        # The command name may hold spaces and parentheses: the fields start after the last ')'.
        fields = stat.rpartition(b")")[2].split()
        parents[int(name)] = int(fields[1])
        resident[int(name)] = int(fields[21]) * PAGE_SIZE
    total, frontier = 0, [root]
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    while frontier:
        pid = frontier.pop()
        total += resident.get(pid, 0)
        frontier.extend(children.get(pid, ()))
    return total


def measure(command: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None) -> Run:
    """Wall time, CPU time and memory of one fresh process and its descendants.

    `process_mb` is ru_maxrss from os.wait4 on the direct child: Linux reports the largest of the
    child's own peak and those of the descendants it waited for, so it is the peak of the largest
    single process, Pagefind included (measured: a grandchild's 300 MB shows there). `tree_mb` adds
    up every process alive at the same moment, sampled from /proc every 50 ms (it can miss a peak
    shorter than that). The process is killed, with its whole session, after `timeout` seconds.
    """
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        tree_peak, killed = 0, False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            tree_peak = max(tree_peak, tree_rss(process.pid))
            if not killed and time.perf_counter() - start > timeout:
                os.killpg(process.pid, signal.SIGKILL)
                killed = True
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    if killed:
        text += f"\n[benchmarks] arrêté au bout de {timeout:.0f} s"
    return Run(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        process_mb=usage.ru_maxrss / 1024,  # KiB on Linux
        tree_mb=tree_peak / MB,
        exit_code=process.returncode,
        output=text,
    )


def tail(text: str, lines: int = SHOWN_OUTPUT_LINES) -> str:
    return "\n".join(text.splitlines()[-lines:])


# ---------------------------------------------------------------------------------------------
# The synthetic records, read back without the generator


def parse_record(text: str) -> dict:
    """A record written by make_registry.py: block mappings and sequences, every string JSON-quoted.

    Not a YAML parser: make_registry writes this fixed subset, and the baseline must not depend on
    the project's loader (nor on any package beyond the standard library).
    """
    lines = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped and not stripped.startswith("#"):
            lines.append((len(raw) - len(raw.lstrip(" ")), stripped))
    value, _ = _block(lines, 0, 0)
    assert isinstance(value, dict)
    return value


def _scalar(text: str) -> object:
    if text.startswith('"'):
        return json.loads(text)
    try:
        return int(text)
    except ValueError:
        return text


def _is_pair(text: str) -> bool:
    return not text.startswith('"') and (": " in text or text.endswith(":"))


def _block(lines: list[tuple[int, str]], start: int, indent: int) -> tuple[object, int]:
    index = start
    if lines[index][1].startswith("- "):
        items = []
        while index < len(lines) and lines[index][0] == indent and lines[index][1].startswith("- "):
            rest = lines[index][1][2:]
            if _is_pair(rest):
                # "- key: value" opens a mapping whose keys sit two columns further in.
                lines[index] = (indent + 2, rest)
                item, index = _block(lines, index, indent + 2)
            else:
                item, index = _scalar(rest), index + 1
            items.append(item)
        return items, index
    mapping: dict[str, object] = {}
    while index < len(lines) and lines[index][0] == indent and not lines[index][1].startswith("- "):
        key, _, rest = lines[index][1].partition(":")
        rest = rest.strip()
        index += 1
        if rest:
            mapping[key] = _scalar(rest)
        elif index < len(lines) and (
            lines[index][0] > indent or (lines[index][0] == indent and lines[index][1].startswith("- "))
        ):
            mapping[key], index = _block(lines, index, lines[index][0])
        else:
            mapping[key] = None
    return mapping, index


# ---------------------------------------------------------------------------------------------
# The baseline: pre-written pages, plain MkDocs


# The project's theme (mkdocs.yml) without its overrides, and Material's default search.
BASELINE_CONFIG = """\
site_name: Registre (référence MkDocs)
site_url: https://registre-relation-client.github.io/registre/
repo_url: https://github.com/registre-relation-client/registre
repo_name: registre-relation-client/registre
edit_uri: edit/main/docs/
docs_dir: docs
theme:
  name: material
  language: fr
  font: false
  features:
    - content.action.edit
    - navigation.sections
    - navigation.top
  palette:
    scheme: default
    primary: indigo
    accent: indigo
plugins:
  - search
markdown_extensions:
  - attr_list
  - admonition
  - tables
  - toc:
      permalink: false
not_in_nav: |
  /entreprises/*.md
nav:
  - Accueil: index.md
  - Entreprises: entreprises/index.md
  - À propos: a-propos.md
"""
STATUS_WORDS = {"suspended": "suspendu", "withdrawn": "retiré"}


def cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ") if value not in (None, "") else "—"


def source_item(source: object) -> str:
    if isinstance(source, str):
        return f"- <{source}>"
    assert isinstance(source, dict)
    details = ", ".join(str(source[key]) for key in ("publisher", "date", "retrieved") if source.get(key))
    return f"- [{source.get('title') or source['url']}]({source['url']})" + (f", {details}" if details else "")


def company_markdown(record: dict, standards: dict[str, str], certifiers: dict[str, str]) -> str:
    """The page a site made by hand would show: the same facts as ours, as plain Markdown."""
    lines = [f"# {record['name']}", ""]
    if record.get("aliases"):
        lines += [f"*Autres noms : {' ; '.join(record['aliases'])}*", ""]
    lines += [
        "| | |",
        "| --- | --- |",
        f"| SIREN | {cell(record.get('siren') or 'non connu')} |",
        f"| Secteur | {cell(record.get('sector'))} |",
        f"| Site web | {'<' + record['website'] + '>' if record.get('website') else '—'} |",
        f"| Vérification | {cell(record.get('checked'))} |",
        "",
    ]
    if record.get("notes"):
        lines += [record["notes"], ""]
    for dispute in record.get("disputes") or []:
        lines += [f'!!! note "{dispute["topic"]}"', ""]
        lines += [f"    - {claim['claim']}" for claim in dispute["claims"]]
        lines.append("")
    lines += [
        "## Certifications",
        "",
        "| Référentiel | Certificateur | Numéro | Périmètre | Attribution | Fin de validité | Statut |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    sources = list(record.get("sources") or [])
    for certificate in record["certifications"]:
        expires = certificate.get("expires")
        status = STATUS_WORDS.get(certificate.get("status", ""))
        if status is None:
            status = "expiré" if expires and expires < TODAY.isoformat() else "valide"
        lines.append(
            f"| {cell(standards.get(certificate['standard'], certificate['standard']))} "
            f"| {cell(certifiers.get(certificate.get('certifier', ''), 'non précisé'))} "
            f"| {cell(certificate.get('number'))} | {cell(certificate.get('scope'))} "
            f"| {cell(certificate.get('issued') or certificate.get('reported'))} | {cell(expires)} | {status} |"
        )
        sources += certificate.get("sources") or []
    lines += ["", "## Sources", ""]
    lines += [source_item(source) for source in sources]
    return "\n".join(lines) + "\n"


def write_baseline(registry: Path, folder: Path) -> Path:
    """The baseline's mkdocs.yml and docs/ (one page per company, an index, an about page)."""
    docs = folder / "docs"
    (docs / "entreprises").mkdir(parents=True)
    standards = {p.stem: parse_record(p.read_text("utf-8"))["name"] for p in (registry / "standards").glob("*.yml")}
    certifiers = {p.stem: parse_record(p.read_text("utf-8"))["name"] for p in (registry / "certifiers").glob("*.yml")}
    index = ["# Entreprises", "", "| Entreprise | SIREN | Certificats |", "| --- | --- | --- |"]
    for path in sorted((registry / "companies").glob("*.yml")):
        record = parse_record(path.read_text("utf-8"))
        page = company_markdown(record, standards, certifiers)
        (docs / "entreprises" / f"{path.stem}.md").write_text(page, encoding="utf-8")
        index.append(
            f"| [{cell(record['name'])}]({path.stem}.md) | {cell(record.get('siren'))} "
            f"| {len(record['certifications'])} |"
        )
    (docs / "entreprises" / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    (docs / "index.md").write_text("# Registre\n\nPages écrites d'avance, pour comparaison.\n", encoding="utf-8")
    (docs / "a-propos.md").write_text("# À propos\n\nLa référence des mesures de performance.\n", encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(BASELINE_CONFIG, encoding="utf-8")
    return config


# ---------------------------------------------------------------------------------------------
# Sites and their sizes


@dataclass(frozen=True)
class SiteSize:
    total: int
    html: int
    files: int
    search_index: int  # Material's search/ folder, or Pagefind's pagefind/ folder
    largest_company_page: int
    largest_company: str


def site_size(site: Path, search_folder: str) -> SiteSize:
    total = html = files = search = 0
    largest, largest_name = 0, ""
    for folder, _, names in os.walk(site):
        relative = Path(folder).relative_to(site)
        for name in names:
            size = os.path.getsize(os.path.join(folder, name))
            total += size
            files += 1
            if name.endswith(".html"):
                html += size
            if relative.parts[:1] == (search_folder,):
                search += size
            # entreprises/<id>/index.html: a company page (entreprises/index.html is the list)
            is_company = name == "index.html" and len(relative.parts) == 2 and relative.parts[0] == "entreprises"
            if is_company and size > largest:
                largest, largest_name = size, relative.parts[1]
    return SiteSize(total, html, files, search, largest, largest_name)


@dataclass(frozen=True)
class Build:
    run: Run
    size: SiteSize | None


@dataclass(frozen=True)
class Row:
    companies: int
    certificates: int
    baseline: list[Build]
    project: list[Build]

    @property
    def failed(self) -> bool:
        return any(build.run.failed for build in self.baseline + self.project)


def median(builds: list[Build], field: str) -> float:
    return statistics.median(getattr(build.run, field) for build in builds)


def count_certificates(registry: Path) -> int:
    return sum(path.read_text("utf-8").count("\n  - standard:") for path in (registry / "companies").glob("*.yml"))


def project_build_command(registry: Path, site: Path) -> list[str]:
    """The project's own build, everything included, for the benchmarks' fixed day."""
    return [sys.executable, "-m", "generator", "build", "--registry", str(registry), "--site-dir", str(site),
            "--today", TODAY.isoformat()]


def bench_size(size: int, folder: Path, repeat: int, timeout: float) -> Row:
    registry = folder / "registry"
    write_registry(size, registry)
    certificates = count_certificates(registry)
    baseline_config = write_baseline(registry, folder / "baseline")
    baseline_site, project_site = folder / "baseline-site", folder / "site"
    baseline_command = [sys.executable, "-m", "mkdocs", "build", "-f", str(baseline_config), "-d", str(baseline_site)]
    project_command = project_build_command(registry, project_site)
    baseline: list[Build] = []
    project: list[Build] = []
    for attempt in range(repeat):
        # Alternate the two so that a slower moment of the machine hits both alike.
        for label, command, site, search, builds, cwd in (
            ("référence", baseline_command, baseline_site, "search", baseline, baseline_config.parent),
            ("projet", project_command, project_site, "pagefind", project, REPOSITORY),
        ):
            print(
                f"  {plural(size, 'entreprise')}, passage {attempt + 1}/{repeat} : {label}… (charge {load()})",
                file=sys.stderr,
                flush=True,
            )
            run = measure(command, cwd, timeout)
            builds.append(Build(run, None if run.failed else site_size(site, search)))
            print(f"    {number(run.seconds, 1)} s, code de sortie {run.exit_code}", file=sys.stderr, flush=True)
            if run.failed:
                print(f"    dernières lignes de sa sortie :\n{tail(run.output)}", file=sys.stderr)
    return Row(size, certificates, baseline, project)


# ---------------------------------------------------------------------------------------------
# Report


def mb(value: float) -> str:
    return number(value / MB, 1)


BASELINE_LABEL = "`mkdocs build` (référence)"
PROJECT_LABEL = "`generator build` (projet)"
FIGURES_COLUMNS = (
    ("entreprises", ">"), ("certificats", ">"), ("construction", "<"), ("temps écoulé, s", ">"),
    ("temps processeur, s", ">"), ("plus gros processus, Mo", ">"), ("tous les processus, Mo", ">"),
    ("site, Mo", ">"), ("HTML, Mo", ">"), ("index de recherche, Mo", ">"), ("fichiers", ">"),
    ("plus grosse page d'entreprise, Ko", ">"),
)
RATIO_COLUMNS = (
    ("entreprises", ">"), ("temps écoulé, projet / référence", ">"), ("temps processeur, projet / référence", ">"),
    ("plus gros processus, projet / référence", ">"), ("site, projet / référence", ">"),
    ("HTML, projet / référence", ">"), ("ms par entreprise (référence ; projet)", ">"),
    ("Ko de site par entreprise (référence ; projet)", ">"),
)


def figures_table(rows: list[Row]) -> str:
    cells: list[list[str]] = []
    for row in rows:
        for label, builds in ((BASELINE_LABEL, row.baseline), (PROJECT_LABEL, row.project)):
            sizes = [build.size for build in builds if build.size]
            failed = [build.run for build in builds if build.run.failed]
            name = label + (f" **en échec (code de sortie {failed[0].exit_code})**" if failed else "")
            size = sizes[-1] if sizes else None
            cells.append([
                number(row.companies), number(row.certificates), name, number(median(builds, "seconds"), 1),
                number(median(builds, "cpu_seconds"), 1), number(median(builds, "process_mb")),
                number(median(builds, "tree_mb")),
                *(
                    [mb(size.total), mb(size.html), mb(size.search_index), number(size.files),
                     number(size.largest_company_page / 1024, 1)]
                    if size
                    else ["—"] * 5
                ),
            ])
    return table(FIGURES_COLUMNS, cells)


def ratio_table(rows: list[Row]) -> str:
    cells: list[list[str]] = []
    for row in rows:
        if row.failed:
            cells.append([number(row.companies), "une construction a échoué", *[""] * 6])
            continue
        base, ours = row.baseline[-1].size, row.project[-1].size
        assert base and ours
        base_s, ours_s = median(row.baseline, "seconds"), median(row.project, "seconds")
        cells.append([
            number(row.companies), number(ours_s / base_s, 2),
            number(median(row.project, "cpu_seconds") / median(row.baseline, "cpu_seconds"), 2),
            number(median(row.project, "process_mb") / median(row.baseline, "process_mb"), 2),
            number(ours.total / base.total, 2), number(ours.html / base.html, 2),
            f"{number(base_s / row.companies * 1000, 2)} ; {number(ours_s / row.companies * 1000, 2)}",
            f"{number(base.total / row.companies / 1024, 1)} ; {number(ours.total / row.companies / 1024, 1)}",
        ])
    return table(RATIO_COLUMNS, cells)


# Each growth measured, and how the targets line says "that at the smallest size" of it.
GROWTH = {
    "build time": ("temps de construction", "rapporté à celui"),
    "site size": ("taille du site", "rapportée à celle"),
}


def linearity(rows: list[Row]) -> dict[str, tuple[float, float]]:
    """Per-company cost at the largest size over that at the smallest, as (baseline, project)."""
    small, large = rows[0], rows[-1]

    def total_bytes(builds: list[Build]) -> float:
        size = builds[-1].size
        assert size is not None
        return size.total

    def growth(small_builds: list[Build], large_builds: list[Build], kind: str) -> float:
        value = (lambda builds: median(builds, "seconds")) if kind == "build time" else total_bytes
        return (value(large_builds) / large.companies) / (value(small_builds) / small.companies)

    return {
        kind: (growth(small.baseline, large.baseline, kind), growth(small.project, large.project, kind))
        for kind in GROWTH
    }


def targets(rows: list[Row]) -> list[str]:
    lines = []
    done = [row for row in rows if not row.failed]
    if done:
        largest = done[-1]
        ratio = median(largest.project, "seconds") / median(largest.baseline, "seconds")
        lines.append(
            f"- temps de construction à {plural(largest.companies, 'entreprise')} : {number(ratio, 2)} × la "
            f"référence (objectif ≤ {number(MAX_TIME_RATIO, 1)}) : {verdict(ratio <= MAX_TIME_RATIO)}"
        )
    peak = max((build.run.process_mb for row in rows for build in row.project), default=0.0)
    lines.append(
        f"- plus gros processus, toutes tailles : {number(peak)} Mo (objectif < {number(MAX_PROCESS_MB)} Mo) : "
        f"{verdict(peak < MAX_PROCESS_MB)}"
    )
    pages = [
        (build.size.largest_company_page, build.size.largest_company, row.companies)
        for row in rows
        for build in row.project
        if build.size
    ]
    if pages:
        page, name, companies = max(pages)
        lines.append(
            f"- plus grosse page d'entreprise : {number(page / 1024, 1)} Ko (entreprises/{name}/ à "
            f"{plural(companies, 'entreprise')} ; objectif ≤ {MAX_COMPANY_PAGE_KB} Ko) : "
            f"{verdict(page <= MAX_COMPANY_PAGE_KB * 1024)}"
        )
    if len(done) > 1 and len(done) == len(rows):
        for kind, (base, ours) in linearity(rows).items():
            name, relative = GROWTH[kind]
            lines.append(
                f"- {name} par entreprise à {number(rows[-1].companies)}, {relative} à {number(rows[0].companies)} : "
                f"{number(ours, 3)} (référence {number(base, 3)} ; objectif < {number(MAX_LINEARITY, 2)}) : "
                f"{verdict(ours < MAX_LINEARITY)}"
            )
    for row in rows:
        if row.failed:
            lines.append(
                f"- **la construction à {plural(row.companies, 'entreprise')} a échoué** (voir sa sortie ci-dessus)"
            )
    return lines


def preamble(before: str, repeat: int) -> str:
    """What the tables measure, said once above them."""
    return (
        f"{before_and_after(before)}\n\n"
        f"Médiane de {plural(repeat, 'passage')} de chaque construction, en alternance, chacun dans un "
        f"processus neuf ; statuts au {day(TODAY)}. Mémoire : « plus gros processus » est la mémoire résidente "
        "maximale du plus gros processus de la construction, Pagefind compris, telle que le système la donne à "
        "la fin ; « tous les processus » est la somme de la mémoire résidente de tous ses processus vivants au "
        "même instant, relevée toutes les 50 ms.\n"
    )


def report(before: str, repeat: int, rows: list[Row]) -> str:
    return "\n".join([
        preamble(before, repeat), figures_table(rows), "", ratio_table(rows), "", "Objectifs (ticket 7) :", "",
        *targets(rows),
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="company counts, comma-separated (default 1000,10000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build; the median is shown (default 1)")
    parser.add_argument("--keep", type=Path, help="write registries and sites into DIR/<size>/ and keep them")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before a build is killed (default 3600)")
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(size) for size in args.sizes.split(",")})
    except ValueError:
        parser.error(f"--sizes must be whole numbers separated by commas, not {args.sizes!r}")
    if not sizes or sizes[0] < 1 or args.repeat < 1:
        parser.error("sizes and --repeat must be at least 1")

    before = machine()
    rows = []
    for size in sizes:
        if args.keep:
            folder = args.keep / str(size)
            if folder.exists():
                parser.error(f"{folder} already exists")
            rows.append(bench_size(size, folder, args.repeat, args.timeout))
        else:
            with tempfile.TemporaryDirectory(prefix=f"build-bench-{size}-") as folder:
                rows.append(bench_size(size, Path(folder), args.repeat, args.timeout))

    print(report(before, args.repeat, rows))
    return 1 if any(row.failed for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())

"""Time `python -m generator validate` next to a plain ruamel.yaml round-trip load of the same files.

    python benchmarks/validate.py [--sizes 1000,10000] [--repeat 3] [--keep DIR]

For each size it writes a synthetic registry (benchmarks/make_registry.py), then runs, alternately
and each in a fresh process, the validator and a baseline that only loads every file with
`YAML(typ="rt")`; it prints the medians as a Markdown table, then how the per-company cost grows,
in French (benchmarks/fr.py: the output is pasted into docs/performances.md, a page of the site).
The target (issue 7): 10,000 companies validate in under 5 s, at most a fifth of the baseline.
Exit 1 when validate reports errors on the synthetic registry (its output is printed): it is valid
by construction, so the figures would not measure a clean run.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from fr import day, number, plural, table
from make_registry import TODAY, write_registry  # same folder: on sys.path when run as a script

REPOSITORY = Path(__file__).resolve().parent.parent
# The baseline: what loading the files costs with the loader that keeps positions.
RUAMEL_LOAD = """
import sys
from pathlib import Path
from ruamel.yaml import YAML
yaml = YAML(typ="rt")
for path in sorted(Path(sys.argv[1]).glob("*/*.yml")):
    yaml.load(path)
"""
SHOWN_OUTPUT_LINES = 40


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float  # user + system, the process and its workers: above `seconds` when it runs in parallel
    peak_mb: float
    exit_code: int
    output: str


def measure(command: list[str]) -> Run:
    """Wall time, CPU time and peak resident memory of one fresh process.

    The peak is that of the largest single process in its tree (the kernel keeps a maximum, not a
    sum): with a pool of forked workers, the memory of the whole tree is higher.
    """
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPOSITORY, stdout=output, stderr=subprocess.STDOUT)
        # wait4 gives this child's rusage (with the workers it reaped); RUSAGE_CHILDREN would keep
        # the largest of all the runs so far.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    peak_mb = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    cpu_seconds = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu_seconds, peak_mb, process.returncode, text)


@dataclass(frozen=True)
class Row:
    size: int
    files: int
    validate: list[Run]
    ruamel: list[Run]

    def median(self, runs: list[Run], field: str) -> float:
        return statistics.median(getattr(run, field) for run in runs)

    @property
    def per_company_ms(self) -> float:
        return self.median(self.validate, "seconds") / self.size * 1000

    def cells(self) -> list[str]:
        validate_s = self.median(self.validate, "seconds")
        ruamel_s = self.median(self.ruamel, "seconds")
        return [
            number(self.size),
            number(self.files),
            number(validate_s, 2),
            number(self.median(self.validate, "cpu_seconds"), 2),
            number(self.median(self.validate, "peak_mb")),
            number(ruamel_s, 2),
            number(self.median(self.ruamel, "peak_mb")),
            number(validate_s / ruamel_s, 3),
            number(self.per_company_ms, 3),
        ]


COLUMNS = (
    ("entreprises", ">"), ("fichiers", ">"), ("validation, s", ">"), ("validation, temps processeur, s", ">"),
    ("validation, mémoire maximale, Mo", ">"), ("lecture ruamel, s", ">"),
    ("lecture ruamel, mémoire maximale, Mo", ">"),
    ("validation / lecture ruamel", ">"), ("validation, ms par entreprise", ">"),
)


def report(rows: list[Row], repeat: int) -> list[str]:
    """The machine, the table of medians and, with two sizes or more, how the per-company cost grows."""
    lines = [
        f"Python {platform.python_version()}, {plural(os.cpu_count() or 1, 'cœur')}, système {platform.platform()} ; "
        f"médiane de {plural(repeat, 'passage')}, statuts au {day(TODAY)}",
        "",
        table(COLUMNS, [row.cells() for row in rows]),
    ]
    if len(rows) > 1:
        # Below 1 only says the fixed start-up cost weighs more on the small size: the slope shows both.
        small, large = (row.median(row.validate, "seconds") for row in (rows[0], rows[-1]))
        slope = (large - small) / (rows[-1].size - rows[0].size)
        lines += [
            "",
            f"Linéarité : coût par entreprise à {number(rows[-1].size)} rapporté à celui à {number(rows[0].size)} = "
            f"{number(rows[-1].per_company_ms / rows[0].per_company_ms, 2)} (1,00 : linéaire)",
            "",
            f"Coût marginal entre les deux : {number(slope * 1000, 3)} ms par entreprise, au-delà d'un coût fixe "
            f"de {number(small - slope * rows[0].size, 2)} s",
        ]
    return lines


def bench_size(size: int, directory: Path, repeat: int) -> Row:
    files = write_registry(size, directory)
    validate_command = [
        sys.executable,
        "-m",
        "generator",
        "validate",
        "--registry",
        str(directory),
        "--today",
        TODAY.isoformat(),
    ]
    ruamel_command = [sys.executable, "-c", RUAMEL_LOAD, str(directory)]
    validate_runs, ruamel_runs = [], []
    for _ in range(repeat):
        # Alternate the two so that a slower moment of the machine hits both alike.
        validate_runs.append(measure(validate_command))
        ruamel_runs.append(measure(ruamel_command))
        print(
            f"  {number(size)} : validation {number(validate_runs[-1].seconds, 2)} s, "
            f"ruamel {number(ruamel_runs[-1].seconds, 2)} s",
            file=sys.stderr,
        )
    for run in ruamel_runs:
        if run.exit_code:
            raise SystemExit(f"la lecture ruamel de référence a échoué :\n{run.output}")
    return Row(size, files, validate_runs, ruamel_runs)


def report_failure(row: Row) -> None:
    run = next(run for run in row.validate if run.exit_code)
    lines = run.output.splitlines()
    print(
        f"\nvalidate a terminé avec le code {run.exit_code} sur le registre synthétique de "
        f"{plural(row.size, 'entreprise')} ({plural(len(lines), 'ligne')} de sortie, les {SHOWN_OUTPUT_LINES} "
        "premières) :"
    )
    print("\n".join(lines[:SHOWN_OUTPUT_LINES]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="company counts, comma-separated (default 1000,10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command; the median is shown (default 3)")
    parser.add_argument("--keep", type=Path, help="write the registries into DIR/<size> and keep them")
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(size) for size in args.sizes.split(",")})
    except ValueError:
        parser.error(f"--sizes must be whole numbers separated by commas, not {args.sizes!r}")
    if not sizes or sizes[0] < 1 or args.repeat < 1:
        parser.error("sizes and --repeat must be at least 1")

    rows = []
    for size in sizes:
        if args.keep:
            rows.append(bench_size(size, args.keep / str(size), args.repeat))
        else:
            with tempfile.TemporaryDirectory(prefix=f"registry-{size}-") as directory:
                rows.append(bench_size(size, Path(directory), args.repeat))

    print("\n".join(report(rows, args.repeat)))
    failed = [row for row in rows if any(run.exit_code for run in row.validate)]
    for row in failed:
        report_failure(row)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

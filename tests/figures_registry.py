"""The figures' fixture registry, and every figure of a day computed the slow, obvious way.

The registry is the e2e one (tests/e2e/registry.py) plus: a renewal whose old certificate outlives the
first day of the new one, a suspension lifted after six weeks, and 22 certificates lapsing in the same
three weeks (more than the home page's list shows), two entries of one line begun the same day.
`expected(registry, day)` recomputes each figure from
the registry's own timelines and `status.current_flags(…, on=day)`, one certificate at a time, without
render/figures.py, render/lines.py nor render/days.py: the figures must agree with it on every day.
`published(files, series, day)` reads the lookup files as assets/figures.js does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from generator.registry import CertificateView, Registry
from generator.render.text import fold
from generator.status import IN_FORCE, current_flags
from tests.conftest import write_tree
from tests.e2e.registry import CERTIFIERS, COMPANIES, STANDARDS, TODAY

LAPSING = 22  # certificates lapsing together: more than the home page's 20

EXTRA = {
    "companies/renouvellement-gamma.yml": """\
name: Renouvellement Gamma
siren: '830048468'
sector: Transport
checked: '2026-11-01'
sources:
  - https://gamma.example.org/
certifications:
  - standard: iso-test
    certifier: afnor
    issued: '2019-01-15'
    number: GAMMA-1
    sources:
      - https://afnor.example.org/certificats/gamma-1
  - standard: iso-test
    certifier: bv
    issued: '2021-12-01'
    number: GAMMA-2
    sources:
      - https://bv.example.org/gamma-2
""",
    "companies/suspension-levee.yml": """\
name: Suspension Levée
siren: '443061841'
sector: Énergie
checked: '2026-11-01'
sources:
  - https://levee.example.org/
certifications:
  - standard: label-test
    certifier: bv
    issued: '2025-01-10'
    suspensions:
      - from: '2025-03-01'
        to: '2025-04-15'
        sources:
          - https://bv.example.org/levee-suspension
    sources:
      - https://bv.example.org/levee
""",
    # Two entries of one line begun the same day: the later entry of the record is the current one.
    "companies/double-jour.yml": """\
name: Double Jour
checked: '2026-11-01'
sources:
  - https://double.example.org/
certifications:
  - standard: prix-test
    issued: '2023-05-10'
    number: PREMIER
    sources:
      - https://prix.example.org/double-1
  - standard: prix-test
    issued: '2023-05-10'
    number: SECOND
    sources:
      - https://prix.example.org/double-2
""",
}
for _i in range(1, LAPSING + 1):
    EXTRA[f"companies/echeance-{_i:02d}.yml"] = f"""\
name: Échéance {_i:02d}
checked: '2026-11-01'
sources:
  - https://echeance.example.org/{_i}
certifications:
  - standard: label-test
    certifier: bv
    issued: '2024-06-{_i:02d}'
    sources:
      - https://bv.example.org/echeance-{_i}
"""

# Days worth a look in the browser: far from the build day, inside the lifted suspension, after it, while
# the 22 certificates lapse together, before any certificate, the build day, 400 days on.
FAR = date(2025, 3, 15)
AFTER_SUSPENSION = date(2025, 4, 20)
LAPSING_DAY = date(2026, 4, 15)
BEFORE_ALL = date(2014, 6, 1)
LATER = TODAY + timedelta(days=400)


def write_figures_registry(root: Path) -> Path:
    return write_tree(root, {**STANDARDS, **CERTIFIERS, **COMPANIES, **EXTRA})


@dataclass
class Expected:
    counts: dict[str, int] = field(default_factory=dict)  # "accueil/en-vigueur", "referentiels/iso-test", …
    lists: dict[str, list[tuple[str, str, bool]]] = field(default_factory=dict)  # (company, certificate id, former)
    totals: dict[str, int] = field(default_factory=dict)  # every item listed, beyond the limit too


def _current(registry: Registry, day: date) -> dict[tuple[str, int], bool]:
    flags = {}
    for company_id, company in registry.companies.items():
        for index, flag in enumerate(current_flags(company.certifications, registry.standards, on=day)):
            flags[(company_id, index)] = flag
    return flags


def expected(registry: Registry, day: date, limits: dict[str, int]) -> Expected:
    """Every figure on `day`, one certificate at a time. `limits`: how many items each list shows."""
    current = _current(registry, day)
    out = Expected()
    views = [v for v in registry.all_certificates() if v.on(day) is not None]  # those that exist on `day`
    names = {cid: fold(c.name) for cid, c in registry.companies.items()}
    views.sort(key=lambda v: (names[v.company_id], v.company_id, v.index))

    def status(v: CertificateView) -> str:
        segment = v.on(day)
        assert segment is not None
        return segment.status

    def is_current(v: CertificateView) -> bool:
        return current[(v.company_id, v.index)]

    def in_force(v: CertificateView) -> bool:
        return is_current(v) and status(v) in IN_FORCE

    def listed(name: str, items: Iterable[tuple[CertificateView, bool]]) -> None:
        found = [(v.company_id, v.id, former) for v, former in items]
        out.lists[name] = found[:limits[name.split("/")[-1]]]
        out.totals[name] = len(found)

    out.counts["accueil/connus"] = len(views)
    out.counts["accueil/en-vigueur"] = sum(1 for v in views if in_force(v))
    for name, statuses in (("echus", {"expired"}), ("inconnus", {"unknown"}),
                           ("suspendus-retires", {"suspended", "withdrawn"})):
        out.counts[f"accueil/{name}"] = sum(1 for v in views if is_current(v) and status(v) in statuses)
    out.counts["accueil/remplaces"] = sum(1 for v in views if not is_current(v))
    latest = sorted((v for v in views if is_current(v)), key=lambda v: (-v.order_day.toordinal(), v.company_id, v.index))
    listed("accueil/dernieres", ((v, False) for v in latest))
    lapsing = sorted((v for v in views if is_current(v) and status(v) == "expiring"),
                     key=lambda v: (v.last_day, v.company_id, v.index))
    listed("accueil/echeances", ((v, False) for v in lapsing))
    for sid in registry.standards:
        mine = [v for v in views if v.standard_id == sid]
        holders = len({v.company_id for v in mine if in_force(v)})
        out.counts[f"referentiels/{sid}"] = out.counts[f"referentiels/{sid}/detenteurs"] = holders
        listed(f"referentiels/{sid}/detenteurs", ((v, False) for v in mine if in_force(v)))
        listed(f"referentiels/{sid}/autres", ((v, not is_current(v)) for v in mine if not in_force(v)))
    for cid in registry.certifiers:
        mine = [v for v in views if v.certifier_id == cid]
        out.counts[f"certificateurs/{cid}"] = out.counts[f"certificateurs/{cid}/certificats"] = len(mine)
        out.counts[f"certificateurs/{cid}/en-vigueur"] = sum(1 for v in mine if in_force(v))
        listed(f"certificateurs/{cid}/certificats", ((v, not is_current(v)) for v in mine))
    return out


def interesting_days(registry: Registry) -> list[date]:
    """Every day a timeline or a renewal changes something, the days around it, and the days above."""
    days = {FAR, AFTER_SUSPENSION, LAPSING_DAY, BEFORE_ALL, TODAY, LATER, date(1990, 1, 1), date(2040, 1, 1)}
    for view in registry.all_certificates():
        for segment in view.timeline:
            days.update((segment.start - timedelta(days=1), segment.start))
    return sorted(days)


def published(files: dict[str, str], series: str, day: date) -> tuple[dict[str, int], dict[str, list[dict]]]:
    """A series' counts and shown lists on `day`, read from its lookup files exactly as figures.js does."""
    folder = f"api/v1/chiffres/{series}/"
    starts = json.loads(files[folder + "index.json"])["starts"]
    number = 0
    for index, start in enumerate(starts):
        if start is None or start <= day.isoformat():
            number = index
        else:
            break
    data = json.loads(files[f"{folder}{number}.json"])
    iso = day.isoformat()

    def value(count: dict) -> int:
        found = count["start"]
        for step_day, step_value in count["steps"]:
            if step_day <= iso:
                found = step_value
            else:
                break
        return int(found)

    def holds(item: dict) -> bool:
        days = item["days"]
        return any(days[i] <= iso and (days[i + 1] is None or iso < days[i + 1]) for i in range(0, len(days), 2))

    counts = {name: value(count) for name, count in data["counts"].items()}
    lists = {name: [item for values in spec["items"] if holds(item := dict(zip(data["fields"], values, strict=True)))]
             [:spec["limit"]] for name, spec in data["lists"].items()}
    return counts, lists

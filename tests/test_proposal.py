"""/contribuer/proposer/: the form's script (generator/assets/proposer.js) against the validator and `fmt`.

The same inputs go through both: the script's pure functions run in node with the tables the page
publishes, the validator (`generator.validate`) and `fmt --check` run on YAML made from the same inputs.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from generator.cli import main
from generator.edit.ids import new_certificate_id
from generator.edit.template import new_id
from generator.export.records import company_object
from generator.model import derived_certificate_ids
from generator.registry import Registry, build_registry
from generator.render import render_site
from generator.render.base import Renderer
from generator.render.proposal import (
    ISSUE_FIELDS,
    ISSUE_TEMPLATE,
    MAX_LENGTHS,
    URL_LIMIT,
    date_pattern,
    new_file_base,
    proposal_data,
    year_range,
)
from generator.site import SiteInfo
from generator.validate import validate_registry
from tests.conftest import base_files, write_tree
from tests.e2e.harness import in_ci

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "generator" / "assets" / "proposer.js"
TODAY = date(2026, 11, 25)
SITE = SiteInfo(site_url="https://registre.example.org/sous-chemin/", repo_url="https://github.com/exemple/registre",
                edit_base="https://github.com/exemple/registre/edit/main/registry/")
REPO = "https://github.com/exemple/registre"

# A certifier iso-test does not list (the form must not offer it for that standard), and a prize.
OTHER_CERTIFIER = """\
name: Bureau de test
sources:
  - https://example.org/bureau
"""
PRIX = """\
name: Prix de test
kind: prix
sources:
  - https://example.org/prix
"""


def node() -> str:
    found = shutil.which("node")
    if found is None:
        if in_ci():
            pytest.fail("node est introuvable : en CI, ces comparaisons ne sont jamais ignorées", pytrace=False)
        pytest.skip("node n'est pas installé (sudo apt-get install nodejs)")
    return found


def run_js(expression: str, **values: Any) -> Any:
    """The JSON value of `expression`, evaluated in node after proposer.js (window.RegistreProposal is P)."""
    script = "global.window = {};\n" + SCRIPT.read_text(encoding="utf-8") + "\nconst P = window.RegistreProposal;\n"
    script += "".join(f"const {name} = {json.dumps(value)};\n" for name, value in values.items())
    script += f"process.stdout.write(JSON.stringify({expression}));\n"
    done = subprocess.run([node(), "-"], input=script, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def registry_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = base_files()
    files["certifiers/bureau.yml"] = OTHER_CERTIFIER
    files["standards/prix-test.yml"] = PRIX
    return write_tree(tmp_path_factory.mktemp("proposal") / "registry", files)


@pytest.fixture(scope="module")
def registry(registry_dir: Path) -> Registry:
    built = build_registry(str(registry_dir), TODAY)
    assert built.errors == []
    return built


@pytest.fixture(scope="module")
def data(registry: Registry) -> dict[str, Any]:
    return proposal_data(Renderer(registry, SITE))


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def company_with(certificate_lines: str, siren: str | None = None) -> str:
    siren_line = f"siren: {quoted(siren)}\n" if siren is not None else ""
    return (f"name: Cas\n{siren_line}checked: '2026-11-01'\nsources:\n  - title: Fiche\n    publisher: Le Journal\n"
            f"certifications:\n  - standard: iso-test\n    id: iso-test-cas\n{certificate_lines}")


def errors_by_file(root: Path, files: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Write each company file beside the base registry, validate, and give each file's (code, message) errors."""
    registry = write_tree(root, {**base_files(), **files})
    _, diagnostics = validate_registry(str(registry), TODAY)
    found: dict[str, list[tuple[str, str]]] = {name: [] for name in files}
    for d in diagnostics:
        name = Path(d.path).relative_to(registry).as_posix()
        if d.severity == "error":
            found.setdefault(name, []).append((d.code, d.message))
    return found


# --- one value at a time: dates, SIREN, URLs ----------------------------------------------------------

DATES = ["2024-01-10", "2024-01", "2024", "2024-02-29", "2023-02-29", "2024-02-30", "2024-04-31", "2024-13",
         "2024-00", "2024-01-00", "0000", "0001", "0001-01-01", "2000-02-29", "1900-02-29", "2100-02-28",
         "2024-1-5", "24-01-10", "2024/01/10", "20240110", "2024-01-10T00:00", " 2024", "2024 ", "2024-01-1",
         "2026-11-25", "2026-11-26", "2026-11", "2026-12", "2026", "2027", "9999-12-31", "abcd", "2024-01-10-1",
         "2024-06-30", "2024-06-31", "1999-12-31", "2019-02-28", "1600-02-29"]


def date_verdict(errors: list[tuple[str, str]]) -> str | None:
    for code, message in errors:
        if code == "future-date":
            return "future"
        if code == "invalid-date":
            return "format" if "mauvais format" in message else "impossible"
        if code == "date-out-of-range":  # a real day, outside the years the registry supports
            return "impossible"
    return None


def test_dates_agree_with_the_validator(data: dict[str, Any], tmp_path: Path) -> None:
    files = {f"companies/c{i}.yml": company_with(f"    issued: {quoted(d)}\n    sources:\n      - https://e.org/c\n")
             for i, d in enumerate(DATES)}
    python = errors_by_file(tmp_path / "registry", files)
    browser = run_js("dates.map(d => P.checkDate(d, data, today))", dates=DATES, data=data, today=TODAY.isoformat())
    assert browser == [date_verdict(python[f"companies/c{i}.yml"]) for i in range(len(DATES))]
    assert {"future", "format", "impossible", None} == set(browser)  # every answer is exercised


def test_the_form_is_stricter_than_the_validator_on_non_ascii_digits(data: dict[str, Any], tmp_path: Path) -> None:
    """Python's \\d reads Arabic-Indic or full-width digits as a year; the form asks for 0-9 only."""
    odd = ["٢٠٢٤", "２０２４-01"]
    python = errors_by_file(tmp_path / "registry", {
        f"companies/c{i}.yml": company_with(f"    issued: {quoted(d)}\n    sources:\n      - https://e.org/c\n")
        for i, d in enumerate(odd)})
    assert [date_verdict(python[f"companies/c{i}.yml"]) for i in range(len(odd))] == [None, None]
    assert run_js("odd.map(d => P.checkDate(d, data, today))", odd=odd, data=data, today=TODAY.isoformat()) == \
        ["format", "format"]


def test_expiry_order_agrees_with_the_validator(data: dict[str, Any], tmp_path: Path) -> None:
    pairs = [("2024-01-10", "2024-01-10"), ("2024-01-10", "2024-01-11"), ("2024-01", "2024-01-31"),
             ("2024-01", "2024-02"), ("2024", "2024-12"), ("2024", "2025"), ("2024-03-15", "2024-03"),
             ("2024-03-15", "2025-03-14"), ("2024-03-15", "2024-03-14"), ("2024-03", "2024-02"), ("2024", "2023")]
    files = {f"companies/c{i}.yml": company_with(f"    issued: {quoted(a)}\n    expires: {quoted(b)}\n    sources:\n"
                                                 "      - https://e.org/c\n") for i, (a, b) in enumerate(pairs)}
    python = errors_by_file(tmp_path / "registry", files)
    inputs = [form(date=a, expires=b) for a, b in pairs]
    browser = run_js("inputs.map(i => P.problems(i, data, today).map(p => p.code))", inputs=inputs, data=data,
                     today=TODAY.isoformat())
    assert [("date-order" in codes) for codes in browser] == \
        [any(code == "date-order" for code, _ in python[f"companies/c{i}.yml"]) for i in range(len(pairs))]
    assert [("date-order" in codes) for codes in browser].count(True) == 4


def test_sirens_agree_with_the_validator(data: dict[str, Any], tmp_path: Path) -> None:
    rng = random.Random(14)
    sirens = ["402960397", "402960398", "552081317", "000000000", "123456789", "40296039", "4029603970",
              "402 960 397", "40296039a", "٤٠٢٩٦٠٣٩٧", "", "abcdefghi", "+40296039"]
    sirens += ["".join(rng.choice("0123456789") for _ in range(9)) for _ in range(150)]
    files = {f"companies/c{i}.yml": company_with("    issued: '2024-01-10'\n    sources:\n      - https://e.org/c\n",
                                                 siren=s) for i, s in enumerate(sirens)}
    python = errors_by_file(tmp_path / "registry", files)
    expected = [bool(python[f"companies/c{i}.yml"]) for i in range(len(sirens))]
    browser = run_js("sirens.map(s => P.checkSiren(s))", sirens=sirens)
    assert [b is not None for b in browser] == expected
    assert 10 < expected.count(False) < len(sirens) - 10  # both answers, many times


URLS = ["https://example.org", "http://example.org/a", "HTTPS://EXAMPLE.ORG/X", "https://", "https:///chemin",
        "http:example.org", "ftp://example.org", "https://user@/", "https://user@hote.fr/", "https://:80/",
        "https://hote:80/", "https://hote:port/", "https://exa mple.org", "https://exa\u00a0mple.org",
        "https://x.org/\u2003", "https://x.org/\u0085", "https://x.org/\u200b", "https://x.org/\ufeff",
        "https://例え.jp/", "https://ｅｘａｍｐｌｅ.org", "https://a／b.org", "https://a＠b.org", "https://a：b.org",
        "//example.org", "example.org", "javascript:alert(1)", "https:/example.org", "https:\\\\example.org",
        "https://example.org#frag", "https://example.org?q=1", "https://exa%20mple.org", "https://-.org",
        "https://%", "h ttps://x.org", "1http://x.org", "http+x://x.org", "https://x.org:", "https://@",
        "https://a@b@c.org", "mailto:a@b.org", "https://x.org/é", "", "https", "https:", "https://x.org/\u3000"]


def test_urls_agree_with_the_validator(data: dict[str, Any], tmp_path: Path) -> None:
    files = {f"companies/c{i}.yml": company_with(f"    issued: '2024-01-10'\n    sources:\n      - {quoted(u)}\n")
             for i, u in enumerate(URLS)}
    python = errors_by_file(tmp_path / "registry", files)
    expected = [bool(python[f"companies/c{i}.yml"]) for i in range(len(URLS))]
    browser = run_js("urls.map(u => P.checkUrl(u, data))", urls=URLS, data=data)
    assert [b is not None for b in browser] == expected
    assert 5 < expected.count(False) < len(URLS) - 10  # both answers are exercised


def test_control_characters_and_bracketed_hosts_agree_with_the_validator(data: dict[str, Any],
                                                                          tmp_path: Path) -> None:
    """Both read URLs as browsers do (ada-url in Python, the browser's own parser here)."""
    odd = ["\x01https://x.org", "https://x.org/\x7f", "https://[::1]/", "https://[::1/", "https://a]b/",
           "https://evil.example\\@www.afnor.org/", "https://80/", "https://0x7f.1/", "https://@h/"]
    files = {f"companies/c{i}.yml": company_with(f"    issued: '2024-01-10'\n    sources:\n      - {quoted(u)}\n")
             for i, u in enumerate(odd)}
    python = errors_by_file(tmp_path / "registry", files)
    expected = ["url" if python[f"companies/c{i}.yml"] else None for i in range(len(odd))]
    assert run_js("odd.map(u => P.checkUrl(u, data))", odd=odd, data=data) == expected
    assert expected.count(None) == 1  # only [::1], a host written as the browser reads it


def test_the_date_tables_are_the_validators() -> None:
    from generator.dates import MAX_YEAR, MIN_YEAR

    assert year_range() == [MIN_YEAR, MAX_YEAR]
    assert date_pattern() == "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


# --- ids ------------------------------------------------------------------------------------------------

NAMES = ["Crédit Agricole", "L'Oréal", "L’Oréal", "Société Générale – SA", "Œuvre d'Orient", "Straße & Co",
         "Ærø Ølsen", "Marks & Spencer", "1,000 Services", "3 Suisses", "AT&T", "  Ça va !  ", "Café\u0301 Noir",
         "Électricité de France (EDF)", "Intra-Call Center", "SFR", "M6 Groupe", "A\u00a0B", "Boulanger™",
         "Pâtisserie « Au Bon Goût »", "Orange — Business", "o2", "100 % Santé", "€uro Services", "N° 1 Conseil",
         "ÉDF---Énergie", "Ǆemal", "Ĳssel", "Finance", "Groupe ĦĿŁ", "Đặng Việt"]


def test_company_ids_agree_with_new_company(data: dict[str, Any]) -> None:
    rng = random.Random(5)
    alphabet = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ''’‘“”«»-–—.,;:!?&()/+_%#@°€™®©"
                "àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆßøØåÅñÑ\u00a0\u202f\u0301\u0327")
    names = NAMES + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(400)]
    browser = run_js("names.map(n => P.companyId(n, data))", names=names, data=data)
    # Every one of these has its id in the browser, but for a rare "&…;" (slugify decodes HTML entities):
    # the browser then leaves the id to the maintainers rather than guess.
    unnamed = [n for n, b in zip(names, browser, strict=True) if b is None]
    assert all(re.search(r"&[^&;]*;", n) for n in unnamed) and len(unnamed) < 5
    assert [b for n, b in zip(names, browser, strict=True) if n not in unnamed] == \
        [new_id(n) for n in names if n not in unnamed]


def test_names_the_browser_cannot_name_are_left_to_the_maintainers(data: dict[str, Any]) -> None:
    names = ["Société 日本", "Банк Русь", "Caf&eacute; Noir", "A&#233;", "Emoji 😀"]
    assert run_js("names.map(n => P.companyId(n, data))", names=names, data=data) == [None] * len(names)
    assert [new_id(n) for n in names][:2] != [None, None]  # Python's transliteration reaches further


def test_certificate_ids_are_those_the_editing_commands_give(registry: Registry) -> None:
    existing = company_object(registry, "societe-electrique", SITE)["certifications"]
    company = registry.companies["societe-electrique"]
    cases = [("label-test", "2025-01"), ("iso-test", "2025-03-14"), ("iso-test", "2024")]
    browser = run_js("cases.map(([s, d]) => P.certificateId(s, d, existing))", cases=cases, existing=existing)
    from generator.dates import PartialDate

    assert browser == [new_certificate_id(s, PartialDate.parse(d), None, company.certifications) for s, d in cases]
    # The same standard and date as a certificate of the company: the maintainers add the scope.
    assert run_js("P.certificateId('iso-test', '2024-02-29', existing)", existing=existing) is None
    # An id taken by another certificate's stored id gets the next number, as `unique` gives it.
    taken = [{"id": "iso-test-2025-03-14", "standard": "label-test", "issued": "2020", "reported": None}]
    assert run_js("P.certificateId('iso-test', '2025-03-14', taken)", taken=taken) == "iso-test-2025-03-14-2"


# --- the whole form: YAML, links -----------------------------------------------------------------------

def form(**values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "Société Nouvelle", "siren": "", "website": "", "sector": "", "standard": "iso-test",
        "standard_other": "", "certifier": "", "certifier_other": "", "date": "2025-03-14", "date_kind": "issued",
        "expires": "", "number": "", "scope": "", "category": "", "notes": "",
        "sources": [{"url": "https://presse.example.org/a", "title": "", "publisher": "", "date": ""}],
    }
    base.update(values)
    return base


HOSTILE = "a: b # c' \"d\" [e] {f} & *g !h |i >j %k @l `m"
FORMS = [
    form(),
    form(name="Crédit de l'Ouest", siren="443061841", website="https://www.credit-ouest.example.fr/",
         sector="Banque", certifier="afnor", expires="2028-03-13", number="0042", scope="Service client : Lille",
         notes="Deux sites ; audit « sur place ».",
         sources=[{"url": "https://presse.example.org/a?b=1#c", "title": "Le titre", "publisher": "Le Journal",
                   "date": "2025-03-20"}, {"url": "https://certif.example.org/x", "title": "", "publisher": "",
                                           "date": ""}]),
    form(name="Yes", standard="label-test", certifier="bureau", date="2024-06", date_kind="reported",
         scope="null", number="1e3", notes=HOSTILE),
    form(name="- Tiret : étrange", standard="prix-test", date="2019", category="Plateforme #1", scope="~",
         sources=[{"url": "https://x.org/a:b", "title": HOSTILE, "publisher": "'Éditions'", "date": "2019"}]),
]


def write_record(folder: Path, name: str, text: str) -> Path:
    registry = write_tree(folder, {**base_files(), "certifiers/bureau.yml": OTHER_CERTIFIER,
                                   "standards/prix-test.yml": PRIX})
    (registry / "companies" / name).write_text(text, encoding="utf-8")
    return registry


def cli(registry: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--registry", str(registry), "--today", TODAY.isoformat()])
    return result.exit_code, result.output


@pytest.mark.parametrize("index", range(len(FORMS)))
def test_a_new_company_is_the_record_fmt_writes_and_the_validator_takes(
        data: dict[str, Any], tmp_path: Path, index: int) -> None:
    values = FORMS[index]
    assert run_js("P.problems(input, data, today)", input=values, data=data, today=TODAY.isoformat()) == []
    result = run_js("P.proposal(input, data, today, null)", input=values, data=data, today=TODAY.isoformat())
    assert result["id"] == new_id(values["name"])
    registry = write_record(tmp_path / "registry", f"{result['id']}.yml", result["yaml"])
    assert cli(registry, "fmt", "--check", str(registry / "companies" / f"{result['id']}.yml")) == (0, "")
    code, output = cli(registry, "validate")
    assert code == 0, output
    company = build_registry(str(registry), TODAY).companies[result["id"]]
    certificate = company.certifications[0]
    assert certificate.id == derived_certificate_ids(company.certifications)[0] == result["certificate_id"]
    assert certificate.id == new_certificate_id(values["standard"], certificate.issued or certificate.reported,
                                                certificate.scope, [])
    assert str(company.checked) == TODAY.isoformat()
    assert company.name == values["name"]
    assert (certificate.notes or "") == values["notes"] and (certificate.scope or "") == values["scope"]
    # GitHub's new-file page, with the record as its content.
    link = urlsplit(result["new_file"])
    assert f"{link.scheme}://{link.netloc}{link.path}" == f"{REPO}/new/main/registry/companies"
    assert dict(parse_qsl(link.query)) == {"filename": f"{result['id']}.yml", "value": result["yaml"]}
    assert result["new_file"].endswith("&value=" + quote(result["yaml"], safe="!'()*-._~"))
    assert len(result["new_file"]) <= URL_LIMIT
    assert result["reason"] is None


BAD_FORMS = {
    "future date": form(date="2026-12-01"),
    "impossible date": form(date="2025-02-29"),
    "date format": form(date="14/03/2025"),
    "SIREN key": form(siren="443061842"),
    "SIREN length": form(siren="44306184"),
    "website": form(website="www.exemple.fr"),
    "source": form(sources=[{"url": "presse.example.org/a", "title": "", "publisher": "", "date": ""}]),
    "source date": form(sources=[{"url": "https://e.org", "title": "T", "publisher": "", "date": "2027"}]),
    "certifier not listed": form(certifier="bureau"),
    "expiry order": form(expires="2025-03-01"),
    "no name": form(name=""),
}


@pytest.mark.parametrize("case", BAD_FORMS)
def test_the_form_finds_what_the_validator_finds(data: dict[str, Any], tmp_path: Path, case: str) -> None:
    """What the form refuses, the validator refuses (on the record the same inputs make), and the reverse
    on FORMS above. Not checked in the browser: a term longer than the standard's, a number another
    certificate of the certifier has (the pull request's validation reports them)."""
    values = BAD_FORMS[case]
    assert run_js("P.problems(input, data, today)", input=values, data=data, today=TODAY.isoformat()) != []
    yaml = run_js("P.companyRecord(input, data, today)", input=values, data=data, today=TODAY.isoformat())
    registry = write_record(tmp_path / "registry", "cas.yml", yaml)
    code, _ = cli(registry, "validate")
    assert code != 0


def test_a_certificate_for_a_company_already_in_the_registry(
        data: dict[str, Any], registry: Registry, registry_dir: Path, tmp_path: Path) -> None:
    existing = company_object(registry, "societe-electrique", SITE)
    values = form(name="Société Électrique", standard="label-test", date="2025-01", scope="Agence de Lyon",
                  sources=[{"url": "https://e.org/l", "title": "Le label", "publisher": "AFRC", "date": "2025-01"}])
    result = run_js("P.proposal(input, data, today, existing)", input=values, data=data, today=TODAY.isoformat(),
                    existing=existing)
    assert result["new_file"] is None and result["reason"] == "existing"
    folder = write_record(tmp_path / "registry", "societe-electrique.yml",
                          (registry_dir / "companies" / "societe-electrique.yml").read_text(encoding="utf-8"))
    record = folder / "companies" / "societe-electrique.yml"
    assert cli(folder, "fmt", str(record))[0] == 0  # the fixture's record in canonical form, then the entry after it
    record.write_text(record.read_text(encoding="utf-8") + result["yaml"], encoding="utf-8")
    assert cli(folder, "fmt", "--check", str(record)) == (0, "")
    assert cli(folder, "validate")[0] == 0
    company = build_registry(str(folder), TODAY).companies["societe-electrique"]
    from generator.dates import PartialDate

    assert company.certifications[-1].id == new_certificate_id(
        "label-test", PartialDate.parse("2025-01"), "Agence de Lyon", registry.companies["societe-electrique"].certifications)
    fields = dict(parse_qsl(urlsplit(result["issue"]).query))
    assert fields["template"] == ISSUE_TEMPLATE
    assert fields["fiche"] == result["yaml"]
    assert fields["entreprise"] == ("Société Électrique (fiche existante : "
                                    "https://registre.example.org/sous-chemin/entreprises/societe-electrique/)")
    assert fields["referentiel"] == "Label de test (label-test)"
    assert fields["dates"] == "attribué le 2025-01"
    assert fields["sources"] == "https://e.org/l — Le label (AFRC, 2025-01)"
    assert fields["details"] == "Périmètre : Agence de Lyon"
    assert fields["title"] == "[Certification] Société Électrique — Label de test"


def test_the_issue_form_has_every_field_the_links_fill() -> None:
    form_file = ROOT / ".github" / "ISSUE_TEMPLATE" / ISSUE_TEMPLATE
    body = YAML(typ="safe").load(form_file.read_text(encoding="utf-8"))["body"]
    ids = {item.get("id") for item in body}
    assert set(ISSUE_FIELDS.values()) <= ids
    fiche = next(item for item in body if item.get("id") == ISSUE_FIELDS["record"])
    assert fiche["type"] == "textarea" and fiche["attributes"]["render"] == "yaml"


def test_without_a_new_file_the_issue_form_takes_the_proposal(data: dict[str, Any]) -> None:
    other = run_js("P.proposal(input, data, today, null)", data=data, today=TODAY.isoformat(),
                   input=form(standard="autre", standard_other="Label Imaginaire"))
    assert other["yaml"] is None and other["new_file"] is None and other["reason"] == "standard"
    assert dict(parse_qsl(urlsplit(other["issue"]).query))["referentiel"] == "Label Imaginaire"
    certifier = run_js("P.proposal(input, data, today, null)", data=data, today=TODAY.isoformat(),
                       input=form(certifier="autre", certifier_other="Cabinet Inconnu"))
    assert certifier["new_file"] is None and certifier["reason"] == "certifier" and certifier["issue_with_record"]
    fields = dict(parse_qsl(urlsplit(certifier["issue"]).query))
    assert fields["certificateur"] == "Cabinet Inconnu" and "certifier:" not in fields["fiche"]
    unnamed = run_js("P.proposal(input, data, today, null)", data=data, today=TODAY.isoformat(),
                     input=form(name="Société 日本"))
    assert unnamed["new_file"] is None and unnamed["reason"] == "id" and unnamed["issue_with_record"]


def test_too_long_for_an_address_the_record_is_pasted(data: dict[str, Any]) -> None:
    long_url = "https://presse.example.org/" + "a" * (MAX_LENGTHS["url"] - 27)
    sources = [{"url": f"{long_url[:-2]}{i:02d}", "title": "T" * MAX_LENGTHS["text"], "publisher": "P" * 300,
                "date": "2025"} for i in range(8)]
    values = form(notes="n" * MAX_LENGTHS["notes"], sources=sources)
    result = run_js("P.proposal(input, data, today, null)", input=values, data=data, today=TODAY.isoformat())
    assert result["yaml"] and result["new_file"] is None and result["reason"] == "long"
    assert not result["issue_with_record"] and len(result["issue"]) <= URL_LIMIT
    fields = dict(parse_qsl(urlsplit(result["issue"]).query))
    assert "fiche" not in fields and fields["entreprise"] == "Société Nouvelle"
    # A certificate for a company already in the registry is shorter than a whole record: it may fit.
    existing = {"id": "societe-electrique", "name": "Société Électrique", "certifications": []}
    medium = form(notes="n" * 500, sources=sources[:1])
    fits = run_js("P.proposal(input, data, today, existing)", input=medium, data=data, today=TODAY.isoformat(),
                  existing=existing)
    assert fits["issue_with_record"] and len(fits["issue"]) <= URL_LIMIT


def test_texts_are_written_so_that_fmt_keeps_them_and_they_read_back(data: dict[str, Any], tmp_path: Path) -> None:
    rng = random.Random(7)
    specials = ["yes", "No", "null", "~", "true", "123", "1e3", "0x1F", ".inf", "- x", "a: b", "a #b", "#a", "a:",
                "'a", '"a"', "@x", "`x", "x\\y", "? x", "! x", "& x", "* x", "| x", "> x", "% x", "[x]", "{x}",
                "x, y", "«\u00a0x\u00a0»", "l'été", "a\tb\nc\r\nd\u2028e\u0085f", "\ufeffx", "x\x00y\x1b", "  x  ",
                "é" * 299, "𝔘nicode", "Ça", "x'", "x''y", "-", "--- x", "... x", "=x", "<x>", "Y", "n"]
    alphabet = "abcXYZ019 :#-?[]{},&*!|>'\"%@`\\~.«»’éÀœ\u00a0\u202f\t\n"
    texts = specials + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 25))) for _ in range(300)]
    cleaned = run_js("texts.map(t => P.clean(t))", texts=texts)
    cleaned = [t for t in cleaned if t]
    inputs = [form(name="Entreprise " + str(i), scope=t, notes=t, number=t, sector=t,
                   sources=[{"url": "https://e.org/" + str(i), "title": t, "publisher": t, "date": ""}])
              for i, t in enumerate(cleaned)]
    yamls = run_js("inputs.map(i => P.companyRecord(i, data, today))", inputs=inputs, data=data,
                   today=TODAY.isoformat())
    registry = write_tree(tmp_path / "registry", base_files())
    for i, text in enumerate(yamls):
        (registry / "companies" / f"e{i}.yml").write_text(text, encoding="utf-8")
    assert cli(registry, "fmt", "--check", *(str(registry / "companies" / f"e{i}.yml") for i in range(len(yamls)))) \
        == (0, "")
    built = build_registry(str(registry), TODAY)
    assert built.errors == []
    for i, text in enumerate(cleaned):
        company = built.companies[f"e{i}"]
        certificate = company.certifications[0]
        assert (company.sector, certificate.scope, certificate.notes, certificate.number) == (text,) * 4
        assert company.sources[0].title == company.sources[0].publisher == text
    # Ordinary text stays plain, as maintainers write it.
    ordinary = ["Service client de Lille", "l'été", "Ça", "Agence « Nord »", "Centre d'appels (Lyon, Lille)",
                "Prix 2024 – catégorie or", "Qualité, 100 %", "Énergie — particuliers"]
    assert run_js("texts.map(t => P.scalar(t))", texts=ordinary) == ordinary


# --- the page ------------------------------------------------------------------------------------------

def test_the_page_publishes_the_tables_and_posts_nothing(registry: Registry, data: dict[str, Any]) -> None:
    page = render_site(registry, SITE)["contribuer/proposer/index.md"].content
    block = re.search(r'<script type="application/json" data-rr-proposal-data>(.*?)</script>', page, re.S)
    assert block is not None and json.loads(block.group(1)) == json.loads(json.dumps(data))
    assert data["new_file"] == new_file_base(SITE) == f"{REPO}/new/main/registry/companies"
    assert data["issue"] == f"{REPO}/issues/new"
    assert page.count("<script") == 1  # the data block; proposer.js is added by the theme, to this page only
    assert render_site(registry, SITE)["contribuer/proposer/index.md"].assets == ("proposer.css", "proposer.js")
    form_html = page[page.index("<form"):page.index("</form>")]
    assert " name=" not in form_html and " action=" not in form_html  # a submit could send nothing
    for control in re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', form_html):
        assert f'<label for="{control}"' in form_html, control
    for described in re.findall(r'aria-describedby="([^"]+)"', page):
        for target in described.split():
            assert f'id="{target}"' in page, target
    # Standards and certifiers offered by id, in the order of their names.
    assert re.findall(r'<option value="([^"]+)">', form_html)[:4] == ["label-test", "iso-test", "prix-test", "autre"]
    assert [s["id"] for s in data["standards"]] == ["label-test", "iso-test", "prix-test"]
    assert next(s for s in data["standards"] if s["id"] == "iso-test")["certifiers"] == ["afnor"]


def test_record_text_in_the_page_stays_text(make_registry: Any) -> None:
    hostile = "</script><script>alert(1)</script>{{ x }}"
    folder = make_registry({"standards/iso-test.yml": f"name: {quoted(hostile)}\nkind: norme\nvalidity_years: 3\n"
                            "sources:\n  - https://e.org/n\n"})
    built = build_registry(str(folder), TODAY)
    assert built.errors == []
    page = render_site(built, SITE)["contribuer/proposer/index.md"].content
    assert "<script>alert(1)" not in page and page.count("</script>") == 1
    block = re.search(r'data-rr-proposal-data>(.*?)</script>', page, re.S)
    assert block is not None
    assert next(s["name"] for s in json.loads(block.group(1))["standards"] if s["id"] == "iso-test") == hostile


def test_the_page_does_not_grow_with_the_companies_and_stays_light(make_registry: Any) -> None:
    """The page names standards and certifiers (a few dozen), never companies: the registry's search finds those."""
    files: dict[str, str | None] = {}
    for i in range(30):
        files[f"standards/referentiel-numero-{i}.yml"] = (
            f"name: Référentiel de la relation client numéro {i}\nkind: label\ncertifiers: [afnor]\n"
            f"sources: [https://e.org/{i}]\n")
        files[f"certifiers/organisme-numero-{i}.yml"] = f"name: Organisme certificateur numéro {i}\nsources: [https://e.org/c{i}]\n"
    few = render_site(build_registry(str(make_registry(files)), TODAY), SITE)["contribuer/proposer/index.md"]
    for i in range(300):
        files[f"companies/entreprise-{i}.yml"] = (
            f"name: Entreprise {i}\nchecked: '2026-11-01'\nsources: [https://e.org/e{i}]\ncertifications:\n"
            f"  - standard: iso-test\n    id: iso-test-2024\n    issued: '2024-01-10'\n    sources: [https://e.org/e{i}/c]\n")
    larger = build_registry(str(make_registry(files)), TODAY)
    assert larger.errors == [] and len(larger.companies) == 301 and len(larger.standards) == 32
    many = render_site(larger, SITE)["contribuer/proposer/index.md"]
    assert many.content == few.content
    assert few.html is not None and len(few.html.encode("utf-8")) < 40_000

"""Validate accepts only what the build can compute (issue 11, point 4): dates stay within the supported years.

Each record that once validated and then crashed the build is refused at its field; `--today` outside the
years is a usage error; and a property test over dates and terms checks that whatever validates builds
(registry, pages and open data, without MkDocs).
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import PluginError

from generator.cli import main
from generator.dates import LAST_SUPPORTED_DAY, MAX_YEAR, MIN_YEAR, DateRangeError, PartialDate
from generator.export import build_exports
from generator.plugin import _parse_today
from generator.registry import build_registry
from generator.render import render_site
from generator.site import SiteInfo
from tests.conftest import COMPANY, STANDARD, base_files, write_tree

LAST = date(MAX_YEAR, 12, 31)
RANGE = "hors des années que le registre prend en charge (de l'an 1000 à l'an 9998)"
FILE = "companies/societe-electrique.yml"


def problems(root: Path, today: date = LAST) -> list[tuple[str, int, int, str, str]]:
    return [(os.path.relpath(d.path, root), d.line, d.column, d.code, d.message)
            for d in build_registry(str(root), today).errors]


def test_the_supported_years_are_explicit() -> None:
    assert (MIN_YEAR, MAX_YEAR, LAST_SUPPORTED_DAY) == (1000, 9998, LAST)
    for text in ("0999", "0999-12-31", "9999", "9999-01", "9999-12-31"):
        with pytest.raises(DateRangeError):
            PartialDate.parse(text)
    assert PartialDate.parse("9998-12-31").last_day == LAST and PartialDate.parse("1000").first_day == date(1000, 1, 1)


def test_an_expiry_on_the_last_day_of_the_calendar_is_refused_at_its_place(make_registry) -> None:
    root = make_registry({FILE: COMPANY.replace("    number: 'A-1'", "    expires: '9999-12-31'")})
    assert problems(root) == [
        (FILE, 14, 14, "date-out-of-range", f"« expires » : date « 9999-12-31 » {RANGE}"),
    ]


def test_an_issue_in_9998_with_an_expiry_in_9999_is_refused(make_registry) -> None:
    text = COMPANY.replace("issued: '2024-02-29'", "issued: '9998-06'").replace(
        "    number: 'A-1'", "    expires: '9999-12-31'")
    # Without its expiry, the term counted from June 9998 would leave the years too: both are said.
    assert problems(make_registry({FILE: text})) == [
        (FILE, 13, 13, "date-out-of-range", "« issued » : avec la durée du référentiel, le dernier jour de validité "
         "tomberait après l'an 9998, hors des années que le registre prend en charge (de l'an 1000 à l'an 9998)"),
        (FILE, 14, 14, "date-out-of-range", f"« expires » : date « 9999-12-31 » {RANGE}"),
    ]


def test_a_standard_introduced_in_9999_is_refused_quoted_or_not(make_registry) -> None:
    for written, column in (("'9999'", 13), ("9999", 13)):
        root = make_registry({"standards/iso-test.yml": STANDARD.replace("'2015-09-15'\nvalidity", f"{written}\nvalidity")})
        assert problems(root) == [
            ("standards/iso-test.yml", 3, column, "date-out-of-range", f"« introduced » : date « 9999 » {RANGE}"),
        ]


def test_a_term_that_would_end_after_the_supported_years_is_refused_at_issued(make_registry) -> None:
    root = make_registry({FILE: COMPANY.replace("issued: '2024-02-29'", "issued: '9996-03'")})
    assert problems(root) == [
        (FILE, 13, 13, "date-out-of-range",
         "« issued » : avec la durée du référentiel, le dernier jour de validité tomberait après l'an 9998, "
         "hors des années que le registre prend en charge (de l'an 1000 à l'an 9998)"),
    ]


def test_an_introduction_that_floors_the_start_past_the_years_is_named(make_registry) -> None:
    standard = STANDARD.replace("introduced: '2015-09-15'", "introduced: '9997-06'")
    root = make_registry({"standards/iso-test.yml": standard})
    assert problems(root) == [
        (FILE, 13, 13, "date-out-of-range",
         "« issued » : avec la durée du référentiel, compté depuis la création du référentiel (9997-06), le dernier "
         "jour de validité tomberait après l'an 9998, hors des années que le registre prend en charge (de l'an "
         "1000 à l'an 9998)"),
    ]


def test_a_report_whose_term_leaves_the_years_is_refused_at_reported(make_registry) -> None:
    root = make_registry({FILE: COMPANY.replace("issued: '2024-02-29'", "reported: '9997'")})
    [(path, line, column, code, message)] = problems(root)
    assert (path, line, column, code) == (FILE, 13, 15, "date-out-of-range")
    assert message.startswith("« reported » : avec la durée du référentiel")


def test_the_last_supported_term_still_builds(make_registry) -> None:
    root = make_registry({FILE: COMPANY.replace("issued: '2024-02-29'", "issued: '9995-12-31'")})
    registry = build_registry(str(root), LAST)
    assert registry.errors == []
    [view] = registry.certificates["societe-electrique"]
    assert view.last_day == date(9998, 12, 30)
    render_site(registry, SiteInfo("https://example.org/"))
    build_exports(registry, SiteInfo("https://example.org/"))


@pytest.mark.parametrize("day", ["9999-12-31", "9999-01-01", "0999-12-31", "0001-01-01"])
@pytest.mark.parametrize("command", ["validate", "status", "build"])
def test_today_outside_the_supported_years_is_a_usage_error(make_registry, command: str, day: str) -> None:
    result = CliRunner().invoke(main, [command, "--registry", str(make_registry()), "--today", day])
    assert result.exit_code == 2
    assert f"date « {day} » {RANGE}" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


def test_the_plugins_day_outside_the_years_is_a_plugin_error() -> None:
    with pytest.raises(PluginError, match=re.escape(f"registry.today « 9999-12-31 » : {RANGE}")):
        _parse_today("9999-12-31")
    assert _parse_today("9998-12-31") == LAST


def test_status_within_any_number_of_days_on_the_last_day(make_registry) -> None:
    root = make_registry({FILE: COMPANY.replace("issued: '2024-02-29'", "issued: '9995-12-31'")})
    for within, listed in ((1000000, True), (0, False)):
        result = CliRunner().invoke(main, ["status", "--registry", str(root), "--today", "9998-12-01",
                                           "--within", str(within), "--format", "json"])
        assert result.exit_code == 0, result.output
        assert ('"expires": "9998-12-30"' in result.output) == listed


# --- whatever validates, builds ------------------------------------------------------------------------

END = date(MAX_YEAR - 120, 1, 1)
days = st.one_of(st.dates(date(MIN_YEAR, 1, 1), LAST), st.dates(END, LAST), st.dates(date(MIN_YEAR, 1, 1),
                                                                                      date(MIN_YEAR + 5, 1, 1)))


@st.composite
def written_dates(draw: st.DrawFn, near_the_end: bool = False) -> str:
    """A date as a maintainer writes it: a day, a month or a year, anywhere in (or just out of) the years."""
    day = draw(st.dates(END, date(9999, 12, 31)) if near_the_end else days)
    precision = draw(st.sampled_from(("day", "month", "year")))
    text = day.isoformat()
    return text if precision == "day" else text[:7] if precision == "month" else text[:4]


@st.composite
def registries(draw: st.DrawFn) -> tuple[dict[str, str], date]:
    end = draw(st.booleans())
    standard = ["name: Norme", "kind: norme", "sources:\n  - https://example.org/n"]
    if draw(st.booleans()):
        standard.append(f"introduced: '{draw(written_dates(end))}'")
    if draw(st.booleans()):
        standard.append(f"validity_years: {draw(st.integers(1, 100))}")
    terms = draw(st.lists(st.tuples(written_dates(end), st.integers(1, 100)), max_size=2))
    if terms:
        standard.append("terms:" + "".join(f"\n  - from: '{when}'\n    years: {years}\n    sources: "
                                           "[https://example.org/t]" for when, years in terms))
    certificate = ["standard: norme"]
    if draw(st.booleans()):
        certificate.append(f"issued: '{draw(written_dates(end))}'")
    else:
        certificate.append(f"reported: '{draw(written_dates(end))}'")
    if draw(st.booleans()):
        certificate.append(f"expires: '{draw(written_dates(end))}'")
    if draw(st.booleans()):
        until = draw(st.one_of(st.none(), written_dates(end)))
        certificate.append(f"suspensions:\n    - from: '{draw(written_dates(end))}'\n      sources: "
                           f"[https://example.org/s]" + (f"\n      to: '{until}'" if until else ""))
    if draw(st.booleans()):
        certificate.append(f"status: withdrawn\n    status_date: '{draw(written_dates(end))}'")
    certificate.append("sources: [https://example.org/c]")
    company = ("name: Entreprise\nchecked: '1000-01-01'\nsources:\n  - title: t\n    publisher: p\n"
               "certifications:\n  - " + "\n    ".join(certificate) + "\n")
    files = {**base_files(), "standards/norme.yml": "\n".join(standard) + "\n", "companies/entreprise.yml": company}
    # Mostly the last supported day, so that few records are refused for a date in the future.
    return files, LAST if draw(st.integers(0, 9)) < 7 else draw(days)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registries())
@example(({**base_files(), "companies/societe-electrique.yml": COMPANY.replace(
    "    number: 'A-1'", "    expires: '9999-12-31'")}, LAST))
@example(({**base_files(), "standards/iso-test.yml": STANDARD.replace("'2015-09-15'", "'9998'")}, LAST))
def test_whatever_validates_builds(case: tuple[dict[str, str], date]) -> None:
    files, today = case
    with tempfile.TemporaryDirectory() as folder:
        root = write_tree(Path(folder) / "registry", files)
        registry = build_registry(str(root), today)
        event("valid" if not registry.errors else "refused: " + ", ".join(sorted({d.code for d in registry.errors})))
        if registry.errors:
            return
        site = SiteInfo("https://example.org/", repo_url="https://github.com/o/r",
                        edit_base="https://github.com/o/r/edit/main/registry/")
        assert render_site(registry, site)
        assert build_exports(registry, site)

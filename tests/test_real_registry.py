"""The real registry: valid under --strict, every record sourced with a publisher, every dispute and
figure shown as the data says."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.model import SourceRef
from generator.registry import Registry, build_registry
from generator.render import RenderedFile, render_site
from generator.site import SiteInfo
from tests.conftest import report_time_warning
from tests.sitebuild import FIXTURE_URL, PROJECT, REAL_TODAY, TIME_WARNINGS
from tests.test_render import _coverage_cells, _key, html_text, to_html

TODAY = REAL_TODAY
REGISTRY = PROJECT / "registry"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_registry(str(REGISTRY), TODAY)


@pytest.fixture(scope="module")
def site(registry: Registry) -> dict[str, RenderedFile]:
    return render_site(registry, SiteInfo(FIXTURE_URL, "https://github.com/o/r", "https://github.com/o/r/edit/main/registry/"))


def test_validate_strict_passes_on_the_real_registry_today():
    """No error, and no warning but those only time brings (reported at the end of the run)."""
    result = CliRunner().invoke(main, ["validate", "--registry", str(REGISTRY), "--today", TODAY.isoformat(),
                                       "--format", "json"])
    diagnostics = json.loads(result.stdout)
    for diagnostic in diagnostics:
        if diagnostic["severity"] == "warning" and diagnostic["code"] in TIME_WARNINGS:
            report_time_warning(diagnostic)
    failing = [d for d in diagnostics if not (d["severity"] == "warning" and d["code"] in TIME_WARNINGS)]
    assert failing == []
    assert result.exit_code == 0, result.output


def test_the_real_registry_holds_the_first_relation_client_france_holders(registry: Registry):
    holders = {cid for cid, views in registry.certificates.items()
               for v in views if v.standard_id == "relation-client-france"}
    assert {"boulanger", "butagaz", "edenred", "edf", "homeserve", "leocare", "macif", "maif", "o2",
            "sanofi", "uneo"} <= holders
    assert {"relation-client-france", "service-france-garanti", "iso-9001", "iso-18295-1", "iso-18295-2",
            "nf-en-15838", "nf-x50-798", "nf-service-relation-client", "label-responsabilite-sociale",
            "elu-service-client-de-l-annee"} <= set(registry.standards)


@pytest.mark.parametrize("kind", ["companies", "standards", "certifiers"])
def test_every_record_has_a_source_with_a_publisher(registry: Registry, kind: str):
    records = getattr(registry, kind)
    assert records
    unsourced = [rid for rid, record in records.items()
                 if not any(isinstance(s, SourceRef) and s.publisher for s in record.sources)]
    assert unsourced == []


def test_every_certificate_cites_a_source(registry: Registry):
    assert all(view.certificate.sources for view in registry.all_certificates())


def _disputed_pages(registry: Registry):
    for company_id, company in registry.companies.items():
        disputes = list(company.disputes) + [d for c in company.certifications for d in c.disputes]
        if disputes:
            yield f"entreprises/{company_id}.md", disputes
    for standard_id, standard in registry.standards.items():
        if standard.disputes:
            yield f"referentiels/{standard_id}.md", list(standard.disputes)


def test_every_dispute_renders_every_claim_with_its_sources(registry: Registry, site: dict[str, RenderedFile]):
    pages = list(_disputed_pages(registry))
    assert len(pages) >= 5  # the real registry records several disagreements between sources
    for path, disputes in pages:
        content = site[path].content
        numbered = dict(re.findall(r'<li id="source-(\d+)">(.*?)</li>', content))
        for dispute in disputes:
            assert f"Les sources divergent</strong> : « {html_text(dispute.topic)} »" in content or \
                f"Les sources divergent : « {html_text(dispute.topic)} »" in re.sub(r"<[^>]+>", "", content), path
            for claim in dispute.claims:
                match = re.search(re.escape(str(html_text(claim.claim))) + r' <sup class="rr-cite">\[(.*?)\]</sup>',
                                  content)
                assert match, (path, claim.claim)
                cited = sorted(numbered[n] for n in re.findall(r">(\d+)</a>", match.group(1)))
                assert len(cited) == len({_key(s) for s in claim.sources}), (path, claim.claim)
                for source in claim.sources:
                    assert any(_shows(entry, source) for entry in cited), (path, claim.claim, source)


def _shows(entry: str, source: str | SourceRef) -> bool:
    """Whether a numbered source list entry is this source (by URL, else by title)."""
    if isinstance(source, str):
        return f'href="{html_text(source)}"' in entry
    if source.url:
        return f'href="{html_text(source.url)}"' in entry
    return re.sub(r"<[^>]+>", "", entry).startswith(str(html_text(source.title)))


def test_coverage_figures_match_counts_computed_here(registry: Registry, site: dict[str, RenderedFile]):
    figures: dict[str, dict[str, int]] = {}
    for row, field, value in _coverage_cells(to_html(site["couverture/index.md"].content)):
        figures.setdefault(row, {})[field] = value
    for standard_id in registry.standards:
        holders, certificates, certifier, number, exact, archive = set(), 0, 0, 0, 0, 0
        for company_id, company in registry.companies.items():
            for certificate in company.certifications:
                if certificate.standard != standard_id:
                    continue
                holders.add(company_id)
                certificates += 1
                certifier += certificate.certifier is not None
                number += certificate.number is not None
                exact += certificate.issued is not None and len(str(certificate.issued)) == 10
                archive += any(isinstance(s, SourceRef) and s.archive is not None for s in certificate.sources)
        assert figures[standard_id] == {
            "holders": len(holders), "certificates": certificates, "with_certifier": certifier,
            "with_number": number, "with_exact_date": exact, "with_archive": archive,
        }, standard_id


def test_no_record_cites_the_wrong_wikipedia_host():
    """Wikipédia lives at fr.wikipedia.org; fr.wikipedia.com is not its address."""
    offenders = [path.name for path in sorted(REGISTRY.rglob("*.yml"))
                 if "wikipedia.com" in path.read_text(encoding="utf-8")]
    assert offenders == []


def _url(source: str | SourceRef) -> str | None:
    return source if isinstance(source, str) else source.url


# Sources whose stored copy names the holders listed, and no other: a certificate cites such a source
# only when it names the certificate's holder (the issue 13 audit found LCL and Orange citing Le Figaro).
_NAMED_BY_SOURCE = {
    "https://www.boursorama.com/budget/actualites/carrefour-sncf-connect-leroy-merlin-ces-marques-recompensees"
    "-pour-la-qualite-de-leur-service-client-335145e7aaa5aea8d1aeb48d962aebee": {"carrefour", "sncf-connect",
                                                                                "leroy-merlin"},
    "http://www.cbanque.com/actu/48103/quatre-banques-elues-service-client-de-annee-2015": {
        "societe-generale", "bforbank", "cofidis", "bourse-direct"},
    "https://www.clcv.org/achats/elu-service-client-de-lannee-2014-decryptage": {
        "direct-energie", "societe-generale", "cofidis", "carglass", "idtgv", "dhl"},
    # SFAM counts the first Relation Client France holders ("onze entreprises") without naming them.
    "https://magazine.sfam.eu/nouvelle-certification-relation-client-made-in-france/": set(),
}


def test_certificates_cite_only_sources_that_name_their_holder(registry: Registry):
    misplaced = [(company_id, certificate.standard, _url(source))
                 for company_id, company in registry.companies.items()
                 for certificate in company.certifications
                 for source in certificate.sources
                 if company_id not in _NAMED_BY_SOURCE.get(_url(source) or "", {company_id})]
    assert misplaced == []


def test_awards_name_their_category_and_sources_date_what_they_say(registry: Registry):
    sncf = [c for c in registry.companies["sncf-connect"].certifications if c.category == "Plateforme de réservation"]
    assert [str(c.issued) for c in sncf] == ["2023-11"]
    assert any(c.category == "Transport collectif de voyageurs" for c in registry.companies["transavia"].certifications)
    assert all(c.scope is None for company in registry.companies.values() for c in company.certifications
               if c.standard == "elu-service-client-de-l-annee")  # a prize's category is not a certified scope
    teleperformance = [c for c in registry.companies["teleperformance-france"].certifications
                       if c.standard == "label-responsabilite-sociale"]
    assert [(c.status, str(c.status_date)) for c in teleperformance] == [("withdrawn", "2008-10-01")]
    iso = registry.standards["iso-18295-1"]
    assert str(iso.introduced) == "2017-07"
    assert any({"Le 5 juillet 2017.", "Le 6 juillet 2017 (d'après la fiche de l'ISO, selon le site)."}
               == {claim.claim for claim in dispute.claims} for dispute in iso.disputes)

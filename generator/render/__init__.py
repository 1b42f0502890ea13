"""Records -> the site's generated files: {path inside docs: RenderedFile}; templates beside the package.

Pure: the day is `registry.today`, nothing is written, MkDocs is never imported, and the output is
the same for the same registry, whether a forked child renders part of it or not (`parallel`).
Every page is a Markdown file whose body is one raw HTML block rendered by Jinja2 with autoescape:
record text is always a value, never Markdown or a template, and the block holds no blank line
(Python-Markdown may end a raw block there).

One module per page family (home, companies, standards, comparison, certifiers, verifier, sources,
coverage, data) over shared ones: `base` (environment, page assembly), `text` (escaping),
`wording` (statuses in words) and `citations` (numbered sources).
"""

from __future__ import annotations

from generator.forking import both
from generator.registry import Registry
from generator.render.base import ASSET_DIR, ASSETS, Holdings, Page, RenderedFile, Renderer, assets
from generator.render.certifiers import certifier_page, certifiers_index
from generator.render.companies import companies_index, company_page, redirects
from generator.render.comparison import comparison_page
from generator.render.coverage import coverage_page
from generator.render.data import open_data_page
from generator.render.home import LAPSING_COUNT, LATEST_COUNT, home_page
from generator.render.proposal import proposal_page
from generator.render.sources import sources_page
from generator.render.standards import standard_page, standards_index
from generator.render.text import fold, front_matter_title, html_text, json_for_script, page_root, safe_url
from generator.render.verifier import verifier_page
from generator.site import SiteInfo

__all__ = [
    "ASSETS", "ASSET_DIR", "LAPSING_COUNT", "LATEST_COUNT", "RenderedFile", "fold", "front_matter_title",
    "html_text", "json_for_script", "page_root", "render_site", "safe_url",
]


def render_site(registry: Registry, site: SiteInfo, *, parallel: bool = False) -> dict[str, RenderedFile]:
    """Every generated file of the site, by path inside docs, sorted by path.

    `parallel`: most company pages are rendered by a forked child (`generator.forking.both`) while this
    process renders the others; the files are the same either way (tests/test_render.py).
    """
    r = Renderer(registry, site)
    holdings = r.holdings()
    r.lines  # noqa: B018 - computed before the split: the company pages read it too
    companies = list(registry.companies)
    split = round(len(companies) * PARENT_SHARE) if parallel else len(companies)

    def mine() -> list[Page]:
        return [*_other_pages(r, holdings), *(company_page(r, company_id) for company_id in companies[:split])]

    def theirs() -> list[Page]:
        return [company_page(r, company_id) for company_id in companies[split:]]

    first, second = both(mine, theirs) if parallel else (mine(), theirs())
    every = [*first, *second]
    files = dict(every)
    if len(files) != len(every):
        # Two files at one address: the validator refuses the ids that could do it (RESERVED_IDS).
        raise ValueError("two generated files share a path")
    return dict(sorted(files.items()))


# The company pages this process keeps when the rendering is split. It also computes the figures and
# renders every other page (26 s at 10,000 companies, against 30 s for all company pages), and the child
# pays for copying the memory it touches: with 0.05 this process waited 7 s for it, with 0.15 both end
# together (benchmarks/build.py).
PARENT_SHARE = 0.15


def _other_pages(r: Renderer, holdings: Holdings) -> list[Page]:
    pages = [
        home_page(r),
        companies_index(r, holdings),
        standards_index(r),
        comparison_page(r, holdings),
        certifiers_index(r),
        verifier_page(r),
        sources_page(r),
        coverage_page(r),
        open_data_page(r),
        proposal_page(r),
    ]
    pages += [standard_page(r, standard_id) for standard_id in r.registry.standards]
    pages += [certifier_page(r, certifier_id) for certifier_id in r.registry.certifiers]
    figures = [(path, RenderedFile(text)) for path, text in r.figures.files().items()]
    return [*pages, *figures, *redirects(r).items(), *assets().items()]

"""What every absolute URL derives from: `site_url` and `repo_url`, set once in mkdocs.yml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class SiteInfo:
    site_url: str  # absolute, ends with "/"
    repo_url: str | None = None  # e.g. https://github.com/owner/repo
    edit_base: str | None = None  # URL a record's path inside the registry is appended to, for "edit" links
    revision: str | None = None  # git revision of the registry, when built from git

    def url(self, path: str) -> str:
        """The absolute URL of a path inside the site ('entreprises/edf/', 'api/v1/feed.atom')."""
        return self.site_url + path.lstrip("/")

    def edit_url(self, record_path: str) -> str | None:
        """Where a record ('companies/edf.yml') is edited, or None without a repository."""
        return self.edit_base + record_path if self.edit_base else None

    def schema_url(self, kind: str) -> str:
        """The published JSON Schema of a record kind: 'company', 'standard' or 'certifier'."""
        return self.url(f"api/v1/schema/{kind}.schema.json")


def normalise_site_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def edit_base_for(repo_url: str | None, branch: str = "main", registry_path: str = "registry/") -> str | None:
    if not repo_url:
        return None
    return f"{repo_url.rstrip('/')}/edit/{branch}/{registry_path}"


def read_site_info(config_file: str | Path = "mkdocs.yml", revision: str | None = None) -> SiteInfo:
    """SiteInfo from mkdocs.yml, for the commands that run outside MkDocs (new, render)."""
    # BaseLoader: mkdocs.yml may hold tags for MkDocs; only two plain strings are read here.
    with open(config_file, encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=yaml.BaseLoader) or {}
    site_url = normalise_site_url(str(config.get("site_url") or "http://127.0.0.1:8000/"))
    repo_url = config.get("repo_url") or None
    return SiteInfo(site_url=site_url, repo_url=repo_url, edit_base=edit_base_for(repo_url), revision=revision)

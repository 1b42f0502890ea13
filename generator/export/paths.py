"""Where the open data lives under /api/v1/, and what every export file says of itself."""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from generator.model import ID_REGEX
from generator.schema import PAGE_FOLDERS
from generator.site import SiteInfo

API = "api/v1"
REGISTRY_JSON = f"{API}/registry.json"
REGISTRY_SCHEMA = f"{API}/registry.schema.json"
COMPANY_JSON = API + "/entreprises/{id}.json"
COMPANY_FEED = API + "/entreprises/{id}.atom"
COMPANY_CALENDAR = API + "/entreprises/{id}.ics"
STANDARD_FEED = API + "/referentiels/{id}.atom"
STANDARD_CALENDAR = API + "/referentiels/{id}.ics"
BADGE = API + "/badges/{company}/{name}.svg"
CERTIFICATES_CSV = f"{API}/certificates.csv"
CERTIFICATES_SCHEMA = f"{API}/certificates.schema.json"
DATAPACKAGE = f"{API}/datapackage.json"
FEED = f"{API}/feed.atom"
CALENDAR = f"{API}/expirations.ics"
RECORD_SCHEMA = API + "/schema/{kind}.schema.json"

SITE_NAME = "Registre de la relation client"
LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
PARIS = ZoneInfo("Europe/Paris")
FEED_ENTRIES = 100  # the newest events only: a feed reader needs news, not the whole history
REMINDER_DAYS = 90
TAG_YEAR = 2026  # the year in every tag: URI; changing it would change every entry id

ID = re.compile(ID_REGEX)


def page_url(site: SiteInfo, kind: str, record_id: str) -> str:
    return site.url(f"{PAGE_FOLDERS[kind]}/{record_id}/")


def site_host(site: SiteInfo) -> str:
    return urlsplit(site.site_url).hostname or "localhost"

"""Write a synthetic, valid registry of N companies for the benchmarks.

    python benchmarks/make_registry.py 10000 /tmp/reg10k [--seed 2026]

The output follows the record format of issue 3 (companies/, standards/, certifiers/, one
`<id>.yml` each). It is deterministic: the same N and seed give byte-identical files, and company
number i is the same whatever N is (each company draws from its own seeded generator), so the
1,000-company registry is the first tenth of the 10,000 one. Every name is fictional.

YAML is written by hand rather than through a dumper: it is fast (10,000 companies in about two
seconds), and the files look like what maintainers write (comments, the contract's key order, every
string quoted so that YAML 1.1 and 1.2 loaders read the same data). `--check` then re-reads the
result independently (benchmarks/check_registry.py; about 30 s at 10,000, ruamel being slow).
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

# The day the benchmarks pass as --today: no date that must lie in the past goes beyond it.
TODAY = date(2026, 11, 25)
DEFAULT_SEED = 2026
ID_WORDS = 6  # a company id keeps the first words of its name: short URLs, still readable
HEADER = "# Registre synthétique (benchmarks/make_registry.py) : entreprises et faits fictifs."


# ---------------------------------------------------------------------------------------------
# Ids, SIREN, dates


def to_id(text: str, max_words: int = 0) -> str:
    """Lowercase ASCII id: accents dropped through NFKD, anything else becomes one hyphen."""
    # NFKD does not split these ligatures, and French uses them ("Cœur").
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    if max_words:
        words = words[:max_words]
        # A slug that stops on "de" or "d" reads badly: "societe-generale-des".
        while len(words) > 1 and words[-1] in {"de", "des", "du", "d", "l", "la", "le", "et"}:
            words.pop()
    return "-".join(words)


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def make_siren(rng: random.Random) -> str:
    """Nine digits whose Luhn checksum holds (the SIREN key), first digit never 0."""
    payload = str(rng.randint(10_000_000, 99_999_999))
    for check in "0123456789":
        if luhn_ok(payload + check):
            return payload + check
    raise AssertionError("unreachable: one check digit always fits")


@dataclass(frozen=True)
class Period:
    """A date as written (YYYY-MM-DD, YYYY-MM or YYYY) and the first and last day it can mean."""

    text: str
    first: date
    last: date


def full(day: date) -> Period:
    return Period(day.isoformat(), day, day)


def month_of(day: date) -> Period:
    last = calendar.monthrange(day.year, day.month)[1]
    return Period(f"{day:%Y-%m}", day.replace(day=1), day.replace(day=last))


def year_of(day: date) -> Period:
    return Period(str(day.year), date(day.year, 1, 1), date(day.year, 12, 31))


def anniversary(start: date, years: int) -> date:
    """Same day `years` later; 29 February falls on 1 March in a common year (issue 3)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def random_day(rng: random.Random, low: date, high: date) -> date:
    return low + timedelta(days=rng.randint(0, (high - low).days))


# ---------------------------------------------------------------------------------------------
# Fixed records: certifiers and standards


@dataclass(frozen=True)
class Certifier:
    id: str
    name: str
    prefix: str  # certificate numbers start with it, so they read like the body's own


@dataclass(frozen=True)
class Standard:
    id: str
    name: str
    kind: str
    introduced: date
    certifiers: tuple[str, ...]
    weight: int  # how often companies hold it: a few standards are common, most are rare


CERTIFIERS = (
    Certifier("certiverite", "Certivérité", "CV"),
    Certifier("bureau-qualite-etoile", "Bureau Qualité Étoile", "BQE"),
    Certifier("organisme-francais-d-evaluation", "Organisme Français d'Évaluation", "OFE"),
    Certifier("controle-et-conformite-atlantique", "Contrôle & Conformité Atlantique", "CCA"),
    Certifier("evaluations-rhone-mediterranee", "Évaluations Rhône-Méditerranée", "ERM"),
    Certifier("jury-independant-de-l-ecoute", "Jury indépendant de l'Écoute", "JIE"),
)

VALIDITY_YEARS = 3
# fmt: off
STANDARDS = (
    Standard("relation-client-responsable", "Relation Client Responsable", "certification",
             date(2008, 3, 1), ("certiverite", "bureau-qualite-etoile", "organisme-francais-d-evaluation"), 9),
    Standard("qualite-d-accueil-telephonique", "Qualité d'Accueil Téléphonique", "label",
             date(2005, 6, 15), ("bureau-qualite-etoile", "controle-et-conformite-atlantique"), 5),
    Standard("norme-centres-de-contact-electroniques", "Norme Centres de Contact Électroniques", "norme",
             date(2007, 1, 1), ("certiverite", "organisme-francais-d-evaluation", "evaluations-rhone-mediterranee"), 8),
    Standard("norme-centres-d-appels", "Norme Centres d'Appels", "norme",
             date(2001, 9, 1), ("certiverite", "controle-et-conformite-atlantique"), 2),
    Standard("service-client-garanti-en-france", "Service Client Garanti en France", "label",
             date(2009, 10, 1), ("organisme-francais-d-evaluation", "evaluations-rhone-mediterranee"), 6),
    Standard("prix-de-l-ecoute-client", "Prix de l'Écoute Client", "prix",
             date(2004, 1, 1), ("jury-independant-de-l-ecoute",), 4),
    Standard("certification-reclamations-equitables", "Certification Réclamations Équitables", "certification",
             date(2006, 5, 1), ("bureau-qualite-etoile", "certiverite", "evaluations-rhone-mediterranee"), 3),
    Standard("norme-qualite-du-service-apres-vente", "Norme Qualité du Service Après-Vente", "norme",
             date(2003, 2, 1), ("organisme-francais-d-evaluation", "controle-et-conformite-atlantique"), 4),
    Standard("label-accessibilite-telephonique", "Label Accessibilité Téléphonique", "label",
             date(2008, 11, 1), ("bureau-qualite-etoile", "evaluations-rhone-mediterranee"), 2),
    Standard("trophee-elan-relation-client", "Trophée Élan Relation Client", "prix",
             date(2009, 4, 1), ("jury-independant-de-l-ecoute",), 2),
)
# fmt: on
# The old call-centre standard was replaced by the contact-centre one (exercises both links).
SUPERSEDES = {"norme-centres-de-contact-electroniques": ("norme-centres-d-appels",)}
SUPERSEDED_BY = {"norme-centres-d-appels": ("norme-centres-de-contact-electroniques",)}
STANDARD_BY_ID = {standard.id: standard for standard in STANDARDS}
CERTIFIER_BY_ID = {certifier.id: certifier for certifier in CERTIFIERS}
# No certificate is older than this, so every standard's `introduced` comes before its certificates.
FIRST_ISSUE = date(2011, 1, 1)


def quote(value: str) -> str:
    """A YAML double-quoted scalar; JSON string syntax is a subset of it."""
    return json.dumps(value, ensure_ascii=False)


def source_lines(source: dict[str, str] | str, indent: str) -> list[str]:
    """One `- ...` item of a `sources` list, at the given indentation."""
    if isinstance(source, str):
        return [f"{indent}- {quote(source)}"]
    lines = []
    for position, (key, value) in enumerate(source.items()):
        lead = "- " if position == 0 else "  "
        lines.append(f"{indent}{lead}{key}: {quote(value)}")
    return lines


def certifier_text(certifier: Certifier, rng: random.Random) -> str:
    lines = [
        HEADER,
        f"name: {quote(certifier.name)}",
        f"siren: {quote(make_siren(rng))}",
        f"website: {quote(f'https://{certifier.id}.example.org/')}",
        f"accreditation: {quote(f'Accréditation fictive n° 5-{rng.randint(1000, 9999)}, portée sur son site.')}",
        f"lookup_url: {quote(f'https://{certifier.id}.example.org/certificats')}",
        "sources:",
        *source_lines(
            {
                "title": f"Présentation de {certifier.name}",
                "url": f"https://example.org/organismes/{certifier.id}",
                "publisher": certifier.name,
                "date": "2024-01-15",
            },
            "  ",
        ),
        f"notes: {quote('Organisme fictif, créé pour les mesures de performance.')}",
    ]
    return "\n".join(lines) + "\n"


def standard_text(standard: Standard) -> str:
    lines = [
        HEADER,
        f"name: {quote(standard.name)}",
        "aliases:",
        f"  - {quote(initials(standard.name))}",
        f"kind: {quote(standard.kind)}",
        f"owner: {quote('Association française fictive de la relation client')}",
        f"introduced: {quote(standard.introduced.isoformat())}",
        f"validity_years: {VALIDITY_YEARS}",
        "certifiers:",
        *(f"  - {quote(certifier)}" for certifier in standard.certifiers),
        f"summary: {quote(f'{standard.name} : référentiel fictif sur les délais du service client.')}",
        "requirements:",
        f"  - {quote('Répondre à 90 % des appels en moins de trois minutes.')}",
        f"  - {quote('Traiter les réclamations écrites sous dix jours ouvrés.')}",
        f"  - {quote('Former chaque conseiller à l’accueil des personnes en situation de handicap.')}",
        "comparison:",
    ]
    rules = f"https://example.org/referentiels/{standard.id}/regles"
    for key, value, note in (
        ("independent_audit", "oui", None),
        ("audit_methods", ["sur-site", "client-mystère"], "Audit initial sur site, puis appels mystères."),
        ("audit_frequency", "annuelle", None),
        ("location_requirement", "aucune", "Aucune exigence de localisation."),
        ("obligation", "moyens" if standard.kind == "norme" else "résultat", None),
    ):
        lines.append(f"  {key}:")
        if isinstance(value, list):
            lines += ["    value:", *(f"      - {quote(v)}" for v in value)]
        else:
            lines.append(f"    value: {quote(value)}")
        lines += ["    sources:", *source_lines(rules, "      ")]
        if note:
            lines.append(f"    note: {quote(note)}")
    for key, links in (("supersedes", SUPERSEDES), ("superseded_by", SUPERSEDED_BY)):
        if standard.id in links:
            lines.append(f"{key}:")
            lines.extend(f"  - {quote(other)}" for other in links[standard.id])
    lines += [
        "history:",
        f"  - date: {quote(standard.introduced.isoformat())}",
        f"    event: {quote('Publication de la première version du référentiel.')}",
        "    sources:",
        *source_lines(f"https://example.org/referentiels/{standard.id}/historique", "      "),
        f"website: {quote(f'https://example.org/referentiels/{standard.id}')}",
        "sources:",
        *source_lines(
            {
                "title": f"{standard.name} : le référentiel",
                "url": f"https://example.org/referentiels/{standard.id}",
                "publisher": "Association française fictive de la relation client",
                "date": standard.introduced.isoformat(),
                "retrieved": "2025-10-01",
            },
            "  ",
        ),
        f"notes: {quote('Référentiel fictif, créé pour les mesures de performance.')}",
    ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Companies: names


# fmt: off
ORGANISATIONS = (  # (word, grammatical gender) so the adjective agrees: "Crédit Général", "Société Générale"
    ("Société", "f"), ("Compagnie", "f"), ("Mutuelle", "f"), ("Caisse", "f"), ("Banque", "f"),
    ("Régie", "f"), ("Union", "f"), ("Coopérative", "f"), ("Agence", "f"), ("Crédit", "m"),
    ("Groupe", "m"), ("Office", "m"), ("Hôpital", "m"), ("Comptoir", "m"), ("Cabinet", "m"),
)
ADJECTIVES = (  # (masculine, feminine)
    ("Général", "Générale"), ("National", "Nationale"), ("Régional", "Régionale"),
    ("Français", "Française"), ("Mutualiste", "Mutualiste"), ("Populaire", "Populaire"),
    ("Central", "Centrale"), ("Européen", "Européenne"), ("Départemental", "Départementale"),
    ("Maritime", "Maritime"), ("Agricole", "Agricole"), ("Hôtelier", "Hôtelière"),
)
ACTIVITIES = (
    "des Eaux", "de l'Énergie", "de l'Électricité", "du Gaz", "des Télécoms", "de la Santé",
    "du Crédit", "des Transports", "de l'Habitat", "des Télécommunications", "de Prévoyance",
    "des Assurances", "du Bâtiment", "des Écoles", "de la Téléphonie",
)
PLACES = (  # already with their preposition, which French elides or contracts
    "de Bretagne", "de Normandie", "de Provence", "d'Île-de-France", "de la Côte d'Azur",
    "d'Alsace", "d'Aquitaine", "de Bourgogne", "de Franche-Comté", "d'Auvergne", "de Rhône-Alpes",
    "des Pays de la Loire", "de Picardie", "de Lorraine", "de Champagne", "de Corse",
    "d'Occitanie", "des Hauts-de-France", "du Val de Loire", "de la Côte-d'Or", "de l'Ardèche",
    "de l'Hérault", "du Finistère", "de Vendée", "de l'Essonne", "d'Orléans", "de Nîmes",
    "de Besançon", "d'Angoulême", "de Périgueux", "de Béziers", "d'Évreux", "d'Étampes",
    "d'Aix-en-Provence", "de Sète", "de Mâcon", "de Compiègne", "de Saint-Étienne", "de Guérande",
    "du Pays Basque",
)
FIRST_NAMES = (
    "Éléonore", "Hélène", "Benoît", "Jérôme", "Françoise", "Noël", "Anaïs", "Zoé", "Gaëlle",
    "Clément", "Raphaël", "Amélie", "Léon", "Inès", "Céline", "Loïc", "Maëlys", "Josué",
)
SURNAMES = (
    "Garçon", "Lefèvre", "Dupré", "Mercier", "Lemaître", "Chênebeau", "Fénelon", "Bélanger",
    "Guérin", "Prévost", "Rivière", "Poirier", "Lécuyer", "Thébault", "Cœurdevey", "Ménard",
    "Bénézet", "Aubépine", "Désiré", "Maréchal",
)
BRANDS = (
    "Énergie", "Télécom", "Électricité", "Assurances", "Santé", "Habitat", "Voyages", "Mobilité",
    "Logistique", "Distribution", "Prévoyance", "Crédit", "Services", "Hôtellerie", "Fibre",
)
SECTORS = (
    "Énergie", "Assurance", "Banque", "Télécommunications", "Santé", "Distribution",
    "Transport", "Services à la personne", "Mutuelle santé", "Eau et assainissement",
    "Immobilier", "Hôtellerie et restauration", "Vente à distance", "Éducation",
)
# fmt: on
# Words left out of initials: "Société Générale des Eaux de Bretagne" is SGEB, not SGDEDB.
STOP_WORDS = {"de", "des", "du", "la", "le", "l", "d", "et", "&", "en"}


def pick_name(rng: random.Random) -> str:
    template = rng.randrange(6)
    organisation, gender = rng.choice(ORGANISATIONS)
    adjective = rng.choice(ADJECTIVES)[1 if gender == "f" else 0]
    if template == 0:
        return f"{organisation} {adjective} {rng.choice(ACTIVITIES)} {rng.choice(PLACES)}"
    if template == 1:
        return f"{organisation} {rng.choice(FIRST_NAMES)} {rng.choice(PLACES)}"
    if template == 2:
        return f"{rng.choice(SURNAMES)} {rng.choice(BRANDS)} {rng.choice(PLACES)}"
    if template == 3:
        return f"{organisation} {adjective} {rng.choice(PLACES)}"
    if template == 4:
        first, second = rng.sample(SURNAMES, 2)
        return f"Établissements {first} & {second}"
    return f"{rng.choice(BRANDS)} {rng.choice(SURNAMES)} {rng.choice(ACTIVITIES)}"


def initials(name: str) -> str:
    words = re.split(r"[\s'’-]+", name)
    return "".join(to_id(word)[:1].upper() for word in words if word.lower() not in STOP_WORDS and to_id(word))


# ---------------------------------------------------------------------------------------------
# Companies: certificates


# fmt: off
SCOPES = (
    "Service client particuliers", "Service client professionnels", "Centre de contact de Lyon",
    "Centre de relation client de Nantes", "Service après-vente", "Accueil téléphonique et courriel",
    "Gestion des réclamations", "Agences de Bretagne et des Pays de la Loire", "Plateforme de Besançon",
)
PUBLISHERS = ("Le Journal de l'Économie", "Relation Client Hebdo", "Les Échos fictifs",
              "La Gazette des Réseaux", "Ouest-Éco", "Décision Clientèle")
NOTES = (
    "Le certificat couvre aussi les sous-traitants situés en France.",
    "Renouvellement annoncé par l’entreprise dans son rapport annuel.",
    "Périmètre élargi aux réseaux sociaux lors du dernier audit.",
)
# fmt: on


class NumberBook:
    """Certificate numbers, one running counter per certifier, so no number repeats within a body."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def take(self, certifier: str, year: int) -> str:
        counter = self._next.get(certifier, 1)
        self._next[certifier] = counter + 1
        return f"{CERTIFIER_BY_ID[certifier].prefix}-{year}-{counter:06d}"


def pick_issued(rng: random.Random, low: date, high: date) -> Period:
    """Mostly a full day; some month or year only, as when a source gives no more."""
    day = random_day(rng, low, high)
    roll = rng.random()
    period = full(day) if roll < 0.82 else month_of(day) if roll < 0.93 else year_of(day)
    # A partial date whose period runs past today or before the window would be "maybe future".
    return period if low <= period.first and period.last <= high else full(day)


def cert_source(rng: random.Random, company_id: str, standard: Standard, after: date) -> dict[str, str] | str:
    url = f"https://example.org/actualites/{company_id}/{standard.id}-{rng.randint(1, 99)}"
    if rng.random() < 0.4:
        return url  # a bare URL is a valid source too
    published = random_day(rng, after, TODAY)
    source = {
        "title": f"{standard.name} : l’entreprise obtient sa certification",
        "url": url,
        "publisher": rng.choice(PUBLISHERS),
        "date": published.isoformat(),
    }
    if rng.random() < 0.15:
        source["retrieved"] = random_day(rng, published, TODAY).isoformat()
    return source


def certificate_lines(
    rng: random.Random,
    company_id: str,
    numbers: NumberBook,
    standard: Standard,
    issued: Period | None,
    scope: str | None,
    renewal: bool,
    position: int,
) -> list[str]:
    """One item of `certifications`, in the contract's key order, with its id."""
    lines = []
    if renewal:
        lines.append("  # Renouvellement : remplace le certificat précédent de même périmètre.")
    elif issued is not None and issued.first != issued.last:
        lines.append("  # Les sources ne donnent pas le jour de délivrance.")
    lines.append(f"  - standard: {quote(standard.id)}")
    lines.append(f"    id: {quote(f'{standard.id}-{position + 1}')}")
    certifier = None if rng.random() < 0.03 else rng.choice(standard.certifiers)
    if certifier:
        lines.append(f"    certifier: {quote(certifier)}")
    if issued is None:
        # No source gives the issue day, only a day the certificate was reported as held.
        reported = random_day(rng, FIRST_ISSUE, TODAY)
        lines.append(f"    reported: {quote(reported.isoformat())}")
        start_floor = reported
    else:
        lines.append(f"    issued: {quote(issued.text)}")
        start_floor = issued.last
        if rng.random() < 0.55:
            # The last valid day the term allows, from the earliest day `issued` can mean: always allowed.
            latest = anniversary(max(issued.first, standard.introduced), VALIDITY_YEARS) - timedelta(days=1)
            expires = latest if rng.random() < 0.7 else random_day(rng, issued.last + timedelta(days=1), latest)
            lines.append(f"    expires: {quote(expires.isoformat())}")
    if certifier and rng.random() < 0.85:
        lines.append(f"    number: {quote(numbers.take(certifier, start_floor.year))}")
    if scope:
        lines.append(f"    scope: {quote(scope)}")
    roll = rng.random()
    if 0.04 <= roll < 0.07:
        lines.append(f"    status: {quote('withdrawn')}")
        lines.append(f"    status_date: {quote(random_day(rng, start_floor, TODAY).isoformat())}")
    if roll < 0.04:
        lines.append("    suspensions:")
        lines.append(f"      - from: {quote(random_day(rng, start_floor, TODAY).isoformat())}")
        lines.append("        sources:")
        lines.extend(source_lines(cert_source(rng, company_id, standard, start_floor), "          "))
    lines.append("    sources:")
    for _ in range(1 if rng.random() < 0.95 else 2):
        lines.extend(source_lines(cert_source(rng, company_id, standard, start_floor), "      "))
    if rng.random() < 0.05:
        lines.append(f"    notes: {quote(rng.choice(NOTES))}")
    return lines


def certifications_lines(rng: random.Random, company_id: str, numbers: NumberBook) -> list[str]:
    """2 to 4 certificates: mostly distinct standards, some renewals, some second scopes."""
    weights = [standard.weight for standard in STANDARDS]
    lines: list[str] = ["certifications:"]
    held: list[tuple[Standard, Period | None, str | None]] = []
    for position in range(rng.randint(2, 4)):
        roll = rng.random()
        previous = rng.choice(held) if held else None
        renewal = False
        if previous and previous[1] and roll < 0.25:
            # Renewal: same standard and scope, issued about one term later, so it supersedes.
            standard, before, scope = previous
            assert before is not None
            low = before.last + timedelta(days=VALIDITY_YEARS * 365 - 90)
            if low + timedelta(days=120) > TODAY:
                standard, scope = rng.choices(STANDARDS, weights)[0], rng.choice(SCOPES)
                low = max(FIRST_ISSUE, standard.introduced + timedelta(days=366))
                issued: Period | None = pick_issued(rng, low, TODAY)
            else:
                issued, renewal = full(random_day(rng, low, min(low + timedelta(days=120), TODAY))), True
        else:
            standard = rng.choices(STANDARDS, weights)[0]
            scope = rng.choice(SCOPES) if rng.random() < 0.7 else None
            if any(standard == other and scope == other_scope for other, _, other_scope in held):
                scope = rng.choice(SCOPES)  # a second scope of a standard already held: side by side
            low = max(FIRST_ISSUE, standard.introduced + timedelta(days=366))
            issued = None if rng.random() < 0.03 else pick_issued(rng, low, TODAY)
        held.append((standard, issued, scope))
        lines += certificate_lines(rng, company_id, numbers, standard, issued, scope, renewal, position)
    return lines


# ---------------------------------------------------------------------------------------------
# Companies: the record


@dataclass(frozen=True)
class Company:
    id: str
    text: str


def company(index: int, seed: int, names: set[str], numbers: NumberBook) -> Company:
    # One generator per company: company i does not depend on how many come after it.
    rng = random.Random(f"{seed}:{index}")
    base_name = pick_name(rng)
    # The index is unique, so the suffixed name is too ("Mutuelle Zoé de Corse 812").
    name = f"{base_name} {index}" if base_name in names else base_name
    names.add(name)
    # The trailing index keeps ids unique: it is the id's only all-digit last part.
    company_id = f"{to_id(base_name, ID_WORDS)}-{index}"
    # Within the last year: an older check is a warning ("plus d'un an") in the validator.
    checked = random_day(rng, TODAY - timedelta(days=330), TODAY)
    lines = [HEADER, f"# Fiche relue le {checked:%d/%m/%Y} contre ses sources.", f"name: {quote(name)}"]
    aliases = []
    if rng.random() < 0.3:
        aliases.append(initials(name))
    former = pick_name(rng) if rng.random() < 0.05 else None
    if former and to_id(former, ID_WORDS) != to_id(base_name, ID_WORDS):
        aliases.append(former)
    if aliases:
        lines.append("aliases:")
        lines.extend(f"  - {quote(alias)}" for alias in aliases)
    if former and former in aliases:
        # The old id keeps this company's index: it cannot be any other record's id.
        lines += ["former_ids:", f"  - {quote(f'{to_id(former, ID_WORDS)}-{index}')}"]
    if rng.random() < 2 / 3:
        lines.append(f"siren: {quote(make_siren(rng))}")
    lines.append(f"website: {quote(f'https://{company_id}.example.org/')}")
    lines.append(f"sector: {quote(rng.choice(SECTORS))}")
    lines.append(f"checked: {quote(checked.isoformat())}")
    lines.append("sources:")
    lines += source_lines(
        {
            "title": f"{name} : présentation de l’entreprise",
            "url": f"https://example.org/entreprises/{company_id}",
            "publisher": "Annuaire fictif des entreprises",
            "date": random_day(rng, date(2020, 1, 1), TODAY).isoformat(),
        },
        "  ",
    )
    if rng.random() < 0.02:
        lines += dispute_lines(rng, company_id)
    if rng.random() < 0.1:
        lines.append(f"notes: {quote('Entreprise fictive : toute ressemblance serait fortuite.')}")
    lines += certifications_lines(rng, company_id, numbers)
    return Company(company_id, "\n".join(lines) + "\n")


def dispute_lines(rng: random.Random, company_id: str) -> list[str]:
    """Two sources that disagree, each side shown with its source."""
    years = sorted(rng.sample(range(2012, 2026), 2))
    lines = ["disputes:", f"  - topic: {quote('Année de création du service client')}", "    claims:"]
    for year in years:
        lines.append(f"      - claim: {quote(f'Le service client a été créé en {year}.')}")
        lines.append("        sources:")
        lines += source_lines(f"https://example.org/entreprises/{company_id}/historique-{year}", "          ")
    return lines


# ---------------------------------------------------------------------------------------------
# Writing


def write_registry(count: int, directory: Path, seed: int = DEFAULT_SEED) -> int:
    """Write the whole registry into `directory`; return the number of files written."""
    folders = {name: directory / name for name in ("companies", "standards", "certifiers")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.yml"):
            stale.unlink()  # a smaller N over an older run must not leave its extra companies
    rng = random.Random(f"{seed}:fixed")
    for certifier in CERTIFIERS:
        (folders["certifiers"] / f"{certifier.id}.yml").write_text(certifier_text(certifier, rng), encoding="utf-8")
    for standard in STANDARDS:
        (folders["standards"] / f"{standard.id}.yml").write_text(standard_text(standard), encoding="utf-8")
    names: set[str] = set()
    numbers = NumberBook()
    for index in range(1, count + 1):
        record = company(index, seed, names, numbers)
        (folders["companies"] / f"{record.id}.yml").write_text(record.text, encoding="utf-8")
    return len(CERTIFIERS) + len(STANDARDS) + count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of companies")
    parser.add_argument("directory", type=Path, help="folder to write companies/, standards/, certifiers/ into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument(
        "--check", action="store_true", help="then check the result independently (benchmarks/check_registry.py)"
    )
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("count must be at least 1")
    files = write_registry(args.count, args.directory, args.seed)
    print(f"{files} files written in {args.directory}")
    if args.check:
        from check_registry import check  # same folder: on sys.path when run as a script

        problems = check(args.directory)
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"independent check: {len(problems)} problem(s)")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

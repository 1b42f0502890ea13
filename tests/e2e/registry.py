"""The e2e fixture registry: a few companies holding every status, written as maintainers write YAML.

Built for 2026-11-25 (TODAY). Énergie Publique's ISO certificate lasts until 2027-02-28: valid on the
build day, lapsed 400 days later (LATER), which the browser must show from its own clock.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.conftest import write_tree

TODAY = date(2026, 11, 25)
LATER = TODAY + timedelta(days=400)  # 2027-12-30

STANDARDS = {
    "standards/iso-test.yml": """\
name: Norme de service client
aliases:
  - Qualirelation
kind: norme
owner: Organisation de normalisation
introduced: '2015-09-15'
validity_years: 3
certifiers:
  - afnor
  - bv
summary: Une norme de test sur la qualité du service client.
requirements:
  - Répondre aux réclamations sous dix jours
comparison:
  independent_audit:
    value: oui
    sources:
      - title: Règles de certification
        url: https://normes.example.org/iso-test/regles
        publisher: Organisation de normalisation
  audit_methods:
    value:
      - documents
      - sur-site
    sources:
      - https://normes.example.org/iso-test/regles
    note: Audit initial sur documents, puis sur site.
  audit_frequency:
    value: annuelle
    sources:
      - https://normes.example.org/iso-test/regles
  location_requirement:
    value: aucune
    sources:
      - https://normes.example.org/iso-test
  obligation:
    value: moyens
    sources:
      - https://normes.example.org/iso-test
  criteria_public:
    value: oui
    sources:
      - https://normes.example.org/iso-test
sources:
  - title: La norme
    url: https://normes.example.org/iso-test
    publisher: Organisation de normalisation
    date: '2015-09-15'
""",
    "standards/label-test.yml": """\
name: Label Accueil Exemplaire
kind: label
owner: Association de test
validity_years: 2
certifiers:
  - bv
comparison:
  independent_audit:
    value: oui
    sources:
      - https://label.example.org/audit
  location_requirement:
    dispute: Part des emplois en France
  paid_by_holder:
    value: non
    sources:
      - title: Tarifs du label
        url: https://label.example.org/tarifs
        publisher: Association de test
    note: Le label est gratuit pour les entreprises candidates.
sources:
  - title: Le label
    url: https://label.example.org/
    publisher: Association de test
disputes:
  - topic: Part des emplois en France
    claims:
      - claim: Toute la relation client en France.
        sources:
          - https://label.example.org/
      - claim: La moitié des emplois en France.
        sources:
          - https://presse.example.org/label
""",
    "standards/prix-test.yml": """\
name: Prix du Meilleur Accueil
kind: prix
owner: Jury de test
sources:
  - title: Palmarès
    url: https://prix.example.org/palmares
    publisher: Jury de test
""",
}

CERTIFIERS = {
    "certifiers/afnor.yml": """\
name: AFNOR Certification
siren: '479076002'
accreditation: COFRAC n° 5-0001
website: https://afnor.example.org/
lookup_url: https://certificats.example.org/recherche
sources:
  - title: Certificats
    url: https://afnor.example.org/certificats
    publisher: AFNOR
""",
    "certifiers/bv.yml": """\
name: Bureau de Vérification
sources:
  - title: Présentation
    url: https://bv.example.org/
    publisher: Bureau de Vérification
""",
}

COMPANIES = {
    "companies/energie-publique.yml": """\
name: Énergie Publique
aliases:
  - Électricité de Nulle-Part
former_ids:
  - ancienne-energie
siren: '402960397'
sector: Énergie
website: https://energie.example.org/
checked: '2026-11-01'
sources:
  - title: Rapport annuel
    url: https://energie.example.org/rapport
    publisher: Énergie Publique
    date: '2026-03-01'
certifications:
  - standard: iso-test
    certifier: afnor
    issued: '2024-02-29'
    number: QR2024X42
    scope: Tous les sites
    sources:
      - https://afnor.example.org/certificats/qr2024x42
  - standard: label-test
    certifier: bv
    issued: '2025-06-01'
    sources:
      - https://bv.example.org/energie
""",
    "companies/societe-bancaire.yml": """\
name: Société Bancaire du Test
siren: '552081317'
sector: Banque
checked: '2026-11-01'
sources:
  - https://banque.example.org/
certifications:
  - standard: label-test
    certifier: bv
    issued: '2025-01-10'
    number: BV77
    sources:
      - https://bv.example.org/banque
""",
    "companies/assurances-zeta.yml": """\
name: Assurances Zêta
siren: '732829320'
sector: Assurance
checked: '2026-10-15'
sources:
  - https://zeta.example.org/
certifications:
  - standard: iso-test
    certifier: afnor
    issued: '2020-03-01'
    number: NF345ZETA
    sources:
      - https://afnor.example.org/certificats/zeta
  - standard: prix-test
    issued: '2019'
    sources:
      - https://prix.example.org/2019
""",
    "companies/mutuelle-alpha.yml": """\
name: Mutuelle Alpha
siren: '352600613'
sector: Assurance
checked: '2026-09-01'
sources:
  - https://alpha.example.org/
certifications:
  - standard: iso-test
    certifier: afnor
    issued: '2025-01-15'
    number: NF345ALPHA
    suspensions:
      - from: '2026-05'
        sources:
          - https://afnor.example.org/certificats/alpha-suspension
    sources:
      - https://afnor.example.org/certificats/alpha
  - standard: label-test
    certifier: bv
    issued: '2025-06-01'
    status: withdrawn
    status_date: '2026-02-03'
    sources:
      - https://bv.example.org/alpha
""",
    "companies/telecom-omega.yml": """\
name: Télécom Oméga
aliases:
  - Omegaphone
sector: Télécommunications
checked: '2025-06-01'
sources:
  - title: Dossier de presse
    publisher: Télécom Oméga
disputes:
  - topic: Date d'ouverture du service client
    claims:
      - claim: Ouvert en 1998
        sources:
          - https://omega.example.org/1998
      - claim: Ouvert en 2001
        sources:
          - https://presse.example.org/2001
certifications:
  - standard: iso-test
    certifier: bv
    issued: '2024-06-01'
    number: BVISO9
    suspensions:
      - from: '2025-03-03'
        to: '2025-04-14'
        sources:
          - https://bv.example.org/omega-suspension
    sources:
      - https://bv.example.org/omega
""",
    "companies/banque-beta.yml": """\
name: Banque Bêta
siren: '412148397'
sector: Banque
checked: '2026-11-20'
sources:
  - https://beta.example.org/
certifications:
  - standard: prix-test
    reported: '2015'
    scope: Édition 2015
    sources:
      - https://prix.example.org/2015
""",
}


def write_registry(root: Path) -> Path:
    return write_tree(root, {**STANDARDS, **CERTIFIERS, **COMPANIES})

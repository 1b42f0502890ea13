"""Every validation rule: exact message, line and column."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.registry import build_registry
from tests.conftest import COMPANY, TODAY


def problems(root: Path, today=TODAY) -> list[tuple[str, int, int, str, str]]:
    registry = build_registry(str(root), today)
    return [
        (os.path.relpath(d.path, root), d.line, d.column, d.code, d.message)
        for d in registry.diagnostics
    ]


def codes(root: Path) -> list[tuple[str, int, int, str]]:
    return [p[:4] for p in problems(root)]


def company(text: str) -> dict[str, str]:
    return {"companies/societe-electrique.yml": text}


def test_base_registry_is_valid(make_registry):
    assert problems(make_registry()) == []


def test_unknown_field_suggests_near_miss(make_registry):
    root = make_registry(company(COMPANY.replace("    number: 'A-1'", "    expries: '2027-01-01'")))
    assert problems(root) == [
        ("companies/societe-electrique.yml", 14, 5, "unknown-field",
         "champ inconnu « expries » : vouliez-vous dire « expires » ?"),
    ]


def test_unknown_top_level_field_lists_fields_when_nothing_is_close(make_registry):
    root = make_registry(company(COMPANY + "zzz: 1\n"))
    [(path, line, column, code, message)] = problems(root)
    assert (line, column, code) == (18, 1, "unknown-field")
    assert message.startswith("champ inconnu « zzz » (champs possibles : name, aliases, former_ids")


def test_missing_required_field_at_top_is_1_1(make_registry):
    root = make_registry(company(COMPANY.replace("checked: '2026-11-01'\n", "")))
    assert codes(root) == [("companies/societe-electrique.yml", 1, 1, "missing-field")]
    assert problems(root)[0][4] == "champ obligatoire « checked » manquant"


def test_missing_field_in_list_item_is_at_its_dash(make_registry):
    root = make_registry(company(COMPANY.replace("    sources:\n      - https://example.org/a\n", "")))
    assert problems(root) == [
        ("companies/societe-electrique.yml", 11, 3, "missing-field", "champ obligatoire « sources » manquant"),
    ]


def test_missing_field_in_nested_list_item_is_at_its_dash(make_registry):
    text = COMPANY + "disputes:\n  - topic: Date\n    claims:\n      - claim: a\n      - claim: b\n        sources: [https://example.org/b]\n"
    root = make_registry(company(text))
    assert problems(root) == [
        ("companies/societe-electrique.yml", 21, 7, "missing-field", "champ obligatoire « sources » manquant"),
    ]


def test_missing_issued_and_reported(make_registry):
    root = make_registry(company(COMPANY.replace("    issued: '2024-02-29'\n", "")))
    [(path, line, column, code, message)] = problems(root)
    assert (line, column, code) == (11, 3, "missing-field")
    assert "« issued »" in message and "« reported »" in message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("'2021-02-30'", "« issued » : date « 2021-02-30 » impossible : ce jour ou ce mois n'existe pas"),
        ("07/12/2021", "« issued » : date « 07/12/2021 » au mauvais format : écrire AAAA-MM-JJ, AAAA-MM "
                       "ou AAAA (ISO 8601)"),
        ("2021-13", "« issued » : date « 2021-13 » impossible : ce jour ou ce mois n'existe pas"),
        ("[2021]", "« issued » : date attendue (AAAA-MM-JJ, AAAA-MM ou AAAA), trouvé une liste"),
    ],
)
def test_bad_dates(make_registry, value, message):
    root = make_registry(company(COMPANY.replace("issued: '2024-02-29'", f"issued: {value}")))
    assert problems(root) == [("companies/societe-electrique.yml", 13, 13, "invalid-date", message)]


@pytest.mark.parametrize("value", ["2021", "'2021'", "2021-06", "'2021-06'", "2021-06-01"])
def test_dates_quoted_or_not(make_registry, value):
    root = make_registry(company(COMPANY.replace("issued: '2024-02-29'", f"issued: {value}")))
    assert problems(root) == []


def test_unquoted_siren_says_to_quote_it(make_registry):
    root = make_registry(company(COMPANY.replace("siren: '347384570'", "siren: 012345678")))
    [(path, line, column, code, message)] = problems(root)
    assert (line, column, code) == (5, 8, "siren-not-quoted")
    assert message.startswith("« siren » : le SIREN doit être écrit entre guillemets (siren: '012345678')")


def test_invalid_siren_checksum(make_registry):
    root = make_registry(company(COMPANY.replace("'347384570'", "'347384571'")))
    assert problems(root) == [
        ("companies/societe-electrique.yml", 5, 8, "invalid-siren",
         "« siren » : SIREN « 347384571 » invalide : 9 chiffres sans espace, avec une clé de contrôle "
         "(Luhn) valide"),
    ]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org", "example.org"])
def test_only_http_urls(make_registry, url):
    root = make_registry(company(COMPANY.replace("https://example.org/a", f"'{url}'")))
    [(path, line, column, code, message)] = problems(root)
    assert (line, column, code) == (16, 9, "invalid-url")
    assert message == (f"« sources » : URL « {url} » refusée : seules les adresses http:// ou https:// "
                       "complètes sont acceptées")


def test_wrong_types(make_registry):
    text = COMPANY.replace("name: Société Électrique", "name: [a, b]").replace("number: 'A-1'", "number: 12")
    root = make_registry(company(text))
    assert problems(root) == [
        ("companies/societe-electrique.yml", 2, 7, "wrong-type", "« name » : texte attendu, trouvé une liste"),
        ("companies/societe-electrique.yml", 14, 13, "wrong-type",
         "« number » : texte attendu, trouvé un nombre : mettez la valeur entre guillemets"),
    ]


def test_source_of_wrong_shape(make_registry):
    root = make_registry(company(COMPANY.replace("- https://example.org/a", "- 12")))
    assert codes(root) == [("companies/societe-electrique.yml", 16, 9, "wrong-type")]


def test_expires_on_or_before_issued(make_registry):
    root = make_registry(company(COMPANY.replace("number: 'A-1'", "expires: '2024-02'")))
    assert problems(root) == [
        ("companies/societe-electrique.yml", 14, 14, "date-order",
         "« expires » (2024-02) tombe avant ou le jour de « issued » (2024-02-29)"),
    ]


def test_partial_dates_order_is_an_error_only_when_certain(make_registry):
    text = COMPANY.replace("issued: '2024-02-29'", "issued: '2024'").replace("number: 'A-1'", "expires: '2024-06'")
    assert problems(make_registry(company(text))) == []


def test_expires_beyond_term_counted_from_last_day_of_partial_issued(make_registry):
    ok = COMPANY.replace("issued: '2024-02-29'", "issued: '2024-02'").replace("number: 'A-1'", "expires: '2027-02-28'")
    assert problems(make_registry(company(ok))) == []
    late = ok.replace("expires: '2027-02-28'", "expires: '2027-03-01'")
    assert problems(make_registry(company(late))) == [
        ("companies/societe-electrique.yml", 14, 14, "expires-beyond-term",
         "« expires » (2027-03-01) dépasse la durée du référentiel : au plus tard le 2027-02-28"),
    ]


def test_future_dates(make_registry):
    text = COMPANY.replace("checked: '2026-11-01'", "checked: '2026-11-26'").replace(
        "issued: '2024-02-29'", "issued: '2027'")
    assert codes(make_registry(company(text))) == [
        ("companies/societe-electrique.yml", 6, 10, "future-date"),
        ("companies/societe-electrique.yml", 13, 13, "future-date"),
    ]
    # A partial date is in the future only when even its first day is.
    assert problems(make_registry(company(COMPANY.replace("issued: '2024-02-29'", "issued: '2026-11'")))) == []


def test_unknown_ids_and_unlisted_certifier(make_registry):
    text = COMPANY.replace("standard: iso-test", "standard: iso-tset").replace("certifier: afnor", "certifier: bv")
    assert problems(make_registry(company(text))) == [
        ("companies/societe-electrique.yml", 11, 15, "unknown-standard",
         "référentiel inconnu « iso-tset » : vouliez-vous dire « iso-test » ?"),
        ("companies/societe-electrique.yml", 12, 16, "unknown-certifier",
         "certificateur inconnu « bv » (aucun fichier certifiers/bv.yml)"),
    ]
    other = {"certifiers/bv.yml": "name: BV\nsources: [{title: t, publisher: p}]\n"}
    text = COMPANY.replace("certifier: afnor", "certifier: bv")
    assert problems(make_registry({**company(text), **other})) == [
        ("companies/societe-electrique.yml", 12, 16, "certifier-not-listed",
         "« bv » n'est pas un certificateur connu de « iso-test » (listés : afnor)"),
    ]


def test_unknown_ids_in_standard(make_registry):
    extra = {"standards/old.yml": "name: Old\nkind: norme\nsuperseded_by: [iso-test, nope]\ncertifiers: [afnor, zz]\n"
             "sources: [{title: t, publisher: p}]\n"}
    assert codes(make_registry(extra)) == [
        ("standards/old.yml", 3, 27, "unknown-standard"),
        ("standards/old.yml", 4, 21, "unknown-certifier"),
    ]


def test_status_without_date(make_registry):
    root = make_registry(company(COMPANY.replace("number: 'A-1'", "status: withdrawn")))
    assert problems(root) == [
        ("companies/societe-electrique.yml", 14, 5, "missing-status-date",
         "statut « withdrawn » sans « status_date » : indiquez depuis quand"),
    ]


def test_invalid_status_value(make_registry):
    root = make_registry(company(COMPANY.replace("number: 'A-1'", "status: lapsed")))
    assert problems(root) == [
        ("companies/societe-electrique.yml", 14, 13, "invalid-value",
         "« status » : valeur « lapsed » non reconnue : attendu active ou withdrawn"),
    ]


def test_duplicate_number_reported_at_each_later_use(make_registry):
    second = COMPANY.replace("Société Électrique", "Autre").replace("'347384570'", "'479076002'")
    root = make_registry({"companies/autre.yml": second, "companies/zeta.yml": second})
    assert problems(root) == [
        ("companies/societe-electrique.yml", 14, 13, "duplicate-number",
         f"le numéro « A-1 » de afnor est déjà utilisé ({root}/companies/autre.yml, ligne 14)"),
        ("companies/zeta.yml", 14, 13, "duplicate-number",
         f"le numéro « A-1 » de afnor est déjà utilisé ({root}/companies/autre.yml, ligne 14)"),
    ]


def test_short_dispute(make_registry):
    text = COMPANY + "disputes:\n  - topic: Date\n    claims:\n      - claim: a\n        sources: [https://example.org/b]\n"
    assert problems(make_registry(company(text))) == [
        ("companies/societe-electrique.yml", 20, 5, "short-dispute",
         "le désaccord « Date » n'a que 1 version : il en faut au moins deux, chacune avec ses sources"),
    ]


def test_former_id_of_an_existing_record(make_registry):
    text = COMPANY.replace("siren:", "former_ids: [autre]\nsiren:")
    other = COMPANY.replace("'347384570'", "'479076002'").replace("'A-1'", "'A-2'")
    assert problems(make_registry({**company(text), "companies/autre.yml": other})) == [
        ("companies/societe-electrique.yml", 5, 14, "former-id-conflict",
         "l'ancien id « autre » est l'id d'une fiche existante (companies/autre.yml)"),
    ]


def test_bad_file_names(make_registry):
    root = make_registry({
        "companies/Upper.yml": COMPANY,
        "companies/with space.yml": COMPANY,
        "companies/double--hyphen.yml": COMPANY,
        "companies/x.yaml": COMPANY,
        "companies/sub/x.yml": COMPANY,
    })
    os.symlink(root / "companies/societe-electrique.yml", root / "companies/link.yml")
    assert [(p[0], p[3]) for p in problems(root)] == [
        ("companies/Upper.yml", "bad-filename"),
        ("companies/double--hyphen.yml", "bad-filename"),
        ("companies/link.yml", "bad-filename"),
        ("companies/sub", "bad-filename"),
        ("companies/with space.yml", "bad-filename"),
        ("companies/x.yaml", "bad-filename"),
    ]
    assert problems(root)[2][4] == ("« link.yml » est un lien symbolique : un registre ne contient que des "
                                    "fichiers ordinaires")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: a\nname: b\n", (2, 1, "duplicate-key", "clé « name » en double (déjà à la ligne 1)")),
        ("a: 1\n---\nb: 2\n", (2, 1, "multiple-documents",
                               "un fichier ne contient qu'une seule fiche (un seul document YAML)")),
        ("name: &n x\n", (1, 7, "yaml-anchor",
                          "les ancres YAML (&n) sont interdites : une fiche est faite de données simples")),
        ("name: !!str x\n", (1, 7, "yaml-tag", "les étiquettes YAML (tag:yaml.org,2002:str) sont interdites : "
                                               "une fiche est faite de données simples")),
        ("", (1, 1, "empty-file", "le fichier est vide (ou ne contient que des commentaires)")),
        ("# rien\n", (1, 1, "empty-file", "le fichier est vide (ou ne contient que des commentaires)")),
        ("- a\n", (1, 1, "not-a-mapping", "une fiche est un tableau clé: valeur au premier niveau")),
        ("name: [a\n", (2, 1, "yaml-syntax", "syntaxe YAML invalide : did not find expected ',' or ']' "
                                             "(while parsing a flow sequence)")),
    ],
)
def test_yaml_level_problems(make_registry, text, expected):
    root = make_registry(company(text))
    assert [p[1:] for p in problems(root)] == [expected]


def test_alias_bomb_is_refused_without_expansion(make_registry):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    found = codes(make_registry(company(bomb)))
    assert ("companies/societe-electrique.yml", 1, 4, "yaml-anchor") in found
    assert ("companies/societe-electrique.yml", 2, 8, "yaml-alias") in found


def test_non_utf8_bom_and_size(make_registry):
    root = make_registry()
    path = root / "companies/societe-electrique.yml"
    path.write_bytes("\ufeff".encode() + COMPANY.encode())
    assert problems(root) == []
    path.write_bytes(COMPANY.encode("latin-1"))
    assert codes(root) == [("companies/societe-electrique.yml", 2, 11, "not-utf8")]  # "Soci\xe9t\xe9"
    path.write_bytes(b"name: x\n" + b"#" * (1 << 20))
    assert codes(root) == [("companies/societe-electrique.yml", 1, 1, "file-too-large")]


def test_unknown_record_id_still_known_when_its_file_is_broken(make_registry):
    root = make_registry({"standards/iso-test.yml": "name: [\n"})
    assert codes(root) == [("standards/iso-test.yml", 2, 1, "yaml-syntax")]


def test_every_problem_at_once(make_registry):
    text = COMPANY.replace("checked: '2026-11-01'", "checked: '2026-13-01'").replace(
        "number: 'A-1'", "expries: x").replace("siren: '347384570'", "siren: 347384570")
    broken_standard = "name: X\nkind: nope\nsources: []\n"
    root = make_registry({**company(text), "standards/broken.yml": broken_standard})
    assert [p[3] for p in problems(root)] == [
        "siren-not-quoted", "invalid-date", "unknown-field", "invalid-value", "empty-list",
    ]


def test_a_type_error_hides_no_other_rule(make_registry):
    """A wrong type on one field: the other fields, the date rules and the cross-record rules are still checked."""
    text = COMPANY.replace("name: Société Électrique", "name: [Société]").replace(
        "    issued: '2024-02-29'\n", "    issued: '2024-02-29'\n    expires: '2024-01'\n").replace(
        "checked: '2026-11-01'", "checked: '2027-01-01'")
    other = COMPANY.replace("'347384570'", "'479076002'").replace("standard: iso-test", "standard: iso-tset")
    root = make_registry({**company(text), "companies/autre.yml": other})
    assert [(p[0], p[1], p[3]) for p in problems(root)] == [
        ("companies/autre.yml", 11, "unknown-standard"),
        ("companies/societe-electrique.yml", 2, "wrong-type"),
        ("companies/societe-electrique.yml", 6, "future-date"),
        ("companies/societe-electrique.yml", 14, "date-order"),
        ("companies/societe-electrique.yml", 15, "duplicate-number"),
    ]


def test_warnings(make_registry):
    text = COMPANY.replace("checked: '2026-11-01'", "checked: '2025-11-24'").replace(
        "  - title: Fiche\n    publisher: Le Monde\n", "  - https://example.org/fiche\n")
    registry = build_registry(str(make_registry(company(text))), TODAY)
    assert [(d.severity, d.code, d.line, d.column) for d in registry.diagnostics] == [
        ("warning", "stale-record", 6, 10),
        ("warning", "source-without-publisher", 7, 1),
    ]
    text = text.replace("checked: '2025-11-24'", "checked: '2025-11-25'")
    registry = build_registry(str(make_registry(company(text))), TODAY)
    assert [d.code for d in registry.diagnostics] == ["source-without-publisher"]


def test_parallel_check_reports_exactly_what_the_sequential_one_does(make_registry, monkeypatch):
    from generator import validate as validate_module

    files: dict[str, str | None] = {}
    for index in range(12):
        text = COMPANY.replace("'A-1'", f"'N-{index % 5}'").replace("Société Électrique", f"Société {index}")
        if index == 3:
            text = text.replace("checked: '2026-11-01'", "checked: '2026-02-30'")
        if index == 7:
            text = text.replace("siren:", "former_ids: [societe-1]\nsiren:")
        if index == 9:
            text = text.replace("siren:", "former_ids: [ancienne]\nsiren:")
        if index == 10:
            text = text.replace("siren:", "former_ids: [ancienne]\nsiren:")
        files[f"companies/societe-{index}.yml"] = text
    root = make_registry(files)
    monkeypatch.setattr(validate_module, "PARALLEL_THRESHOLD", 2)
    sequential = validate_module.validate_registry(str(root), TODAY, workers=1, keep=False)[1]
    parallel = validate_module.validate_registry(str(root), TODAY, workers=2, keep=False)[1]
    assert parallel == sequential
    assert sorted({d.code for d in sequential}) == ["duplicate-number", "former-id-conflict", "invalid-date"]
    # The whole-registry path (used by the build) agrees too.
    assert build_registry(str(root), TODAY).diagnostics == sequential


def test_read_errors_are_reported_not_raised(make_registry, monkeypatch):
    import builtins

    root = make_registry()
    real_open = builtins.open

    def refusing_open(file, *args, **kwargs):
        if str(file).endswith("societe-electrique.yml"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing_open)
    assert problems(root) == [
        ("companies/societe-electrique.yml", 1, 1, "unreadable-file",
         "le fichier ne peut pas être lu : Permission denied"),
    ]


def test_an_unknown_standard_is_matched_by_name_and_alias_as_the_commands_do(make_registry):
    """The validator and the editing commands share one « vouliez-vous dire » (generator.suggest)."""
    text = COMPANY.replace("standard: iso-test", "standard: norme-de-test")  # the standard's name, as an id
    [(path, line, column, code, message)] = problems(make_registry(company(text)))
    assert (code, message) == ("unknown-standard", "référentiel inconnu « norme-de-test » : vouliez-vous dire "
                                                   "« iso-test » ?")

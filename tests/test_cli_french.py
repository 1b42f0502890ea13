"""The command line speaks French: click's usage errors and help pages, through its own gettext lookups."""

from __future__ import annotations

import ast
import importlib
import re
import string
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from generator.cli import french, main

CLICK = Path(click.__file__).parent
# Words of click's English that have no place in a French message (option names such as --help are removed first).
ENGLISH = re.compile(r"\b(Usage|Error|Invalid|Missing|No such|Try|Show|this|exit|for help|default|required|"
                     r"Commands|Choose from|is not|one of|Did you mean|does not|DIRECTORY|PATH|FILE|TEXT|INTEGER|"
                     r"FLOAT|COMMAND|ARGS|Got unexpected|requires|argument(?! manquant| en trop))\b")


def english_in(text: str) -> list[str]:
    return ENGLISH.findall(re.sub(r"--?[\w-]+", "", text))


def click_messages() -> tuple[set[str], set[tuple[str, str]]]:
    """Every message click passes to `_` and `ngettext`, read from its source."""
    singles: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    for path in sorted(CLICK.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            texts = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and texts:
                singles.add(texts[0])
            elif node.func.id == "ngettext" and len(texts) == 2:
                plurals.add((texts[0], texts[1]))
    return singles, plurals


def fields(text: str) -> set[str]:
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return {name.split("!")[0] for name in names} | set(re.findall(r"%\((\w+)\)s", text))


def test_every_message_of_click_is_translated() -> None:
    singles, plurals = click_messages()
    assert len(singles) > 50 and len(plurals) > 5  # the source was read
    singles.add("required")  # passed as a variable: `_(extra["required"])`
    assert sorted(singles - set(french.MESSAGES)) == []
    assert sorted(plurals - set(french.PLURALS)) == []
    assert sorted(set(french.MESSAGES) - singles) == []  # no translation of a message click no longer has


def test_a_translation_only_uses_the_fields_click_fills() -> None:
    for message, translation in french.MESSAGES.items():
        assert fields(translation) <= fields(message), message
    for (singular, plural), (one, many) in french.PLURALS.items():
        assert fields(one) <= fields(singular) | fields(plural), singular
        assert fields(many) <= fields(singular) | fields(plural), plural


def test_the_catalogue_is_installed_where_click_looks_messages_up() -> None:
    for name in french.CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        assert getattr(module, "_", french.gettext) is french.gettext, name
        assert getattr(module, "ngettext", french.ngettext) is french.ngettext, name
    assert french.ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 0) == \
        "« {value} » n'est pas {choice}."  # French takes the singular for 0 and 1


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="python -m generator")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["renew", "maif", "--standrad", "iso-9001"],
         "Erreur : Option inconnue « --standrad ». Vouliez-vous dire '--standard' ?"),
        (["new", "societe", "Crédit Agricole"],
         "Erreur : Valeur invalide pour 'TYPE' : « societe » n'est pas l'une des valeurs 'certifier', 'company', "
         "'standard'."),
        (["validate", "--format", "xml"],
         "Erreur : Valeur invalide pour '--format' : « xml » n'est pas l'une des valeurs 'github', 'json', 'text'."),
        (["renew"], "Erreur : Argument manquant : 'ENTREPRISE'."),
        (["renew", "maif"], "Erreur : Option manquante : '--standard'."),
        (["withdraw", "maif", "--standard"], "Erreur : L'option « --standard » attend une valeur."),
        (["renw"], "Erreur : Commande inconnue « renw ». (Vouliez-vous dire l'une de celles-ci : 'render', "
                   "'renew' ?)"),
        (["fmt", "pas/de/fichier.yml"], "Erreur : Valeur invalide pour '[CHEMIN]...' : « pas/de/fichier.yml » "
                                        "n'existe pas."),
        (["status", "--within", "-3"],
         "Erreur : Valeur invalide pour '--within' : -3 n'est pas dans l'intervalle x>=0."),
        (["validate", "en", "trop"], "Erreur : Arguments en trop (en trop)"),
        (["status", "--today", "2026-02-30"],
         "Erreur : Valeur invalide pour '--today' : date invalide « 2026-02-30 » : attendu AAAA-MM-JJ"),
    ],
    ids=["unknown-option", "bad-choice-argument", "bad-choice-option", "missing-argument", "missing-option",
         "option-without-value", "unknown-command", "missing-path", "out-of-range", "extra-arguments", "bad-date"],
)
def test_usage_errors_are_in_french(args: list[str], error: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    *usage, message = result.output.splitlines()
    assert message == error
    if usage:  # click shows the usage when it knows the command (not for an option left without its value)
        assert usage[0].startswith("Utilisation : python -m generator")
        assert re.fullmatch(r"« python -m generator( [\w-]+)? --help » affiche l'aide\.", usage[1])
        assert usage[2:] == [""]
    assert english_in(result.output) == []


def test_the_english_detector_finds_click_s_english() -> None:
    assert english_in("Usage: x [OPTIONS]\nTry 'x --help' for help.\n\nError: No such option: --foo") == \
        ["Usage", "Try", "for help", "Error", "No such"]
    assert english_in("  --registry DIRECTORY  [default: registry/; required]") == ["DIRECTORY", "default", "required"]


def test_help_of_the_group_is_in_french() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    assert result.output.startswith("Utilisation : python -m generator [OPTIONS] COMMANDE [ARGUMENTS]...\n")
    assert "\nOptions :\n" in result.output and "\nCommandes :\n" in result.output
    assert "-h, --help  Afficher cette aide et quitter." in result.output
    assert english_in(result.output) == []


@pytest.mark.parametrize("command", sorted(main.commands))
def test_help_of_each_command_is_in_french(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert result.output.startswith(f"Utilisation : python -m generator {command} [OPTIONS]")
    assert "Afficher cette aide et quitter." in result.output
    assert english_in(result.output) == []
    if "--registry" in result.output:
        assert "--registry DOSSIER" in result.output  # the type's name, given when click made it

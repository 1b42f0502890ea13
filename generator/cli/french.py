"""click's own messages in French: usage errors, `--help`, the names of its types.

click marks each of its messages for gettext (`_("Usage:")`, `ngettext(…)`) and looks them up through
the names `_` and `ngettext` of each of its modules. `install()` puts this catalogue there, once, before
any command is declared (click names a path type « dossier » when the type is made). Every message of
click has its translation here; a test reads click's source and fails when a new one appears.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable

# click's message -> its French; a translation may leave out a field of the message (an English word
# click would put there, such as "integer"), never add one.
MESSAGES: dict[str, str] = {
    # Help pages
    "Usage:": "Utilisation :",
    # Section headings: click writes the colon right after them, French puts a space before it.
    "Options": "Options ",
    "Positional arguments": "Arguments ",
    "Commands": "Commandes ",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Show the version and exit.": "Afficher la version et quitter.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "default: {default}": "défaut : {default}",
    "required": "obligatoire",
    "env var: {var}": "variable d'environnement : {var}",
    "(dynamic)": "(calculé)",
    "deprecated": "obsolète",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    # Usage errors
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "« {command} {option} » affiche l'aide.",
    "Missing command.": "Commande manquante.",
    "No such command {name!r}.": "Commande inconnue « {name} ».",
    "No such option {name!r}.": "Option inconnue « {name} ».",
    "Missing argument": "Argument manquant :",
    "Missing option": "Option manquante :",
    "Missing parameter": "Paramètre manquant :",
    "Missing {param_type}": "Paramètre manquant ({param_type}) :",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Choose from:\n\t{choices}": "Valeurs possibles :\n\t{choices}",
    "Choice({choices})": "Choix({choices})",
    "Option {name!r} does not take a value.": "L'option « {name} » ne prend pas de valeur.",
    "Argument {name!r} takes {nargs} values.": "L'argument « {name} » prend {nargs} valeurs.",
    "Invalid start character for option ({option})": "Caractère de début d'option invalide ({option})",
    "Value must be an iterable.": "La valeur doit être une liste.",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "« {value} » n'est pas une valeur booléenne. Valeurs reconnues : {states}",
    "{value!r} is not a valid {number_type}.": "« {value} » n'est pas un nombre valide.",
    "{value!r} is not a valid UUID.": "« {value} » n'est pas un UUID valide.",
    "{name} {filename!r} does not exist.": "« {filename} » n'existe pas.",
    "{name} {filename!r} is a file.": "« {filename} » est un fichier : un dossier est attendu.",
    "{name} {filename!r} is a directory.": "« {filename} » est un dossier : un fichier est attendu.",
    "{name} {filename!r} is not readable.": "« {filename} » ne peut pas être lu.",
    "{name} {filename!r} is not writable.": "« {filename} » ne peut pas être écrit.",
    "{name} {filename!r} is not executable.": "« {filename} » ne peut pas être exécuté.",
    "Could not open file {filename!r}: {message}": "Impossible d'ouvrir le fichier « {filename} » : {message}",
    "unknown error": "erreur inconnue",
    "Aborted!": "Interrompu.",
    # Prompts, editor, terminal
    "Do you want to continue?": "Voulez-vous continuer ?",
    "Confirm the action without prompting.": "Confirmer sans poser la question.",
    "Repeat for confirmation": "Répétez pour confirmer",
    "Error: The two entered values do not match.": "Erreur : les deux valeurs saisies diffèrent.",
    "Error: invalid input": "Erreur : saisie invalide",
    "Press any key to continue...": "Appuyez sur une touche pour continuer…",
    "{editor}: Editing failed": "{editor} : la modification a échoué",
    "{editor}: Editing failed: {e}": "{editor} : la modification a échoué : {e}",
    "d": "j",
    "Unknown color {colour!r}": "Couleur inconnue « {colour} »",
    "Unknown standard stream '{name}'": "Flux standard inconnu « {name} »",
    "Windows error: {error}": "Erreur Windows : {error}",
    "Couldn't detect Bash version, shell completion is not supported.":
        "Version de Bash introuvable : la complétion n'est pas disponible.",
    "Shell completion is not supported for Bash versions older than 4.4.":
        "La complétion n'est disponible qu'à partir de Bash 4.4.",
    # Mistakes in a command's declaration (for the developer, in French too)
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Avertissement : la commande « {name} » est obsolète.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Avertissement : le paramètre « {name} » est obsolète.{extra_message}",
    "Could not determine name for option with declarations {decls!r}":
        "Impossible de nommer l'option déclarée par {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?":
        "Aucune option déclarée, mais un nom est donné ({name}) : fallait-il déclarer un argument, "
        "ou écrire « --{name} » ?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.":
        "Un argument se déclare par un seul nom ; {length} reçus : {decls}.",
    "Name '{name}' defined twice": "Nom « {name} » déclaré deux fois",
    "Boolean option {decl!r} cannot use the same flag for true/false.":
        "L'option booléenne « {decl} » ne peut pas avoir le même nom pour vrai et pour faux.",
}

# (singular, plural) of click -> (singular, plural) in French.
PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Vouliez-vous dire {possibility} ?", "(Vouliez-vous dire l'une de celles-ci : {possibilities} ?)"),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Argument en trop ({args})", "Arguments en trop ({args})"),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Prend {nargs} valeurs, mais 1 a été donnée.", "Prend {nargs} valeurs, mais {len} ont été données."),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("L'option « {name} » attend une valeur.", "L'option « {name} » attend {nargs} valeurs."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("« {value} » n'est pas {choice}.", "« {value} » n'est pas l'une des valeurs {choices}."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("« {value} » ne suit pas le format {format}.", "« {value} » ne suit aucun des formats {formats}."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("{len_type} valeurs sont attendues, mais {len_value} a été donnée.",
         "{len_type} valeurs sont attendues, mais {len_value} ont été données."),
}

# click's modules that look messages up (`_winconsole` exists on Windows only).
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "shell_completion", "termui",
                 "types", "utils", "_termui_impl", *(("_winconsole",) if sys.platform == "win32" else ()))


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    french = PLURALS.get((singular, plural))
    if french is None:
        return singular if count == 1 else plural
    return french[0] if count <= 1 else french[1]  # in French, 0 and 1 take the singular


def install() -> None:
    """Put the catalogue where each click module looks its messages up."""
    lookups: dict[str, Callable[..., str]] = {"_": gettext, "ngettext": ngettext}
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        for attribute, function in lookups.items():
            if hasattr(module, attribute):
                setattr(module, attribute, function)


install()

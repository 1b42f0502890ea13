"""Command line: a thin click adapter over the core.

The one place that reads the clock (`--today`, else the date in Europe/Paris)
and turns diagnostics into an exit code: 0 clean, 1 problems, 2 usage error.
"""

from __future__ import annotations

# First, before any command is declared: click's own messages in French (generator/cli/french.py).
import generator.cli.french  # noqa: F401

# isort: split
import click

from generator.cli.check import status_command, validate_command
from generator.cli.format import FORMAT_COMMANDS
from generator.cli.records import RECORD_COMMANDS
from generator.cli.review import check_sources_command, diff_command
from generator.cli.site import build_command, render_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]},
             subcommand_metavar="COMMANDE [ARGUMENTS]...")
def main() -> None:
    """Registre de la relation client : valider, calculer les statuts, construire le site.

    « python -m generator COMMANDE --help » décrit chaque commande.
    """


main.add_command(validate_command)
main.add_command(status_command)
main.add_command(build_command)
main.add_command(render_command)
for command in (*RECORD_COMMANDS, *FORMAT_COMMANDS, diff_command, check_sources_command):
    main.add_command(command)

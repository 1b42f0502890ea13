"""How a command fails: a French message, exit 1; the validator's messages first when there are some."""

from __future__ import annotations

import click

from generator.diagnostics import printable


class Failure(click.ClickException):
    """Exit 1 with a message in French (click's own prefix is English)."""

    def show(self, file: object = None) -> None:
        # A message may quote what the user typed or a record holds: no control character reaches the terminal.
        click.echo(f"Erreur : {printable(self.message)}", err=True)


def refuse(diagnostics_text: str, message: str) -> Failure:
    click.echo(diagnostics_text, nl=False, err=True)
    return Failure(message)

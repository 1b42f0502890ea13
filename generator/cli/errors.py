"""How a command fails: a French message, exit 1; the validator's messages first when there are some."""

from __future__ import annotations

import click


class Failure(click.ClickException):
    """Exit 1 with a message in French (click's own prefix is English)."""

    def show(self, file: object = None) -> None:
        click.echo(f"Erreur : {self.message}", err=True)


def refuse(diagnostics_text: str, message: str) -> Failure:
    click.echo(diagnostics_text, nl=False, err=True)
    return Failure(message)

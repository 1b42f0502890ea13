"""Registre de la relation client: the static registry site generator."""

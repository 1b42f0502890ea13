"""Editing the registry without losing anything: templates, certificate changes, canonical form,
the summary of a change and the watch over cited sources.

Pure functions over ruamel.yaml round-trip documents (comments, key order and quoting of what is
not touched survive); the CLI reads and writes the files.
"""

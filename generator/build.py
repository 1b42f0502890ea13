"""The build: a validated registry becomes a whole site folder, put in place at once, never over a source.

`build_site` runs MkDocs (with the registry plugin) into a staging folder beside the target, and
`render_pages` writes the generated Markdown pages the same way. Either replaces only a folder that
does not exist, is empty, or carries the marker an earlier build left in it (`SITE_MARKER`); the
project's sources (the project itself, its registry, pages, code, tests and git folder) and a home
folder are refused whatever they hold. The new folder takes the old one's place in one atomic step
(Linux: `renameat2(RENAME_EXCHANGE)`; elsewhere a symbolic link switched with one `rename`) and the
old copy is removed only after: a build killed at any instant leaves the old site or the new one,
whole, and the next build clears what it left. The MkDocs plugin asks this module for the registry a
build validated (`prepared_registry`); `finish.py` writes the exports, search index and marker.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import logging
import os
import re
import secrets
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:  # only named in annotations: importing the build stays light (the swap runs alone in tests)
    from generator.registry import Registry
    from generator.site import SiteInfo

# Written into every folder a build or a render made: only such a folder is ever replaced.
SITE_MARKER = ".registre-site"
MARKER_TEXT = ("Dossier écrit par le Registre de la relation client (python -m generator build ou render) : "
               "la construction suivante le remplace en entier.\n")
# What the project keeps beside mkdocs.yml: none may be, hold or contain a site.
SOURCE_FOLDERS = (".git", "registry", "docs", "generator", "tests")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Every entry a build leaves beside its target "X": ".X.registre-<role>.<token>" (the token has no dot, so
# the target's name is exactly what precedes the last ".registre-<role>."; "X" never matches "X-2"'s).
_LEFTOVER = re.compile(r"\.(?P<target>.+)\.registre-(?P<role>tmp|site|link|old)\.[0-9a-f]{12}")


class UnsafeTarget(Exception):
    """A folder a build must not replace; the message (in French) names it and says why."""


class BuildError(Exception):
    """A build that cannot run (configuration); the message is in French. The previous site is intact."""


@dataclass(frozen=True)
class Sources:
    """What a site folder must keep clear of."""

    roots: tuple[Path, ...]  # a site may lie inside these, never be one of them nor contain one
    folders: tuple[Path, ...]  # a site may not be one of these, contain one, nor lie inside one


def sources_for(config_file: str | Path, *folders: str | Path | None) -> Sources:
    """The project beside `config_file` (and this package's), its source folders, `folders` (the registry,
    the pages), the home folder and the file system's root."""
    config_dir = Path(os.path.abspath(config_file)).parent
    home = _home()
    # The most telling first: a folder holding both the project and a home folder is named for the project.
    roots = [config_dir, PROJECT_ROOT, *([home] if home else []), Path(os.path.abspath(os.sep))]
    found = [root / name for root in (config_dir, PROJECT_ROOT) for name in SOURCE_FOLDERS]
    found.append(_configured_docs_dir(config_dir, Path(config_file)))
    found.extend(Path(folder) for folder in folders if folder)
    return Sources(tuple(dict.fromkeys(_real(r) for r in roots)), tuple(dict.fromkeys(_real(f) for f in found)))


def _configured_docs_dir(config_dir: Path, config_file: Path) -> Path:
    """mkdocs.yml's docs_dir (default docs/), read as plain text: the check runs before MkDocs does."""
    try:
        with open(config_file, encoding="utf-8") as handle:
            config = yaml.load(handle, Loader=yaml.BaseLoader) or {}  # MkDocs' tags are read as text
    except (OSError, yaml.YAMLError):
        config = {}
    docs = config.get("docs_dir") if isinstance(config, dict) else None
    return config_dir / (docs if isinstance(docs, str) and docs else "docs")


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def check_target(target: str | Path, sources: Sources) -> Path:
    """The absolute folder a build may replace; UnsafeTarget, naming it, for anything else."""
    shown = str(target)
    absolute = Path(os.path.abspath(target))
    for candidate in dict.fromkeys((absolute, _real(absolute))):
        reason = _overlap(candidate, sources)
        if reason:
            raise UnsafeTarget(f"« {shown} » {reason} : un site ne s'écrit pas par-dessus les sources ; "
                               "choisissez un dossier à part (par exemple site/). Rien n'a été écrit.")
    if os.path.lexists(absolute):
        real = _real(absolute)
        if not real.is_dir():
            raise UnsafeTarget(f"« {shown} » existe et n'est pas un dossier : il ne sera pas remplacé. "
                               "Rien n'a été écrit.")
        if not (real / SITE_MARKER).is_file() and any(real.iterdir()):
            raise UnsafeTarget(
                f"« {shown} » n'est pas vide et ne vient pas d'une construction du registre (il n'a pas de "
                f"fichier {SITE_MARKER}) : il ne sera pas remplacé. Videz-le vous-même ou choisissez un "
                "autre dossier. Rien n'a été écrit.")
    return absolute


def _overlap(candidate: Path, sources: Sources) -> str | None:
    # The folder itself first, then what it contains: "/" is the root before it is a project's ancestor.
    for inside in (False, True):
        for root in sources.roots:
            if candidate == root or (inside and root.is_relative_to(candidate)):
                if root == Path(os.path.abspath(os.sep)):
                    return "est la racine du système de fichiers"
                if root == _home():
                    return "est un dossier personnel, ou le contient"
                return f"est le dossier du projet ({root}), ou le contient"
    for folder in sources.folders:
        if candidate == folder or folder.is_relative_to(candidate) or candidate.is_relative_to(folder):
            return f"est un dossier source du projet ({folder}), le contient ou s'y trouve"
    return None


def _home() -> Path | None:
    try:
        return _real(Path.home())
    except (RuntimeError, KeyError):
        return None


# --- one folder replaced by another in one step -------------------------------------------------------

@contextlib.contextmanager
def staged(target: str | Path, sources: Sources) -> Iterator[Path]:
    """A fresh staging folder beside `target`, to fill; when the block ends well it takes `target`'s place
    whole, otherwise it is removed and `target` is left as it was."""
    absolute = check_target(target, sources)
    absolute.parent.mkdir(parents=True, exist_ok=True)
    with _parent_lock(absolute.parent):
        check_target(target, sources)  # again: another build may have run meanwhile
        clean_leftovers(absolute)
        staging = _sibling(absolute, "tmp")
        staging.mkdir()
        try:
            yield staging
            write_marker(staging)
        except BaseException:
            _remove(staging)
            raise
        replace(staging, absolute)


def write_marker(folder: Path) -> None:
    (folder / SITE_MARKER).write_text(MARKER_TEXT, encoding="utf-8")


@contextlib.contextmanager
def _parent_lock(parent: Path) -> Iterator[None]:
    """One build at a time beside a target: its leftovers are never another build in progress."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - systems without flock
        yield
        return
    descriptor = os.open(parent, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)  # released when the descriptor closes, or the process dies
        yield
    finally:
        os.close(descriptor)


def _sibling(target: Path, role: str) -> Path:
    return target.parent / f".{target.name}.registre-{role}.{secrets.token_hex(6)}"


def replace(staging: Path, target: Path) -> None:
    """Put `staging` in `target`'s place in one step; the old copy is removed after."""
    if not os.path.lexists(target):
        os.rename(staging, target)
    elif exchange(staging, target):
        _remove_old(staging, target)
    else:
        _switch_link(staging, target)


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where the system cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # a kernel or a file system without exchange
    raise OSError(code, os.strerror(code), str(second))


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@functools.cache
def _renameat2() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _switch_link(staging: Path, target: Path) -> None:
    """Without an exchange: `target` is a symbolic link to the current site, switched with one rename."""
    real = _sibling(target, "site")
    os.rename(staging, real)
    link = _sibling(target, "link")
    os.symlink(real.name, link)
    if os.path.islink(target):
        previous = target.parent / os.readlink(target)
        os.replace(link, target)
        _remove_ours(previous, target)
        return
    # A folder becomes a link: the one moment without a site at `target`, once per target; a build killed
    # there leaves the old site beside it, which the next build puts back first (`clean_leftovers`).
    old = _sibling(target, "old")
    os.rename(target, old)
    os.replace(link, target)
    _remove(old)


def _remove_old(old: Path, target: Path) -> None:
    """The previous site, moved aside by the exchange: a folder, or a link to one of our folders."""
    if os.path.islink(old):
        previous = old.parent / os.readlink(old)
        os.unlink(old)
        _remove_ours(previous, target)
    else:
        _remove(old)


def _remove_ours(path: Path, target: Path) -> None:
    """Remove `path` only if it is a folder a build left for `target` (never what a link pointed elsewhere)."""
    match = _LEFTOVER.fullmatch(path.name)
    if path.parent == target.parent and match is not None and match["target"] == target.name:
        _remove(path)


def clean_leftovers(target: Path) -> None:
    """What killed builds of `target` left beside it: its old site is put back if the target is missing,
    the rest removed. Entries of other targets are never touched."""
    ours = [entry for entry in target.parent.iterdir()
            if (match := _LEFTOVER.fullmatch(entry.name)) is not None and match["target"] == target.name]
    if not os.path.lexists(target):
        olds = [entry for entry in ours if _LEFTOVER.fullmatch(entry.name)["role"] == "old"]  # type: ignore[index]
        if olds:
            os.rename(olds[0], target)
            ours.remove(olds[0])
    current = _real(target) if os.path.islink(target) else None
    for entry in ours:
        if _real(entry) != current:
            _remove(entry)


def _remove(path: Path) -> None:
    if os.path.islink(path) or os.path.isfile(path):
        os.unlink(path)
    elif os.path.isdir(path):
        shutil.rmtree(path)


# --- the build itself ---------------------------------------------------------------------------------

_prepared: Registry | None = None


def prepared_registry() -> Registry | None:
    """The registry the build in progress validated, for the MkDocs plugin; None outside `build_site`."""
    return _prepared


@contextlib.contextmanager
def _preparing(registry: Registry) -> Iterator[None]:
    global _prepared
    previous, _prepared = _prepared, registry
    try:
        yield
    finally:
        _prepared = previous


def build_site(registry: Registry, site_dir: str | Path, config_file: str | Path, *, strict: bool = False) -> Path:
    """Build the whole site of a validated registry with MkDocs, in place of `site_dir` (see the module)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    sources = sources_for(config_file, registry.root)
    with staged(site_dir, sources) as staging, _preparing(registry), source_date_epoch(registry), \
            _problems_logged() as problems:
        try:
            config = load_config(str(config_file), site_dir=str(staging), strict=strict)
            if "registry" not in config.plugins:
                raise BuildError(f"{config_file} ne déclare pas le greffon « registry »")
            build(config)
        except MkDocsException as error:
            # MkDocs logs why (in the plugin's French) and then aborts in English: the reason is what counts.
            raise BuildError(" ; ".join(problems) or str(error)) from None
        if not (staging / SITE_MARKER).is_file():
            raise BuildError(f"le greffon « registry » de {config_file} est désactivé : aucune page du registre")
    return Path(os.path.abspath(site_dir))


@contextlib.contextmanager
def _problems_logged() -> Iterator[list[str]]:
    """The errors and warnings MkDocs logs during a build."""
    problems: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            problems.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield problems
    finally:
        logger.removeHandler(handler)


def render_pages(registry: Registry, site: SiteInfo, out_dir: str | Path, config_file: str | Path) -> int:
    """Write the generated pages (Markdown) in place of `out_dir`, for any other site engine; how many."""
    from generator.render import render_site

    files = render_site(registry, site)
    with staged(out_dir, sources_for(config_file, registry.root)) as staging:
        for path, rendered in files.items():
            destination = staging / path
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(rendered.content, encoding="utf-8")
    return len(files)


@contextlib.contextmanager
def source_date_epoch(registry: Registry) -> Iterator[None]:
    """Timestamps inside files (sitemap, gzip headers) follow the registry's day: rebuilds are identical.

    An epoch given by the caller wins; it never changes the day statuses are computed for.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    day = registry.today
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]

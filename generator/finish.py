"""What a build writes beside the pages: the open data (`export/`) and the search index (Pagefind).

Neither needs the pages' HTML but Pagefind, and the exports are no HTML: so they run beside the pages.
When MkDocs starts on the pages, `start_exports` forks a child that writes the exports from the
registry the parent already holds (copy-on-write: nothing is read or validated twice); when the
pages are written, `finish_site` runs Pagefind, waits for both, and writes the marker that lets the
next build replace the site. On two cores the pages, the exports and the index no longer wait for
each other. Where a fork is unsafe (threads running, as under `mkdocs serve`, or no fork at all) the
exports are written in this process, before Pagefind. A failure on either side stops the other and
fails the build with its reason; a child never outlives the build (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from generator.build import BuildError, write_marker
from generator.registry import Registry
from generator.site import SiteInfo

_PR_SET_PDEATHSIG = 1


class Exports:
    """The open data being written: by a child process (`pid`), or, where forking is unsafe, on `wait`."""

    def __init__(self, registry: Registry, site: SiteInfo, folder: Path) -> None:
        self.registry, self.site, self.folder = registry, site, folder
        self.pid: int | None = None
        self.errors: IO[bytes] | None = None

    def start(self) -> Exports:
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return self  # written by `wait`, in this process
        from generator.export import write_exports

        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed by wait()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: write, report, and leave without running anything of the parent's
            code = 0
            try:
                _die_with(parent)
                write_exports(self.registry, self.site, self.folder)
            except BaseException as error:
                self.errors.write(_reason(error).encode("utf-8", errors="replace"))
                code = 1
            finally:
                self.errors.flush()
                os._exit(code)
        self.pid = pid
        return self

    def wait(self) -> None:
        """Until the open data is written; BuildError with the reason if it could not be."""
        if self.pid is None:
            from generator.export import write_exports

            try:
                write_exports(self.registry, self.site, self.folder)
            except Exception as error:
                raise _not_written(_reason(error)) from error
            return
        assert self.errors is not None
        try:
            _, status = os.waitpid(self.pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                self.errors.seek(0)
                reason = self.errors.read().decode("utf-8", errors="replace").strip() or f"état {status}"
                raise _not_written(reason)
        finally:
            self.pid = None
            self.errors.close()

    def stop(self) -> None:
        """The build failed elsewhere: the child stops writing (nothing if it is done)."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None


def start_exports(registry: Registry, site: SiteInfo, site_dir: str | Path) -> Exports:
    """Start writing the open data into `site_dir`, once the folder will not be cleaned any more."""
    return Exports(registry, site, Path(site_dir)).start()


def _not_written(reason: str) -> BuildError:
    return BuildError(f"les données ouvertes n'ont pas pu être écrites : {reason}")


def _reason(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    where = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    return text + (f" ({Path(where[0].filename).name}:{where[0].lineno})" if where else "")


def _die_with(parent: int) -> None:
    """Linux: the child is killed when the build process dies (a killed build leaves no writer behind)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # died before the line above took effect
        os._exit(1)


def finish_site(site_dir: str | Path, exports: Exports, *, search: bool) -> None:
    """After the pages: the search index while the exports end, then the marker."""
    folder = Path(site_dir)
    try:
        with pagefind_alongside(folder) if search else contextlib.nullcontext():
            exports.wait()
    finally:
        exports.stop()
    write_marker(folder)


@contextlib.contextmanager
def pagefind_alongside(site_dir: Path) -> Iterator[None]:
    """Pagefind indexes the pages (only those marked data-pagefind-body) while the body of the `with` runs.

    The exports written meanwhile are JSON, CSV, SVG, Atom and iCalendar, never HTML: nothing Pagefind reads,
    so the index is the same as after them. A failure of either stops the other; Pagefind's messages go to a
    temporary file (a full pipe would stop it).
    """
    from pagefind_bin_extended import get_executable

    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen([str(get_executable()), "--site", str(site_dir), "--quiet"],
                                   stdout=output, stderr=output)
        try:
            yield
        except BaseException:
            process.kill()
            process.wait()
            raise
        if process.wait() != 0:
            output.seek(0)
            message = output.read().decode("utf-8", errors="replace").strip()
            raise BuildError(f"Pagefind a échoué : {message}")

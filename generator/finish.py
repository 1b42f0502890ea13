"""What a build writes beside the pages: the open data (`export/`) and the search index (Pagefind).

Neither waits for the pages: the exports are no HTML, and Pagefind reads each page as it is written.
Once the pages' bodies are rendered, `start_exports` forks a child (`generator.forking`) that writes
the exports from the registry the parent already holds, on the second core, while MkDocs puts the pages
in the theme and feeds each one to Pagefind's service (`SearchIndex`), which indexes it on that core
too. When the last page is written, `finish_site` asks Pagefind for the index files, waits for both,
and writes the marker that lets the next build replace the site. Where a fork is unsafe (threads
running, as under `mkdocs serve`, or no fork at all) the exports are written in this process, after the
pages. A failure on either side stops the other and fails the build with its reason.
"""

from __future__ import annotations

import base64
import contextlib
import json
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from generator.build import BuildError, write_marker
from generator.forking import Child, ChildFailed, fork_is_safe, reason
from generator.registry import Registry
from generator.site import SiteInfo


class Exports:
    """The open data being written: by a forked child (`child`), or, where forking is unsafe, on `wait`."""

    def __init__(self, registry: Registry, site: SiteInfo, folder: Path) -> None:
        self.registry, self.site, self.folder = registry, site, folder
        self.child: Child[None] | None = None

    def start(self) -> Exports:
        if fork_is_safe():  # else written by `wait`, in this process
            self.child = Child(self._write)
        return self

    def wait(self) -> None:
        """Until the open data is written; BuildError with the reason if it could not be."""
        child, self.child = self.child, None
        if child is not None:
            try:
                child.wait()
            except ChildFailed as error:
                raise _not_written(str(error)) from None
            return
        try:
            self._write()
        except Exception as error:
            raise _not_written(reason(error)) from error

    def stop(self) -> None:
        """The build failed elsewhere: the child stops writing (nothing if it is done)."""
        if self.child is not None:
            self.child.stop()
            self.child = None

    def _write(self) -> None:
        from generator.export import write_exports

        write_exports(self.registry, self.site, self.folder)


def start_exports(registry: Registry, site: SiteInfo, site_dir: str | Path) -> Exports:
    """Start writing the open data into `site_dir`, once the folder will not be cleaned any more."""
    return Exports(registry, site, Path(site_dir)).start()


def _not_written(reason: str) -> BuildError:
    return BuildError(f"les données ouvertes n'ont pas pu être écrites : {reason}")


def finish_site(site_dir: str | Path, exports: Exports, index: SearchIndex | None) -> None:
    """After the pages: the search index written while the exports end, then the marker."""
    folder = Path(site_dir)
    try:
        if index is not None:
            index.write()  # asked now, waited for below: the exports end meanwhile
        exports.wait()
        if index is not None:
            index.wait()
    finally:
        exports.stop()
        if index is not None:
            index.stop()
    write_marker(folder)


def searchable(html: str, body: str | None) -> str | None:
    """What Pagefind is given of a page: None for a page it would skip (no data-pagefind-body, while the
    registry's pages have one); for a generated page, its <html> tag (the language) around its body, which
    holds all Pagefind reads of it, without the theme's 20 KB of navigation, header and footer to parse.
    `tests/test_build.py` checks that the index is the one `pagefind --site` makes of the whole pages."""
    if "data-pagefind-body" not in html:
        return None
    if body is None:
        return html
    start = html.find("<html")
    return f"{html[start:html.index('>', start) + 1]}<body>{body}</body></html>"


class SearchIndex:
    """The Pagefind index of the site, fed each page as MkDocs finishes it, written once the last is in.

    Pagefind reads the pages the way `pagefind --site` does (only those marked data-pagefind-body count, at
    the URL their path gives), but through its service mode, one page at a time. At 10,000 companies the
    command took 29 s after the last page was written, while a core stayed idle during the pages: fed as
    they come, Pagefind indexes on that core, and only writing the index files is left at the end.

    The service reads requests on its input (base64 JSON, each ended by a comma) and writes its answers
    likewise; they go to a temporary file (a full pipe would stop it), read when an answer is awaited.
    Any error it answers fails the build with Pagefind's own message.
    """

    _POLL_SECONDS = 0.02

    def __init__(self, site_dir: Path) -> None:
        from pagefind_bin_extended import get_executable

        self.site_dir = site_dir
        self.answers_file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
        self.messages_file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
        self.process: subprocess.Popen[bytes] | None = subprocess.Popen(
            [str(get_executable()), "--service"], stdin=subprocess.PIPE, stdout=self.answers_file,
            stderr=self.messages_file, cwd=site_dir)
        self.sent = 0
        self.answers: dict[int, dict[str, Any]] = {}
        self._unread = b""
        self._offset = 0
        self._written: int | None = None
        self.failure: BuildError | None = None
        try:
            self.index_id = self._wait_for(self._send({"type": "NewIndex", "config": {}}))["index_id"]
        except BaseException:
            self.stop()
            raise

    def add(self, path: str, html: str, body: str | None = None) -> None:
        """A page of the site, at its path inside it ("entreprises/edf/index.html"), with its generated
        `body` if it has one (see `searchable`). If Pagefind stopped, the failure waits for `write` or
        `wait`: MkDocs would report it as an error of that page."""
        read = searchable(html, body)
        if self.failure is not None or read is None:
            return
        try:
            self._send({"type": "AddFile", "index_id": self.index_id, "file_path": path, "url": None,
                        "file_contents": read})
        except BuildError as error:
            self.failure = error

    def write(self) -> None:
        """Ask for the index files, in the site's pagefind/ folder, after every page sent."""
        if self.failure is not None:
            raise self.failure
        self._written = self._send({"type": "WriteFiles", "index_id": self.index_id,
                                    "output_path": str(self.site_dir / "pagefind")})

    def wait(self) -> None:
        """Until the index files are written; BuildError with Pagefind's message if anything failed."""
        assert self._written is not None, "write() first"
        self._wait_for(self._written)
        while len(self.answers) < self.sent:  # every page answered, not only the last request
            self._read_answers()
        failed = [answer for answer in self.answers.values() if answer.get("type") == "Error"]
        if failed:
            raise self._failure(str(failed[0].get("message") or failed[0]))
        process, self.process = self.process, None
        assert process is not None and process.stdin is not None
        process.stdin.close()
        process.wait()

    def stop(self) -> None:
        """Pagefind stops (nothing if it is done); the temporary files go."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
            self.process.wait()
            if self.process.stdin is not None:
                with contextlib.suppress(BrokenPipeError):
                    self.process.stdin.close()
            self.process = None
        self.answers_file.close()
        self.messages_file.close()

    def _send(self, payload: dict[str, Any]) -> int:
        if self.process is None or self.process.stdin is None:
            raise self._failure("le service d'indexation est arrêté")
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}).encode("utf-8")
        try:
            self.process.stdin.write(base64.b64encode(message) + b",")
            self.process.stdin.flush()
        except BrokenPipeError:
            raise self._failure("le service d'indexation s'est arrêté") from None
        return self.sent

    def _wait_for(self, message: int) -> dict[str, Any]:
        while message not in self.answers:
            self._read_answers()
        answer = self.answers[message]
        if answer.get("type") == "Error":
            raise self._failure(str(answer.get("message") or answer))
        return answer

    def _read_answers(self) -> None:
        """The answers written since the last call; a short wait if there are none yet."""
        self.answers_file.seek(self._offset)
        data = self.answers_file.read()
        self._offset += len(data)
        if not data:
            assert self.process is not None
            if self.process.poll() is not None:
                raise self._failure("le service d'indexation s'est arrêté")
            time.sleep(self._POLL_SECONDS)
            return
        *complete, self._unread = (self._unread + data).split(b",")
        for chunk in complete:
            answer = json.loads(base64.b64decode(chunk))
            self.answers[answer.get("message_id") or 0] = answer["payload"]

    def _failure(self, reason: str) -> BuildError:
        self.messages_file.seek(0)
        said = self.messages_file.read().decode("utf-8", errors="replace").strip()
        return BuildError(f"Pagefind a échoué : {reason}" + (f" ({said})" if said else ""))

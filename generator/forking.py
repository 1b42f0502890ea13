"""Work on the second core by `fork`: a child that shares what this process already computed.

Building at 10,000 companies keeps two cores busy only if the pages, the exports and the search index
do not wait for each other. A forked child starts with this process's memory (copy-on-write), so
nothing is read, validated or computed twice; it never outlives the build (PR_SET_PDEATHSIG), and it
leaves by `os._exit`, running nothing of the parent's. Forking is unsafe while other threads run (a
lock held by one of them stays held in the child): then the work is done in this process.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import IO, Generic, TypeVar

_PR_SET_PDEATHSIG = 1

Mine = TypeVar("Mine")
Theirs = TypeVar("Theirs")


class ChildFailed(RuntimeError):
    """The forked child could not do its share; the message says why, where."""


def fork_is_safe() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def die_with(parent: int) -> None:
    """In a child: killed when `parent` dies (Linux), so that a killed build leaves no worker behind."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # died before the line above took effect
        os._exit(1)


def reason(error: BaseException) -> str:
    """An error in one line, with the file and line it came from."""
    text = str(error) or type(error).__name__
    where = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    return text + (f" ({Path(where[0].filename).name}:{where[0].lineno})" if where else "")


class Child(Generic[Theirs]):
    """`work()` computed by a forked child, started now: `wait()` gives its result (pickled back through a
    temporary file) or raises ChildFailed with its reason; `stop()` kills it if it still runs. The caller
    checks `fork_is_safe()` first."""

    def __init__(self, work: Callable[[], Theirs]) -> None:
        self.result: IO[bytes] | None = tempfile.TemporaryFile()  # noqa: SIM115 - closed by wait() or stop()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: its work, then out without running anything of the parent's
            code = 0
            try:
                die_with(parent)
                pickle.dump(work(), self.result, protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as error:
                self.result.seek(0)
                self.result.truncate()
                self.result.write(reason(error).encode("utf-8", errors="replace"))
                code = 1
            finally:
                self.result.flush()
                os._exit(code)
        self.pid: int | None = pid

    def wait(self) -> Theirs:
        assert self.pid is not None and self.result is not None, "waited for twice"
        try:
            _, status = os.waitpid(self.pid, 0)
            self.pid = None
            self.result.seek(0)
            if os.waitstatus_to_exitcode(status) != 0:
                said = self.result.read().decode("utf-8", errors="replace").strip()
                raise ChildFailed(said or f"état {status}")
            theirs: Theirs = pickle.load(self.result)
            return theirs
        finally:
            self.stop()

    def stop(self) -> None:
        """The child stops (nothing if it is done) and its temporary file goes."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None
        if self.result is not None:
            self.result.close()
            self.result = None


def both(here: Callable[[], Mine], there: Callable[[], Theirs]) -> tuple[Mine, Theirs]:
    """`(here(), there())`, `there` computed meanwhile by a forked child (`Child`), on the other core.

    A failure of the child is raised here (ChildFailed, with its reason), and a failure here stops the
    child. Where forking is unsafe, both are computed in this process. Neither may count on the other's
    side effects: the child's are lost.
    """
    if not fork_is_safe():
        return here(), there()
    child = Child(there)
    try:
        mine = here()
    except BaseException:
        child.stop()
        raise
    return mine, child.wait()

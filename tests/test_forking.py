"""The second core: a forked child's share comes back whole, its failure says why, and no child is left."""

from __future__ import annotations

import os
import threading
import time

import pytest

import generator.forking
from generator.forking import ChildFailed, both


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The children forked during the test. The session may run other threads (the shared browser's):
    forking is then refused, as it should be, so the tests that fork say it is safe."""
    forked: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(generator.forking, "fork_is_safe", lambda: True)
    return forked


def test_the_childs_share_comes_back_and_is_computed_elsewhere(forks: list[int]) -> None:
    here, there = both(lambda: ("ici", os.getpid()), lambda: ("là", os.getpid(), [1, "é", None]))
    assert here == ("ici", os.getpid())
    assert there[0] == "là" and there[2] == [1, "é", None]
    assert forks == [there[1]]  # computed by the child


def test_a_failure_in_the_child_is_raised_with_its_reason(forks: list[int]) -> None:
    def broken() -> None:
        raise ValueError("page illisible")

    with pytest.raises(ChildFailed, match=r"^page illisible \(test_forking\.py:\d+\)$"):
        both(lambda: None, broken)
    assert len(forks) == 1


def test_a_failure_here_stops_the_child(forks: list[int]) -> None:
    marker = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"forking-{os.getpid()}")

    def slow() -> None:
        time.sleep(3)
        with open(marker, "w", encoding="utf-8") as file:  # never reached: the child was stopped
            file.write("fini")

    def broken() -> None:
        raise KeyError("ici")

    started = time.monotonic()
    with pytest.raises(KeyError):
        both(broken, slow)
    assert time.monotonic() - started < 2
    time.sleep(3.5)
    assert not os.path.exists(marker)
    assert len(forks) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(forks[0], os.WNOHANG)  # reaped: not even a zombie left
    with pytest.raises(ProcessLookupError):
        os.kill(forks[0], 0)


def test_with_other_threads_running_nothing_is_forked() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        here, there = both(os.getpid, os.getpid)
    finally:
        stop.set()
        thread.join()
    assert here == there == os.getpid()

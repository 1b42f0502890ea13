"""The watch over cited sources: every http(s) address in the records, fetched politely.

At most `workers` hosts at a time and one request at a time per host, with a pause between two
requests to the same host. HEAD first; GET when the server refuses HEAD. stdlib only.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Diagnostic
from generator.fields import web_address
from generator.load import Document, PathKey
from generator.model import url_fields

USER_AGENT = "registre-relation-client/check-sources (+https://github.com/)"
URL_KEYS = url_fields()


@dataclass(frozen=True)
class Place:
    document: Document
    path: PathKey


def addresses(documents: Iterable[Document]) -> dict[str, list[Place]]:
    """Every http(s) address of the records (sources, their archives, websites), with its places."""
    found: dict[str, list[Place]] = defaultdict(list)
    for document in documents:
        for path, url in _walk(document.data, ()):
            found[url].append(Place(document, path))
    return dict(found)


def _walk(value: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in URL_KEYS and _is_http(item):
                yield path + (key,), item
            else:
                yield from _walk(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if path and path[-1] == "sources" and _is_http(item):
                yield path + (index,), item
            else:
                yield from _walk(item, path + (index,))


def _is_http(value: Any) -> bool:
    return web_address(value) is not None


def probe(url: str, timeout: float) -> str | None:
    """None when the address answers; else why it is dead, in French."""
    problem = _request(url, "HEAD", timeout)
    if problem is not None and problem.startswith("HTTP"):
        # Some servers refuse or mishandle HEAD: a GET decides.
        problem = _request(url, "GET", timeout)
    return problem


def _request(url: str, method: str, timeout: float) -> str | None:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)
            return None
    except urllib.error.HTTPError as error:
        error.close()
        return f"HTTP {error.code}"
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            return f"pas de réponse en {timeout:g} s"
        return f"connexion impossible ({error.reason})"
    except TimeoutError:
        return f"pas de réponse en {timeout:g} s"
    except (OSError, ValueError) as error:  # reset connections, malformed answers or addresses
        return f"connexion impossible ({error})"


def check_addresses(urls: Iterable[str], timeout: float, delay: float, workers: int = 8) -> dict[str, str]:
    """{url: problem} for the dead ones among `urls`."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in sorted(set(urls)):
        address = web_address(url)
        by_host[address.hostname if address is not None else ""].append(url)

    def run_host(host_urls: list[str]) -> dict[str, str]:
        dead = {}
        for index, url in enumerate(host_urls):
            if index and delay:
                time.sleep(delay)
            problem = probe(url, timeout)
            if problem is not None:
                dead[url] = problem
        return dead

    dead: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(run_host, by_host.values()):
            dead.update(result)
    return dead


def dead_source_diagnostics(documents: Iterable[Document], timeout: float, delay: float,
                            workers: int = 8) -> tuple[int, list[Diagnostic]]:
    """How many addresses were checked, and a warning at each place of a dead one."""
    places = addresses(documents)
    dead = check_addresses(places, timeout, delay, workers)
    diagnostics = []
    for url, problem in dead.items():
        for place in places[url]:
            line, column = place.document.value_at(place.path)
            diagnostics.append(Diagnostic(place.document.path, line, column, "warning", "dead-source",
                                          f"adresse injoignable ({problem}) : {url}"))
    return len(places), diagnostics

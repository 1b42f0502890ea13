"""/api/v1/recherche/: small exact-lookup files, so that /verifier/ answers from what the records hold.

Three tables, each cut into shards a browser finds without any rule of ours but the folding below:

- SIREN -> company ids, sharded by the SIREN's first `KEY_LENGTH` digits;
- a certificate number, folded (case, accents, spaces and punctuation aside) -> [company id,
  certificate id], sharded by the folded number's last `KEY_LENGTH` characters;
- each word of a company's name and of its other names, folded -> [company id, 0 for the name or n
  for its n-th other name, the number of words of that name], sharded by the word's first `KEY_LENGTH`
  characters (the count puts a name the query spells whole before longer ones).

`index.json` lists the shards that exist (a browser asks for no file that is not there), the key
length, the folding table and the words left out of names: the browser's copy of the folding
(assets/verifier.js) reads them from there, and a test runs both foldings on the same tricky inputs.
A company's certificates are then read from /api/v1/entreprises/<id>.json, as everywhere else.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from typing import Any

from generator.export.paths import API
from generator.registry import Registry

LOOKUP = f"{API}/recherche"
LOOKUP_INDEX = f"{LOOKUP}/index.json"
SIREN_SHARD = LOOKUP + "/siren/{key}.json"
NUMBER_SHARD = LOOKUP + "/numeros/{key}.json"
NAME_SHARD = LOOKUP + "/noms/{key}.json"
KEY_LENGTH = 2

# Letters that Unicode's compatibility decomposition (NFKD) leaves whole, and what they fold to.
FOLDED_LETTERS = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i"}
# Words that say nothing of which company is meant; a name made of nothing else keeps them.
STOP_WORDS = ("d", "de", "des", "du", "en", "et", "l", "la", "le", "les")

_COMBINING = re.compile("[\u0300-\u036f]")
_WORD = re.compile("[a-z0-9]+")
_SPACES = re.compile("[ \t\n\r\f\v]+")  # after NFKD, which makes every no-break space a space
_SIREN = re.compile(r"[0-9]{9}")


def fold(text: str) -> str:
    """Compatibility-decomposed, without accents, lower case, with œ, ß and the like spelt out."""
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()
    return "".join(FOLDED_LETTERS.get(char, char) for char in text)


def words(text: str) -> list[str]:
    """The folded words of a text: runs of a-z and 0-9, anything else separates them."""
    return _WORD.findall(fold(text))


def name_words(text: str) -> list[str]:
    """The words a name is found by: without the stop words, unless the name is made of nothing else."""
    found = words(text)
    kept = [w for w in found if w not in STOP_WORDS]
    return kept or found


def number_key(text: str) -> str:
    """A certificate number as compared: its folded words run together ("FR-2024 12345" -> "fr202412345")."""
    return "".join(words(text))


def siren_of(text: str) -> str | None:
    """The nine digits of a text that is a SIREN written with or without spaces, else None."""
    digits = _SPACES.sub("", unicodedata.normalize("NFKD", text))
    return digits if _SIREN.fullmatch(digits) else None


def number_shard(key: str) -> str:
    return key[-KEY_LENGTH:]


def word_shard(word: str) -> str:
    return word[:KEY_LENGTH]


def lookup_files(registry: Registry) -> dict[str, str]:
    """{relative path: JSON text} of every lookup file, the index included."""
    sirens: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    numbers: dict[str, dict[str, list[list[str]]]] = defaultdict(lambda: defaultdict(list))
    names: dict[str, dict[str, list[list[Any]]]] = defaultdict(lambda: defaultdict(list))
    for company_id, company in registry.companies.items():
        if company.siren:
            sirens[company.siren[:KEY_LENGTH]][company.siren].append(company_id)
        for view in registry.certificates.get(company_id, []):
            key = number_key(view.certificate.number or "")
            if key and [company_id, view.id] not in numbers[number_shard(key)][key]:
                numbers[number_shard(key)][key].append([company_id, view.id])
        for place, text in enumerate([company.name, *company.aliases]):
            found = name_words(text)
            for word in dict.fromkeys(found):
                names[word_shard(word)][word].append([company_id, place, len(found)])
    files = {}
    for pattern, table in ((SIREN_SHARD, sirens), (NUMBER_SHARD, numbers), (NAME_SHARD, names)):
        for key, entries in table.items():
            files[pattern.format(key=key)] = _json(entries)
    files[LOOKUP_INDEX] = _json({
        "key_length": KEY_LENGTH,
        "folded_letters": FOLDED_LETTERS,
        "stop_words": list(STOP_WORDS),
        "siren": sorted(sirens),
        "numbers": sorted(numbers),
        "names": sorted(names),
    })
    return dict(sorted(files.items()))


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"

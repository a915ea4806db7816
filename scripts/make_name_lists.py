#!/usr/bin/env python3
"""Write the offline name lists that redaction uses: bot/listening/data/names.tsv and
bot/listening/data/words.txt.

Usage (once, on a developer's machine; nothing here runs when Upward runs):
    apt-get install -y wbritish-small           # SCOWL size-35 British English word list
    python -m venv /tmp/names && /tmp/names/bin/pip install names-dataset==3.3.1
    /tmp/names/bin/python scripts/make_name_lists.py

Why a generated file and not the package at run time: names-dataset loads 1.6 million names in
~17 s and ~2 GB of memory, far too much for every import. Only the names ranked in Great Britain
and Ireland are kept (the country ranks are the dataset's own), which covers the UK's mix of
Irish, Welsh, Scottish, South Asian, Polish, Romanian, Nigerian... names that residents write.

A name that is also an ordinary English word ("Will", "May", "Bill", "Rose", "Green", "Hill")
is marked ambiguous: it is an ordinary word when it stands in SCOWL's common-word list (size 35,
~50,000 words) in lower case. Redaction treats such names as names only in context. words.txt is
that same common-word list (lower case, letters only), used to tell an unknown surname
("Sharon Whitlock") from an ordinary capitalised word ("Sharon Housing").

The output is deterministic: the same inputs always give the same bytes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from names_dataset import NameDataset

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bot" / "listening" / "data"
WORDS = Path("/usr/share/dict/british-english-small")

# Rank cut-offs per country, chosen so the long tail (typos, nicknames of nicknames) stays out.
# The GB ranks miss some of the commonest names of British Muslims and of people from abroad
# (Mohammed, Ahmed, Fatima, Jürgen), so the top names of every country in the dataset come too.
FIRST_RANKS = {"GB": 8000, "IE": 3000}
LAST_RANKS = {"GB": 12000, "IE": 3000}
ANY_COUNTRY_RANK = {"first": 1000, "last": 600}
_NAME = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def ranked(table: dict, limits: dict[str, int], anywhere: int) -> set[str]:
    """Names (lower case) ranked within the limit in the named countries, or within `anywhere`
    in any country."""
    found: set[str] = set()
    for name, info in table.items():
        ranks = info.get("rank") or {}
        if any(ranks.get(c, limit + 1) <= limit for c, limit in limits.items()) or any(
            rank <= anywhere for rank in ranks.values()
        ):
            if _NAME.fullmatch(name) and len(name) >= 2:
                found.add(name.lower())
    return found


def common_words() -> set[str]:
    lines = WORDS.read_text(encoding="utf-8").split()
    return {w for w in lines if w.isalpha() and w.islower() and w.isascii()}


def main() -> None:
    if not WORDS.exists():
        sys.exit(f"{WORDS} is missing: apt-get install -y wbritish-small")
    words = common_words()
    data = NameDataset()
    first = ranked(data.first_names, FIRST_RANKS, ANY_COUNTRY_RANK["first"])
    last = ranked(data.last_names, LAST_RANKS, ANY_COUNTRY_RANK["last"])
    british = ranked(data.first_names, FIRST_RANKS, 0) | ranked(data.last_names, LAST_RANKS, 0)
    OUT.mkdir(parents=True, exist_ok=True)
    rows = ["# name\tkind (f first, l last, fl both)\tambiguous (also a common English word)\t"
            "uk (ranked in Great Britain or Ireland)",
            "# from names-dataset 3.3.1 (GB/IE ranks, top of every country) and SCOWL size 35 (wbritish-small)"]
    for name in sorted(first | last):
        kind = ("f" if name in first else "") + ("l" if name in last else "")
        rows.append(f"{name}\t{kind}\t{int(name in words)}\t{int(name in british)}")
    (OUT / "names.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (OUT / "words.txt").write_text(
        "# common English words, lower case: SCOWL size 35 (wbritish-small)\n"
        + "\n".join(sorted(words)) + "\n",
        encoding="utf-8",
    )
    print(f"{len(first)} first names, {len(last)} surnames, {len(words)} common words -> {OUT}")


if __name__ == "__main__":
    main()

"""Convert FreeDict's English→French dictionary (Debian package dict-freedict-eng-fra) to the lexicon TSV format,
or with --reverse its French→English one (dict-freedict-fra-eng), read backwards.

usage: python scripts/build_freedict_lexicon.py [--reverse] INDEX DICT_DZ OUT_TSV
  e.g. apt-get download dict-freedict-eng-fra && dpkg-deb -x dict-freedict-eng-fra_*.deb fd &&
       python scripts/build_freedict_lexicon.py fd/usr/share/dictd/freedict-eng-fra.{index,dict.dz} \
           bot/data/lexicon/freedict-eng-fra.tsv
       apt-get download dict-freedict-fra-eng && dpkg-deb -x dict-freedict-fra-eng_*.deb fd &&
       python scripts/build_freedict_lexicon.py --reverse fd/usr/share/dictd/freedict-fra-eng.{index,dict.dz} \
           bot/data/lexicon/freedict-fra-eng-reversed.tsv
The result is committed in bot/data/lexicon/, so that neither the bot nor CI needs Debian's package at run time.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
HEADER = """# English → French lexicon converted from FreeDict's eng-fra dictionary, edition 0.1.6 (Debian package
# dict-freedict-eng-fra 2022.04.21-1), by scripts/build_freedict_lexicon.py.
# Copyright (C) 1999-2017 by the FreeDict authors; licensed under the GNU General Public License, version 2
# or any later version (https://freedict.org/). This file is a derived work under the same licence.
"""
REVERSED_HEADER = """# English → French lexicon read backwards from FreeDict's fra-eng dictionary, edition 0.4.1 (Debian package
# dict-freedict-fra-eng 2022.04.21-1), by scripts/build_freedict_lexicon.py --reverse: each English translation
# of a French headword, of one or two words, leads back to that headword.
# Copyright (C) 1999-2018 by the FreeDict authors (Horst Eyermann, John Darrington and others); licensed under the
# GNU General Public License, version 2 or any later version (https://freedict.org/). This file is a derived work
# under the same licence.
"""


def dictd_number(text: str) -> int:
    """Decode dictd's base-64 offsets and lengths."""
    value = 0
    for char in text:
        value = value * 64 + B64.index(char)
    return value


def entries(index: Path, dictionary: bytes) -> dict[str, list[str]]:
    """Headword → French translations, from a dictd index and its uncompressed text."""
    result: dict[str, list[str]] = {}
    for line in index.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or parts[0].startswith("00-database") or parts[0].startswith("00database"):
            continue
        offset, length = dictd_number(parts[1]), dictd_number(parts[2])
        first, *body = dictionary[offset:offset + length].decode("utf-8").splitlines()
        # The headword as the entry writes it ("d'après /dapʀɛ/ <prep>"): the index keeps only its letters (dapres).
        headword = re.split(r"\s+[/<]", first.strip(), maxsplit=1)[0].strip().lower()
        translations = []
        for text in body:
            text = re.sub(r"^\s*\d+\.\s*", "", text).strip()
            for translation in text.split(","):
                translation = re.sub(r"\([^)]*\)", "", translation).strip(" ;.")
                if translation and "\t" not in translation and translation not in translations:
                    translations.append(translation)
        if translations:
            result.setdefault(headword, []).extend(t for t in translations if t not in result.get(headword, []))
    return result


def reversed_entries(french_english: dict[str, list[str]]) -> dict[str, list[str]]:
    """English word or two-word phrase → the French headwords it translates, from a French→English dictionary."""
    result: dict[str, list[str]] = {}
    for french, translations in french_english.items():
        for english in (t.strip().lower() for t in translations):
            if english[:1].isalpha() and len(english.split()) <= 2:
                found = result.setdefault(english, [])
                if french not in found:
                    found.append(french)
    return result


def main() -> None:
    """Read the dictionary and write the TSV."""
    arguments = sys.argv[1:]
    reverse = arguments[:1] == ["--reverse"]
    if reverse:
        arguments = arguments[1:]
    if len(arguments) != 3:
        sys.exit(__doc__)
    index, dict_dz, out = map(Path, arguments)
    with gzip.open(dict_dz) as handle:
        dictionary = handle.read()
    found = entries(index, dictionary)
    if reverse:
        found = reversed_entries(found)
    lines = [f"{word}\t{'; '.join(translations)}" for word, translations in sorted(found.items())
             if "#" not in word and "#" not in "".join(translations)]
    out.write_text((REVERSED_HEADER if reverse else HEADER) + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} entries to {out}")


if __name__ == "__main__":
    main()

"""Convert FreeDict's English→French dictionary (Debian package dict-freedict-eng-fra) to the lexicon TSV format.

usage: python scripts/build_freedict_lexicon.py INDEX DICT_DZ OUT_TSV
  e.g. apt-get download dict-freedict-eng-fra && dpkg-deb -x dict-freedict-eng-fra_*.deb fd &&
       python scripts/build_freedict_lexicon.py fd/usr/share/dictd/freedict-eng-fra.{index,dict.dz} \
           bot/data/lexicon/freedict-eng-fra.tsv
The result is committed beside the corpus, so that neither the bot nor CI needs Debian's package at run time.
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
        headword, offset, length = parts[0].strip().lower(), dictd_number(parts[1]), dictd_number(parts[2])
        body = dictionary[offset:offset + length].decode("utf-8").splitlines()[1:]  # first line: headword /ipa/
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


def main() -> None:
    """Read the dictionary and write the TSV."""
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    index, dict_dz, out = map(Path, sys.argv[1:])
    with gzip.open(dict_dz) as handle:
        dictionary = handle.read()
    lines = [f"{word}\t{'; '.join(translations)}" for word, translations in sorted(entries(index, dictionary).items())
             if "#" not in word and "#" not in "".join(translations)]
    out.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} entries to {out}")


if __name__ == "__main__":
    main()

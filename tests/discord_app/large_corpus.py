"""A 1,000-article, 100-outlet corpus shaped like real coverage: long outlet names, long headlines and links, dated
sentences naming the same actors, one event reported by 80 outlets; written as article files in a folder."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

ARTICLES = 1000
OUTLETS = 100
WIDELY_REPORTED = 80  # outlets reporting Amazon's pause "hier 10 juin"

_PLACES = ["Saint-Rémy-de-Provence", "Villeneuve-lès-Avignon", "Clermont-Ferrand", "Boulogne-sur-Mer", "Aix-en-Provence",
           "Châlons-en-Champagne", "Charleville-Mézières", "Saint-Germain-en-Laye", "Montigny-le-Bretonneux",
           "Bourg-en-Bresse"]
_KINDS = ["La Gazette numérique de", "Le Courrier des libertés de", "L'Observatoire technologique de",
          "Le Journal indépendant de", "La Lettre des droits numériques de", "Le Quotidien régional de",
          "La Revue critique de", "Les Nouvelles du numérique de", "Le Petit Écho de", "La Tribune citoyenne de"]
_ACTORS = ["IBM", "Amazon", "Microsoft", "Google", "l'ACLU", "le Congrès", "la police", "les ONG"]
_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"]
_FILLER = ("La reconnaissance faciale suscite des critiques de la part des associations de défense des libertés "
           "civiles, qui dénoncent des biais et une surveillance de masse des citoyens. Les entreprises du secteur "
           "promettent un encadrement, sans convaincre leurs détracteurs. ")


def outlet_name(n: int) -> str:
    """One of the 100 outlets: "La Gazette numérique de Saint-Rémy-de-Provence (édition 3)"."""
    return f"{_KINDS[n % 10]} {_PLACES[n // 10 % 10]} (édition {n})"


def _article(n: int, rng: random.Random) -> tuple[str, str]:
    outlet = n % OUTLETS
    widely = outlet < WIDELY_REPORTED and n < OUTLETS
    year, month, day = (2020, 6, 11) if widely else (rng.choice([2018, 2019, 2020]), rng.randint(1, 12),
                                                      rng.randint(1, 28))
    actor, other = rng.sample(_ACTORS, 2)
    title = (f"{actor.capitalize()} et {other} : ce que change la décision sur la reconnaissance faciale pour les "
             f"forces de l'ordre, les libertés publiques et le marché de la surveillance (article {n})")
    slug = "-".join(title.lower().replace("'", " ").replace(":", " ").replace("(", " ").replace(")", " ").split())
    paragraphs = []
    if widely:
        paragraphs.append("Amazon a donc dû réagir, et hier 10 juin, Amazon a publié sur son blog un message "
                          "annonçant un moratoire d'un an sur la vente de Rekognition à la police.")
    event_day, event_month = rng.randint(1, 28), rng.randint(1, 12)
    paragraphs += [
        f"Le {event_day} {_MONTHS[event_month - 1]} {year}, {actor} a annoncé des mesures sur la reconnaissance "
        f"faciale, selon {other}. " + _FILLER,
        f"En {_MONTHS[rng.randint(0, 11)]} {year - 1}, {other} avait déjà critiqué la vente de ces outils à la "
        f"police. " + _FILLER * 2,
        f"Article numéro {n} de la série : {actor} face à {other}, une histoire en {rng.randint(3, 9)} épisodes. "
        + _FILLER,
    ]
    front = (f'---\nid: "L{n:04d}"\noutlet: "{outlet_name(outlet)}"\ntitle: "{title}"\n'
             f'title_original: {str(n % 7 != 0).lower()}\ndate: "{year:04d}-{month:02d}-{day:02d}"\nlanguage: fr\n'
             f'url: "https://www.{outlet_name(outlet).split()[1].lower()}-{outlet}.example/{year}/{month:02d}/{slug}"\n'
             f"---\n")
    return f"L{n:04d}.md", front + "\n\n".join(paragraphs) + "\n"


def write_large_corpus(folder: Path, source_corpus: Path) -> Path:
    """Write the 1,000 articles, with the project's entity list, into `folder`."""
    rng = random.Random(1000)
    (folder / "articles").mkdir(parents=True)
    for n in range(ARTICLES):
        name, text = _article(n, rng)
        (folder / "articles" / name).write_text(text, encoding="utf-8")
    shutil.copy(source_corpus / "entities.tsv", folder / "entities.tsv")
    return folder

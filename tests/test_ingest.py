"""Adding articles: each kind of file, metadata from the document, refusals, duplicates, folders, check."""

from __future__ import annotations

import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.corpus import corpus_lock, load_corpus
from bot.ingest import add_articles, read_draft

from .conftest import CORPUS_DIR, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus", ignore=shutil.ignore_patterns(".index"))
    return tmp_path / "corpus"


def article(corpus: Path, article_id: str):
    return next(a for a in load_corpus(corpus) if a.id == article_id)


def cli(corpus: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "corpus", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={"CORPUS_DIR": str(corpus), "PATH": "/usr/bin:/bin"})


def test_html_main_text_and_metadata_are_extracted(corpus: Path) -> None:
    summary = add_articles([FIXTURES / "lemonde.html"], corpus)
    assert summary.added == [("lemonde.html", "005")] and not summary.refused
    added = article(corpus, "005")
    assert added.outlet == "Le Quotidien Test" and added.date == "2020-06-25"
    assert added.title == "Reconnaissance faciale : la ville de Boston l'interdit à sa police"
    assert added.url == "https://quotidien.example/tech/boston-reconnaissance-faciale"
    text = " ".join(added.paragraphs)
    assert "conseil municipal de Boston" in text
    assert "Mondial Relay" not in text and "Commentaire de Jean" not in text and "Accueil" not in text


def test_markdown_front_matter_and_heading_are_used(corpus: Path) -> None:
    add_articles([FIXTURES / "avec-front-matter.md"], corpus)
    added = article(corpus, "005")
    assert (added.outlet, added.title, added.date, added.url) == (
        "Le Blog Test", "Microsoft et la police", "2020-06-15", "https://blog.example/a")
    assert added.paragraphs[0].startswith("Microsoft confirme")


def test_plain_text_takes_its_first_line_as_title_and_options_for_the_rest(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text("IBM quitte le marché\n\nIBM ne vendra plus de reconnaissance faciale.\n", encoding="utf-8")
    summary = add_articles([path], corpus, {"outlet": "Agence Test", "date": "2020-06-09", "url": "https://a.example/b"})
    assert summary.added == [("brief.txt", "005")]
    added = article(corpus, "005")
    assert added.title == "IBM quitte le marché" and added.language == "fr"
    assert "command line" in added.date_basis


def test_what_cannot_be_established_is_refused_with_the_reason(corpus: Path, tmp_path: Path) -> None:
    summary = add_articles([FIXTURES / "sans-date.md"], corpus)
    ((name, reason),) = summary.refused
    assert name == "sans-date.md" and "no date and no outlet" in reason and "--date" in reason
    bad = add_articles([FIXTURES / "sans-date.md"], corpus, {"outlet": "X", "date": "juin 2020"})
    assert "date" in bad.refused[0][1]
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    assert "unsupported file type .pdf" in add_articles([tmp_path / "x.pdf"], corpus).refused[0][1]
    assert len(load_corpus(corpus)) == 5


def test_the_same_article_is_not_added_twice(corpus: Path) -> None:
    first = add_articles([FIXTURES / "lemonde.html"], corpus)
    again = add_articles([FIXTURES / "lemonde.html"], corpus)
    assert first.added and again.present == [("lemonde.html", "005")] and not again.added
    files_before = sorted((corpus / "articles").iterdir())
    # A dirty re-scrape of an existing article (comments and all) is recognised by its text.
    seed = SEEDS / "000_c1cd39c41ffb0f6a.txt"
    if seed.exists():
        dup = add_articles([seed], corpus, {"outlet": "Next INpact", "date": "2020-06-11"})
        assert dup.present == [(seed.name, "000")]
    assert sorted((corpus / "articles").iterdir()) == files_before


def test_a_folder_is_added_with_a_summary(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in ("lemonde.html", "avec-front-matter.md", "sans-date.md"):
        shutil.copy(FIXTURES / name, folder / name)
    shutil.copy(FIXTURES / "lemonde.html", folder / "copie.html")
    seen = []
    summary = add_articles([folder], corpus, progress=lambda done, total, name: seen.append((done, total)))
    assert len(summary.added) == 2 and len(summary.present) == 1 and len(summary.refused) == 1
    assert seen[-1] == (4, 4)
    assert summary.lines()[-1] == "2 added, 1 already present, 1 refused"
    assert len(load_corpus(corpus)) == 7


def test_an_existing_file_is_never_overwritten(corpus: Path) -> None:
    (corpus / "articles" / "005-le-quotidien-test-reconnaissance-faciale-la-ville-de-boston-l-i.md").write_text(
        "mine", encoding="utf-8")
    summary = add_articles([FIXTURES / "lemonde.html"], corpus)
    assert summary.added[0][1] == "006"


def test_cli_add_and_check(corpus: Path) -> None:
    run = lambda *a: cli(corpus, *a)
    added = run("add", str(FIXTURES / "lemonde.html"))
    assert added.returncode == 0 and "added lemonde.html as 005" in added.stdout
    assert run("check").stdout.strip() == "6 articles OK"
    (corpus / "articles" / "900-bad.md").write_text("---\nid: '900'\n---\ntexte\n", encoding="utf-8")
    (corpus / "articles" / "901-bad.md").write_text("no front matter", encoding="utf-8")
    checked = run("check")
    assert checked.returncode == 1
    assert "900-bad.md: missing field 'outlet'" in checked.stdout and "901-bad.md: no front matter" in checked.stdout
    refused = run("add", str(FIXTURES / "sans-date.md"))
    assert refused.returncode == 1 and "refused sans-date.md" in refused.stdout


def test_read_draft_of_html_drops_a_repeated_headline() -> None:
    draft = read_draft(FIXTURES / "lemonde.html")
    assert draft.paragraphs[0].startswith("Le conseil municipal")


# --- Concurrency, hostile files and the small refusals of issue 12 ---

WORDS = ("police", "reconnaissance", "faciale", "entreprise", "logiciel", "vente", "moratoire", "juin", "lettre",
         "organisation", "technologie", "droits", "libertés", "gouvernement", "caméra", "ville", "conseil", "loi",
         "image", "données", "surveillance", "citoyens", "contrat", "marché", "annonce", "semaine", "suspension",
         "réaction", "manifestation", "justice", "question", "débat", "projet", "rapport", "public", "usage")


def distinct_text(seed: int) -> str:
    """A headline and a paragraph that share no run of five words with another seed's."""
    chosen = random.Random(seed).choices(WORDS, k=80)
    return f"Dépêche numéro {seed}\n\n" + " ".join(chosen) + ".\n"


def run_adders(corpus: Path, tmp_path: Path, count: int, trial: int) -> list[subprocess.CompletedProcess]:
    common = tmp_path / f"commun-{trial}.txt"
    common.write_text(distinct_text(10_000 + trial), encoding="utf-8")
    env = dict(os.environ, CORPUS_DIR=str(corpus))
    processes = []
    for n in range(count):
        own = tmp_path / f"adder-{trial}-{n}.txt"
        own.write_text(distinct_text(trial * 100 + n), encoding="utf-8")
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "bot", "corpus", "add", str(own), str(common), "--outlet", f"Agence {n}",
             "--date", "2020-06-12"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    return [subprocess.CompletedProcess(p.args, p.wait(timeout=300), *p.communicate()) for p in processes]


# Two and ten `corpus add` at once, repeatedly (ADD_TRIALS=10 for the 10 trials × 10 adders, by hand).
@pytest.mark.parametrize("count, trials", [(2, 3), (10, int(os.environ.get("ADD_TRIALS", "1")))])
def test_concurrent_adders_each_land_once_with_unique_ids(tmp_path: Path, count: int, trials: int) -> None:
    for trial in range(trials):
        corpus = tmp_path / f"corpus-{trial}"
        shutil.copytree(CORPUS_DIR, corpus, ignore=shutil.ignore_patterns(".index"))
        results = run_adders(corpus, tmp_path, count, trial)
        assert all(r.returncode == 0 and "Traceback" not in r.stderr for r in results), [r.stderr for r in results]
        articles = load_corpus(corpus)  # loads: no id is shared
        added = [a for a in articles if a.id not in {"000", "001", "002", "003", "004"}]
        assert len(added) == count + 1, f"trial {trial}: {[a.seed for a in added]}"
        assert sorted(a.seed for a in added) == sorted([f"adder-{trial}-{n}.txt" for n in range(count)]
                                                       + [f"commun-{trial}.txt"])
        assert len({a.id for a in articles}) == len(articles)
        assert len(list((corpus / "articles").glob("*.md"))) == len(articles)  # nothing half-written or stray
        outputs = "".join(r.stdout for r in results)
        assert outputs.count(f"added commun-{trial}.txt") == 1
        assert outputs.count(f"already present: commun-{trial}.txt") == count - 1


def test_a_fifo_is_refused_not_waited_on(corpus: Path, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "notes.txt")
    result = cli(corpus, "add", str(tmp_path / "notes.txt"), "--outlet", "X", "--date", "2020-01-01", timeout=30)
    assert result.returncode == 1 and "refused notes.txt: not a regular file" in result.stdout


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "token.txt"
    path.parent.mkdir()
    path.write_text("DISCORD_TOKEN=abc.def.ghi\n\nLe secret ne doit jamais devenir un article.\n", encoding="utf-8")
    return path


def test_symbolic_links_are_refused_unless_asked_for(corpus: Path, tmp_path: Path, secret: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "notes.txt").symlink_to(secret)
    (inbox / "zero.txt").symlink_to("/dev/zero")
    summary = add_articles([inbox], corpus, {"outlet": "X", "date": "2020-01-01"})
    assert not summary.added
    assert dict(summary.refused) == {"notes.txt": "is a symbolic link; give --follow-symlinks to read it",
                                     "zero.txt": "is a symbolic link; give --follow-symlinks to read it"}
    direct = add_articles([inbox / "notes.txt"], corpus, {"outlet": "X", "date": "2020-01-01"})
    assert direct.refused == [("notes.txt", "is a symbolic link; give --follow-symlinks to read it")]
    assert len(load_corpus(corpus)) == 5


def test_followed_links_never_lead_outside_the_folder_given(corpus: Path, tmp_path: Path, secret: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "real").mkdir(parents=True)
    (inbox / "real" / "brief.txt").write_text(distinct_text(1), encoding="utf-8")
    (inbox / "alias.txt").symlink_to(inbox / "real" / "brief.txt")  # inside: followed
    (inbox / "notes.txt").symlink_to(secret)  # outside: refused
    (inbox / "elsewhere").symlink_to(secret.parent, target_is_directory=True)  # a linked folder outside: refused
    (inbox / "zero.txt").symlink_to("/dev/zero")
    summary = add_articles([inbox], corpus, {"outlet": "X", "date": "2020-01-01"}, follow_symlinks=True)
    refused = dict(summary.refused)
    assert refused["notes.txt"] == refused["elsewhere"] == f"points outside {inbox}"
    assert refused["zero.txt"] == f"points outside {inbox}"
    assert summary.added == [("alias.txt", "005")] and summary.present == [("brief.txt", "005")]  # the same file
    assert "secret" not in " ".join(p for a in load_corpus(corpus) for p in a.paragraphs)


def test_a_file_over_the_size_limit_is_refused_with_the_way_to_raise_it(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html><body>" + "<p>police</p>" * 500_000 + "</body></html>", encoding="utf-8")  # 6.5 MB
    started = time.monotonic()
    summary = add_articles([path], corpus, {"outlet": "X", "date": "2020-01-01"})
    assert summary.refused == [("page.html", "is 6.5 MB, over the 5 MB limit; give --max-size to raise it")]
    assert time.monotonic() - started < 5
    small = tmp_path / "brief.txt"
    small.write_text(distinct_text(2), encoding="utf-8")
    assert add_articles([small], corpus, {"outlet": "X", "date": "2020-01-01"}, max_bytes=100).refused == [
        ("brief.txt", "is 0.0 MB, over the 0.0001 MB limit; give --max-size to raise it")]
    assert add_articles([small], corpus, {"outlet": "X", "date": "2020-01-01"}, max_bytes=10_000).added


def test_a_yaml_alias_bomb_in_a_markdown_file_is_refused_at_once(corpus: Path, tmp_path: Path) -> None:
    lines = ['a0: &a0 "lol"'] + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    path = tmp_path / "bomb.md"
    path.write_text("---\n" + "\n".join(lines) + "\ntitle: *a9\noutlet: X\ndate: 2020-01-01\n---\nTexte.\n",
                    encoding="utf-8")
    # In a process limited to 2 GB and 60 s: expanded, the bomb would take far more (the took 3 GB).
    limit = lambda: resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    result = subprocess.run([sys.executable, "-m", "bot", "corpus", "add", str(path)], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, env=dict(os.environ, CORPUS_DIR=str(corpus)), preexec_fn=limit)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-300:]
    assert "refused bomb.md: front matter uses aliases (*name), which are not allowed" in result.stdout


def test_control_characters_and_terminal_escapes_are_stripped_on_the_way_in(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text("Titre \x1b]0;pwned\x07piégé\n\nLa police \x1b[2J\x1b[31mrouge\x1b[0m de Lyon\x08\x07 a parlé.\n",
                    encoding="utf-8")
    add_articles([path], corpus, {"outlet": "Agence\x1b[5m Test", "date": "2020-01-01"})
    added = article(corpus, "005")
    assert added.title == "Titre piégé" and added.outlet == "Agence Test"
    assert added.paragraphs == ("La police rouge de Lyon a parlé.",)


def test_a_link_that_would_break_markdown_is_made_safe(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(distinct_text(3), encoding="utf-8")
    add_articles([path], corpus, {"outlet": "X", "date": "2020-01-01",
                                  "url": "https://ok.example/a)**[PHISH](https://evil.example)"})
    url = article(corpus, "005").url
    assert url.startswith("https://ok.example/a") and not set("()[]*") & set(url)


def test_options_never_override_what_the_document_states(corpus: Path) -> None:
    summary = add_articles([FIXTURES / "avec-front-matter.md"], corpus,
                           {"date": "2021-01-01", "outlet": "Autre", "url": "https://autre.example/"})
    added = article(corpus, "005")
    assert (added.date, added.outlet, added.url) == ("2020-06-15", "Le Blog Test", "https://blog.example/a")
    assert "front matter" in added.date_basis
    assert "kept the document's date 2020-06-15 over --date 2021-01-01" in " ".join(summary.lines())


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "latin-1", "cp1252"])
def test_utf16_and_latin1_files_are_decoded(corpus: Path, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "brief.txt"
    text = "Sécurité à Lyon\n\nLa société « Élan » a arrêté la vente de caméras à la police en été.\n"
    path.write_bytes(text.encode(encoding))
    summary = add_articles([path], corpus, {"outlet": "X", "date": "2020-01-01"})
    assert summary.added, summary.refused
    added = article(corpus, "005")
    assert added.title == "Sécurité à Lyon" and added.paragraphs[0].startswith("La société « Élan »")


def test_a_binary_file_is_refused(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert add_articles([path], corpus, {"outlet": "X", "date": "2020-01-01"}).refused == [
        ("image.txt", "not text (binary data)")]


def test_an_adder_waits_for_the_lock_and_says_so(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(distinct_text(4), encoding="utf-8")
    with corpus_lock(corpus):  # another writer holds the corpus
        process = subprocess.Popen([sys.executable, "-m", "bot", "corpus", "add", str(path), "--outlet", "X", "--date",
                                    "2020-01-01"], cwd=ROOT, env=dict(os.environ, CORPUS_DIR=str(corpus)),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert process.poll() is None and len(load_corpus(corpus)) == 5  # waiting, nothing written
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0 and "added brief.txt as 005" in stdout
    assert stderr.strip() == "waiting for another 'corpus add' to finish…"

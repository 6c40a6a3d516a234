"""The command line: `python -m bot ask|sources|…`; the same answers as the Discord bot, without a token."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import textwrap
from typing import Callable, Sequence

from .config import ConfigError, Settings, settings_from_env
from .corpus import Article, CorpusError, without_controls

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a writer whose reader went away
DEFAULT_MAX_MB = 5  # ingest.DEFAULT_MAX_BYTES, not imported here to keep the parser's start-up light


class UsageError(Exception):
    """A user error the command line reports in one line with exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage block
        raise UsageError(message)


# Characters JSON may carry raw that a terminal would act on: C1 controls (\x9b starts an escape sequence) and
# the bidirectional overrides. JSON escapes C0 controls itself.
_JSON_RAW_CONTROLS = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _print(text: str) -> None:
    """Print for a terminal: no escape sequence or control character from an article reaches it."""
    print(without_controls(text))


def _error(message: str) -> None:
    print(without_controls(message), file=sys.stderr)


def _print_json(data: object) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    print(_JSON_RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text))  # the same data, escaped


def _clean_argument(text: str) -> str:
    """Command-line text with undecodable bytes (lone surrogates) replaced by U+FFFD."""
    try:
        raw = text.encode("utf-8", "surrogateescape")  # the bytes Python could not decode, back as they were
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


def format_citation(citation: dict[str, str]) -> str:
    """'Outlet, « Title », date, url' for one article."""
    parts = [citation["outlet"], f"« {citation['title']} »", citation["date"]]
    if citation.get("url"):
        parts.append(citation["url"])
    return ", ".join(parts)


def format_answer(answer) -> str:
    """The plain-text rendering of an Answer for a terminal."""
    out: list[str] = []
    hits = list(answer.hits)
    if answer.answered:
        best = hits.pop(0)
        out.append(f"Answer — {format_citation(best.passage.article.citation())}")
        out += [f"Also in — {format_citation(article.citation())}" for article in best.other_articles]
        if best.date:
            out.append(f"Date: {best.date.iso} (read from « {best.date.expression} »)")
        out.append("")
        marked = best.passage.text.replace(best.highlight, f">>> {best.highlight} <<<", 1)
        out.extend(textwrap.wrap(marked, 100))
        if hits:
            out += ["", "Other passages:"]
    else:
        out.append(answer.message)
        if hits:
            out += ["", "Closest passages (not answers):"]
    for hit in hits:
        sources = [format_citation(a.citation()) for a in (hit.passage.article, *hit.other_articles)]
        out.append(f"- {hit.highlight[:160]} — {'; also in '.join(sources)}")
    return "\n".join(out)


def _progress(label: str) -> Callable[[int, int], None]:
    """A progress bar on stderr for a long step, shown only where someone watches (a terminal)."""
    from .ingest import progress_bar

    return lambda done, total: progress_bar(done, total, label) if sys.stderr.isatty() else None


def _answerer(settings: Settings):
    from .answer import Answerer
    from .semantic import SemanticUnavailable

    try:
        return Answerer.from_corpus_dir(settings.corpus_dir, semantic=settings.semantic,
                                        progress=_progress("embedding passages (once, then saved)"))
    except SemanticUnavailable as error:
        raise UsageError(f"SEMANTIC=on but {error}") from None


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from .question import QuestionError

    question = " ".join(args.question)
    answerer = _answerer(settings)
    try:
        answer = answerer.ask(question, k=args.k)
    except QuestionError as error:
        raise UsageError(str(error)) from None
    if args.json:
        _print_json(answer.to_json())
    else:
        _print(format_answer(answer))
    return EXIT_OK


def format_sources(articles: Sequence[Article]) -> str:
    """One line per article: id, date, outlet, headline, link."""
    return "\n".join(f"{a.id}  {format_citation(a.citation())}" for a in articles)


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from .evaluate import (EvalError, Metrics, Outcome, format_misses, format_table, load_questions, misses_to_json,
                           resolve_gold, run_bot, run_plain_bm25, run_removed)

    try:
        questions = load_questions(args.questions)
        answerer = _answerer(settings)
        questions, notes = resolve_gold(questions, answerer.articles)
    except EvalError as error:
        raise UsageError(str(error)) from None
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    outcomes = run_bot(answerer, questions, progress=_progress("questions") if len(questions) > 20 else None)
    baseline = run_plain_bm25(answerer.articles, questions)
    if args.remove_gold:
        removed = run_removed(answerer, questions, progress=_progress("questions, gold removed"))
        outcomes += removed
        baseline += [Outcome(False, True, None, 0.0) for _ in removed]  # plain BM25 always answers something
    bot, baseline = Metrics.of(outcomes), Metrics.of(baseline)
    mode = "BM25 + semantic layer" if answerer.semantic is not None else "BM25 alone"
    if args.json:
        data = {"questions": len(questions), "mode": mode, "bot": bot.to_json(), "plain_rank_bm25": baseline.to_json()}
        _print_json(data | ({"misses": misses_to_json(outcomes)} if args.misses else {}))
    else:
        print(format_table(bot, baseline, mode) + (f"\n\n{format_misses(outcomes)}" if args.misses else ""))
    return EXIT_OK


def cmd_sources(args: argparse.Namespace, settings: Settings) -> int:
    from .corpus import load_corpus

    articles = load_corpus(settings.corpus_dir)
    if args.json:
        _print_json({"articles": [a.citation() | {"seed": a.seed, "date_basis": a.date_basis} for a in articles]})
    else:
        _print(format_sources(articles))
    return EXIT_OK


def cmd_timeline(args: argparse.Namespace, settings: Settings) -> int:
    from .corpus import load_corpus
    from .timeline import (TimelineError, build_timeline, events_to_json, filter_events, format_event,
                           load_entities, parse_bound, render_png)

    try:
        start = parse_bound(args.start, "--from") if args.start is not None else None
        end = parse_bound(args.end, "--to") if args.end is not None else None
        entities = load_entities(settings.corpus_dir)
        events = build_timeline(load_corpus(settings.corpus_dir), entities)
        events = filter_events(events, entities, company=args.company, start=start, end=end)
    except TimelineError as error:
        raise UsageError(str(error)) from None
    if args.png:
        try:
            render_png(events, args.png)
        except OSError as error:
            raise UsageError(f"cannot write {args.png}: {error.strerror}") from None
    if args.json:
        _print_json(events_to_json(events))
    elif not args.png:
        _print("\n".join(format_event(e) for e in events) if events else "No dated event matches.")
    return EXIT_OK


def cmd_corpus_add(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from .ingest import IngestError, add_articles, progress_bar

    overrides = {"outlet": args.outlet, "title": args.title, "date": args.date, "url": args.url, "language": args.lang}
    if not 0 < args.max_size <= 10_000:
        raise UsageError(f"--max-size must be a number of megabytes from 0 to 10000, not {args.max_size:g}")
    try:
        summary = add_articles([Path(p) for p in args.paths], settings.corpus_dir, overrides,
                               progress=progress_bar if len(args.paths) > 1 or Path(args.paths[0]).is_dir() else None,
                               max_bytes=int(args.max_size * 1_000_000), follow_symlinks=args.follow_symlinks,
                               waiting=lambda: _error("waiting for another 'corpus add' to finish…"))
    except IngestError as error:
        raise UsageError(str(error)) from None
    _print("\n".join(summary.lines()))
    return 1 if summary.refused else EXIT_OK


def cmd_corpus_check(args: argparse.Namespace, settings: Settings) -> int:
    from .corpus import check_corpus
    from .reading import analysis_problem

    articles, problems = check_corpus(settings.corpus_dir)
    problems += [problem for problem in map(analysis_problem, articles) if problem]
    for problem in problems:
        _print(problem)
    _print(f"{len(articles)} articles OK, {len(problems)} problem(s)" if problems else f"{len(articles)} articles OK")
    return 1 if problems else EXIT_OK


def cmd_corpus_gaps(args: argparse.Namespace, settings: Settings) -> int:
    from .answer import Answerer
    from .lexicon_gaps import format_gaps, lexicon_gaps

    if args.min_passages < 1 or args.limit < 1:
        raise UsageError("--min-passages and --limit must each be at least 1")
    answerer = Answerer.from_corpus_dir(settings.corpus_dir, semantic="off")  # the lexicons only: no vectors needed
    gaps = lexicon_gaps(answerer.index.passages, answerer.analyzer, args.min_passages)
    if args.json:
        _print_json({"min_passages": args.min_passages, "gaps": [gap._asdict() for gap in gaps]})
    else:
        _print(format_gaps(gaps, args.min_passages, args.limit))
    return EXIT_OK


def cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    from .bench import DEFAULT_SIZES, run

    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")] if args.sizes else list(DEFAULT_SIZES)
    except ValueError:
        raise UsageError(f"--sizes must be numbers separated by commas, not {args.sizes!r}") from None
    if any(size < 10 for size in sizes):
        raise UsageError("--sizes must each be at least 10 passages")
    if args.queries < 1 or args.runs < 1:
        raise UsageError("--queries and --runs must be at least 1")
    run(sizes + ([1_000_000] if args.million else []), settings.corpus_dir, queries=args.queries, runs=args.runs,
        semantic=not args.no_semantic, as_json=args.json)
    return EXIT_OK


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from .discord_app.run import DiscordUnreachable, run_bot

    try:
        run_bot(settings)
    except DiscordUnreachable as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return EXIT_OK


def cmd_sync(args: argparse.Namespace, settings: Settings) -> int:
    from .discord_app.client import CommandSync
    from .discord_app.run import DiscordUnreachable, sync_commands

    if args.guild is not None:
        request = CommandSync("guild", args.guild)
    elif args.clear_guild is not None:
        request = CommandSync("clear-guild", args.clear_guild)
    else:
        request = CommandSync("global")
    try:
        print(sync_commands(settings, request))
    except DiscordUnreachable as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return EXIT_OK


def cmd_feedback(args: argparse.Namespace, settings: Settings) -> int:
    from .feedback import FeedbackError, FeedbackStore, format_report

    store = FeedbackStore(settings.data_dir)
    try:
        report = store.report(limit=args.limit)
    except FeedbackError as error:
        raise UsageError(str(error)) from None
    if args.json:
        _print_json(report.to_json())
    else:
        print(format_report(report, store.path))
    return EXIT_OK


def _server_id(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 2**64:
        raise argparse.ArgumentTypeError(f"a server id is a number (Copy Server ID), not {text!r}")
    return int(text)


CORPUS_HELP = "corpus folder (default: $CORPUS_DIR or the project's corpus/)"


def _accept_corpus_everywhere(parser: argparse.ArgumentParser) -> None:
    """`--corpus DIR` may also come after the command (`eval q.jsonl --corpus DIR`)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                if not any("--corpus" in a.option_strings for a in child._actions):
                    child.add_argument("--corpus", default=argparse.SUPPRESS, help=CORPUS_HELP)
                _accept_corpus_everywhere(child)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    parser = _Parser(prog="python -m bot", description="Answer questions about the press coverage, with sources.")
    parser.add_argument("--corpus", help=CORPUS_HELP)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ask = sub.add_parser("ask", help="answer a question from the coverage")
    ask.add_argument("question", nargs="+", help="the question, in English or French")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--k", type=int, default=3, help="how many passages (default 3)")
    ask.set_defaults(handler=cmd_ask)

    evaluate = sub.add_parser("eval", help="measure the answers on a question set, beside plain rank-bm25")
    evaluate.add_argument("questions", help='JSONL file: {"question", "gold": [[article_id, paragraph or phrase]]} '
                                            'or {"question", "answerable": false} per line; or the acceptance set\'s '
                                            'JSON object {"questions": [{"q", "gold"}], "none": [question, ...]}')
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument("--misses", action="store_true",
                          help="also list the questions the bot got wrong: what it did and what it put first")
    evaluate.add_argument("--remove-gold", action="store_true",
                          help="also ask each answerable question of the corpus without the articles that answer it "
                               "(it should be declined)")
    evaluate.set_defaults(handler=cmd_eval)

    sources = sub.add_parser("sources", help="list the articles and their metadata")
    sources.add_argument("--json", action="store_true", help="print JSON")
    sources.set_defaults(handler=cmd_sources)

    timeline = sub.add_parser("timeline", help="the dated events the coverage reports, oldest first")
    timeline.add_argument("--json", action="store_true", help="print JSON")
    timeline.add_argument("--company", help="only events of this actor: a name or spelling (IBM, AWS, ACLU…) or a "
                                            "person (Brad Smith)")
    timeline.add_argument("--from", dest="start", metavar="DATE", help="from this date (YYYY[-MM[-DD]])")
    timeline.add_argument("--to", dest="end", metavar="DATE", help="up to this date (YYYY[-MM[-DD]])")
    timeline.add_argument("--png", metavar="FILE", help="also draw the timeline into this PNG file")
    timeline.set_defaults(handler=cmd_timeline)

    corpus = sub.add_parser("corpus",
                            help="add articles to the corpus, check it, or find the words English cannot reach")
    corpus_sub = corpus.add_subparsers(dest="corpus_command", required=True, parser_class=_Parser)
    add = corpus_sub.add_parser("add", help="add articles from .txt, .md or saved .html files, or folders of them")
    add.add_argument("paths", nargs="+", help="files or folders")
    add.add_argument("--outlet", help="the outlet, when the document does not say")
    add.add_argument("--title", help="the headline, when the document does not say")
    add.add_argument("--date", help="publication date YYYY[-MM[-DD]], when the document does not say")
    add.add_argument("--url", help="the article's link")
    add.add_argument("--lang", help="two-letter language code (default: guessed)")
    add.add_argument("--max-size", type=float, default=DEFAULT_MAX_MB, metavar="MB",
                     help=f"refuse files larger than this (default {DEFAULT_MAX_MB:g} MB)")
    add.add_argument("--follow-symlinks", action="store_true",
                     help="read files through symbolic links (never to outside a folder given)")
    add.set_defaults(handler=cmd_corpus_add)
    check = corpus_sub.add_parser("check", help="validate every article file and report every problem")
    check.set_defaults(handler=cmd_corpus_check)
    gaps = corpus_sub.add_parser("gaps", help="French words of the corpus that no English question can reach")
    gaps.add_argument("--min-passages", type=int, default=2, metavar="N",
                      help="only words found in at least N passages (default 2)")
    gaps.add_argument("--limit", type=int, default=100, help="show at most this many (default 100)")
    gaps.add_argument("--json", action="store_true", help="print JSON (every gap, no limit)")
    gaps.set_defaults(handler=cmd_corpus_gaps)

    bench = sub.add_parser("bench", help="benchmark build, start-up, memory and latency against rank-bm25")
    bench.add_argument("--sizes", help="passage counts, comma-separated (default 1000,10000,100000)")
    bench.add_argument("--million", action="store_true",
                       help="also measure 1,000,000 passages (long: over 10 minutes, about 3 GB of memory)")
    bench.add_argument("--queries", type=int, default=200, help="questions timed per size and run (default 200)")
    bench.add_argument("--runs", type=int, default=3, help="runs of each timing; the median is shown (default 3)")
    bench.add_argument("--no-semantic", action="store_true", help="skip the semantic layer's figures")
    bench.add_argument("--json", action="store_true", help="print one JSON object")
    bench.set_defaults(handler=cmd_bench)

    run = sub.add_parser("run", help="run the Discord bot (needs DISCORD_TOKEN in .env or the environment)")
    run.set_defaults(handler=cmd_run)
    sync = sub.add_parser("sync", help="publish the slash commands to every server (once, or after changing them)")
    where = sync.add_mutually_exclusive_group()
    where.add_argument("--guild", type=_server_id, metavar="ID", help="publish to this server only (at once)")
    where.add_argument("--clear-guild", type=_server_id, metavar="ID",
                       help="remove the copies published to this server only (after going global)")
    sync.set_defaults(handler=cmd_sync)
    feedback = sub.add_parser("feedback", help="questions the coverage could not answer and answers marked wrong")
    feedback.add_argument("--json", action="store_true", help="print JSON")
    feedback.add_argument("--limit", type=int, default=50, help="at most this many of each (default 50)")
    feedback.set_defaults(handler=cmd_feedback)
    _accept_corpus_everywhere(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; user errors print one line and return 2, never a traceback."""
    for stream in (sys.stdout, sys.stderr):  # never a traceback for a character the terminal cannot show
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        args = build_parser().parse_args([_clean_argument(a) for a in (sys.argv[1:] if argv is None else argv)])
        settings = settings_from_env()
        if args.corpus:
            from dataclasses import replace
            from pathlib import Path

            settings = replace(settings, corpus_dir=Path(args.corpus))
        handler: Callable[[argparse.Namespace, Settings], int] = args.handler
        code = handler(args, settings)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's own flush at exit
        return code
    except (UsageError, ConfigError, CorpusError) as error:
        _error(f"error: {error}")
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (`… | head -1`): stop quietly, as other command-line tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return 130

"""`hookline import PATH...`: import posts and comments (YouTube, TikTok, Reddit, any CSV)."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from typing import TYPE_CHECKING

from hookline.root import Root

if TYPE_CHECKING:
    from tools.corpus.guess import GuessesToConfirm
    from tools.corpus.models import ImportReport


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import posts and comments from exports (files or folders)",
        description="Import YouTube Data API exports (CSV folders or API JSON), TikTok exports (GESIS CSV, "
        "scraper JSON), Reddit threads (JSON lines), or any CSV: Hookline guesses its columns and shows the "
        "guess with the --map that imports it (--yes imports the guess as it is). Comments join their posts "
        "by the post's id, in the same command or imported before. Bad rows are reported as "
        "file:line: reason; a file that cannot be read changes nothing.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
    parser.add_argument(
        "--format", dest="fmt", default="auto", choices=("auto", "youtube", "tiktok", "reddit", "csv"),
        help="the export format (default: detected from the content)",
    )
    parser.add_argument(
        "--map", dest="mapping", metavar="FIELD=COLUMN,...",
        help="columns of a generic CSV, e.g. post_id=video,creator=channel,title=title,views=views,"
        "text=comment,likes=likes,reply_count=replies",
    )
    parser.add_argument("--creator", help="the channel's name, for files that do not say it")
    parser.add_argument(
        "--yes", "-y", action="store_true",
        help="import CSV files of no known layout through the guess of their columns (without it the guess "
        "is shown, with the --map to use, and nothing is imported)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, root: Root) -> int:
    from tools.corpus.guess import GuessesToConfirm
    from tools.corpus.progress import terminal_progress

    store = root.open_corpus()
    try:
        with terminal_progress() as bar:

            def progress(stage: str, done: int, total: int | None) -> None:
                if stage.startswith("waiting"):  # said even when stderr is not a terminal
                    print(f"hookline: {stage}...", file=sys.stderr, flush=True)
                elif bar is not None:
                    bar(stage, done, total)

            report = store.import_files(
                args.paths, args.fmt, args.mapping, progress, creator=args.creator, accept_guess=args.yes
            )
    except GuessesToConfirm as asked:
        return _show_guesses(asked, args)
    finally:
        store.close()
    if args.json:
        payload = {
            "format": report.format,
            "imported": report.imported.model_dump(),
            "rejected": [rejection.model_dump() for rejection in report.rejected],
            "added": report.added.model_dump(),
            "files": [item.model_dump() for item in report.files],
            "skipped": report.skipped,
            "warnings": report.warnings,
            "embedded": report.embedded,
            "comments_linked": report.links.model_dump(),
            "notes": report.notes,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        counts, added = report.imported, report.added
        print(
            f"Imported {report.format}: {counts.creators:,} creator(s), {counts.posts:,} post(s), "
            f"{counts.comments:,} comment(s) ({added.posts:,} posts and {added.comments:,} comments new; "
            f"{report.embedded:,} texts embedded in {report.seconds:.1f} s)."
        )
        for line in report.notes:
            print(f"note: {line}" + (" (import it again with --creator NAME to choose the name)" if "names no creator" in line else ""))
        links = _links_line(report)
        if links:
            print(links)
        for line in report.skipped:
            print(f"skipped: {line}")
        for line in report.warnings:
            print(f"warning: {line}", file=sys.stderr)
        if report.rejected:
            print(f"{len(report.rejected):,} row(s) rejected:", file=sys.stderr)
            for rejection in report.rejected:
                print(f"  {rejection}", file=sys.stderr)
    nothing = not (report.imported.posts or report.imported.comments)
    return 1 if nothing and report.rejected else 0


def _links_line(report: ImportReport) -> str:
    """Where the comments went, for imports of generic CSVs (known layouts say nothing new)."""
    links = report.links
    if not (links.missing or any(item.format == "csv" for item in report.files)):
        return ""
    parts = [
        f"{count:,} {what}"
        for count, what in (
            (links.in_import, "on posts of this import"),
            (links.in_store, "on posts imported before"),
            (links.placeholders, "on stub posts until their posts are imported"),
        )
        if count
    ]
    line = "comments: " + ("; ".join(parts) or "none imported")
    if links.missing:
        line += (
            f"; {links.missing:,} rejected because their post is not imported (import the file with the posts "
            "in the same command or first, or add --creator NAME to keep them on stub posts)"
        )
    return line + "." if (parts or links.missing) else ""


def _show_guesses(asked: GuessesToConfirm, args: argparse.Namespace) -> int:
    """The guessed columns of each file and the commands that import them; nothing was imported."""
    guesses = sorted((item.guess for item in asked.asked), key=lambda guess: _KIND_ORDER.get(guess.kind, 3))
    by_hand = [_command([guess.display], "--map", guess.spec(), *_creator_args(args.creator or guess.creator)) for guess in guesses]
    everything = _command(args.paths, *(["--format", args.fmt] if args.fmt != "auto" else []), *_creator_args(args.creator), "--yes")
    if args.json:
        payload = {
            "imported": False,
            "guesses": [
                {
                    "path": guess.display, "kind": guess.kind, "mapping": guess.mapping, "creator": guess.creator,
                    "ignored": [{"column": item.shown, "reason": item.reason} for item in guess.placements if not item.field],
                    "command": command,
                }
                for guess, command in zip(guesses, by_hand, strict=True)
            ],
            "command": everything,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for item in sorted(asked.asked, key=lambda item: _KIND_ORDER.get(item.guess.kind, 3)):
            guess = item.guess
            if item.preface:
                print(item.preface.strip())
            print(f"{guess.display} is not a layout Hookline knows. Its columns, as guessed ({guess.kind}):")
            print("\n".join(guess.table()))
            if guess.creator and not args.creator:
                print(f"  No column names the creator: the posts are filed under {guess.creator!r} (--creator NAME to choose).")
            if guess.kind == "comments":
                kept = "kept on stub posts under " + repr(args.creator) if args.creator else "reported, not imported"
                print(f"  The comments join their posts by {guess.mapping.get('post_id', 'title')}: posts imported before "
                      f"or in the same command. Comments whose post is nowhere are {kept}.")
            print()
        print("Check the guess, then import as guessed:")
        print(f"  {everything}")
        print("or say which column is which yourself" + (", posts first:" if len(by_hand) > 1 else ":"))
        if asked.others:
            print(f"  {_command(asked.others, *_creator_args(args.creator))}")
        for command in by_hand:
            print(f"  {command}")
    count = len(guesses)
    print(
        f"hookline: nothing was imported: {'the columns of ' + guesses[0].display if count == 1 else f'{count} files'} "
        "need confirming. Add --yes to import as guessed, or use --map.",
        file=sys.stderr,
    )
    return 2


_KIND_ORDER = {"posts": 0, "posts+comments": 1, "comments": 2}


def _creator_args(name: str | None) -> list[str]:
    return ["--creator", name] if name else []


def _command(paths: list[str], *options: str) -> str:
    """A `hookline import` command line, quoted for a POSIX shell (a --map value is quoted already)."""
    words = ["hookline", "import", *(shlex.quote(str(path)) for path in paths)]
    quoted = iter(options)
    for option in quoted:
        words.append(option)
        if option == "--map":
            words.append(next(quoted))
        elif option in ("--creator", "--format"):
            words.append(shlex.quote(next(quoted)))
    return " ".join(words)

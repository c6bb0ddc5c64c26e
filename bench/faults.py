"""Fault injection: kill `hookline import` at random moments, then check both stores.

    .venv/bin/python -m bench.faults [--kills 200] [--comments 600] [--seed 1] [--json]

Each round starts from a data folder holding a first import (or an empty one, for a killed
first import), runs the real `hookline import` of a changed export in a subprocess, and kills
it (SIGKILL, or SIGINT as Ctrl-C does) after a random delay spread over the whole import.
Then it opens the store as the next command would (which finishes a killed import's vector
journal) and checks that
  * SQLite and Chroma agree (no vector without a row, no row without a vector, no vector
    built from other text: `tools/corpus/integrity.check`), and
  * the state (rows, keyword index, vector ids and the hashes they were built from) equals
    either the state before the import or the state after a clean import: nothing in between;
and that importing the changed export again gives exactly the clean state.
The texts are real comments of ../shared/data when it is there (their lengths and
languages), recombined into two versions of one export.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_COMMENTS = (
    ROOT.parent / "shared" / "data" / "youtube_channels_api_ivanseldas"
    / "data_Alex_Hawkers_UCWqpvpCqDVQ-mxiVCPu5SNg" / "df_comments_UCWqpvpCqDVQ-mxiVCPu5SNg.csv"
)
VIDEO_HEADER = [
    "videoId", "title", "description", "publishedAt", "thumbnail_url", "tags", "live_broadcast", "categoryId",
    "viewCount", "likeCount", "commentCount", "licensed", "duration", "caption",
]
COMMENT_HEADER = [
    "comment_id", "kind", "author", "author_channel_id", "text", "like_count", "published_at", "updated_at",
    "canRate", "viewerRating", "canReply", "totalReplyCount", "isPublic", "video_id",
]
HOOKLINE = ROOT / ".venv" / "bin" / "hookline"


def _texts(count: int, rng: random.Random) -> list[str]:
    texts: list[str] = []
    if SHARED_COMMENTS.is_file():
        with SHARED_COMMENTS.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = (row.get("text") or "").strip()
                if text:
                    texts.append(text)
                if len(texts) >= count * 2:
                    break
    words = "the audio was great but the video felt too long and I want more of this every week".split()
    while len(texts) < count * 2:
        texts.append(" ".join(rng.choice(words) for _ in range(rng.randint(3, 25))))
    rng.shuffle(texts)
    return texts


def write_export(folder: Path, comments: list[tuple[str, str]], videos: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "df_videos.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(VIDEO_HEADER)
        for number in range(videos):
            writer.writerow([f"vid{number:08d}", f"Video number {number}", "", "2024-05-01T10:00:00Z", "", "['x']",
                             "none", 22, 1000 + number * 37, 10, 1, True, "PT45S", False])
    with (folder / "df_comments.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COMMENT_HEADER)
        for number, (comment_id, text) in enumerate(comments):
            writer.writerow([comment_id, "youtube#commentThreadListResponse", "@fan", f"UCauthor{number:04d}", text,
                             number % 17, "2024-06-01T10:00:00Z", "2024-06-01T10:00:00Z", True, "none", True, 0, True,
                             f"vid{number % videos:08d}"])
    return folder


def make_exports(root: Path, count: int, rng: random.Random) -> tuple[Path, Path]:
    """Two versions of one channel's export: in the second, half the comments say something else
    and a fifth are new, as when a fresher export of the same channel is imported."""
    texts = _texts(count, rng)
    first = [(f"Ugc{number:08d}", texts[number]) for number in range(count)]
    second = [
        (comment_id, texts[count + number] if number % 2 == 0 else text) for number, (comment_id, text) in enumerate(first)
    ] + [(f"Ugn{number:08d}", texts[(number * 7) % len(texts)] + " (new)") for number in range(count // 5)]
    videos = max(3, count // 40)
    return (
        write_export(root / "v1" / "data_Fault_Channel", first, videos),
        write_export(root / "v2" / "data_Fault_Channel", second, videos),
    )


FAILPOINTS = (
    "embedding",         # while texts are embedded, before anything is written
    "journal-written",   # rows and journal staged, before COMMIT
    "committed",         # after COMMIT, before the journal reaches Chroma
    "chroma-written",    # after a batch reached Chroma, before its journal rows are deleted
    "journal-applied",   # after the journal was applied, before the command returns
)


def worker(home: Path, folder: Path, failpoint: str, signal_name: str) -> int:
    """Run `hookline import` in this process and kill it at `failpoint` (fault injection).

    The product code is not changed: the functions that mark each point are wrapped here.
    """
    os.environ["HOOKLINE_HOME"] = str(home)
    from hookline import cli
    from tools.corpus import index, journal, writer
    from tools.corpus.store import CorpusStore

    number = signal.SIGINT if signal_name == "SIGINT" else signal.SIGKILL

    def die() -> None:
        os.kill(os.getpid(), number)
        if number == signal.SIGINT:  # Python raises KeyboardInterrupt at the next bytecode
            time.sleep(1)

    def kill_at_call(module: object, name: str, call: int, *, before: bool = False) -> None:
        original = getattr(module, name)
        calls = [0]

        def wrapped(*args: object, **kwargs: object) -> object:
            calls[0] += 1
            if before and calls[0] == call:
                die()
            result = original(*args, **kwargs)
            if not before and calls[0] == call:
                die()
            return result

        setattr(module, name, wrapped)

    points = {
        "embedding": (writer, "embed_texts", 1, True),
        "journal-written": (writer.journal, "append", 1, False),
        "committed": (CorpusStore, "committed", 1, False),
        "chroma-written": (journal, "upsert_vectors", 1, False),
        "journal-applied": (CorpusStore, "apply_journal", 2, False),  # the first call finishes earlier imports
    }
    module, name, call, before = points[failpoint]
    kill_at_call(module, name, call, before=before)
    del index
    return cli.main(["import", str(folder)])


def _run_import(home: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOOKLINE_HOME": str(home)}
    return subprocess.run([str(HOOKLINE), "import", str(folder)], env=env, capture_output=True, text=True, timeout=600)


def state_of(home: Path) -> tuple[object, ...]:
    """Rows, keyword index and vectors (id, hash) of the data folder, after opening it as a
    command would (which finishes an interrupted import's journal)."""
    from core.services import Services
    from core.settings import Settings
    from tools.corpus import integrity
    from tools.corpus.store import CorpusStore

    services = Services(Settings(_env_file=None, home=home))
    store = CorpusStore.open(services)
    try:
        report = integrity.check(store)
        vectors = tuple(
            tuple(sorted((item_id, (meta or {}).get("h")) for item_id, meta in zip(got["ids"], got["metadatas"] or [], strict=False)))
            for got in (store.collection(kind).get(include=["metadatas"]) for kind in ("posts", "comments"))
        )
    finally:
        store.close()
    db = sqlite3.connect(home / "corpus.sqlite")
    try:
        rows = tuple(
            tuple(map(tuple, db.execute(f"SELECT * FROM {table} ORDER BY user, id").fetchall()))
            for table in ("creators", "posts", "comments")
        )
        fts = tuple(
            tuple(db.execute(f"SELECT rowid, text FROM {kind}_fts ORDER BY rowid").fetchall()) for kind in ("posts", "comments")
        )
        journal = db.execute("SELECT COUNT(*) FROM vector_journal").fetchone()[0]
    finally:
        db.close()
    return report.clean, report.describe(), journal, rows, fts, vectors


@dataclass
class Outcome:
    kills: int = 0
    sigkill: int = 0
    sigint: int = 0
    old_state: int = 0
    new_state: int = 0
    reimports: int = 0
    drift: list[str] = field(default_factory=list)
    mixed: list[str] = field(default_factory=list)
    reimport_differs: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failures(self) -> int:
        return len(self.drift) + len(self.mixed) + len(self.reimport_differs)


def _initialised(home: Path) -> None:
    """A data folder with the schema and the author salt, and no data."""
    from core.services import Services
    from core.settings import Settings
    from tools.corpus.store import CorpusStore

    CorpusStore.open(Services(Settings(_env_file=None, home=home))).close()


def _kill_round(home: Path, target: Path, rng: random.Random, round_number: int, timed_seconds: float) -> tuple[str, bool]:
    """Run one import of `target` into `home` and kill it; returns a label and whether it was SIGINT."""
    use_sigint = rng.random() < 0.25
    signal_name = "SIGINT" if use_sigint else "SIGKILL"
    env = {**os.environ, "HOOKLINE_HOME": str(home)}
    if round_number % 2 == 0:  # a named point of the import, in turn
        failpoint = FAILPOINTS[(round_number // 2) % len(FAILPOINTS)]
        subprocess.run(
            [sys.executable, "-m", "bench.faults", "--worker", str(home), str(target), failpoint, signal_name],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600,
        )
        return f"round {round_number} ({signal_name} at {failpoint})", use_sigint
    delay = rng.uniform(0.2, 1.1 * timed_seconds)  # any moment at all
    process = subprocess.Popen([str(HOOKLINE), "import", str(target)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGINT if use_sigint else signal.SIGKILL)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return f"round {round_number} ({signal_name} at {delay:.2f} s)", use_sigint


def run(kills: int, comments: int, seed: int, work: Path, *, reimport_every: int = 3, progress: bool = False) -> Outcome:
    """`kills` rounds: even rounds stop the import at a named failpoint, odd ones after a random
    delay; a quarter of the rounds kill a first import into an empty store."""
    rng = random.Random(seed)
    v1, v2 = make_exports(work, comments, rng)
    empty_home, first_home, clean_home = work / "empty", work / "first", work / "clean"
    started = time.monotonic()
    _initialised(empty_home)
    shutil.copytree(empty_home, first_home)
    _run_import(first_home, v1).check_returncode()
    shutil.copytree(first_home, clean_home)
    timed = time.monotonic()
    _run_import(clean_home, v2).check_returncode()
    import_seconds = time.monotonic() - timed
    states = {"empty": state_of(empty_home), "first": state_of(first_home), "clean": state_of(clean_home)}
    for name, seen in states.items():
        assert seen[0], f"the {name} store has drift before any kill: {seen[1]}"
    outcome = Outcome()
    for round_number in range(kills):
        from_empty = round_number % 4 == 3
        before, after = (states["empty"], states["first"]) if from_empty else (states["first"], states["clean"])
        target = v1 if from_empty else v2
        home = work / f"round{round_number}"
        shutil.copytree(empty_home if from_empty else first_home, home)
        label, use_sigint = _kill_round(home, target, rng, round_number, import_seconds)
        outcome.kills += 1
        outcome.sigint += int(use_sigint)
        outcome.sigkill += int(not use_sigint)
        seen = state_of(home)
        if not seen[0] or seen[2]:
            outcome.drift.append(f"{label}: {seen[1]}; journal rows left: {seen[2]}")
        elif seen[3:] == after[3:]:
            outcome.new_state += 1
        elif seen[3:] == before[3:]:
            outcome.old_state += 1
        else:
            outcome.mixed.append(label)
        if round_number % reimport_every == 0:
            again = _run_import(home, target)
            outcome.reimports += 1
            if again.returncode != 0 or state_of(home)[3:] != after[3:]:
                outcome.reimport_differs.append(f"{label}: {again.stderr.strip()[:200]}")
        shutil.rmtree(home)
        if progress:
            print(f"{label}: failures so far {outcome.failures}", file=sys.stderr, flush=True)
    outcome.seconds = round(time.monotonic() - started, 1)
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--comments", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reimport-every", type=int, default=3, help="re-import and compare after every Nth kill")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--worker", nargs=4, metavar=("HOME", "FOLDER", "FAILPOINT", "SIGNAL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        home, folder, failpoint, signal_name = args.worker
        return worker(Path(home), Path(folder), failpoint, signal_name)
    from core.machine import describe_machine

    with tempfile.TemporaryDirectory(prefix="hookline-faults-") as work:
        outcome = run(args.kills, args.comments, args.seed, Path(work), reimport_every=args.reimport_every,
                      progress=not args.json)
    summary = {**outcome.__dict__, "failures": outcome.failures, "machine": describe_machine()}
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(
            f"{outcome.kills} kills ({outcome.sigkill} SIGKILL, {outcome.sigint} SIGINT): {outcome.old_state} left the "
            f"old state, {outcome.new_state} the new one, {len(outcome.mixed)} a mix, {len(outcome.drift)} drift; "
            f"{len(outcome.reimport_differs)} of {outcome.reimports} re-imports differ from a clean import; "
            f"{outcome.seconds} s. {describe_machine()}"
        )
        for line in outcome.drift + outcome.mixed + outcome.reimport_differs:
            print("  " + line)
    return 0 if outcome.failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Language detection benchmark: quality on hand-checked real comments, speed per comment, and what
detection adds to an import.

    .venv/bin/python bench/language_detection.py [--sample 5000] [--rounds 3] [--no-import]

Quality: the 600 comments of tests/fixtures/language_labels.jsonl (400 drawn at random from the
Spanish YouTube exports, 200 from the English Reddit threads; labels checked by hand wherever any
detector tried disagreed with the corpus language; `null` = no language: timestamps, hashtags,
emoji). "right" = given its language, "wrong" = given another one, "noise guessed" = a `null`
comment given any language. Speed: every real comment (Spanish YouTube and a seeded sample of
6,000 Reddit comments), best of `--rounds`. Import: `--sample` Spanish comments imported into a fresh
store with a stand-in embedder (seeded random vectors: the model's time is not what is measured),
with detection and with it switched off, rounds interleaved; the difference in this process's CPU
time per comment is what detection costs an import. langdetect, the detector used before, is
measured beside it when it is installed.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from unittest import mock

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.comment_texts import comment_texts  # noqa: E402
from core.machine import describe_machine  # noqa: E402
from core.services import Services  # noqa: E402
from core.settings import Settings  # noqa: E402
from tools.corpus.store import CorpusStore  # noqa: E402
from tools.language import detect_language  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
LABELS = ROOT / "tests" / "fixtures" / "language_labels.jsonl"
YOUTUBE = DATA / "youtube_channels_api_ivanseldas"


def langdetect_rule() -> Callable[[str], str | None] | None:
    """The rule tools/requests.py used before (langdetect, seeded; 6 words, probability 0.9), if installed."""
    try:
        from langdetect import DetectorFactory, LangDetectException, detect_langs
    except ImportError:
        return None

    def detect(text: str) -> str | None:
        if len([word for word in text.split() if any(char.isalpha() for char in word)]) < 6:
            return None
        DetectorFactory.seed = 0
        try:
            best = detect_langs(text[:300])[0]
        except LangDetectException:
            return None
        return str(best.lang) if best.prob >= 0.9 else None

    return detect


def quality(detect: Callable[[str], str | None], labelled: Sequence[tuple[str, str | None]]) -> dict[str, float]:
    spoken = [(text, code) for text, code in labelled if code]
    noise = [text for text, code in labelled if not code]
    guesses = [detect(text) for text, _code in spoken]
    return {
        "right": sum(guess == code for guess, (_text, code) in zip(guesses, spoken, strict=True)) / len(spoken),
        "wrong": sum(bool(guess) and guess != code for guess, (_text, code) in zip(guesses, spoken, strict=True)) / len(spoken),
        "noise_guessed": sum(detect(text) is not None for text in noise) / max(len(noise), 1),
    }


def speed(detect: Callable[[str], str | None], texts: Sequence[str], rounds: int) -> float:
    """Microseconds per text, best of `rounds`."""
    for text in texts[:50]:
        detect(text)
    best = float("inf")
    for _round in range(rounds):
        started = time.perf_counter()
        for text in texts:
            detect(text)
        best = min(best, time.perf_counter() - started)
    return best / len(texts) * 1e6


class RandomEmbedder:
    """Seeded random unit vectors (384 dimensions, as MiniLM): the import without the model's time."""

    name = "random-384"
    dimension = 384

    def __init__(self) -> None:
        self._rng = np.random.default_rng(0)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._rng.standard_normal((len(texts), self.dimension)).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def sample_folder(limit: int, root: Path) -> Path:
    """The first `limit` Alex Hawkers comments with their header, in a folder named for the channel."""
    source = next(YOUTUBE.glob("data_Alex_Hawkers_*/df_comments_*.csv"))
    target = root / source.parent.name / source.name
    target.parent.mkdir(parents=True)
    with source.open(encoding="utf-8", newline="") as handle, target.open("w", encoding="utf-8", newline="") as out:
        reader, writer = csv.reader(handle), csv.writer(out)
        writer.writerow(next(reader))
        for index, row in enumerate(reader):
            if index >= limit:
                break
            writer.writerow(row)
    return target.parent


def import_cpu_seconds(folder: Path, detect: bool) -> tuple[float, int]:
    settings = Settings(_env_file=None, home=Path(tempfile.mkdtemp(prefix="hookline-bench-language-")))
    services = Services(settings)
    services.embedder = RandomEmbedder()  # type: ignore[misc]
    store = CorpusStore.open(services)
    switch = contextlib.nullcontext() if detect else mock.patch("tools.corpus.writer.detect_language", lambda text: None)
    with switch:
        cpu = time.process_time()
        report = store.import_files([folder])
        seconds = time.process_time() - cpu
    store.close()
    return seconds, report.imported.comments


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=5000, help="Spanish comments per import")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-import", action="store_true", help="skip the import measurement")
    args = parser.parse_args(argv)
    print(f"machine: {json.dumps({**describe_machine(), 'load_average': os.getloadavg()})}", flush=True)
    texts = comment_texts(DATA)
    wanted = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    labelled = [(texts[(item["source"], item["comment_id"])], item["language"]) for item in wanted]
    spanish = [text for (source, _id), text in texts.items() if source == "youtube" and text]
    english = [text for (source, _id), text in texts.items() if source == "reddit" and text not in ("", "[deleted]", "[removed]")]
    random.Random(0).shuffle(english)
    every = spanish + english[:6000]
    detectors: dict[str, Callable[[str], str | None]] = {"tools.language (py3langid)": detect_language}
    before = langdetect_rule()
    if before is not None:
        detectors["langdetect, 6 words, p >= 0.9 (before)"] = before
    for name, detect in detectors.items():
        row = {"detector": name, **{key: round(value, 4) for key, value in quality(detect, labelled).items()},
               "us_per_comment": round(speed(detect, every, args.rounds), 1), "comments_timed": len(every),
               "load_average": os.getloadavg()}
        print(json.dumps(row), flush=True)
    if args.no_import:
        return 0
    folder = sample_folder(args.sample, Path(tempfile.mkdtemp(prefix="hookline-bench-language-files-")))
    import_cpu_seconds(folder, True)  # warm: the model loads once per process
    costs = []
    for round_number in range(1, args.rounds + 1):
        with_seconds, comments = import_cpu_seconds(folder, True)
        without_seconds, _ = import_cpu_seconds(folder, False)
        costs.append((with_seconds - without_seconds) / comments * 1000)
        print(json.dumps({"round": round_number, "comments": comments, "cpu_s_with_detection": round(with_seconds, 2),
                          "cpu_s_without": round(without_seconds, 2), "load_average": os.getloadavg()}), flush=True)
    print(f"detection adds {statistics.median(costs):.3f} ms of CPU per imported comment (median of {len(costs)} rounds; "
          f"the 1M-in-30-min goal allows 1.8 ms for everything)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

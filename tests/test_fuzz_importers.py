"""Fuzzing the importers and the brand-kit readers with generated bad uploads (tests/fuzz_inputs.py).

Asserted for every input: no traceback (only `HooklineError`s, i.e. a message, or rejected rows
naming `file:line`), nothing a store cannot hold (text that is not UTF-8, integers past 64 bits),
and, through a real `CorpusStore` on disk, no partial write: an import that fails leaves the
store's rows and vectors exactly as they were, even the good file imported alongside.

CI runs a few hundred examples per test; `FUZZ_SCALE=10` multiplies every budget for a long run:
    FUZZ_SCALE=10 .venv/bin/python -m pytest tests/test_fuzz_importers.py -q -p no:cacheprovider
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import HooklineError
from core.services import Services
from tests import fuzz_inputs
from tests.fuzz_inputs import FuzzFile
from tools.brandkit.sources import read_upload
from tools.corpus.detect import detect
from tools.corpus.files import read_source
from tools.corpus.mapped import parse_mapping
from tools.corpus.parsing import ParseContext, ParsedFile
from tools.corpus.store import CorpusStore

SCALE = max(1, int(os.environ.get("FUZZ_SCALE", "1")))
SQLITE_MAX = 2**63 - 1


def _budget(examples: int) -> Any:
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


def _write(root: Path, upload: FuzzFile, counter: list[int]) -> Path:
    counter[0] += 1
    path = root / f"case{counter[0]}" / upload.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(upload.data)
    return path


def _storable(value: Any, where: str) -> None:
    """What SQLite and Chroma accept: UTF-8 text and 64-bit integers."""
    if isinstance(value, str):
        value.encode("utf-8")  # raises UnicodeEncodeError on a lone surrogate
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        assert -SQLITE_MAX <= value <= SQLITE_MAX, f"{where}: {value} does not fit SQLite"
    elif isinstance(value, datetime):
        value.timestamp()
    elif isinstance(value, list):
        for item in value:
            _storable(item, where)


def _check_parsed(parsed: ParsedFile, display: str) -> None:
    for record in [*parsed.creators.values(), *parsed.posts.values(), *parsed.comments.values()]:
        for key, value in record.model_dump().items():
            _storable(value, f"{record.id}.{key}")
    for post_id, transcript, source in parsed.transcripts:
        _storable(post_id + transcript, source)
    for rejection in parsed.rejected:
        assert rejection.source.startswith(display), rejection
        rejection.reason.encode("utf-8")
    for message in [*parsed.notes, *parsed.warnings]:
        message.encode("utf-8")


def _parse(path: Path, mapping: str | None) -> None:
    """Read, detect and parse one file as `hookline import` does, without a store."""
    source = read_source(path)
    ctx = ParseContext(display=str(path), path=path, pseudonymise=lambda author: author, mapping=parse_mapping(mapping))
    found = detect(source, ctx)
    if found.parse is not None:
        _check_parsed(found.parse(), str(path))


PARSER_CASES: dict[str, Callable[[], st.SearchStrategy[FuzzFile]]] = {
    "youtube csv": fuzz_inputs.youtube_csv,
    "youtube api json": fuzz_inputs.youtube_json,
    "tiktok gesis csv": fuzz_inputs.tiktok_gesis_csv,
    "tiktok scraper json": fuzz_inputs.tiktok_json,
    "reddit jsonl": fuzz_inputs.reddit_jsonl,
    "mapped csv": fuzz_inputs.mapped_csv,
}
PARSER_EXAMPLES = 150


@pytest.mark.parametrize("case", list(PARSER_CASES))
def test_importer_parsers_give_records_rejections_or_a_message(case: str, tmp_path: Path) -> None:
    counter = [0]
    outcomes = {"parsed": 0, "refused": 0}

    @_budget(PARSER_EXAMPLES)
    @given(PARSER_CASES[case]())
    def run(upload: FuzzFile) -> None:
        path = _write(tmp_path, upload, counter)
        try:
            _parse(path, upload.mapping)
            outcomes["parsed"] += 1
        except HooklineError as error:
            assert str(error).strip(), "an error without a message"
            outcomes["refused"] += 1

    run()
    print(f"fuzz {case}: {outcomes}")  # shown with -s: the example count of a long run
    # Both paths must be exercised, or the generator has drifted away from the real shapes.
    assert outcomes["parsed"] > 0 and outcomes["refused"] > 0, outcomes


def _state(store: CorpusStore) -> tuple[dict[str, int], dict[str, int]]:
    return store.counts(), {kind: store.collection(kind).count() for kind in ("posts", "comments")}


STORE_EXAMPLES = 100


def test_store_imports_never_crash_and_never_write_part_of_a_failed_import(fake_services: Services, tmp_path: Path) -> None:
    """A good file and a fuzzed one in the same import: either both are imported (bad rows
    rejected) or the import fails with a message and the good file's rows are not there."""
    store = CorpusStore.open(fake_services)
    counter = [0]
    outcomes = {"imported": 0, "refused": 0}

    @_budget(STORE_EXAMPLES)
    @given(fuzz_inputs.any_export())
    def run(upload: FuzzFile) -> None:
        number = counter[0]
        good = _write(tmp_path, FuzzFile("good_threads.jsonl", _good_reddit(number)), counter)
        bad = _write(tmp_path, upload, counter)
        before = _state(store)
        try:
            report = store.import_files([good, bad], mapping=upload.mapping)
        except HooklineError as error:
            # The store's last-resort wrapper names the exception class: that would be a traceback in disguise.
            assert "could not be parsed (" not in str(error), error
            assert _state(store) == before, "a failed import changed the store"
            assert store.get_post(f"reddit:good{number}") is None
            outcomes["refused"] += 1
            return
        after = _state(store)
        assert all(after[0][table] >= before[0][table] for table in before[0]), (before, after)
        assert store.get_post(f"reddit:good{number}") is not None
        for rejection in report.rejected:
            assert rejection.source.startswith((str(good), str(bad))), rejection
        outcomes["imported"] += 1

    try:
        run()
    finally:
        store.close()
    print(f"fuzz store imports: {outcomes}")
    assert outcomes["imported"] > 0 and outcomes["refused"] > 0, outcomes


def _good_reddit(number: int) -> bytes:
    thread = (
        f'{{"sid": "good{number}", "link": "/r/Fuzz/comments/good{number}/", "title": "A fine post {number}", '
        f'"created": 1600000000, "upvotes": 3, "comments": {{"g{number}": {{"text": "a fine comment", "upvotes": 1}}}}}}\n'
    )
    return thread.encode()


BRAND_EXAMPLES = 200


def test_brand_readers_give_text_or_a_message(tmp_path: Path) -> None:
    counter = [0]
    outcomes = {"read": 0, "refused": 0}

    @_budget(BRAND_EXAMPLES)
    @given(fuzz_inputs.brand_upload())
    def run(upload: FuzzFile) -> None:
        path = _write(tmp_path, upload, counter)
        try:
            document = read_upload(path)
        except HooklineError as error:
            assert path.name in str(error), error
            outcomes["refused"] += 1
            return
        document.raw.encode("utf-8")
        for block in document.blocks:
            block.text.encode("utf-8")
            block.marked.encode("utf-8")
        outcomes["read"] += 1

    run()
    print(f"fuzz brand readers: {outcomes}")
    assert outcomes["read"] > 0 and outcomes["refused"] > 0, outcomes

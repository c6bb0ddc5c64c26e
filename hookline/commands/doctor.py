"""`hookline doctor`: one line per component, exit 1 if any fails."""

from __future__ import annotations

import argparse
import importlib.metadata
import platform
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from core.chroma import get_collection
from core.services import Services
from hookline.root import Root


@dataclass(frozen=True)
class Check:
    component: str
    ok: bool
    detail: str


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("doctor", help="check every component and say which one fails")
    parser.add_argument("--skip-model", action="store_true", help="do not start or call the chat model")
    parser.add_argument(
        "--repair", action="store_true",
        help="make the vector index agree with the corpus database (finish interrupted imports, drop vectors "
        "without a row, re-embed missing or stale ones)",
    )
    parser.set_defaults(handler=run)


def _check(component: str, probe: Callable[[], str]) -> Check:
    try:
        return Check(component, True, probe())
    except Exception as error:  # doctor reports every failure as a line, whatever it is
        return Check(component, False, f"{error.__class__.__name__}: {error}".splitlines()[0][:300])


def _probe_chat(services: Services) -> str:
    started = time.monotonic()
    reply = services.chat_model.chat([{"role": "user", "content": "Reply with the single word: ready"}], max_tokens=8)
    if not reply.text.strip():
        raise RuntimeError("the model returned an empty reply")
    return f"{services.chat_model.name} answered {reply.text.strip()[:20]!r} in {time.monotonic() - started:.1f} s"


def _probe_embeddings(services: Services) -> str:
    vectors = services.embedder.embed(["hookline doctor", "a second text"])
    return f"{services.embedder.name}, {vectors.shape[1]} dimensions, offline"


def _probe_tiktoken(services: Services) -> str:
    return f"o200k_base offline ({services.tokens.count('Hookline counts tokens.')} tokens in a test sentence)"


def _probe_chroma(services: Services) -> str:
    client = services.chroma
    client.heartbeat()
    name = f"doctor-{uuid.uuid4().hex[:8]}"
    collection = get_collection(client, name, services.embedder)
    collection.add(ids=["1"], documents=["doctor probe"])
    found = collection.query(query_texts=["probe"], n_results=1)["ids"][0]
    client.delete_collection(name)
    where = services.settings.chroma_url or str(services.settings.chroma_dir)
    return f"chromadb {importlib.metadata.version('chromadb')} at {where}, write+query ok ({found})"


def _probe_sqlite(services: Services) -> str:
    path = services.home / "doctor.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("create table if not exists probe (x)")
        connection.execute("insert into probe values (1)")
    path.unlink(missing_ok=True)
    return f"SQLite {sqlite3.sqlite_version} writable in {services.home}"


def _corpus_checks(root: Root, repair: bool) -> list[Check]:
    """One line per user with a corpus: do the vectors agree with the rows?"""
    from tools.corpus import integrity
    from tools.corpus.store import corpus_users

    path = root.settings.corpus_path
    if not path.is_file():
        return [Check("corpus", True, "no data imported yet")]
    checks = []
    users = corpus_users(path)
    if not users:
        return [Check("corpus", True, "no data imported yet")]
    for user in users:
        label = f"corpus ({user})"
        try:
            store = root.open_corpus(user)
        except Exception as error:  # doctor reports every failure as a line
            checks.append(Check(label, False, f"{error.__class__.__name__}: {error}".splitlines()[0][:300]))
            continue
        try:
            if repair:
                found = integrity.repair(store)
                after = integrity.check(store)
                detail = ("repaired: " + found.describe()) if not found.clean else "nothing to repair"
                checks.append(Check(label, after.clean, detail if after.clean else f"{detail}; still: {after.describe()}"))
            else:
                report = integrity.check(store)
                hint = "" if report.clean else " (run `hookline doctor --repair`)"
                checks.append(Check(label, report.clean, report.describe() + hint))
        finally:
            store.close()
    return checks


def _versions() -> str:
    names = ["langgraph", "chainlit", "chromadb", "openai", "pydantic", "tiktoken", "xllamacpp", "onnxruntime"]
    parts = [f"python {platform.python_version()}"]
    for name in names:
        try:
            parts.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{name} missing")
    return ", ".join(parts)


def run(args: argparse.Namespace, root: Root) -> int:
    checks = [
        _check("embeddings", lambda: _probe_embeddings(root.services)),
        _check("tiktoken", lambda: _probe_tiktoken(root.services)),
        _check("chroma", lambda: _probe_chroma(root.services)),
        _check("sqlite", lambda: _probe_sqlite(root.services)),
    ]
    if not args.skip_model:
        checks.insert(0, _check("chat model", lambda: _probe_chat(root.services)))
    checks.extend(_corpus_checks(root, args.repair))
    checks.append(Check("versions", True, _versions()))
    width = max(len(check.component) for check in checks)
    for check in checks:
        mark = "ok  " if check.ok else "FAIL"
        print(f"{mark} {check.component.ljust(width)}  {check.detail}")
    sys.stdout.flush()
    return 0 if all(check.ok for check in checks) else 1

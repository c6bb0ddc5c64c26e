"""Chroma clients: embedded on disk under HOOKLINE_HOME, or a `chroma run` server."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from core.embeddings import ChromaEmbeddingAdapter, Embedder
from core.errors import SetupError
from core.settings import Settings

_LEGACY_NOT_OK = re.compile(r"[^a-zA-Z0-9._-]+")
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def open_chroma(settings: Settings) -> ClientAPI:
    """The configured client. Telemetry is off: it would try to reach the network."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise SetupError(f"HOOKLINE_CHROMA_URL={settings.chroma_url!r} is not a URL like http://127.0.0.1:8001.")
        try:
            return chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 80),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as error:  # chromadb raises ValueError for an unreachable server
            raise SetupError(
                f"Cannot reach the Chroma server at {settings.chroma_url}: {error}. Start it with "
                "`chroma run --path DIR --port N`, or unset HOOKLINE_CHROMA_URL to use the embedded store."
            ) from error
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def escape_part(part: str) -> str:
    """`part` with every character but ASCII letters and digits written as `_XX` (its UTF-8 bytes).

    The escape is injective and never produces `-`, so names joined with `-` cannot collide:
    `alice`, `alice_`, `alice.` and `alice-` get four different names.
    """
    if not part:
        return "_"
    return "".join(char if char in _PLAIN else "".join(f"_{byte:02x}" for byte in char.encode()) for char in part)


def collection_name(*parts: str) -> str:
    """A valid Chroma collection name (3-512 of [a-zA-Z0-9._-]) that is a one-to-one function of `parts`."""
    name = "-".join(escape_part(part) for part in parts)
    if len(name) > 512:
        raise SetupError(f"A store name built from {parts!r} is longer than Chroma allows; use a shorter user name.")
    return name.ljust(3, "_")


def legacy_collection_name(*parts: str) -> str:
    """The name earlier versions gave: it folded look-alike user names together (`alice_` = `alice`)."""
    name = "-".join(_LEGACY_NOT_OK.sub("_", part).strip("._-") or "x" for part in parts)
    return name[:512].ljust(3, "_")


def _legacy_is_unambiguous(parts: tuple[str, ...]) -> bool:
    """A legacy collection belongs to these parts only if folding changed none of them.

    `alice` keeps the legacy `posts-alice`; `alice_` (whose writes went into alice's collection)
    starts empty, because nothing can tell which of the old items were whose.
    """
    return all(part and _LEGACY_NOT_OK.sub("_", part).strip("._-") == part for part in parts[1:])


def open_collection(client: ClientAPI, parts: tuple[str, ...], embedder: Embedder) -> Collection:
    """The collection for `parts` (kind first, then owner and qualifiers), adopting a legacy one.

    Collections made before names were escaped are renamed in place the first time their
    rightful owner opens them (see `_legacy_is_unambiguous`).
    """
    name = collection_name(*parts)
    legacy = legacy_collection_name(*parts)
    if legacy != name and _legacy_is_unambiguous(parts):
        existing = {collection.name for collection in client.list_collections()}
        if name not in existing and legacy in existing:
            try:
                client.get_collection(legacy, embedding_function=ChromaEmbeddingAdapter(embedder)).modify(name=name)
            except Exception:  # noqa: BLE001 - a concurrent opener renamed it first
                pass
    return get_collection(client, name, embedder)


def get_collection(client: ClientAPI, name: str, embedder: Embedder) -> Collection:
    """Open or create a collection with our embedding function and cosine distance."""
    return client.get_or_create_collection(
        name=name,
        embedding_function=ChromaEmbeddingAdapter(embedder),
        metadata={"hnsw:space": "cosine", "embedder": embedder.name},
    )


def reembedded_collection(client: ClientAPI, name: str, embedder: Embedder) -> Collection:
    """The collection `name`, its documents embedded again when it was made with another embedder.

    For small collections whose documents are the text to embed (memories). The copy is built beside
    the old one and renamed into place only when complete, so a crash never loses the documents: a
    copy left complete by a crash after the old one was deleted is renamed on the next open.
    """
    copy = f"{name}-reembedding"
    existing = {collection.name for collection in client.list_collections()}
    if name not in existing and copy in existing:
        client.get_collection(copy, embedding_function=ChromaEmbeddingAdapter(embedder)).modify(name=name)
    found = get_collection(client, name, embedder)
    stored = (found.metadata or {}).get("embedder")
    if stored in (None, embedder.name) or not found.count():
        return found
    if copy in existing:
        client.delete_collection(copy)  # an unfinished copy: start again
    data = found.get(include=["documents", "metadatas"])  # type: ignore[list-item]
    fresh = get_collection(client, copy, embedder)
    ids, documents, metadatas = data["ids"], data["documents"] or [], data["metadatas"] or []
    for start in range(0, len(ids), 500):
        fresh.add(ids=ids[start : start + 500], documents=documents[start : start + 500],  # type: ignore[arg-type]
                  metadatas=metadatas[start : start + 500])  # type: ignore[arg-type]
    client.delete_collection(name)
    fresh.modify(name=name)
    return get_collection(client, name, embedder)

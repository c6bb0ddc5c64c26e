"""Chroma clients: embedded on disk under HOOKLINE_HOME, or a `chroma run` server."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from hookline.embeddings import ChromaEmbeddingAdapter, Embedder
from hookline.errors import SetupError
from hookline.settings import Settings

_NAME_OK = re.compile(r"[^a-zA-Z0-9._-]+")


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


def collection_name(*parts: str) -> str:
    """A valid Chroma collection name (3-512 of [a-zA-Z0-9._-]) from free-form parts."""
    name = "-".join(_NAME_OK.sub("_", part).strip("._-") or "x" for part in parts)
    return name[:512].ljust(3, "_")


def get_collection(client: ClientAPI, name: str, embedder: Embedder) -> Collection:
    """Open or create a collection with our embedding function and cosine distance."""
    return client.get_or_create_collection(
        name=name,
        embedding_function=ChromaEmbeddingAdapter(embedder),
        metadata={"hnsw:space": "cosine", "embedder": embedder.name},
    )

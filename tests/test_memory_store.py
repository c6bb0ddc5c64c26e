"""ChromaStore: LangGraph's BaseStore on Chroma, persisted on disk."""

from __future__ import annotations

from agent.memory_store import ChromaStore
from core.chroma import open_chroma
from core.settings import Settings
from tests.fakes import HashEmbedder


def test_put_get_search_filter_list_delete_and_persist(settings: Settings) -> None:
    store = ChromaStore(open_chroma(settings), HashEmbedder())
    store.put(("memory", "ana", "acme"), "p1", {"kind": "preference", "slot": "platform", "value": "TikTok", "text": "Preferred platform TikTok"})
    store.put(("memory", "ana", "acme"), "b1", {"kind": "brief", "text": "Brief about green hoodies for students"})
    store.put(("memory", "bo", "acme"), "b2", {"kind": "brief", "text": "Brief about green hoodies"})

    assert store.get(("memory", "ana", "acme"), "p1").value["value"] == "TikTok"
    hits = store.search(("memory", "ana"), query="green hoodies", limit=5)
    assert [hit.key for hit in hits][0] == "b1"
    assert all(hit.namespace[1] == "ana" for hit in hits), "a prefix keeps users apart"
    assert [h.key for h in store.search(("memory", "ana", "acme"), filter={"kind": "preference"})] == ["p1"]
    assert set(store.list_namespaces(prefix=("memory",))) == {("memory", "ana", "acme"), ("memory", "bo", "acme")}

    store.put(("memory", "ana", "acme"), "p1", {"kind": "preference", "slot": "platform", "value": "Reels", "text": "x"})
    reopened = ChromaStore(open_chroma(settings), HashEmbedder())
    item = reopened.get(("memory", "ana", "acme"), "p1")
    assert item is not None and item.value["value"] == "Reels" and item.created_at <= item.updated_at
    reopened.delete(("memory", "ana", "acme"), "p1")
    assert reopened.get(("memory", "ana", "acme"), "p1") is None


class _OtherEmbedder(HashEmbedder):
    name = "other-embedder"


def test_memories_survive_a_switch_of_embedders(settings: Settings) -> None:
    store = ChromaStore(open_chroma(settings), HashEmbedder(64))
    store.put(("memory", "ana", "acme"), "b1", {"kind": "brief", "text": "Brief about green hoodies for students"})
    store.put(("memory", "ana", "acme"), "p1", {"kind": "preference", "slot": "platform", "value": "TikTok", "text": "TikTok"})

    switched = ChromaStore(open_chroma(settings), _OtherEmbedder(32))  # another size: the old vectors cannot be kept
    assert switched.get(("memory", "ana", "acme"), "p1").value["value"] == "TikTok"
    assert [hit.key for hit in switched.search(("memory", "ana"), query="green hoodies", limit=1)] == ["b1"]
    switched.put(("memory", "ana", "acme"), "b2", {"kind": "brief", "text": "Brief about red caps"})  # writes work too
    assert {item.key for item in switched.search(("memory", "ana"), limit=5)} == {"b1", "p1", "b2"}

"""Style check across the shipped kits: texts held back from a kit's build score higher on that kit.

Each shipped kit in brandkits/ names its source files (with their sha256); they are read
from ../shared/data. For each of three folds, a third of every kit's passages is held back:
the kit is rebuilt from the remaining text (real offline embedder, scripted chat model:
the check does not use the model's descriptive fields), and every held-back text, that
is, the held-back passages of one section joined up to about 40 words, is scored
against its own kit and against every other kit. Pairs where the own kit wins must be at
least 90%.

A single passage of a style guide is often too short to tell two guides about writing
apart (measured: nearest-neighbour accuracy is about 82% per passage with every other
passage as reference). A few sentences of one section are enough.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.embeddings import MiniLMEmbedder
from core.services import Services
from core.settings import Settings
from tests.conftest import REPO_ROOT, SHARED_DATA
from tests.fakes import ScriptedChatModel
from tools.brandkit.check import check_text
from tools.brandkit.extract import Passage, on_brand, passages
from tools.brandkit.model import BrandKit
from tools.brandkit.sources import Block, SourceDoc, read_upload
from tools.brandkit.store import BrandKitStore, kit_from_yaml
from tools.brandkit.text import content_hash, words

BRANDKITS = REPO_ROOT / "brandkits"
GUIDES = SHARED_DATA / "brand_style_guides"
FOLDS = 3
TEXT_WORDS = 40


def shipped_kits() -> list[BrandKit]:
    return [kit_from_yaml(path.read_text(encoding="utf-8")) for path in sorted(BRANDKITS.glob("*.yaml"))]


def source_files(kit: BrandKit) -> list[Path]:
    """The files a kit was built from, found under ../shared/data and checked by sha256."""
    paths = []
    for source in kit.sources:
        candidates = [p for p in GUIDES.rglob(source.name) if hashlib.sha256(p.read_bytes()).hexdigest() == source.sha256]
        assert candidates, f"{kit.name}: source {source.name} ({source.sha256[:12]}) is not in {GUIDES}"
        paths.append(candidates[0])
    return paths


def render(blocks: list[Block]) -> str:
    """Blocks back to markdown that parses into the same blocks."""
    lines: list[str] = []
    previous = ""
    for block in blocks:
        if block.kind == "heading":
            lines += ["", f"## {block.marked}", ""]
        elif block.kind == "item":
            if previous != "item":
                lines.append("")
            lines.append(f"- {block.marked}")
        elif block.kind == "quote":
            lines += ["", f"> {block.marked}", ""]
        else:
            lines += ["", block.marked, ""]
        previous = block.kind
    return "\n".join(lines) + "\n"


def texts_of(held: list[Passage]) -> list[str]:
    """Held-back passages of one section joined into texts of about TEXT_WORDS words."""
    texts: list[str] = []
    current: list[Passage] = []

    def flush() -> None:
        if current and sum(len(words(p.text)) for p in current) >= TEXT_WORDS // 2:
            texts.append(" ".join(p.text for p in current))
        current.clear()

    for passage in held:
        if current and ((passage.source, passage.heading) != (current[0].source, current[0].heading)
                        or sum(len(words(p.text)) for p in current) >= TEXT_WORDS):
            flush()
        current.append(passage)
    flush()
    return texts


def _scripted_model(builds: int) -> ScriptedChatModel:
    model = ScriptedChatModel()
    for _ in range(builds):
        model.queue(
            {"audience": None, "promise": None, "selling_points": [], "cta_patterns": []},
            {"traits": [{"name": "n", "quote": "not in the files", "description": "", "do": "", "dont": ""}] * 3},
        )
    return model


@pytest.fixture(scope="module")
def pairs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[tuple[str, str, int, int]]]:
    kits = shipped_kits()
    assert len(kits) >= 2, "brandkits/ must ship at least two kits"
    embedder = MiniLMEmbedder()
    docs: dict[str, list[SourceDoc]] = {kit.name: [read_upload(path) for path in source_files(kit)] for kit in kits}
    results: list[tuple[str, str, int, int]] = []
    for fold in range(FOLDS):
        root = tmp_path_factory.mktemp(f"fold{fold}")
        services = Services(Settings(_env_file=None, home=root / "home"))
        services.embedder = embedder  # type: ignore[misc]
        services.chat_model = _scripted_model(len(kits))  # type: ignore[misc]
        store = BrandKitStore.open(services)
        held: dict[str, list[str]] = {}
        for kit in kits:
            folder = root / kit.name
            folder.mkdir()
            files = []
            for doc in docs[kit.name]:
                prose = [b for b in doc.blocks if b.kind != "heading"]
                dropped = {id(b) for index, b in enumerate(prose) if index % FOLDS == fold}
                path = folder / doc.name
                path.write_text(render([b for b in doc.blocks if id(b) not in dropped]), encoding="utf-8")
                files.append(path)
            rebuilt = store.build(kit.name, files)
            kept = {p.key for p in passages([read_upload(path) for path in files])}
            left_out = [p for p in on_brand(passages(docs[kit.name]), rebuilt.vocabulary.avoid) if p.key not in kept]
            held[kit.name] = texts_of(left_out)
        for name, texts in held.items():
            own_kit = store.get(name)
            for text in texts:
                own = check_text(own_kit, text, store=store).score
                for other in held:
                    if other != name:
                        results.append((name, other, own, check_text(store.get(other), text, store=store).score))
        services.close()
    yield results


def test_held_back_texts_score_higher_on_their_own_kit(pairs: list[tuple[str, str, int, int]]) -> None:
    assert len(pairs) >= 40, f"too few held-back texts to judge: {len(pairs)}"
    wins = sum(own > other for _name, _other, own, other in pairs)
    misses = [(name, other, own, score) for name, other, own, score in pairs if own <= score]
    assert wins / len(pairs) >= 0.9, f"{wins}/{len(pairs)} pairs prefer their own kit; misses: {misses[:10]}"


def test_every_shipped_kit_names_sources_that_rebuild_the_same_avoid_list(tmp_path: Path) -> None:
    """The YAML kits are what the tool builds from those files (deterministic parts)."""
    for kit in shipped_kits():
        services = Services(Settings(_env_file=None, home=tmp_path / kit.name))
        services.embedder = MiniLMEmbedder()  # type: ignore[misc]
        services.chat_model = _scripted_model(1)  # type: ignore[misc]
        rebuilt = BrandKitStore.open(services).build(kit.name, source_files(kit))
        assert [t.term for t in rebuilt.vocabulary.avoid] == [t.term for t in kit.vocabulary.avoid]
        assert rebuilt.formatting == kit.formatting
        assert {content_hash(e.text) for e in rebuilt.examples} == {content_hash(e.text) for e in kit.examples}
        services.close()

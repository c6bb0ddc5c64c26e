"""`BrandKitStore`: brand kits, their sources and their examples in Chroma, versioned, per user.

Three collections under HOOKLINE_HOME (or the configured Chroma server), scoped per user:

- `brandkits-<user>`: one record per kit version (the kit as JSON) and one `head` record
  per kit naming the current version. Looked up by id, never by similarity, so their
  vectors are a constant placeholder and the kits do not depend on the embedder.
- `brandsources-<user>`: the extracted text of every uploaded file (images: their
  palette), so a later upload rebuilds the kit from everything uploaded so far.
- `brandexamples-<user>-<embedder>`: each version's example passages with their
  embeddings, for few-shot retrieval (`examples_like`) and style similarity in checks.

Writes happen only after a kit is built and validated in memory, in this order: sources,
examples, the version record, then the head. A version is visible only once its head is
written, so a failed build leaves the current kit untouched.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ValidationError

from core.chroma import open_collection
from core.errors import InputError, NotFoundError
from core.services import Services
from tools.brandkit.builder import build_kit
from tools.brandkit.model import BrandKit, Evidence, Rule, SourceFile, validate_kit_name
from tools.brandkit.sources import SourceDoc, kind_of, parse_source, read_upload
from tools.brandkit.text import content_hash, normalize
from tools.safety.gate import gate_lines

log = logging.getLogger(__name__)

_PLACEHOLDER = [1.0, 0.0]  # kit and source records are fetched by id only
MAX_RULE_CHARS = 400


class KitSummary(BaseModel):
    name: str
    version: int
    created_at: datetime
    versions: int
    sources: list[str]
    examples: int
    described_by: str


class KitVersion(BaseModel):
    version: int
    created_at: datetime
    sources: list[str]
    current: bool


class ExampleSnippet(BaseModel):
    """An example passage of a kit, and how similar it is to the text it was retrieved for."""

    text: str
    source: str
    kind: str
    similarity: float
    metrics: dict[str, float] = {}


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


class BrandKitStore:
    """A user's brand kits. Open with `BrandKitStore.open(services)`; nothing connects before that."""

    def __init__(self, services: Services, user: str) -> None:
        self._services = services
        self.user = user
        client = services.chroma
        embedder = services.embedder
        self._kits = open_collection(client, ("brandkits", user), embedder)
        self._sources = open_collection(client, ("brandsources", user), embedder)
        self._examples = open_collection(client, ("brandexamples", user, embedder.name), embedder)
        self._reference: dict[tuple[str, int], tuple[list[str], np.ndarray]] = {}

    @classmethod
    def open(cls, services: Services, user: str | None = None) -> BrandKitStore:
        return cls(services, user or services.settings.user)

    @property
    def embedder(self) -> Any:
        return self._services.embedder

    # ------------------------------------------------------------ reading

    def _head(self, name: str) -> int | None:
        found = self._kits.get(ids=[f"head:{name}"], include=["metadatas"])
        if not found["ids"]:
            return None
        return int(found["metadatas"][0]["version"])

    def names(self) -> list[str]:
        found = self._kits.get(where={"record": "head"}, include=["metadatas"])
        return sorted(str(meta["name"]) for meta in found["metadatas"])

    def _missing(self, name: str) -> str:
        existing = self.names()
        listed = f"Existing kits: {', '.join(existing)}." if existing else "There are no kits yet."
        return f"No brand kit named '{name}'. {listed} Build one with `hookline brand build {name} FILE...`."

    def _version_numbers(self, name: str) -> list[int]:
        found = self._kits.get(where={"$and": [{"record": "kit"}, {"name": name}]}, include=["metadatas"])
        return sorted(int(meta["version"]) for meta in found["metadatas"])

    def get(self, name: str, version: int | None = None) -> BrandKit:
        """The current kit, or one of its earlier versions. NotFoundError lists what exists."""
        validate_kit_name(name)
        head = self._head(name)
        if head is None:
            raise NotFoundError(self._missing(name))
        wanted = head if version is None else version
        found = self._kits.get(ids=[f"kit:{name}:v{wanted}"], include=["documents"]) if wanted <= head else {"ids": []}
        if not found["ids"]:
            versions = [v for v in self._version_numbers(name) if v <= head]
            raise NotFoundError(
                f"Brand kit '{name}' has no version {wanted}; it has version(s) {', '.join(map(str, versions))}."
            )
        return BrandKit.model_validate_json(found["documents"][0])

    def list(self) -> list[KitSummary]:
        summaries = []
        for name in self.names():
            kit = self.get(name)
            summaries.append(
                KitSummary(
                    name=name, version=kit.version, created_at=kit.created_at,
                    versions=len([v for v in self._version_numbers(name) if v <= kit.version]),
                    sources=[source.name for source in kit.sources],
                    examples=len(self._examples.get(where={"$and": [{"name": name}, {"version": kit.version}]}, include=[])["ids"]),
                    described_by=kit.described_by,
                )
            )
        return summaries

    def versions(self, name: str) -> list[KitVersion]:
        head = self.get(name).version
        result = []
        for version in self._version_numbers(name):
            if version > head:
                continue
            kit = self.get(name, version)
            result.append(KitVersion(version=version, created_at=kit.created_at,
                                     sources=[s.name for s in kit.sources], current=version == head))
        return result

    def _stored_docs(self, kit: BrandKit) -> list[SourceDoc]:
        """The sources of a kit version that this store holds (an imported kit has none)."""
        if not kit.sources:
            return []
        ids = [f"src:{kit.name}:{source.sha256}" for source in kit.sources]
        found = self._sources.get(ids=ids, include=["documents", "metadatas"])
        rows = dict(zip(found["ids"], zip(found["documents"], found["metadatas"], strict=True), strict=True))
        docs = []
        for document, meta in (rows[source_id] for source_id in ids if source_id in rows):
            if meta["kind"] == "image":
                palette = [tuple(item) for item in json.loads(str(meta.get("palette", "[]")))]
                docs.append(SourceDoc(str(meta["file"]), "image", str(meta["sha256"]), int(meta["bytes"]), raw="", palette=palette))  # type: ignore[arg-type]
            else:
                docs.append(parse_source(str(meta["file"]), str(meta["kind"]), document or "",
                                         sha256=str(meta["sha256"]), size=int(meta["bytes"])))
        return docs

    # ------------------------------------------------------------ building

    def build(self, name: str, files: Sequence[Path], progress: Callable[[str], None] | None = None) -> BrandKit:
        """Create the kit, or a new version of it from everything uploaded so far plus `files`.

        Every file is read and checked first; the kit is built and validated in memory;
        only then is anything written. A failure at any step leaves the current kit as it was.
        """
        validate_kit_name(name)
        say = progress or (lambda _message: None)
        if not files:
            raise InputError("Give at least one file to learn the brand from.")
        for path in files:
            kind_of(Path(path))  # refuse unknown types before reading anything
        uploads: list[SourceDoc] = []
        for path in files:
            say(f"reading {Path(path).name}")
            uploads.append(read_upload(Path(path)))
        previous = self.get(name) if self._head(name) is not None else None
        stored = self._stored_docs(previous) if previous else []
        known = {doc.sha256 for doc in stored}
        fresh: list[SourceDoc] = []
        skipped: list[str] = []
        for doc in uploads:
            if doc.sha256 in known or any(doc.sha256 == other.sha256 for other in fresh):
                skipped.append(doc.name)
            else:
                fresh.append(doc)
        if not fresh:
            where = f"brand kit '{name}' (version {previous.version})" if previous else "this upload"
            raise InputError(f"Nothing new to learn: {', '.join(skipped)} {'is' if len(skipped) == 1 else 'are'} already in {where}.")
        fresh_names = {doc.name for doc in fresh}
        kept = [doc for doc in stored if doc.name not in fresh_names]  # a re-uploaded file name replaces the old file
        version = max([*self._version_numbers(name), 0]) + 1
        added = {source.sha256: source.added_in_version for source in (previous.sources if previous else [])}
        docs = [*kept, *fresh]
        source_files = [
            SourceFile(
                name=doc.name, kind=doc.kind, sha256=doc.sha256, bytes=doc.size,  # type: ignore[arg-type]
                items=len(doc.blocks), added_in_version=added.get(doc.sha256, version),
            )
            for doc in docs
        ]
        settings = self._services.settings
        built = build_kit(
            name, docs, version=version, created_at=_now(), source_files=source_files, previous=previous,
            chat_model=self._services.chat_model, embedder=self.embedder, tokens=self._services.tokens,
            context_tokens=settings.embedded_context_tokens, progress=say,
        )
        kit = built.kit
        if skipped:
            kit.notes.append(f"Skipped duplicate upload(s): {', '.join(skipped)}.")
        kit = BrandKit.model_validate(kit.model_dump())
        say(f"saving version {version}")
        self._write(kit, fresh, [(p.text, p.source, p.kind, p.metrics) for p in built.passages], built.vectors)
        return kit

    def _write(
        self,
        kit: BrandKit,
        fresh: Sequence[SourceDoc],
        examples: Sequence[tuple[str, str, str, dict[str, float]]],
        vectors: np.ndarray | None,
    ) -> None:
        """Sources, examples, the version record, then the head: the new version exists only at the end."""
        name, version = kit.name, kit.version
        try:
            for doc in fresh:
                self._sources.upsert(
                    ids=[f"src:{name}:{doc.sha256}"],
                    embeddings=[_PLACEHOLDER],
                    documents=[doc.raw or f"image {doc.name}"],
                    metadatas=[{
                        "name": name, "file": doc.name, "kind": doc.kind, "sha256": doc.sha256, "bytes": doc.size,
                        "since_version": version, "palette": json.dumps(doc.palette),
                    }],
                )
            self._examples.delete(where={"$and": [{"name": name}, {"version": version}]})
            if vectors is None:
                vectors = self.embedder.embed([text for text, *_ in examples]) if examples else None
            seen: set[str] = set()
            rows = []
            for index, (text, source, kind, metrics) in enumerate(examples):
                key = content_hash(text)
                if key in seen:
                    continue
                seen.add(key)
                rows.append((f"ex:{name}:v{version}:{key[:32]}", text, vectors[index].tolist(), {  # type: ignore[index]
                    "name": name, "version": version, "source": source, "kind": kind, "metrics": json.dumps(metrics),
                }))
            for start in range(0, len(rows), 500):
                batch = rows[start : start + 500]
                self._examples.add(
                    ids=[row[0] for row in batch], documents=[row[1] for row in batch],
                    embeddings=[row[2] for row in batch], metadatas=[row[3] for row in batch],
                )
            self._kits.upsert(
                ids=[f"kit:{name}:v{version}"],
                embeddings=[_PLACEHOLDER],
                documents=[kit.model_dump_json()],
                metadatas=[{"record": "kit", "name": name, "version": version, "created_at": kit.created_at.isoformat()}],
            )
        except BaseException:
            self._discard(name, version)
            raise
        self._kits.upsert(
            ids=[f"head:{name}"], embeddings=[_PLACEHOLDER], documents=[name],
            metadatas=[{"record": "head", "name": name, "version": version}],
        )
        self._reference.pop((name, version), None)

    def _discard(self, name: str, version: int) -> None:
        """Best-effort removal of a version that failed half-way (never the current one)."""
        try:
            self._examples.delete(where={"$and": [{"name": name}, {"version": version}]})
            self._kits.delete(ids=[f"kit:{name}:v{version}"])
        except Exception as error:  # the head still points at the old version, so this is only clutter
            log.warning("could not clean up version %s of %s: %s", version, name, error)

    def _derive(self, kit: BrandKit, **changes: Any) -> BrandKit:
        """A new version equal to `kit` but for `changes`, with the same sources and examples."""
        version = max([*self._version_numbers(kit.name), kit.version]) + 1
        data = kit.model_dump()
        data.update(changes, version=version, created_at=_now())
        new = BrandKit.model_validate(data)
        texts, vectors = self._example_rows(kit.name, kit.version)
        self._write(new, [], texts, vectors)
        return new

    def _example_rows(self, name: str, version: int) -> tuple[list[tuple[str, str, str, dict[str, float]]], np.ndarray | None]:
        found = self._examples.get(
            where={"$and": [{"name": name}, {"version": version}]}, include=["documents", "metadatas", "embeddings"]
        )
        rows = [
            (document, str(meta["source"]), str(meta["kind"]), json.loads(str(meta.get("metrics", "{}"))))
            for document, meta in zip(found["documents"], found["metadatas"], strict=True)
        ]
        vectors = np.asarray(found["embeddings"], dtype=np.float32) if rows else None
        return rows, vectors

    # ------------------------------------------------------------ rules

    def add_rule(self, name: str, text: str) -> BrandKit:
        """Store a rule the user stated, with provenance 'stated by the user on DATE' (a new version)."""
        text = " ".join((text or "").split())
        if not text:
            raise InputError("A rule needs some text, e.g. \"we never use emojis\".")
        if len(text) > MAX_RULE_CHARS:
            raise InputError(f"A rule can be at most {MAX_RULE_CHARS} characters; this one has {len(text)}.")
        kit = self.get(name)
        if any(normalize(rule.text) == normalize(text) for rule in kit.rules):
            return kit
        rule = Rule(
            text=text, origin="user", provenance=f"stated by the user on {date.today().isoformat()}",
            evidence=[Evidence(source="user", quote=text)],
        )
        return self._derive(kit, rules=[*kit.model_dump()["rules"], rule.model_dump()], notes=[f"Rule added: {text}"])

    def remove_rule(self, name: str, text: str) -> BrandKit:
        kit = self.get(name)
        wanted = normalize(text or "")
        remaining = [rule for rule in kit.rules if normalize(rule.text) != wanted]
        if len(remaining) == len(kit.rules) or not wanted:
            listed = "; ".join(f'"{rule.text}"' for rule in kit.rules if rule.origin == "user") or "none"
            raise NotFoundError(f"Brand kit '{name}' has no rule \"{text}\". Rules you stated: {listed}.")
        return self._derive(kit, rules=[rule.model_dump() for rule in remaining], notes=[f"Rule removed: {text}"])

    def learn(self, name: str, proposals: Sequence[Any]) -> BrandKit:
        """Save proposals the user confirmed (tools/brandkit/learn.py) as a new version of the kit."""
        kit = self.get(name)
        terms = [p.term for p in proposals if p.term is not None]
        limits = [p.limit for p in proposals if p.limit is not None]
        if not terms and not limits:
            raise InputError("There is nothing to save: no proposed rule was confirmed.")
        known = {normalize(term.term) for term in kit.vocabulary.avoid}
        vocabulary = kit.vocabulary.model_copy(
            update={"avoid": [*kit.vocabulary.avoid, *(t for t in terms if normalize(t.term) not in known)]}
        )
        kinds = {limit.kind for limit in limits}
        merged = [limit for limit in kit.limits if limit.kind not in kinds] + limits
        return self._derive(
            kit, vocabulary=vocabulary.model_dump(), limits=[limit.model_dump() for limit in merged],
            notes=[f"Learned from an edit: {proposal.summary}" for proposal in proposals],
        )

    def rollback(self, name: str, version: int) -> BrandKit:
        """A new version equal to `version` (nothing is deleted: the versions in between stay readable)."""
        old = self.get(name, version)
        if old.version == self._head(name):
            raise InputError(f"Version {version} is already the current version of '{name}'.")
        return self._derive(old, notes=[f"Rolled back to version {version}."])

    # ------------------------------------------------------------ YAML

    def export_yaml(self, name: str, version: int | None = None) -> str:
        kit = self.get(name, version)
        return kit_to_yaml(kit)

    def import_yaml(self, text: str) -> BrandKit:
        """Store a kit from YAML (validated by the same model). Same content as the current kit: nothing changes."""
        kit = kit_from_yaml(text)
        head = self._head(kit.name)
        if head is not None:
            current = self.get(kit.name)
            if current.model_dump(exclude={"version", "created_at"}) == kit.model_dump(exclude={"version", "created_at"}):
                return current
            version = max(self._version_numbers(kit.name)) + 1
            kit = BrandKit.model_validate({**kit.model_dump(), "version": version})
        rows = [(example.text, example.source, example.kind, example.metrics) for example in kit.examples]
        self._write(kit, [], rows, None)
        return kit

    # ------------------------------------------------------------ examples

    def examples_like(self, name: str, text: str, k: int = 3, version: int | None = None) -> list[ExampleSnippet]:
        """The kit's examples most similar to `text` (a brief or a draft), best first: few-shot material."""
        kit = self.get(name, version)
        self.example_matrix(kit)  # makes sure this embedder has the kit's examples
        if not text.strip() or k < 1:
            return []
        query = self.embedder.embed([text])[0]
        found = self._examples.query(
            query_embeddings=[query.tolist()], n_results=k,
            where={"$and": [{"name": kit.name}, {"version": kit.version}]},
            include=["documents", "metadatas", "distances"],
        )
        return [
            ExampleSnippet(
                # Uploaded examples are untrusted: they reach draft prompts only through the safety gate.
                text=gate_lines(document), source=str(meta["source"]), kind=str(meta["kind"]),
                similarity=round(1.0 - float(distance), 4), metrics=json.loads(str(meta.get("metrics", "{}"))),
            )
            for document, meta, distance in zip(found["documents"][0], found["metadatas"][0], found["distances"][0], strict=True)
        ]

    def reference(self, kit: BrandKit | str) -> tuple[list[str], np.ndarray]:
        """A kit version's example texts and their unit vectors: what style similarity compares against.

        A kit this store does not hold (or holds without examples for this embedder) is
        embedded from the examples the kit carries.
        """
        if isinstance(kit, str):
            kit = self.get(kit)
        cache_key = (kit.name, kit.version)
        if cache_key in self._reference:
            return self._reference[cache_key]
        held = self._head(kit.name) is not None and self._has_version(kit)
        rows, vectors = self._example_rows(kit.name, kit.version) if held else ([], None)
        if vectors is None and kit.examples:
            rows = [(e.text, e.source, e.kind, e.metrics) for e in kit.examples]
            vectors = self.embedder.embed([row[0] for row in rows])
            if held:
                self._add_examples(kit, rows, vectors)
        if vectors is None:
            vectors = np.zeros((0, self.embedder.dimension), dtype=np.float32)
        self._reference[cache_key] = ([row[0] for row in rows], vectors)
        return self._reference[cache_key]

    def voice_reference(self, kit: BrandKit, min_posts: int = 3) -> tuple[list[str], np.ndarray]:
        """What the brand published (its posts) when it has at least `min_posts`, else all its examples:
        the reference style fit compares a draft with (a guide's prose describes the voice; posts are it)."""
        texts, vectors = self.reference(kit)
        held = self._head(kit.name) is not None and self._has_version(kit)
        rows = self._example_rows(kit.name, kit.version)[0] if held else []
        kinds = {row[0]: row[2] for row in rows} or {example.text: example.kind for example in kit.examples}
        posts = [i for i, text in enumerate(texts) if kinds.get(text) == "post"]
        if len(posts) >= min_posts:
            return [texts[i] for i in posts], vectors[posts]
        return texts, vectors

    def example_matrix(self, kit: BrandKit | str) -> np.ndarray:
        """Unit vectors of a kit version's examples."""
        return self.reference(kit)[1]

    def _has_version(self, kit: BrandKit) -> bool:
        return bool(self._kits.get(ids=[f"kit:{kit.name}:v{kit.version}"], include=[])["ids"])

    def _add_examples(self, kit: BrandKit, rows: Sequence[tuple[str, str, str, dict[str, float]]], vectors: np.ndarray) -> None:
        ids, seen = [], set()
        keep = []
        for index, (text, *_rest) in enumerate(rows):
            key = content_hash(text)
            if key not in seen:
                seen.add(key)
                ids.append(f"ex:{kit.name}:v{kit.version}:{key[:32]}")
                keep.append(index)
        self._examples.upsert(
            ids=ids, documents=[rows[i][0] for i in keep], embeddings=[vectors[i].tolist() for i in keep],
            metadatas=[{"name": kit.name, "version": kit.version, "source": rows[i][1], "kind": rows[i][2],
                        "metrics": json.dumps(rows[i][3])} for i in keep],
        )


def kit_to_yaml(kit: BrandKit) -> str:
    header = f"# Hookline brand kit '{kit.name}', version {kit.version}. Validated by tools/brandkit/model.py:BrandKit.\n"
    return header + yaml.safe_dump(kit.model_dump(mode="json"), sort_keys=False, allow_unicode=True, width=100)


def kit_from_yaml(text: str) -> BrandKit:
    """Parse and validate a YAML kit; InputError says what is wrong."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise InputError(f"This is not valid YAML: {str(error).splitlines()[0]}") from error
    if not isinstance(data, dict):
        raise InputError("A brand kit YAML file must hold a mapping (name, version, created_at, ...).")
    try:
        return BrandKit.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or 'kit'}: {item['msg']}" for item in error.errors()[:5]
        )
        raise InputError(f"Not a valid brand kit: {problems}.") from error

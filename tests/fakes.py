"""Test doubles. They exist only here, to make tests deterministic; the product never uses them."""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydantic import BaseModel

from core.llm.base import ChatMessage, ChatReply, ToolDecision, ToolSpec, Usage


@dataclass
class RecordedRequest:
    """What the code under test asked the model."""

    kind: str  # chat | stream | structured | choose_tool
    messages: list[ChatMessage]
    schema: type[BaseModel] | None = None
    tools: list[str] = field(default_factory=list)

    @property
    def prompt(self) -> str:
        return "\n".join(message["content"] for message in self.messages)


class ScriptedChatModel:
    """A chat model that replays queued replies in order and records every request.

    Queue a `str` (chat/stream), a Pydantic instance or dict (structured), a
    `ToolDecision` (choose_tool), an exception (raised), or a callable that gets the
    `RecordedRequest` and returns one of those.
    """

    name = "scripted"

    def __init__(self, *replies: Any) -> None:
        self._queue: deque[Any] = deque(replies)
        self.requests: list[RecordedRequest] = []

    def queue(self, *replies: Any) -> ScriptedChatModel:
        self._queue.extend(replies)
        return self

    @property
    def pending(self) -> int:
        return len(self._queue)

    def _next(self, request: RecordedRequest) -> Any:
        self.requests.append(request)
        if not self._queue:
            raise AssertionError(
                f"ScriptedChatModel: no reply queued for a {request.kind} request; "
                f"last message: {request.messages[-1]['content'][:200]!r}"
            )
        item = self._queue.popleft()
        if callable(item) and not isinstance(item, (BaseModel, type)):
            item = item(request)
        if isinstance(item, BaseException):
            raise item
        return item

    def chat(self, messages: Sequence[ChatMessage], *, max_tokens: int | None = None, temperature: float | None = None,
             stop: Sequence[str] | None = None) -> ChatReply:
        item = self._next(RecordedRequest("chat", list(messages)))
        assert isinstance(item, str), f"chat() needs a queued str, got {type(item).__name__}"
        for marker in stop or ():
            item = item.split(marker, 1)[0]  # as a server does: the reply ends before the first stop sequence
        return ChatReply(item, Usage(sum(len(m["content"]) for m in messages) // 4, len(item) // 4))

    def stream(self, messages: Sequence[ChatMessage], *, max_tokens: int | None = None, temperature: float | None = None) -> Iterator[str]:
        item = self._next(RecordedRequest("stream", list(messages)))
        assert isinstance(item, str), f"stream() needs a queued str, got {type(item).__name__}"
        words = item.split(" ")
        for index, word in enumerate(words):
            yield word if index == len(words) - 1 else word + " "

    def structured(self, messages: Sequence[ChatMessage], schema: type[BaseModel], *, max_tokens: int | None = None, temperature: float | None = None, timeout_s: float | None = None) -> Any:
        item = self._next(RecordedRequest("structured", list(messages), schema=schema))
        if isinstance(item, schema):
            return item
        if isinstance(item, dict):
            return schema.model_validate(item)
        if isinstance(item, str):
            return schema.model_validate_json(item)
        raise AssertionError(f"structured({schema.__name__}) got a queued {type(item).__name__}")

    def choose_tool(self, messages: Sequence[ChatMessage], tools: Sequence[ToolSpec], *, max_tokens: int | None = None) -> ToolDecision:
        names = [tool.name for tool in tools]
        item = self._next(RecordedRequest("choose_tool", list(messages), tools=names))
        assert isinstance(item, ToolDecision), f"choose_tool() needs a queued ToolDecision, got {type(item).__name__}"
        if item.tool is not None:
            assert item.tool in names, f"scripted tool {item.tool!r} is not offered ({names})"
            spec = next(tool for tool in tools if tool.name == item.tool)
            spec.arguments.model_validate(item.arguments)  # scripted calls must be valid calls
        return item


class HashEmbedder:
    """Deterministic bag-of-words vectors: texts sharing words are close. Unit tests only."""

    name = "hash-embedder"

    def __init__(self, dimension: int = 64) -> None:
        self.dimension = dimension

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                bucket = int(hashlib.md5(word.strip(".,!?;:\"'").encode()).hexdigest(), 16) % self.dimension
                vectors[row, bucket] += 1.0
            vectors[row] /= max(float(np.linalg.norm(vectors[row])), 1e-9) if vectors[row].any() else 1.0
            if not vectors[row].any():
                vectors[row, 0] = 1.0
        return vectors


def fixed_reply(text: str) -> Callable[[RecordedRequest], str]:
    """A queued item that always answers `text` (handy inside callables)."""
    return lambda _request: text

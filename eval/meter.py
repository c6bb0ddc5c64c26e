"""A chat model wrapper that records every request: tokens (tiktoken), wall time, time to first token.

`MeteredChatModel` wraps the real model and is what the eval hands to the agent, the naive
baseline and the judge, so every figure of cost and speed comes from the same records.
On a `SchemaChatModel` (the OpenAI-compatible client, embedded or remote) it meters the
raw completions underneath `structured` and `choose_tool`, so repair attempts are counted
too; on any other `ChatModel` (the scripted model in tests) it meters the four public calls.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from pydantic import BaseModel

from core.llm.base import ChatMessage, ChatModel, ChatReply, SchemaChatModel, ToolDecision, ToolSpec
from core.tokens import TokenCounter


@dataclass
class CallRecord:
    """One request to the model."""

    label: str
    """What the eval was doing (e.g. 'hookline D01', 'naive D01', 'judge')."""
    kind: str
    """'complete' (one response), 'stream', or a public method name when metering a non-schema model."""
    schema: str | None
    """The JSON schema's name for structured output and tool choice; None for plain chat."""
    seconds: float
    first_token_s: float | None
    prompt_tokens: int
    """tiktoken (o200k_base) count of the messages' text."""
    completion_tokens: int
    """tiktoken (o200k_base) count of the reply's text."""
    server_prompt_tokens: int = 0
    """What the server reported (the model's own tokenizer, chat template included); 0 if unknown."""
    server_completion_tokens: int = 0
    server_cached_tokens: int = 0
    """Prompt tokens the server reused from its prefix cache (llama.cpp); 0 if unknown."""
    output: str = ""
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Window:
    """The records made while a `MeteredChatModel.window(...)` was open."""

    label: str
    records: list[CallRecord] = field(default_factory=list)

    @property
    def prompt_tokens(self) -> int:
        return sum(record.prompt_tokens for record in self.records)

    @property
    def completion_tokens(self) -> int:
        return sum(record.completion_tokens for record in self.records)

    @property
    def server_prompt_tokens(self) -> int:
        return sum(record.server_prompt_tokens for record in self.records)

    @property
    def server_completion_tokens(self) -> int:
        return sum(record.server_completion_tokens for record in self.records)

    @property
    def server_cached_tokens(self) -> int:
        return sum(record.server_cached_tokens for record in self.records)

    @property
    def model_seconds(self) -> float:
        return sum(record.seconds for record in self.records)

    def summary(self) -> dict[str, Any]:
        return {
            "calls": len(self.records),
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "server_prompt_tokens": self.server_prompt_tokens,
            "server_completion_tokens": self.server_completion_tokens,
            "server_cached_tokens": self.server_cached_tokens,
            "model_seconds": round(self.model_seconds, 2),
        }


class MeteredChatModel(SchemaChatModel):
    """Delegates to `inner` and records each request in the open windows."""

    def __init__(self, inner: ChatModel, tokens: TokenCounter) -> None:
        self._inner = inner
        self._tokens = tokens
        self._raw = isinstance(inner, SchemaChatModel)
        self._lock = threading.Lock()
        self._windows: list[Window] = []
        self.records: list[CallRecord] = []
        self.model_name = inner.name

    # ------------------------------------------------------------ windows

    @contextlib.contextmanager
    def window(self, label: str) -> Iterator[Window]:
        """Collect the records of the requests made inside the `with` block."""
        opened = Window(label)
        with self._lock:
            self._windows.append(opened)
        try:
            yield opened
        finally:
            with self._lock:
                self._windows.remove(opened)

    def _label(self) -> str:
        return self._windows[-1].label if self._windows else ""

    def _record(self, record: CallRecord) -> None:
        with self._lock:
            self.records.append(record)
            for opened in self._windows:
                opened.records.append(record)

    def _count(self, messages: Sequence[ChatMessage]) -> int:
        return sum(self._tokens.count(message["content"]) for message in messages)

    # ------------------------------------------------------------ SchemaChatModel primitives (real models)

    def _complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        response_format: dict[str, Any] | None,
        max_tokens: int | None,
        temperature: float | None,
        timeout_s: float | None = None,
        stop: Sequence[str] | None = None,
    ) -> ChatReply:
        schema = response_format["json_schema"]["name"] if response_format else None
        started = time.monotonic()
        try:
            reply = self._inner._complete(  # type: ignore[attr-defined]  # a SchemaChatModel primitive
                messages, response_format=response_format, max_tokens=max_tokens, temperature=temperature,
                timeout_s=timeout_s, stop=stop
            )
        except Exception as error:
            self._record(CallRecord(self._label(), "complete", schema, time.monotonic() - started, None,
                                    self._count(messages), 0, error=f"{type(error).__name__}: {error}"))
            raise
        seconds = time.monotonic() - started
        self._record(CallRecord(
            self._label(), "complete", schema, seconds, None, self._count(messages), self._tokens.count(reply.text),
            reply.usage.prompt_tokens, reply.usage.completion_tokens, reply.usage.cached_tokens, reply.text,
        ))
        return reply

    def _stream(self, messages: Sequence[ChatMessage], *, max_tokens: int | None, temperature: float | None) -> Iterator[str]:
        started = time.monotonic()
        first: float | None = None
        pieces: list[str] = []
        error: str | None = None
        try:
            source = self._inner._stream(messages, max_tokens=max_tokens, temperature=temperature) if self._raw else (
                self._inner.stream(messages, max_tokens=max_tokens, temperature=temperature)
            )
            for piece in source:
                if first is None and piece:
                    first = time.monotonic() - started
                pieces.append(piece)
                yield piece
        except Exception as caught:
            error = f"{type(caught).__name__}: {caught}"
            raise
        finally:
            text = "".join(pieces)
            self._record(CallRecord(self._label(), "stream", None, time.monotonic() - started, first,
                                    self._count(messages), self._tokens.count(text), output=text, error=error))

    # ------------------------------------------------------------ public calls (metered directly for non-schema models)

    def chat(self, messages: Sequence[ChatMessage], *, max_tokens: int | None = None, temperature: float | None = None,
             stop: Sequence[str] | None = None) -> ChatReply:
        if self._raw:
            return super().chat(messages, max_tokens=max_tokens, temperature=temperature, stop=stop)
        return self._direct("chat", None, messages,
                            lambda: self._inner.chat(messages, max_tokens=max_tokens, temperature=temperature, stop=stop),
                            lambda reply: reply.text)

    def stream(self, messages: Sequence[ChatMessage], *, max_tokens: int | None = None, temperature: float | None = None) -> Iterator[str]:
        return self._stream(messages, max_tokens=max_tokens, temperature=temperature)

    def structured(self, messages: Sequence[ChatMessage], schema: type[Any], *, max_tokens: int | None = None,
                   temperature: float | None = None, timeout_s: float | None = None) -> Any:
        if self._raw:
            return super().structured(messages, schema, max_tokens=max_tokens, temperature=temperature, timeout_s=timeout_s)
        return self._direct(
            "structured", schema.__name__, messages,
            lambda: self._inner.structured(messages, schema, max_tokens=max_tokens, temperature=temperature,
                                           timeout_s=timeout_s),
            lambda result: result.model_dump_json() if isinstance(result, BaseModel) else json.dumps(result),
        )

    def choose_tool(self, messages: Sequence[ChatMessage], tools: Sequence[ToolSpec], *, max_tokens: int | None = None) -> ToolDecision:
        if self._raw:
            return super().choose_tool(messages, tools, max_tokens=max_tokens)
        return self._direct("choose_tool", "tool_choice", messages,
                            lambda: self._inner.choose_tool(messages, tools, max_tokens=max_tokens),
                            lambda decision: decision.model_dump_json())

    def _direct(self, kind: str, schema: str | None, messages: Sequence[ChatMessage], call: Any, text_of: Any) -> Any:
        started = time.monotonic()
        try:
            result = call()
        except Exception as error:
            self._record(CallRecord(self._label(), kind, schema, time.monotonic() - started, None, self._count(messages), 0,
                                    error=f"{type(error).__name__}: {error}"))
            raise
        text = text_of(result)
        self._record(CallRecord(self._label(), kind, schema, time.monotonic() - started, None, self._count(messages),
                                self._tokens.count(text), output=text))
        return result

"""The chat-model seam every part of Hookline talks to.

`ChatModel` is deliberately small: plain chat, streaming, structured output into a
Pydantic model, and tool choice. Structured output and tool choice are both done
with a JSON schema (not native tool calls), because that is what works on the
embedded Qwen model and on OpenAI alike (see ../shared/ENVIRONMENT.md).
`SchemaChatModel` implements the protocol on top of two primitives a provider
supplies (`_complete`, `_stream`), with validation and one repair attempt.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypedDict, TypeVar, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.errors import ModelTimeoutError, StructuredOutputError

SchemaT = TypeVar("SchemaT", bound=BaseModel)

NO_TOOL = "none"


class ChatMessage(TypedDict):
    """One message in OpenAI's chat format."""

    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True)
class Usage:
    """Token counts of one request, as the server reported them (0 when it did not)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    """Prompt tokens the server took from its prefix cache instead of processing them (llama.cpp reports them)."""


@dataclass(frozen=True)
class ChatReply:
    text: str
    usage: Usage = Usage()


@dataclass(frozen=True)
class ToolSpec:
    """A tool the model may choose: its name, what it does, and its arguments' model."""

    name: str
    description: str
    arguments: type[BaseModel]


class ToolDecision(BaseModel):
    """The model's choice: a tool with validated arguments, or a direct reply (tool=None)."""

    model_config = ConfigDict(frozen=True)

    tool: str | None = Field(description="The chosen tool's name; None means reply directly.")
    arguments: dict[str, Any] = Field(default_factory=dict)
    reply: str | None = None


@runtime_checkable
class ChatModel(Protocol):
    """What Hookline needs from a chat model. Implementations: OpenAI-compatible, scripted (tests)."""

    @property
    def name(self) -> str: ...

    def chat(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
        stop: Sequence[str] | None = None,
    ) -> ChatReply:
        """A plain reply; generation ends at any of `stop` (not included), e.g. "\n" for a one-line answer."""
        ...

    def stream(
        self, messages: Sequence[ChatMessage], *, max_tokens: int | None = None, temperature: float | None = None
    ) -> Iterator[str]: ...

    def structured(
        self,
        messages: Sequence[ChatMessage],
        schema: type[SchemaT],
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
        timeout_s: float | None = None,
    ) -> SchemaT:
        """`timeout_s` bounds the whole call (both attempts); past it the request is cancelled
        and `ModelTimeoutError` is raised, so a caller can skip a step instead of waiting."""
        ...

    def choose_tool(
        self, messages: Sequence[ChatMessage], tools: Sequence[ToolSpec], *, max_tokens: int | None = None
    ) -> ToolDecision: ...


def _hoist_defs(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """Move a sub-schema's `$defs` to the root so `#/$defs/...` references still resolve."""
    schema = dict(schema)
    defs.update(schema.pop("$defs", {}))
    return schema


def tool_choice_schema(tools: Sequence[ToolSpec]) -> dict[str, Any]:
    """One `anyOf` branch per tool plus a `none` branch for a direct reply."""
    defs: dict[str, Any] = {}
    branches: list[dict[str, Any]] = []
    for tool in tools:
        branches.append(
            {
                "type": "object",
                "properties": {
                    "tool": {"const": tool.name},
                    "arguments": _hoist_defs(tool.arguments.model_json_schema(), defs),
                },
                "required": ["tool", "arguments"],
                "additionalProperties": False,
            }
        )
    branches.append(
        {
            "type": "object",
            "properties": {"tool": {"const": NO_TOOL}, "reply": {"type": "string"}},
            "required": ["tool", "reply"],
            "additionalProperties": False,
        }
    )
    schema: dict[str, Any] = {"anyOf": branches}
    if defs:
        schema["$defs"] = defs
    return schema


def tools_prompt(tools: Sequence[ToolSpec]) -> str:
    """A plain list of the tools, for the system prompt."""
    lines = [f"- {tool.name}: {tool.description}" for tool in tools]
    lines.append(f'- {NO_TOOL}: no tool is needed; put your answer in "reply".')
    return "\n".join(lines)


def _schema_name(schema: type[BaseModel]) -> str:
    return "".join(ch if ch.isalnum() or ch in "_-" else "_" for ch in schema.__name__)[:64]


def _repair_message(error: str) -> ChatMessage:
    return {
        "role": "user",
        "content": (
            "Your last reply was not valid for the required JSON schema:\n"
            f"{error[:800]}\nReply again with only the corrected JSON object."
        ),
    }


class SchemaChatModel:
    """Implements structured output and tool choice on top of a provider's raw completion."""

    model_name: str = "unknown"

    @property
    def name(self) -> str:
        return self.model_name

    # Providers implement these two.
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
        raise NotImplementedError

    def _stream(
        self, messages: Sequence[ChatMessage], *, max_tokens: int | None, temperature: float | None
    ) -> Iterator[str]:
        raise NotImplementedError

    def chat(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
        stop: Sequence[str] | None = None,
    ) -> ChatReply:
        return self._complete(messages, response_format=None, max_tokens=max_tokens, temperature=temperature, stop=stop)

    def stream(
        self, messages: Sequence[ChatMessage], *, max_tokens: int | None = None, temperature: float | None = None
    ) -> Iterator[str]:
        return self._stream(messages, max_tokens=max_tokens, temperature=temperature)

    def _json_with_one_repair(
        self,
        messages: Sequence[ChatMessage],
        *,
        name: str,
        schema: dict[str, Any],
        parse: Any,
        max_tokens: int | None,
        temperature: float | None,
        timeout_s: float | None = None,
    ) -> Any:
        response_format = {"type": "json_schema", "json_schema": {"name": name, "schema": schema}}
        conversation = list(messages)
        last_error = ""
        raw = ""
        deadline = time.monotonic() + timeout_s if timeout_s is not None else None
        for _attempt in range(2):
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                raise ModelTimeoutError(f"The chat model ({self.name}) did not finish within {timeout_s:.0f} s.")
            raw = self._complete(
                conversation, response_format=response_format, max_tokens=max_tokens, temperature=temperature,
                timeout_s=remaining,
            ).text
            try:
                return parse(raw)
            except (ValidationError, ValueError) as error:
                last_error = str(error)
                conversation = [*conversation, {"role": "assistant", "content": raw}, _repair_message(last_error)]
        raise StructuredOutputError(
            f"The chat model ({self.name}) did not return a valid {name} after one repair attempt: "
            f"{last_error.splitlines()[0] if last_error else 'empty reply'}. "
            "Try again, or configure a stronger model with HOOKLINE_LLM_BASE_URL.",
            raw=raw,
        )

    def structured(
        self,
        messages: Sequence[ChatMessage],
        schema: type[SchemaT],
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
        timeout_s: float | None = None,
    ) -> SchemaT:
        return self._json_with_one_repair(
            messages,
            name=_schema_name(schema),
            schema=schema.model_json_schema(),
            parse=schema.model_validate_json,
            max_tokens=max_tokens,
            temperature=temperature,
            timeout_s=timeout_s,
        )

    def choose_tool(
        self, messages: Sequence[ChatMessage], tools: Sequence[ToolSpec], *, max_tokens: int | None = None
    ) -> ToolDecision:
        by_name = {tool.name: tool for tool in tools}

        def parse(raw: str) -> ToolDecision:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError("expected a JSON object with a 'tool' field")
            name = data.get("tool")
            if name == NO_TOOL:
                return ToolDecision(tool=None, reply=str(data.get("reply") or ""))
            if name not in by_name:
                raise ValueError(f"unknown tool {name!r}; choose one of {sorted(by_name)} or {NO_TOOL!r}")
            arguments = by_name[name].arguments.model_validate(data.get("arguments") or {})
            return ToolDecision(tool=name, arguments=arguments.model_dump(mode="json"))

        return self._json_with_one_repair(
            messages,
            name="tool_choice",
            schema=tool_choice_schema(tools),
            parse=parse,
            max_tokens=max_tokens,
            temperature=0.0,
        )

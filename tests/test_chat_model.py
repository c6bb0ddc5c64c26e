"""The OpenAI-compatible chat model against a loopback stub: chat, streaming, structured output,
repair, tool choice, retries and person-readable errors."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel

from core.errors import ModelTimeoutError, ModelUnavailableError, StructuredOutputError
from core.llm.base import ToolSpec, tool_choice_schema
from core.llm.embedded import free_loopback_port
from core.llm.openai_chat import Endpoint, OpenAICompatibleChatModel
from tests.openai_stub import OpenAIStub


class Hook(BaseModel):
    hook: str
    seconds: int


class TrendArgs(BaseModel):
    query: str
    limit: int = 5


def make_model(base_url: str, *, timeout_s: float = 10, max_retries: int = 0) -> OpenAICompatibleChatModel:
    endpoint = Endpoint(base_url=base_url, api_key="k", model="stub-model", describe="stub")
    return OpenAICompatibleChatModel(
        lambda: endpoint, timeout_s=timeout_s, max_retries=max_retries, temperature=0.1, label="stub"
    )


def test_chat_returns_text_and_usage() -> None:
    with OpenAIStub() as stub:
        stub.responses.append("hello there")
        reply = make_model(stub.base_url).chat([{"role": "user", "content": "hi"}])
    assert reply.text == "hello there"
    assert (reply.usage.prompt_tokens, reply.usage.completion_tokens, reply.usage.cached_tokens) == (11, 7, 4)
    assert stub.requests[0]["messages"] == [{"role": "user", "content": "hi"}]


def test_stream_yields_chunks_in_order() -> None:
    with OpenAIStub() as stub:
        stub.responses.append("one two three")
        chunks = list(make_model(stub.base_url).stream([{"role": "user", "content": "count"}]))
    assert "".join(chunks).split() == ["one", "two", "three"]
    assert len(chunks) >= 3


def test_structured_sends_the_pydantic_schema_and_validates() -> None:
    with OpenAIStub() as stub:
        stub.responses.append(json.dumps({"hook": "Stop scrolling", "seconds": 3}))
        result = make_model(stub.base_url).structured([{"role": "user", "content": "hook"}], Hook)
    assert result == Hook(hook="Stop scrolling", seconds=3)
    sent = stub.requests[0]["response_format"]
    assert sent["type"] == "json_schema"
    assert sent["json_schema"]["schema"]["required"] == ["hook", "seconds"]


def test_structured_repairs_once_then_succeeds() -> None:
    with OpenAIStub() as stub:
        stub.responses.extend(['{"hook": "x"}', json.dumps({"hook": "Fixed", "seconds": 2})])
        result = make_model(stub.base_url).structured([{"role": "user", "content": "hook"}], Hook)
    assert result.hook == "Fixed"
    repair_prompt = stub.requests[1]["messages"][-1]["content"]
    assert "not valid" in repair_prompt and "seconds" in repair_prompt
    assert stub.requests[1]["messages"][-2] == {"role": "assistant", "content": '{"hook": "x"}'}


def test_structured_gives_a_typed_error_after_the_repair_fails() -> None:
    with OpenAIStub() as stub:
        stub.responses.extend(["not json", "still not json"])
        with pytest.raises(StructuredOutputError) as raised:
            make_model(stub.base_url).structured([{"role": "user", "content": "hook"}], Hook)
    assert raised.value.raw == "still not json"
    assert "repair" in str(raised.value)
    assert len(stub.requests) == 2


def test_tool_choice_validates_arguments_and_supports_no_tool() -> None:
    tools = [ToolSpec("search_trends", "find outliers", TrendArgs)]
    with OpenAIStub() as stub:
        stub.responses.append(json.dumps({"tool": "search_trends", "arguments": {"query": "hoodies"}}))
        stub.responses.append(json.dumps({"tool": "none", "reply": "Hi!"}))
        model = make_model(stub.base_url)
        chosen = model.choose_tool([{"role": "user", "content": "trends on hoodies"}], tools)
        direct = model.choose_tool([{"role": "user", "content": "hello"}], tools)
    assert chosen.tool == "search_trends" and chosen.arguments == {"query": "hoodies", "limit": 5}
    assert direct.tool is None and direct.reply == "Hi!"
    branches = stub.requests[0]["response_format"]["json_schema"]["schema"]["anyOf"]
    assert [b["properties"]["tool"]["const"] for b in branches] == ["search_trends", "none"]


def test_tool_choice_repairs_an_unknown_tool() -> None:
    tools = [ToolSpec("search_trends", "find outliers", TrendArgs)]
    with OpenAIStub() as stub:
        stub.responses.append(json.dumps({"tool": "delete_everything", "arguments": {}}))
        stub.responses.append(json.dumps({"tool": "search_trends", "arguments": {"query": "q"}}))
        chosen = make_model(stub.base_url).choose_tool([{"role": "user", "content": "x"}], tools)
    assert chosen.tool == "search_trends"
    assert "unknown tool 'delete_everything'" in stub.requests[1]["messages"][-1]["content"]


def test_tool_choice_schema_hoists_nested_definitions() -> None:
    class Inner(BaseModel):
        name: str

    class Outer(BaseModel):
        items: list[Inner]

    schema = tool_choice_schema([ToolSpec("t", "d", Outer)])
    assert "Inner" in schema["$defs"]
    assert "$defs" not in schema["anyOf"][0]["properties"]["arguments"]


def test_server_errors_are_retried_with_backoff() -> None:
    with OpenAIStub() as stub:
        stub.responses.extend([(503, {"error": {"message": "busy"}}), "recovered"])
        reply = make_model(stub.base_url, max_retries=2).chat([{"role": "user", "content": "hi"}])
    assert reply.text == "recovered"
    assert len(stub.requests) == 2


def test_unreachable_endpoint_gives_a_message_that_says_what_to_do() -> None:
    model = make_model(f"http://127.0.0.1:{free_loopback_port()}/v1")
    with pytest.raises(ModelUnavailableError) as raised:
        model.chat([{"role": "user", "content": "hi"}])
    assert "HOOKLINE_LLM_BASE_URL" in str(raised.value)


def test_slow_endpoint_times_out_with_a_clear_error() -> None:
    with OpenAIStub() as stub:
        stub.responses.append(("sleep", 2.0))
        with pytest.raises(ModelTimeoutError) as raised:
            make_model(stub.base_url, timeout_s=0.5).chat([{"role": "user", "content": "hi"}])
    assert "HOOKLINE_LLM_TIMEOUT_S" in str(raised.value)


def test_persistent_server_error_is_reported_not_raised_raw() -> None:
    with OpenAIStub() as stub:
        stub.responses.append((500, {"error": {"message": "boom"}}))
        with pytest.raises(ModelUnavailableError) as raised:
            make_model(stub.base_url).chat([{"role": "user", "content": "hi"}])
    assert "HTTP 500" in str(raised.value)


def test_a_budgeted_structured_call_is_cut_at_its_budget_and_not_retried() -> None:
    """A call with `timeout_s` ends there (the connection is closed, so a llama.cpp server stops
    generating), even when the client's own timeout and retries would wait much longer."""
    import time

    with OpenAIStub() as stub:
        stub.responses.extend([("sleep", 3.0), ("sleep", 3.0)])
        model = make_model(stub.base_url, timeout_s=60, max_retries=2)
        started = time.monotonic()
        with pytest.raises(ModelTimeoutError):
            model.structured([{"role": "user", "content": "hook"}], Hook, timeout_s=0.8)
        assert time.monotonic() - started < 2.5
        assert len(stub.responses) == 1  # one request was sent; nothing retried it

"""The real chat model: the `openai` client against any OpenAI-compatible endpoint."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import openai

from core.errors import ModelTimeoutError, ModelUnavailableError
from core.llm.base import ChatMessage, ChatReply, SchemaChatModel, Usage

ResultT = TypeVar("ResultT")


@dataclass(frozen=True)
class Endpoint:
    """Where the model lives. `describe` is what error messages and `doctor` show."""

    base_url: str
    api_key: str
    model: str
    describe: str


class OpenAICompatibleChatModel(SchemaChatModel):
    """Chat, streaming and JSON-schema output through `openai.OpenAI`.

    `endpoint` is a callable so the embedded server can start lazily, on the
    first request rather than at construction.
    """

    def __init__(
        self,
        endpoint: Callable[[], Endpoint],
        *,
        timeout_s: float,
        max_retries: int,
        temperature: float,
        label: str,
    ) -> None:
        self._endpoint_factory = endpoint
        self._timeout_s = timeout_s
        self._max_retries = max_retries
        self._temperature = temperature
        self._client: openai.OpenAI | None = None
        self._endpoint: Endpoint | None = None
        self.model_name = label

    def _connect(self) -> tuple[openai.OpenAI, Endpoint]:
        if self._client is None or self._endpoint is None:
            endpoint = self._endpoint_factory()
            # The client retries 408/409/429/5xx and connection errors with exponential backoff.
            self._client = openai.OpenAI(
                base_url=endpoint.base_url,
                api_key=endpoint.api_key,
                timeout=self._timeout_s,
                max_retries=self._max_retries,
            )
            self._endpoint = endpoint
        return self._client, self._endpoint

    def _call(self, request: Callable[[openai.OpenAI, Endpoint], ResultT]) -> ResultT:
        client, endpoint = self._connect()
        try:
            return request(client, endpoint)
        except openai.APITimeoutError as error:
            raise ModelTimeoutError(
                f"The chat model ({endpoint.describe}) did not answer within {self._timeout_s:.0f} s. "
                "Try a shorter request, or raise HOOKLINE_LLM_TIMEOUT_S."
            ) from error
        except openai.APIConnectionError as error:
            raise ModelUnavailableError(
                f"Cannot reach the chat model at {endpoint.base_url} ({endpoint.describe}). "
                "Check that the server is running and HOOKLINE_LLM_BASE_URL is right, "
                "or unset HOOKLINE_LLM_BASE_URL to use the embedded local model."
            ) from error
        except openai.AuthenticationError as error:
            raise ModelUnavailableError(
                f"The chat model at {endpoint.base_url} refused the API key. Set OPENAI_API_KEY to a valid key."
            ) from error
        except openai.NotFoundError as error:
            raise ModelUnavailableError(
                f"The endpoint {endpoint.base_url} has no model {endpoint.model!r}. Set HOOKLINE_LLM_MODEL "
                "to a model it serves."
            ) from error
        except openai.APIStatusError as error:
            raise ModelUnavailableError(
                f"The chat model at {endpoint.base_url} answered HTTP {error.status_code} after retries: "
                f"{str(error.message)[:200]}. Try again in a moment."
            ) from error

    def _request_args(
        self, messages: Sequence[ChatMessage], max_tokens: int | None, temperature: float | None, model: str
    ) -> dict[str, Any]:
        args: dict[str, Any] = {
            "model": model,
            "messages": list(messages),
            "temperature": self._temperature if temperature is None else temperature,
        }
        if max_tokens is not None:
            args["max_tokens"] = max_tokens
        return args

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
        def request(client: openai.OpenAI, endpoint: Endpoint) -> ChatReply:
            args = self._request_args(messages, max_tokens, temperature, endpoint.model)
            if response_format is not None:
                args["response_format"] = response_format
            if stop:
                args["stop"] = list(stop)
            if timeout_s is not None:
                # A budgeted call is not retried: closing the connection cancels the generation
                # (llama.cpp stops a task whose client went away), so nothing runs on unseen.
                client = client.with_options(timeout=timeout_s, max_retries=0)
            completion = client.chat.completions.create(**args)
            usage = completion.usage
            details = getattr(usage, "prompt_tokens_details", None)
            cached = int(getattr(details, "cached_tokens", 0) or 0)
            return ChatReply(
                text=completion.choices[0].message.content or "",
                usage=Usage(usage.prompt_tokens, usage.completion_tokens, cached) if usage else Usage(),
            )

        try:
            return self._call(request)
        except ModelTimeoutError as error:
            if timeout_s is None:
                raise
            raise ModelTimeoutError(
                f"The chat model ({self.model_name}) did not finish within this step's {timeout_s:.0f} s budget, "
                "so the step was skipped."
            ) from error

    def _stream(
        self, messages: Sequence[ChatMessage], *, max_tokens: int | None, temperature: float | None
    ) -> Iterator[str]:
        def request(client: openai.OpenAI, endpoint: Endpoint) -> Iterator[str]:
            args = self._request_args(messages, max_tokens, temperature, endpoint.model)
            return iter(client.chat.completions.create(stream=True, **args))

        chunks = self._call(request)
        while True:
            try:
                chunk = self._call(lambda _client, _endpoint: next(chunks))
            except StopIteration:
                return
            if chunk.choices and chunk.choices[0].delta.content:
                yield chunk.choices[0].delta.content

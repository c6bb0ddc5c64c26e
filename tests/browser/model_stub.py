"""An OpenAI-compatible chat endpoint on loopback for end-to-end tests of the real product path.

The web chat runs in its own process, so tests cannot hand it a fake object; instead its
`openai` client talks to this server (HOOKLINE_LLM_BASE_URL). Replies are scripted:

- plain chat and streaming answer from `chat_replies` (then `default_chat`), streamed word
  by word with a short pause so a browser sees the answer grow;
- JSON-schema requests (structured output, tool choice) answer from `schema_replies[name]`
  when the test queued something, otherwise with a small valid instance generated from
  the schema itself: optional fields left out, tool choice "none", and every `evidence`
  list citing the research ids (C1, P2, ...) that appear in the prompt;
- `failures` are served first: `(status, body)` or `("sleep", seconds)`.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from http.server import ThreadingHTTPServer
from typing import Any

from tests.openai_stub import QuietJSONHandler

EVIDENCE_ID = re.compile(r"\b([CPIM]\d{1,3})\b")
DATA_ID = re.compile(r'<data id="([A-Z]\d{1,3})"')
Reply = Any  # str | dict | a callable(request body) -> str | dict


class ModelStub:
    model = "stub-model"

    def __init__(self, *, token_delay_s: float = 0.04) -> None:
        self.token_delay_s = token_delay_s
        self.requests: list[dict[str, Any]] = []
        self.chat_replies: deque[Reply] = deque()
        self.default_chat: Reply = "Hello from the scripted model, streamed word by word."
        self.schema_replies: dict[str, deque[Reply]] = {}
        self.texts: dict[str, str] = {}
        """Strings for generated instances by field path, e.g. {"hook.text": "Stop scrolling"}."""
        self.failures: deque[tuple[Any, Any]] = deque()
        self._lock = threading.Lock()
        stub = self

        class Handler(QuietJSONHandler):
            def do_GET(self) -> None:  # noqa: N802 - /v1/models, for clients that look
                self._send(200, json.dumps({"data": [{"id": stub.model, "object": "model"}]}).encode())

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                with stub._lock:
                    stub.requests.append(body)
                    failure = stub.failures.popleft() if stub.failures else None
                if failure is not None:
                    if failure[0] == "sleep":
                        time.sleep(failure[1])
                        self._send(200, json.dumps(_completion("late")).encode())
                    else:
                        self._send(failure[0], json.dumps(failure[1]).encode())
                    return
                content = stub.reply_for(body)
                if body.get("stream"):
                    self._stream(content)
                else:
                    self._send(200, json.dumps(_completion(content)).encode())

            def _stream(self, content: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                words = content.split(" ")
                try:
                    for index, word in enumerate(words):
                        piece = word if index == len(words) - 1 else word + " "
                        chunk = {"id": "stub", "object": "chat.completion.chunk", "created": 0, "model": stub.model,
                                 "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                        self.wfile.flush()
                        time.sleep(stub.token_delay_s)
                    self.wfile.write(b"data: [DONE]\n\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True, name="model-stub")

    # -- scripting ------------------------------------------------------------------------------
    def queue_chat(self, *replies: Reply) -> ModelStub:
        self.chat_replies.extend(replies)
        return self

    def queue_schema(self, name: str, *replies: Reply) -> ModelStub:
        self.schema_replies.setdefault(name, deque()).extend(replies)
        return self

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.chat_replies.clear()
            self.schema_replies.clear()
            self.failures.clear()
            self.texts = {}

    def env(self) -> dict[str, str]:
        """What the UI process needs to use this stub as its chat model."""
        return {"HOOKLINE_LLM_BASE_URL": self.base_url, "HOOKLINE_LLM_MODEL": self.model, "OPENAI_API_KEY": "stub",
                "HOOKLINE_LLM_MAX_RETRIES": "0", "HOOKLINE_LLM_TIMEOUT_S": "20"}

    def schema_names(self) -> list[str]:
        names = []
        for body in self.requests:
            response_format = body.get("response_format") or {}
            if response_format.get("type") == "json_schema":
                names.append(response_format["json_schema"]["name"])
        return names

    # -- answering ------------------------------------------------------------------------------
    def reply_for(self, body: dict[str, Any]) -> str:
        response_format = body.get("response_format") or {}
        prompt = "\n".join(str(message.get("content", "")) for message in body.get("messages", []))
        if response_format.get("type") == "json_schema":
            spec = response_format["json_schema"]
            with self._lock:
                queued = self.schema_replies.get(spec["name"])
                item = queued.popleft() if queued else None
            if item is None:
                item = generate(spec["schema"], prompt=prompt, texts=self.texts)
            if callable(item):
                item = item(body)
            return item if isinstance(item, str) else json.dumps(item)
        with self._lock:
            item = self.chat_replies.popleft() if self.chat_replies else self.default_chat
        if callable(item):
            item = item(body)
        return str(item)

    def __enter__(self) -> ModelStub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def _completion(content: str) -> dict[str, Any]:
    return {
        "id": "stub", "object": "chat.completion", "created": 0, "model": ModelStub.model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
    }


def generate(schema: dict[str, Any], *, prompt: str = "", texts: dict[str, str] | None = None) -> Any:
    """A small valid instance of a JSON schema (the subset Pydantic emits)."""
    ids = list(dict.fromkeys(DATA_ID.findall(prompt) or EVIDENCE_ID.findall(prompt)))
    ids.sort(key=lambda item: "CPIM".find(item[0]) % 5)  # quotable comments and posts first
    return _Generator(schema, ids, texts or {}).make(schema, "")


class _Generator:
    def __init__(self, root: dict[str, Any], ids: list[str], texts: dict[str, str]) -> None:
        self.root = root
        self.ids = ids
        self.texts = texts
        self.counter = 0

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            path = schema["$ref"].lstrip("#/").split("/")
            target: Any = self.root
            for key in path:
                target = target[key]
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return schema

    def make(self, schema: dict[str, Any], path: str) -> Any:
        schema = self.resolve(schema)
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return schema["enum"][0]
        for key in ("anyOf", "oneOf"):
            if key in schema:
                branches = [self.resolve(branch) for branch in schema[key]]
                if any(branch.get("type") == "null" for branch in branches):
                    return None
                for branch in branches:  # tool choice: prefer a direct reply
                    if branch.get("properties", {}).get("tool", {}).get("const") == "none":
                        return self.make(branch, path)
                return self.make(branches[0], path)
        if "allOf" in schema:
            return self.make(schema["allOf"][0], path)
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "string")
        if kind == "object" or "properties" in schema:
            required = set(schema.get("required", []))
            return {name: self.make(sub, f"{path}.{name}".strip("."))
                    for name, sub in schema.get("properties", {}).items()
                    if name in required or (name == "evidence" and self.ids)}
        if kind == "array":
            if path.endswith("evidence") and self.ids:
                return self.ids[:2]
            count = max(int(schema.get("minItems", 1)), 1)
            return [self.make(schema.get("items", {"type": "string"}), path) for _ in range(count)]
        if kind == "string":
            if path in self.texts:
                return self.texts[path]
            if "#" in str(schema.get("pattern", "")):
                return "#1A2B3C"
            self.counter += 1
            text = f"Scripted {path.replace('.', ' ') or 'text'} {self.counter}"
            return text[: schema["maxLength"]] if "maxLength" in schema else text
        if kind == "integer":
            return int(schema.get("minimum", schema.get("exclusiveMinimum", -1) + 1 if "exclusiveMinimum" in schema else 0))
        if kind == "number":
            return float(schema.get("minimum", 0))
        if kind == "boolean":
            return False
        return None

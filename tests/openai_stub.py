"""A tiny OpenAI-compatible HTTP server on loopback, to test the real `openai` client path."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def completion(content: str) -> dict[str, Any]:
    return {
        "id": "stub",
        "object": "chat.completion",
        "created": 0,
        "model": "stub-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18, "prompt_tokens_details": {"cached_tokens": 4}},
    }


class QuietJSONHandler(BaseHTTPRequestHandler):
    """A request handler that logs nothing and tolerates a client that hung up (shared by the stubs)."""

    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, status: int, payload: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        try:
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)


class OpenAIStub:
    """Queue responses: a str (completion content), (status, body) for errors, or ("sleep", seconds)."""

    def __init__(self) -> None:
        self.responses: deque[Any] = deque()
        self.requests: list[dict[str, Any]] = []
        stub = self

        class Handler(QuietJSONHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append(body)
                item = stub.responses.popleft() if stub.responses else (500, {"error": {"message": "empty queue"}})
                if isinstance(item, tuple) and item[0] == "sleep":
                    time.sleep(item[1])
                    item = "late"
                if isinstance(item, tuple):
                    status, payload = item
                    self._send(status, json.dumps(payload).encode(), "application/json")
                elif body.get("stream"):
                    events = []
                    for word in item.split(" "):
                        chunk = {
                            "id": "stub",
                            "object": "chat.completion.chunk",
                            "created": 0,
                            "model": "stub-model",
                            "choices": [{"index": 0, "delta": {"content": word + " "}, "finish_reason": None}],
                        }
                        events.append(f"data: {json.dumps(chunk)}\n\n")
                    events.append("data: [DONE]\n\n")
                    self._send(200, "".join(events).encode(), "text/event-stream")
                else:
                    self._send(200, json.dumps(completion(item)).encode(), "application/json")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> OpenAIStub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

"""Starts the real web chat in a subprocess and talks to it over Chainlit's socket.io protocol."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import socketio

from core.llm.embedded import free_loopback_port

REPO_ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def running_ui(
    home: Path, extra_env: dict[str, str] | None = None, timeout_s: float = 60, log_path: Path | None = None
) -> Iterator[str]:
    """`hookline ui` on a free loopback port; yields its base URL; stops it afterwards.

    The server's output goes to `log_path` (default: `<home>/../ui-server.log`), never to an
    unread pipe that could fill up and stall it.
    """
    port = free_loopback_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("HOOKLINE_", "OPENAI_", "CHAINLIT_"))}
    env.update({"HOOKLINE_HOME": str(home), **(extra_env or {})})
    log_path = log_path or home.parent / "ui-server.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "hookline.cli", "ui", "--port", str(port)],
        cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the UI exited early:\n{log_path.read_text()[-4000:]}")
            try:
                if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"the UI did not answer /health in time:\n{log_path.read_text()[-4000:]}")
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@dataclass
class Exchange:
    """What the server sent back for one user message."""

    tokens: list[str] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)

    @property
    def final_text(self) -> str:
        texts = [m.get("output", "") for m in self.messages if m.get("output")]
        return texts[-1] if texts else ""


def sign_in(base_url: str, user: str | None = None, password: str | None = None) -> dict[str, str]:
    """Cookies of a signed-in session: the local user (no accounts), or `user` with its password."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        if user is None:
            response = http.post("/auth/header")
        else:
            response = http.post("/login", data={"username": user, "password": password or ""})
        response.raise_for_status()
        return dict(http.cookies)


async def send_message(
    base_url: str, text: str, *, wait_s: float = 90, cookies: dict[str, str] | None = None
) -> Exchange:
    """Connect as a web client, send one message, collect streamed tokens until the run ends."""
    cookies = cookies if cookies is not None else sign_in(base_url)
    client = socketio.AsyncClient()
    exchange = Exchange()
    finished = asyncio.Event()
    chat_started = asyncio.Event()
    started = False
    seen_chat_start = False

    @client.on("stream_start")
    async def on_stream_start(data: dict[str, Any]) -> None:
        exchange.tokens.append(data.get("output", ""))  # a streamed message starts with its first token

    @client.on("stream_token")
    async def on_token(data: dict[str, Any]) -> None:
        exchange.tokens.append(data.get("token", ""))

    @client.on("new_message")
    async def on_message(data: dict[str, Any]) -> None:
        nonlocal seen_chat_start
        seen_chat_start = seen_chat_start or data.get("name") == "on_chat_start"
        exchange.messages.append(data)

    @client.on("task_end")
    async def on_task_end(_data: Any = None) -> None:
        answered = exchange.tokens or any(m.get("type") == "assistant_message" for m in exchange.messages)
        if started and answered:  # not the end of on_chat_start, if that comes late
            finished.set()
        elif seen_chat_start:
            chat_started.set()

    await client.connect(
        base_url,
        headers={"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())},
        socketio_path="/ws/socket.io",
        transports=["websocket"],
        auth={"clientType": "webapp", "sessionId": str(uuid.uuid4()), "threadId": str(uuid.uuid4())},
    )
    try:
        await client.emit("connection_successful")
        try:  # on_chat_start runs first; its task ends before the chat takes messages
            await asyncio.wait_for(chat_started.wait(), timeout=30)
        except asyncio.TimeoutError:
            pass
        started = True
        await client.emit(
            "client_message",
            {
                "message": {
                    "id": str(uuid.uuid4()), "threadId": "", "name": "User", "type": "user_message",
                    "output": text, "createdAt": "2026-01-01T00:00:00Z",
                },
                "fileReferences": None,
            },
        )
        await asyncio.wait_for(finished.wait(), timeout=wait_s)
    finally:
        await client.disconnect()
    return exchange

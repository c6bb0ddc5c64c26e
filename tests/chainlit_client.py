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

from hookline.llm.embedded import free_loopback_port

REPO_ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def running_ui(home: Path, extra_env: dict[str, str] | None = None, timeout_s: float = 60) -> Iterator[str]:
    """`hookline ui` on a free loopback port; yields its base URL; stops it afterwards."""
    port = free_loopback_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("HOOKLINE_", "OPENAI_"))}
    env.update({"HOOKLINE_HOME": str(home), **(extra_env or {})})
    process = subprocess.Popen(
        [sys.executable, "-m", "hookline.cli", "ui", "--port", str(port)],
        cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the UI exited early:\n{process.stdout.read() if process.stdout else ''}")
            try:
                if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            raise RuntimeError("the UI did not answer /health in time")
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class Exchange:
    """What the server sent back for one user message."""

    tokens: list[str] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)

    @property
    def final_text(self) -> str:
        texts = [m.get("output", "") for m in self.messages if m.get("output")]
        return texts[-1] if texts else ""


async def send_message(base_url: str, text: str, *, wait_s: float = 90) -> Exchange:
    """Connect as a web client, send one message, collect streamed tokens until the run ends."""
    client = socketio.AsyncClient()
    exchange = Exchange()
    finished = asyncio.Event()
    started = False

    @client.on("stream_token")
    async def on_token(data: dict[str, Any]) -> None:
        exchange.tokens.append(data.get("token", ""))

    @client.on("new_message")
    async def on_message(data: dict[str, Any]) -> None:
        exchange.messages.append(data)

    @client.on("task_end")
    async def on_task_end(_data: Any = None) -> None:
        if started:
            finished.set()

    await client.connect(
        base_url,
        socketio_path="/ws/socket.io",
        transports=["websocket"],
        auth={"clientType": "webapp", "sessionId": str(uuid.uuid4()), "threadId": str(uuid.uuid4())},
    )
    try:
        await client.emit("connection_successful")
        await asyncio.sleep(1.0)  # on_chat_start runs first
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

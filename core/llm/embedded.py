"""The embedded default: llama.cpp's OpenAI-compatible server, in-process via `xllamacpp`.

Started on first use, bound to 127.0.0.1 on a free port, stopped at exit. Requests go
through the same `openai` client as any other endpoint.
"""

from __future__ import annotations

import atexit
import gc
import socket
import threading
import time
from pathlib import Path

import httpx

from core.errors import ModelUnavailableError
from core.llm.model_assets import MODEL_ALIAS, verify_model
from core.llm.openai_chat import Endpoint

_STARTUP_TIMEOUT_S = 180.0


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class EmbeddedLlamaServer:
    """One llama.cpp server per process, created lazily and thread-safely."""

    def __init__(
        self, model_file: Path, *, context_tokens: int, threads: int, verify: bool = True, verbose: bool = False
    ) -> None:
        self.model_file = model_file
        self.context_tokens = context_tokens
        self.threads = threads
        self._verify = verify
        self._verbose = verbose
        self._lock = threading.Lock()
        self._server: object | None = None
        self._base_url: str | None = None

    @property
    def running(self) -> bool:
        return self._server is not None

    def endpoint(self) -> Endpoint:
        with self._lock:
            if self._base_url is None:
                self._start()
            assert self._base_url is not None
            return Endpoint(
                base_url=self._base_url,
                api_key="embedded",
                model=MODEL_ALIAS,
                describe=f"embedded {MODEL_ALIAS} (llama.cpp)",
            )

    def _start(self) -> None:
        import xllamacpp  # imported here: loading the native library is not free

        if self._verify:
            verify_model(self.model_file)
        port = free_loopback_port()
        params = xllamacpp.CommonParams()
        params.model.path = str(self.model_file)
        params.model_alias = MODEL_ALIAS
        params.n_ctx = self.context_tokens
        params.n_parallel = 1
        params.cpuparams.n_threads = self.threads
        params.cpuparams_batch.n_threads = self.threads
        params.use_jinja = True
        params.verbosity = 0 if self._verbose else -1  # llama.cpp logs every request to stderr otherwise
        params.port = port
        params.hostnames = ["127.0.0.1"]
        try:
            self._server = xllamacpp.Server(params)
        except Exception as error:  # the native layer raises plain RuntimeError/ValueError
            raise ModelUnavailableError(
                f"The embedded model failed to start from {self.model_file}: {error}. "
                "Run `hookline doctor`, or `make setup` to re-assemble the model."
            ) from error
        base = f"http://127.0.0.1:{port}"
        self._wait_healthy(base)
        self._base_url = f"{base}/v1"
        atexit.register(self.stop)

    def _wait_healthy(self, base: str) -> None:
        deadline = time.monotonic() + _STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=2.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise ModelUnavailableError(
            f"The embedded model did not become ready within {_STARTUP_TIMEOUT_S:.0f} s. "
            "The machine may be short of memory (it needs about 2 GB)."
        )

    def stop(self) -> None:
        """Shut the server down; the next request starts a new one."""
        server, self._server, self._base_url = self._server, None, None
        if server is not None:
            del server  # xllamacpp stops the server and frees the model when the object goes
            gc.collect()

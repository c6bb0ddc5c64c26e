"""Builds the real dependencies from settings, lazily, once each.

Everything that talks to a model or a store receives what it needs from here (or a
fake, in tests); nothing is created at import time.
"""

from __future__ import annotations

import functools
from pathlib import Path

from chromadb.api import ClientAPI

from core.embeddings import Embedder, MiniLMEmbedder, OpenAIEmbedder, UniversalSentenceEmbedder
from core.errors import SetupError
from core.llm.base import ChatModel
from core.llm.embedded import EmbeddedLlamaServer
from core.llm.model_assets import MODEL_ALIAS, model_path
from core.llm.openai_chat import Endpoint, OpenAICompatibleChatModel
from core.settings import Settings
from core.tokens import TokenCounter


class Services:
    """The process's real chat model, embedder, Chroma client and token counter."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.embedded_server: EmbeddedLlamaServer | None = None

    @functools.cached_property
    def chat_model(self) -> ChatModel:
        settings = self.settings
        common = {
            "timeout_s": settings.llm_timeout_s,
            "max_retries": settings.llm_max_retries,
            "temperature": settings.llm_temperature,
        }
        if settings.uses_embedded_model:
            model_file = settings.embedded_model_file or model_path(settings.models_dir)
            server = EmbeddedLlamaServer(
                model_file,
                context_tokens=settings.embedded_context_tokens,
                threads=settings.embedded_threads,
                verify=settings.embedded_model_file is None,
                verbose=settings.embedded_verbose,
            )
            self.embedded_server = server
            return OpenAICompatibleChatModel(server.endpoint, label=f"embedded {MODEL_ALIAS}", **common)
        base_url = settings.llm_base_url or ""
        if not settings.llm_model:
            raise SetupError(
                f"HOOKLINE_LLM_BASE_URL is set ({base_url}) but HOOKLINE_LLM_MODEL is not. "
                "Name the model to use, e.g. HOOKLINE_LLM_MODEL=gpt-4o-mini or llama3.1."
            )
        api_key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
        endpoint = Endpoint(base_url=base_url, api_key=api_key, model=settings.llm_model, describe=settings.llm_model)
        return OpenAICompatibleChatModel(lambda: endpoint, label=settings.llm_model, **common)

    @functools.cached_property
    def embedder(self) -> Embedder:
        settings = self.settings
        if settings.embedding_provider == "openai":
            api_key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
            return OpenAIEmbedder(model=settings.embedding_model, base_url=settings.embedding_base_url, api_key=api_key)
        if settings.embedding_provider == "multilingual":
            return UniversalSentenceEmbedder(threads=settings.embedding_threads)
        return MiniLMEmbedder(threads=settings.embedding_threads)

    @functools.cached_property
    def chroma(self) -> ClientAPI:
        from core.chroma import open_chroma

        return open_chroma(self.settings)

    @functools.cached_property
    def tokens(self) -> TokenCounter:
        return TokenCounter(self.settings.tiktoken_cache_dir)

    @property
    def home(self) -> Path:
        return self.settings.ensure_home()

    def close(self) -> None:
        if self.embedded_server is not None:
            self.embedded_server.stop()

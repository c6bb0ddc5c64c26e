"""Typed settings: every knob Hookline has, read from HOOKLINE_* variables and `.env`.

Build one `Settings` per process (or per test) and pass it down; nothing reads
`os.environ` anywhere else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Context windows assumed for an endpoint when HOOKLINE_LLM_CONTEXT_TOKENS is not set.
LOCAL_SERVER_CONTEXT_TOKENS = 4096
OPENAI_CONTEXT_TOKENS = 32000  # every current OpenAI chat model takes at least this; prompts here stay far below it
OTHER_ENDPOINT_CONTEXT_TOKENS = 8192


class Settings(BaseSettings):
    """Hookline's configuration. Variables are `HOOKLINE_<FIELD>` unless noted."""

    model_config = SettingsConfigDict(
        env_prefix="HOOKLINE_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    home: Path = Field(
        default=Path(".hookline"),
        description="Data folder: Chroma, SQLite files, the assembled model, caches.",
    )
    user: str = Field(default="local", description="Who owns kits, memories and data when auth is off.")

    # Chat model. No base URL means the embedded local model.
    llm_base_url: str | None = Field(
        default=None, description="OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, LM Studio, llama.cpp)."
    )
    llm_model: str | None = Field(default=None, description="Model name at that endpoint.")
    openai_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("OPENAI_API_KEY", "HOOKLINE_OPENAI_API_KEY"),
        description="API key for the endpoint (OPENAI_API_KEY).",
    )
    llm_timeout_s: float = Field(default=300.0, gt=0, description="Per-request timeout.")
    llm_max_retries: int = Field(default=2, ge=0, description="Retries with backoff on 429/5xx/connection errors.")
    llm_temperature: float = Field(default=0.4, ge=0, le=2)
    llm_context_tokens: int | None = Field(
        default=None, ge=512,
        description="The endpoint model's context window; unset = a default for the provider (see context_tokens).",
    )

    # Embedded model (llama.cpp through xllamacpp).
    embedded_context_tokens: int = Field(default=4096, ge=512)
    embedded_threads: int = Field(default=2, ge=1)
    embedded_verbose: bool = Field(default=False, description="Let llama.cpp log to stderr (for debugging).")
    embedded_model_file: Path | None = Field(
        default=None, description="Use this GGUF instead of the assembled Qwen2.5-Coder-1.5B."
    )

    # Embeddings.
    embedding_provider: Literal["local", "multilingual", "openai"] = Field(
        default="local",
        description="local: all-MiniLM-L6-v2 (English); multilingual: Universal Sentence Encoder multilingual v3; "
        "openai: an OpenAI-compatible embeddings endpoint. After switching, run `hookline reindex`.",
    )
    embedding_model: str = Field(default="text-embedding-3-small", description="Only for embedding_provider=openai.")
    embedding_base_url: str | None = Field(default=None, description="Only for embedding_provider=openai.")
    embedding_threads: int = Field(default=1, ge=1)

    # Stores.
    chroma_url: str | None = Field(
        default=None, description="http://host:port of a `chroma run` server; unset = embedded Chroma under home."
    )

    # Web UI.
    auth: Literal["none", "password"] = "none"
    ui_port: int = Field(default=8000, ge=1, le=65535)

    @field_validator("user")
    @classmethod
    def _user_name_is_strict(cls, value: str) -> str:
        from core.identity import is_user_name

        if not is_user_name(value):
            raise ValueError(
                "HOOKLINE_USER must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
            )
        return value

    @property
    def uses_embedded_model(self) -> bool:
        return not self.llm_base_url

    @property
    def context_tokens(self) -> int:
        """The chat model's context window, which prompts are budgeted to fit: the embedded model's n_ctx, else
        HOOKLINE_LLM_CONTEXT_TOKENS, else a default for the provider: a server on this machine (Ollama, LM Studio,
        llama.cpp, vLLM) often runs a small window (Ollama's default is 2,048-4,096), OpenAI's models take far more."""
        if self.uses_embedded_model:
            return self.embedded_context_tokens
        if self.llm_context_tokens is not None:
            return self.llm_context_tokens
        host = (urlsplit(self.llm_base_url or "").hostname or "").lower()
        if host in ("localhost", "127.0.0.1", "::1", "0.0.0.0") or host.endswith(".local"):
            return LOCAL_SERVER_CONTEXT_TOKENS
        if host.endswith("openai.com"):
            return OPENAI_CONTEXT_TOKENS
        return OTHER_ENDPOINT_CONTEXT_TOKENS

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def chroma_dir(self) -> Path:
        return self.home / "chroma"

    @property
    def tiktoken_cache_dir(self) -> Path:
        return self.home / "tiktoken"

    @property
    def checkpoints_path(self) -> Path:
        return self.home / "checkpoints.sqlite"

    @property
    def corpus_path(self) -> Path:
        return self.home / "corpus.sqlite"

    def ensure_home(self) -> Path:
        """Create the data folder (and its parents) if missing; return it."""
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home

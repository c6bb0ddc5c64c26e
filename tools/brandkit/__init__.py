"""Brand kits: learn a brand from uploaded examples, keep it in Chroma, check drafts against it.

- `model`: the `BrandKit` Pydantic model (every field carries its evidence).
- `sources`: reading uploads (.txt .md .html .pdf .csv .json .png .jpg) with limits and clear errors.
- `roles`: which files are posts (what the brand published) and which are its guide.
- `extract`: deterministic extraction, one import over `passages`, `avoid` and `shapes` (avoided
  words in the shapes guides write them), `limits` (checkable numbers), `habits`, `guidance`.
- `describe`: the chat model's descriptive fields, each grounded in a verified quote whose
  meaning the value keeps (`grounding`), every call bounded in tokens and time.
- `style`: style fit against generic copy; `learn`: rules proposed from a user's edits.
- `builder`: assembles a kit from sources; `store`: `BrandKitStore` (versions in Chroma);
  `check`: `check_text`, a draft against a kit.

Names are imported lazily so `import tools.brandkit.model` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tools.brandkit.check import BrandCheck, Finding, check_text
    from tools.brandkit.model import BrandKit, Evidence
    from tools.brandkit.store import BrandKitStore

__all__ = ["BrandCheck", "BrandKit", "BrandKitStore", "Evidence", "Finding", "check_text"]

_HOMES = {
    "BrandCheck": "tools.brandkit.check",
    "Finding": "tools.brandkit.check",
    "check_text": "tools.brandkit.check",
    "BrandKit": "tools.brandkit.model",
    "Evidence": "tools.brandkit.model",
    "BrandKitStore": "tools.brandkit.store",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'tools.brandkit' has no attribute {name!r}")

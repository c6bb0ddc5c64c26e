"""`repurpose`: a script into the formats asked for, each checked (citations, limits, brand)."""

from __future__ import annotations

from collections.abc import Sequence

from core.errors import InputError
from core.llm.base import ChatModel
from tools.repurpose.assemble import BUILDERS
from tools.repurpose.checks import BrandGate, run_checks
from tools.repurpose.models import FORMAT_KINDS, RepurposeSet, ScriptSource
from tools.repurpose.rewrite import rewrite


def repurpose(
    source: ScriptSource,
    *,
    kinds: Sequence[str] = FORMAT_KINDS,
    brand: BrandGate | None = None,
    model: ChatModel | None = None,
    brand_summary: str = "",
) -> RepurposeSet:
    """Without a model every format is assembled from the script's parts; with one, each is rewritten
    by the model and the rewrite is kept only when it passes the checks (tools/repurpose/rewrite.py)."""
    unknown = [kind for kind in kinds if kind not in BUILDERS]
    if unknown:
        raise InputError(f"Unknown format {unknown[0]!r}. Choose from: {', '.join(FORMAT_KINDS)}.")
    result = RepurposeSet(source=source)
    for kind in kinds:
        assembled = BUILDERS[kind](source)
        assembled.checks = run_checks(assembled, source, brand)
        chosen = assembled if model is None else rewrite(kind, source, assembled, model, brand=brand, brand_summary=brand_summary)
        result.formats.append(chosen)
    return result

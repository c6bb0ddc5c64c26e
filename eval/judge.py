"""Does the cited text support the script part? Two opinions, both saved per citation.

1. An LLM-as-judge rubric (eval/judge_prompt.md), structured output {reason, supported}.
   On the embedded 1.5B model this is a weak judge: read its verdicts before trusting them.
2. A deterministic proxy: embedding cosine (the product's own embedder) between the part
   and the cited text, against a threshold, reported next to the same cosine for the part
   and an evidence item it did NOT cite (the chance level), so the proxy has a yardstick.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
from pydantic import BaseModel, Field

from core.embeddings import Embedder
from core.errors import HooklineError
from core.llm.base import ChatModel
from eval.metrics import Part

EVAL_DIR = Path(__file__).resolve().parent
COSINE_THRESHOLD = 0.35
"""MiniLM cosine above which a part counts as supported by the proxy (paraphrases of one idea
score about 0.5-0.8 in English; unrelated sentences about 0.0-0.2; Spanish vs English is lower)."""


def render(template: str, **variables: Any) -> str:
    """Render eval/<template>.md; a missing variable is an error (as in prompts/)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(EVAL_DIR), undefined=jinja2.StrictUndefined, autoescape=False
    )
    return environment.get_template(f"{template}.md").render(**variables).strip()


class JudgeVerdict(BaseModel):
    """The judge's answer: a reason first (it reasons before it decides), then the verdict."""

    reason: str = Field(description="One short sentence: what the evidence says about the line.")
    supported: bool


@dataclass
class PairVerdict:
    """One (part, citation) pair with both opinions."""

    part: str
    part_text: str
    evidence_id: str
    evidence_kind: str
    evidence_text: str
    judge_supported: bool | None
    judge_reason: str
    cosine: float | None
    chance_cosine: float | None
    """Cosine of the same part to an evidence item it did not cite (None when there is none)."""
    proxy_supported: bool | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def pick_pairs(pairs: Sequence[tuple[Part, str, str]], limit: int) -> list[tuple[Part, str, str]]:
    """At most `limit` pairs, spread over the parts: each part's first citation, then second ones, ..."""
    if limit <= 0:
        return []
    by_part: dict[str, list[tuple[Part, str, str]]] = {}
    for pair in pairs:
        by_part.setdefault(pair[0].name, []).append(pair)
    chosen: list[tuple[Part, str, str]] = []
    depth = 0
    while len(chosen) < limit and any(len(items) > depth for items in by_part.values()):
        for items in by_part.values():
            if len(items) > depth and len(chosen) < limit:
                chosen.append(items[depth])
        depth += 1
    return chosen


def judge_pair(model: ChatModel, part: Part, evidence_kind: str, evidence_text: str) -> tuple[bool | None, str]:
    prompt = render(
        "judge_prompt", part_name=part.name, part_text=part.text, evidence_kind=evidence_kind,
        evidence_text=evidence_text[:600].replace("<", "‹").replace(">", "›"),
    )
    try:
        verdict = model.structured([{"role": "user", "content": prompt}], JudgeVerdict, max_tokens=90, temperature=0.0)
    except HooklineError as error:  # a failed verdict is recorded, not hidden
        return None, f"(judge failed: {str(error)[:160]})"
    return verdict.supported, verdict.reason.strip()


def judge_draft(
    model: ChatModel | None,
    embedder: Embedder,
    pairs: Sequence[tuple[Part, str, str]],
    kinds: dict[str, str],
    pool: dict[str, str],
    *,
    limit: int,
    threshold: float = COSINE_THRESHOLD,
) -> list[PairVerdict]:
    """Both opinions on up to `limit` citation pairs of one draft.

    `kinds` maps evidence ids to their kind; `pool` holds every evidence item the draft could
    have cited (id -> text), from which the chance-level comparison is drawn.
    """
    chosen = pick_pairs(pairs, limit)
    if not chosen:
        return []
    cited_by_part: dict[str, set[str]] = {}
    for part, item, _text in pairs:
        cited_by_part.setdefault(part.name, set()).add(item)
    pool_ids = sorted(pool)
    controls: list[str | None] = []
    for index, (part, _item, _text) in enumerate(chosen):
        uncited = [item for item in pool_ids if item not in cited_by_part.get(part.name, set())]
        controls.append(uncited[(index * 7) % len(uncited)] if uncited else None)

    texts = [part.text for part, _i, _t in chosen] + [text for _p, _i, text in chosen]
    texts += [pool[item] for item in controls if item is not None]
    vectors = embedder.embed(texts)
    n = len(chosen)
    parts_v, cited_v, control_v = vectors[:n], vectors[n : 2 * n], vectors[2 * n :]
    verdicts: list[PairVerdict] = []
    control_index = 0
    for index, (part, item, text) in enumerate(chosen):
        cosine = float(np.dot(parts_v[index], cited_v[index]))
        chance = None
        if controls[index] is not None:
            chance = float(np.dot(parts_v[index], control_v[control_index]))
            control_index += 1
        supported, reason = (None, "(no judge in this run)") if model is None else judge_pair(model, part, kinds.get(item, "comment"), text)
        verdicts.append(PairVerdict(
            part=part.name, part_text=part.text, evidence_id=item, evidence_kind=kinds.get(item, "comment"),
            evidence_text=text, judge_supported=supported, judge_reason=reason, cosine=round(cosine, 4),
            chance_cosine=None if chance is None else round(chance, 4), proxy_supported=cosine >= threshold,
        ))
    return verdicts

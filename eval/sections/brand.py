"""Brand: which kits a case drafts with and each draft's brand-check score against its own and another kit
(measuring); the brand figures, the "Brand" section and its notes (reporting)."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from eval import metrics
from eval.cases import DraftCase
from eval.sections.common import spoken_and_screen
from eval.sections.fmt import num
from eval.sections.template import fill

if TYPE_CHECKING:
    from eval.run import EvalRun


# ---------------------------------------------------------------- measuring


def kit_rules(run: EvalRun, name: str) -> list[str]:
    return [rule.text for rule in run.kit_store.get(name).rules] if run.kits and name in run.kits else []


def pick_kits(run: EvalRun, case: DraftCase, index: int) -> tuple[str | None, str | None]:
    if not run.kits:
        return None, None
    own = case.kit if case.kit in run.kits else run.kits[index % len(run.kits)]
    others = [name for name in run.kits if name != own]
    other = case.other_kit if case.other_kit in others else (others[index % len(others)] if others else None)
    return own, other


def scores(run: EvalRun, draft: Any, own: str | None, other: str | None) -> dict[str, Any] | None:
    if draft is None or not own:
        return None
    from tools.brandkit.check import check_text

    text = spoken_and_screen(draft)
    result: dict[str, Any] = {}
    for role, name in (("own", own), ("other", other)):
        if not name:
            continue
        kit = run.kit_store.get(name)
        check = check_text(kit, text, store=run.kit_store)
        result[role] = {
            "kit": name, "score": check.score,
            "copied_from_examples": metrics.copied_phrases(text, [example.text for example in kit.examples])[:5],
            "violations": sum(1 for f in check.findings if f.severity in ("error", "warning") and f.kind != "style"),
            "errors": sum(1 for f in check.findings if f.severity == "error"),
            "findings": [f"{f.severity}: {f.kind}: {f.message}" for f in check.findings],
        }
    return result


# ---------------------------------------------------------------- figures


def figures(produced: list[dict[str, Any]]) -> dict[str, Any]:
    """One system's brand figures (`produced`: the sides that have a draft)."""
    brands = [side["brand"] for side in produced if side.get("brand")]
    own = [b["own"]["score"] for b in brands if "own" in b]
    other = [b["other"]["score"] for b in brands if "other" in b]
    gaps = [b["own"]["score"] - b["other"]["score"] for b in brands if "own" in b and "other" in b]
    kinds: Counter[str] = Counter()
    for b in brands:
        for finding in b.get("own", {}).get("findings", []):
            severity, kind, _message = (finding.split(": ", 2) + ["", ""])[:3]
            if severity in ("error", "warning") and kind != "style":
                kinds[kind] += 1
    # The kit each draft's own-kit style finding says it "reads more like" (when not its own kit).
    reads_like: Counter[str] = Counter(
        match.group(1)
        for b in brands
        for finding in b.get("own", {}).get("findings", [])
        if (match := re.search(r"the draft reads more like ([\w-]+)", finding))
    )
    return {
        "reads_like_other": dict(reads_like.most_common()),
        "drafts": len(brands), "own_mean": metrics.mean(own), "other_mean": metrics.mean(other), "gap_mean": metrics.mean(gaps),
        "own_higher": sum(1 for gap in gaps if gap > 0), "compared": len(gaps),
        "copying_drafts": sum(1 for b in brands if b.get("own", {}).get("copied_from_examples")),
        "copied_examples": [phrase for b in brands for phrase in b.get("own", {}).get("copied_from_examples", [])[:1]][:3],
        "violations_per_draft": metrics.mean(b["own"]["violations"] for b in brands if "own" in b),
        "errors_per_draft": metrics.mean(b["own"]["errors"] for b in brands if "own" in b),
        "finding_kinds": dict(kinds.most_common(6)),
    }


# ---------------------------------------------------------------- reporting


def _side_values(prefix: str, brand: dict[str, Any]) -> dict[str, str | int]:
    values: dict[str, str | int] = {
        "own": num(brand["own_mean"]), "other": num(brand["other_mean"]), "gap": num(brand["gap_mean"]),
        "own_higher": brand["own_higher"], "compared": brand["compared"],
        "violations": num(brand["violations_per_draft"], 2), "errors": num(brand["errors_per_draft"], 2),
        "copying": brand["copying_drafts"], "drafts": brand["drafts"],
        "findings": ", ".join(f"{k} {v}" for k, v in brand["finding_kinds"].items()) or "none",
    }
    return {f"{prefix}_{key}": value for key, value in values.items()}


def section(hook: dict[str, Any], naive: dict[str, Any], run: dict[str, Any]) -> list[str]:
    if not run["kits"]:
        return [fill("brand.no_kits"), ""]
    return [fill("brand", **_side_values("h", hook["brand"]), **_side_values("n", naive["brand"])), ""]


def genre_note(hook_brand: dict[str, Any], naive_brand: dict[str, Any]) -> str:
    """When both systems' drafts score lower on the kit they were written for, say what that points to."""
    drafts = hook_brand.get("compared", 0) + naive_brand.get("compared", 0)
    lower = drafts - hook_brand.get("own_higher", 0) - naive_brand.get("own_higher", 0)
    if not drafts or lower * 2 <= drafts:
        return ""
    counts = Counter(hook_brand.get("reads_like_other", {})) + Counter(naive_brand.get("reads_like_other", {}))
    warned = ""
    if counts:
        kit, times = counts.most_common(1)[0]
        warned = fill("bad.brand.genre.warned", times=times, kit=kit)
    return fill("bad.brand.genre", lower=lower, drafts=drafts, warned=warned)


def notes(brand: dict[str, Any], naive: dict[str, Any] | None) -> list[str]:
    """Hookline's brand items of "What is bad, and why" (`brand`: its brand figures)."""
    bad = []
    if brand["gap_mean"] is not None and brand["gap_mean"] < 5:
        bad.append(fill("bad.brand.small_gap", own=num(brand["own_mean"]), other=num(brand["other_mean"]),
                        gap=num(brand["gap_mean"]), genre_note=genre_note(brand, (naive or {}).get("brand", {}))))
    if brand["copying_drafts"]:
        bad.append(fill("bad.brand.copying", copying=brand["copying_drafts"], drafts=brand["drafts"],
                        example=brand["copied_examples"][0][:120]))
    if naive and naive["brand"]["own_mean"] is not None and brand["own_mean"] is not None and \
            brand["own_mean"] - naive["brand"]["own_mean"] < 3:
        bad.append(fill("bad.brand.same_as_naive", own=num(brand["own_mean"]), naive_own=num(naive["brand"]["own_mean"])))
    if brand["violations_per_draft"]:
        kinds = ", ".join(f"{kind} {count}×" for kind, count in brand["finding_kinds"].items())
        bad.append(fill("bad.brand.violations", violations=num(brand["violations_per_draft"]), kinds=kinds))
    return bad

"""Brand-kit extraction and brand-check benchmark on the labelled guides in tests/fixtures/brand_guides.

    .venv/bin/python -m bench.brand_extraction [--out bench/BRAND_RESULTS.md]

For every fixture folder (a guide, often a caption set, and labels.json written by a careful
reader), it reads the files as `hookline brand build` does and compares:
- avoided terms: precision and recall against the labelled terms (case, accents and
  punctuation folded; "eco-warrior" = "eco warrior");
- numeric limits: (kind, number) pairs, e.g. ("hashtags", 2), ("exclamation_runs", 1);
- named hashtags/emoji, sign-offs and casing rules, reported on their own;
- audience and promise read from the guide's own statements (no model): a value counts when it
  shares at least a third of the labelled phrase's content words.
Then it builds each kit (real offline embedder, no chat model: the check does not use the
model's fields) and scores the labelled on-brand and off-brand texts, and every on-brand
text against every other brand's kit (own kit must win).

Folders whose labels say "split": "holdout" were written before the parsers were tuned and
not looked at while tuning; the report gives dev and hold-out figures apart.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import StructuredOutputError
from tools.brandkit import extract, roles
from tools.brandkit.grounding import says_the_same
from tools.brandkit.limits import stated_limits
from tools.brandkit.profile import stated_profile
from tools.brandkit.sources import SourceDoc, read_upload
from tools.brandkit.text import normalise_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "brand_guides"
NUMERIC = ("hashtags", "emoji", "exclamations", "exclamation_runs", "questions", "words")


def fold(text: str) -> str:
    return " ".join(normalise_text(text).replace("-", " ").split())


@dataclass
class Tally:
    hits: int = 0
    found: int = 0
    expected: int = 0
    misses: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    def add(self, got: set[str], want: set[str], brand: str) -> None:
        self.hits += len(got & want)
        self.found += len(got)
        self.expected += len(want)
        self.misses += [f"{brand}: {item}" for item in sorted(want - got)]
        self.extra += [f"{brand}: {item}" for item in sorted(got - want)]

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.expected if self.expected else 1.0


def fixture_docs(folder: Path) -> list[SourceDoc]:
    return [read_upload(path) for path in sorted(folder.iterdir()) if path.name != "labels.json"]


def extracted(docs: Sequence[SourceDoc]) -> dict[str, set[str]]:
    docs = roles.separate(docs)
    limits = stated_limits(docs)
    stated = stated_profile(docs)
    return {
        "audience": {stated["audience"].text} if "audience" in stated else set(),
        "promise": {stated["promise"].text} if "promise" in stated else set(),
        "avoid": {fold(term.term) for term in extract.avoided_terms(docs)},
        "limits": {f"{limit.kind}={limit.max}" for limit in limits if limit.kind in NUMERIC},
        "named": {fold(v) or v for limit in limits if limit.kind in ("hashtags", "emoji") for v in limit.allowed},
        "sign_offs": {fold(limit.value or "") for limit in limits if limit.kind == "sign_off"},
        "casing": {limit.value or "" for limit in limits if limit.kind == "casing"},
    }


def expected(labels: dict[str, Any]) -> dict[str, set[str]]:
    limits = {f"{kind}={1 if value is True else value}" for kind, value in labels["limits"].items() if value is not None}
    return {
        "audience": {labels["audience"]} if labels.get("audience") else set(),
        "promise": {labels["promise"]} if labels.get("promise") else set(),
        "avoid": {fold(term) for term in labels["avoid"]},
        "limits": limits,
        "named": {fold(v) or v for v in [*labels["allowed_hashtags"], *labels["allowed_emoji"]]},
        "sign_offs": {fold(v) for v in labels["sign_offs"]},
        "casing": {labels["casing"]} if labels["casing"] else set(),
    }


class _NoModel:
    """No chat model: the brand check uses only what the files give."""

    name = "none"

    def structured(self, *_args: Any, **_kwargs: Any) -> Any:
        raise StructuredOutputError("no chat model in this benchmark", raw="")


def run_checks(folders: Sequence[Path]) -> dict[str, Any]:
    from core.embeddings import MiniLMEmbedder
    from core.services import Services
    from core.settings import Settings
    from tools.brandkit.check import check_text
    from tools.brandkit.store import BrandKitStore

    results: dict[str, Any] = {"own": [], "off": [], "pairs": []}
    with tempfile.TemporaryDirectory() as home:
        services = Services(Settings(_env_file=None, home=Path(home)))
        services.embedder = MiniLMEmbedder()  # type: ignore[misc]
        services.chat_model = _NoModel()  # type: ignore[misc]
        store = BrandKitStore.open(services)
        kits = {}
        for folder in folders:
            labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
            files = [path for path in sorted(folder.iterdir()) if path.name != "labels.json"]
            kits[labels["brand"]] = (store.build(labels["brand"], files), labels)
        for brand, (kit, labels) in kits.items():
            for text in labels["on_brand"]:
                own = check_text(kit, text, store=store)
                results["own"].append((brand, own.score, text, [f.message for f in own.findings if f.severity != "info"]))
                for other, (other_kit, _labels) in kits.items():
                    if other != brand:
                        results["pairs"].append((brand, other, own.score, check_text(other_kit, text, store=store).score))
            for text in labels["off_brand"]:
                off = check_text(kit, text, store=store)
                results["off"].append((brand, off.score, text, [f.message for f in off.findings][:4]))
        services.close()
    return results


def report(split_tallies: dict[str, dict[str, Tally]], checks: dict[str, Any], seconds: float, counts: dict[str, int]) -> str:
    lines = [
        "# Brand-kit extraction and brand check",
        "",
        f"`python -m bench.brand_extraction` on {sum(counts.values())} labelled fixtures in tests/fixtures/brand_guides "
        f"({counts.get('dev', 0)} dev, {counts.get('holdout', 0)} hold-out; English and Spanish; guides as .md, .txt and .html, "
        f"captions as .txt and .csv). Machine: {platform.machine()}, Python {platform.python_version()}; {seconds:.0f} s wall.",
        "",
        "Hold-out guides were written with the others, before the parsers were tuned, and their results were not looked at "
        "until the parsers were final. Their one miss then, quillstack's two-hashtag limit (the item \"use more than two "
        "hashtags\" under a \"Don't\" heading), was fixed on 2026-12-03 with that miss in view (a prohibiting heading now "
        "applies to the items under it), so the hold-out limits row is no longer a held-out figure: it read 8/9 (recall "
        "0.89) before. The style-fit constants "
        "(tools/brandkit/style.py) were set on the dev fixtures and on tests/test_brand_pairwise.py (the two shipped kits); "
        "the brand-check figures for the hold-out brands use them unchanged. The audience/promise reader "
        "(tools/brandkit/profile.py) was written last, after the hold-out avoid/limit figures had been seen (not its "
        "own hold-out figures).",
        "",
        f"Load average when run: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores shared with other work).",
        "",
        "## Extraction",
        "",
        "| split | field | precision | recall | found | labelled |",
        "|---|---|---|---|---|---|",
    ]
    for split, tallies in split_tallies.items():
        for name, tally in tallies.items():
            lines.append(f"| {split} | {name} | {tally.precision:.2f} | {tally.recall:.2f} | {tally.found} | {tally.expected} |")
    for split, tallies in split_tallies.items():
        for name, tally in tallies.items():
            if tally.misses or tally.extra:
                lines.append(f"\n{split} {name}: missed {tally.misses or 'none'}; extra {tally.extra or 'none'}")
    if checks:
        own = [score for _b, score, _t, _f in checks["own"]]
        off = [score for _b, score, _t, _f in checks["off"]]
        pairs = checks["pairs"]
        wins = sum(mine > theirs for _b, _o, mine, theirs in pairs)
        lines += [
            "",
            "## Brand check",
            "",
            f"- On-brand texts (written in each brand's voice, not in its files): {sum(s >= 85 for s in own)}/{len(own)} "
            f"score >= 85 (min {min(own)}, median {sorted(own)[len(own) // 2]}).",
            f"- Off-brand texts (breaking the brand's stated rules): {sum(s <= 40 for s in off)}/{len(off)} score <= 40 "
            f"(max {max(off)}).",
            f"- Own kit vs another brand's kit, same on-brand text: {wins}/{len(pairs)} pairs ({wins / len(pairs):.0%}) "
            "score higher on the own kit.",
            "",
            "The off-brand texts were written to break several stated rules each (banned words, limits, sign-off): "
            "they show every rule is caught and named, not where the line between on and off brand falls. "
            "The two shipped kits (guides only, no posts) are compared in tests/test_brand_pairwise.py instead.",
            "",
            "| brand | on-brand scores | off-brand scores |",
            "|---|---|---|",
        ]
        for brand in dict.fromkeys(b for b, *_ in checks["own"]):
            mine = ", ".join(str(s) for b, s, *_ in checks["own"] if b == brand)
            bad = ", ".join(str(s) for b, s, *_ in checks["off"] if b == brand)
            lines.append(f"| {brand} | {mine} | {bad} |")
        low = [(b, s, f) for b, s, _t, f in checks["own"] if s < 85]
        if low:
            lines += ["", "On-brand texts under 85 and why: " + "; ".join(f"{b} {s} {f}" for b, s, f in low)]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "BRAND_RESULTS.md")
    parser.add_argument("--no-check", action="store_true", help="extraction only (no embedder)")
    parser.add_argument("--split", choices=["dev", "holdout", "all"], default="all", help="which fixtures (default: all)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    folders = sorted(path for path in FIXTURES.iterdir() if (path / "labels.json").is_file())
    tallies: dict[str, dict[str, Tally]] = {}
    counts: dict[str, int] = {}
    for folder in folders:
        labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
        split = labels["split"]
        if args.split not in ("all", split):
            continue
        counts[split] = counts.get(split, 0) + 1
        got, want = extracted(fixture_docs(folder)), expected(labels)
        bucket = tallies.setdefault(split, {})
        for name in ("avoid", "limits", "named", "sign_offs", "casing"):
            bucket.setdefault(name, Tally()).add(got[name], want[name], labels["brand"])
        for name in ("audience", "promise"):  # stated in the guide's words: a match shares the label's content words
            agree = {text for text in got[name] if any(says_the_same(label, text) for label in want[name])}
            bucket.setdefault(name, Tally()).add(agree | (got[name] - agree), want[name] if not agree else agree, labels["brand"])
    chosen = [f for f in folders if args.split == "all" or json.loads((f / "labels.json").read_text())["split"] == args.split]
    checks = {} if args.no_check else run_checks(chosen)
    text = report(tallies, checks, time.perf_counter() - started, counts)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

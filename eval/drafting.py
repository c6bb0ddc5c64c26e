"""Drafting figures for `make eval` (issue 10), for Hookline and the naive baseline side by side:

- support: mean cosine of a part to the items it cites minus to the uncited items of the same pool (the evidence
  Hookline's research found; the comments pasted into the naive prompt), and the share of parts with a citation
  whose best cited item passes the support check (agent/drafting/similarity.py);
- degenerate drafts: near-identical parts, 8+ words copied from the kit, spoken duration outside ±15% of the asked
  (or the platform's usual) length, a script not in the brief's language;
- brand: own kit minus another kit on the same drafts (scored in eval/run.py);
- speed: first part visible after the angle was chosen, the whole drafting turn, prompt tokens per draft.

`python -m eval.drafting spread RUN_A RUN_B` compares two runs' results folders (run-to-run spread).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any

from agent.brief_parsing import match_platform
from agent.drafting.language import NAMES, choose_language, written_in
from agent.drafting.similarity import (
    SUPPORT_THRESHOLD,
    Embedder,
    copied_run,
    cosine_matrix,
    near_identical,
    support_scores,
)
from agent.drafting.timing import TOLERANCE, asked_seconds, speaking_rate

SYSTEMS = ("hookline", "naive")
KITS_DIR = Path(__file__).resolve().parent.parent / "brandkits"


def kit_texts(name: str | None) -> list[str]:
    """The shipped kit's examples and summary: what a draft must not copy 8+ words from."""
    if not name or not (KITS_DIR / f"{name}.yaml").is_file():
        return []
    from tools.brandkit.store import kit_from_yaml

    kit = kit_from_yaml((KITS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    return [example.text for example in kit.examples] + [kit.summary()]


def _parts(draft: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    named = [("hook", draft["hook"]), ("selling point", draft["selling_point"])]
    named += [(f"beat {i}", beat) for i, beat in enumerate(draft.get("beats") or [], start=1)]
    named.append(("call to action", draft["call_to_action"]))
    return [(name, part.get("text") or "", list(part.get("evidence") or [])) for name, part in named]


def evaluate_draft(draft: dict[str, Any] | None, pool: dict[str, str], brief: str, kit: str | None,
                   embedder: Embedder) -> dict[str, Any] | None:
    """The drafting figures of one draft; `pool` maps every id the system could cite to its text."""
    if draft is None:
        return None
    parts = _parts(draft)
    readings = {item: text for item, text in (draft.get("readings") or {}).items() if item in pool}
    margins, cited_parts, passing, passing_read = [], 0, 0, 0
    for _name, text, evidence in parts:
        cited = [item for item in evidence if item in pool]
        if not cited or not text.strip():
            continue
        cited_parts += 1
        uncited = [item for item in pool if item not in cited]
        sims = cosine_matrix(embedder, [text], [pool[item] for item in cited + uncited])[0]
        if uncited:
            margins.append(float(sims[: len(cited)].mean() - sims[len(cited):].mean()))
        if max(support_scores(embedder, text, [pool[item] for item in cited])) >= SUPPORT_THRESHOLD:
            passing += 1
            passing_read += 1
        elif any(item in readings for item in cited) and max(
                support_scores(embedder, text, [readings[item] for item in cited if item in readings])) >= SUPPORT_THRESHOLD:
            passing_read += 1  # it says what Hookline's reading of a comment in another language says
    texts = [text for _name, text, _evidence in parts]
    repeated = [texts[i] for i in range(1, len(texts)) if near_identical(embedder, texts[i], texts[:i])]
    copied = [run for text in texts if (run := copied_run(text, kit_texts(kit)))]
    spoken = " ".join(texts)
    platform = match_platform(brief)
    seconds, _asked = asked_seconds([brief], platform)
    spoken_s = len(spoken.split()) / speaking_rate(platform)
    language = choose_language(brief, list(pool.values())).code  # a brief may ask for the audience's language
    in_language = written_in(spoken, language)
    return {
        "parts": len(parts), "cited_parts": cited_parts, "passing_parts": passing, "passing_read_parts": passing_read,
        "readings": reading_fidelity(readings, pool),
        "support_margin": round(statistics.mean(margins), 4) if margins else None,
        "repeated_parts": len(repeated), "copied_runs": copied,
        "target_s": seconds, "spoken_s": round(spoken_s, 1), "duration_ok": abs(spoken_s - seconds) <= TOLERANCE * seconds,
        "language": language, "in_language": in_language,
        "degenerate": bool(repeated or copied or abs(spoken_s - seconds) > TOLERANCE * seconds or not in_language),
    }


def _reader() -> Embedder:
    """The multilingual embedder (bench/EMBEDDERS.md: a sentence finds its translation among 44 in 98-100% of cases),
    to measure a reading against the comment it reads whatever the run's embedder is."""
    global _READER
    if _READER is None:
        from core.embeddings import UniversalSentenceEmbedder

        _READER = UniversalSentenceEmbedder()
    return _READER


_READER: Embedder | None = None


def reading_fidelity(readings: dict[str, str], pool: dict[str, str]) -> dict[str, Any] | None:
    """How close each reading is to the comment it reads (multilingual cosine), next to how close it is to the other
    comments of the same pool (chance): a faithful reading is much closer to its own comment."""
    if not readings:
        return None
    ids = list(pool)
    sims = cosine_matrix(_reader(), list(readings.values()), [pool[item] for item in ids])
    own, others = [], []
    for row, item in zip(sims, readings, strict=True):
        own.append(float(row[ids.index(item)]))
        others += [float(value) for index, value in enumerate(row) if ids[index] != item]
    nearest = sum(1 for row, item in zip(sims, readings, strict=True) if int(row.argmax()) == ids.index(item))
    return {"count": len(readings), "own_cosine": round(statistics.mean(own), 3),
            "other_cosine": round(statistics.mean(others), 3) if others else None, "nearest_is_own": nearest}


def first_part_seconds(record: dict[str, Any]) -> float | None:
    """Seconds from the start of the turn that drafted (the one answering the angle) to the first part shown."""
    for turn in reversed(record.get("turns") or []):
        if turn.get("first_part_s") is not None:
            return float(turn["first_part_s"])
    return None


def add_metrics(record: dict[str, Any], hook_pool: dict[str, str], naive_pool: dict[str, str], embedder: Embedder) -> None:
    """Adds `drafting` figures to both systems of one eval draft record (in place)."""
    record["hookline"]["drafting"] = evaluate_draft(record["hookline"].get("draft"), hook_pool, record["brief"],
                                                    record.get("kit"), embedder)
    record["naive"]["drafting"] = evaluate_draft(record["naive"].get("draft"), naive_pool, record["brief"],
                                                 record.get("kit"), embedder)


def _readings_summary(entries: list[dict[str, Any] | None]) -> dict[str, Any] | None:
    found = [entry for entry in entries if entry]
    if not found:
        return None
    count = sum(entry["count"] for entry in found)
    weighted = lambda key: round(sum(entry[key] * entry["count"] for entry in found if entry[key] is not None) / count, 3)
    return {"count": count, "own_cosine": weighted("own_cosine"), "other_cosine": weighted("other_cosine"),
            "nearest_is_own": sum(entry["nearest_is_own"] for entry in found)}


def _mean(values: list[float]) -> float | None:
    values = [value for value in values if value is not None]
    return round(statistics.mean(values), 3) if values else None


def _score(entry: Any) -> float | None:
    """A brand score from eval/run.py's record ({"kit", "score", ...}) or a bare number."""
    if isinstance(entry, dict):
        entry = entry.get("score")
    return float(entry) if isinstance(entry, (int, float)) else None


def summarize(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    summary: dict[str, dict[str, Any]] = {}
    for system in SYSTEMS:
        sides = [record[system] for record in records if record.get(system)]
        figures = [side.get("drafting") for side in sides if side.get("drafting")]
        brands = [side.get("brand") or {} for side in sides]
        own = [_score(b.get("own")) for b in brands if _score(b.get("own")) is not None]
        gap = [_score(b["own"]) - _score(b["other"]) for b in brands
               if _score(b.get("own")) is not None and _score(b.get("other")) is not None]
        cited = sum(f["cited_parts"] for f in figures)
        summary[system] = {
            "cases": len(sides), "drafts": len(figures),
            "languages": sorted({f["language"] for f in figures}),
            "support_margin": _mean([f["support_margin"] for f in figures]),
            "passing_share": round(sum(f["passing_parts"] for f in figures) / cited, 3) if cited else None,
            "passing_read_share": round(sum(f.get("passing_read_parts", f["passing_parts"]) for f in figures) / cited, 3)
            if cited else None,
            "cited_parts": cited,
            "readings": _readings_summary([f.get("readings") for f in figures]),
            "degenerate": sum(1 for f in figures if f["degenerate"]),
            "repeated": sum(1 for f in figures if f["repeated_parts"]),
            "copied": sum(1 for f in figures if f["copied_runs"]),
            "duration_off": sum(1 for f in figures if not f["duration_ok"]),
            "wrong_language": sum(1 for f in figures if not f["in_language"]),
            "brand_own": _mean(own), "brand_gap": _mean(gap),
            "first_part_s": _mean([first_part_seconds(side) for side in sides]) if system == "hookline" else None,
            "think_s": _mean([turn["think_s"] for side in sides for turn in side.get("turns") or [] if "think_s" in turn]),
            "draft_s": _mean([(side.get("turns") or [{}])[-1].get("seconds") if system == "hookline" else side.get("seconds")
                              for side in sides]),
            "prompt_tokens": _mean([(side.get("model") or {}).get("prompt_tokens") for side in sides]),
            "processed_tokens": _mean([processed_tokens(side.get("model") or {}) for side in sides]),
        }
    return summary


def processed_tokens(model: dict[str, Any]) -> int | None:
    """Prompt tokens the server evaluated for a draft: what it reported minus what it reused from its prefix cache
    (a part's prompt repeats the conversation so far, which llama.cpp keeps). None when the server reported none."""
    reported = model.get("server_prompt_tokens") or 0
    return reported - (model.get("server_cached_tokens") or 0) if reported else None


def _cell(value: Any, digits: int = 2) -> str:
    if value is None:
        return "n/a"
    return f"{value:+.{digits}f}" if isinstance(value, float) and digits == 3 else (
        f"{value:.{digits}f}" if isinstance(value, float) else str(value))


def section(records: list[dict[str, Any]]) -> list[str]:
    return section_from(summarize(records))


def section_from(s: dict[str, dict[str, Any]]) -> list[str]:
    """The drafting section of eval/RESULTS.md (goals from issue 10 in the last column)."""
    hook, naive = s["hookline"], s["naive"]
    pct = lambda value: "n/a" if value is None else f"{100 * value:.0f}%"
    rows = [
        ("support: cited minus uncited cosine", _cell(hook["support_margin"], 3), _cell(naive["support_margin"], 3), "≥ +0.10"),
        ("parts whose citation passes the support check", f"{pct(hook['passing_share'])} of {hook['cited_parts']}",
         f"{pct(naive['passing_share'])} of {naive['cited_parts']}", "≥ 90%"),
        ("  … or says what Hookline's reading of a comment in another language says", pct(hook["passing_read_share"]),
         pct(naive["passing_read_share"]), ""),
        ("degenerate drafts (any of the four below)", f"{hook['degenerate']} of {hook['drafts']}",
         f"{naive['degenerate']} of {naive['drafts']}", "0"),
        ("  near-identical parts", hook["repeated"], naive["repeated"], "0"),
        ("  8+ words copied from the kit", hook["copied"], naive["copied"], "0"),
        ("  spoken duration outside ±15%", hook["duration_off"], naive["duration_off"], "0"),
        ("  not in the brief's language", hook["wrong_language"], naive["wrong_language"], "0"),
        ("brand: own kit minus other kit", _cell(hook["brand_gap"], 1), _cell(naive["brand_gap"], 1), "≥ +15"),
        ("brand: own-kit score", _cell(hook["brand_own"], 1), _cell(naive["brand_own"], 1), "≥ 80"),
        ("first part visible after the angle (s)", _cell(hook["first_part_s"], 1), "n/a (one call)", "≤ 10"),
        ("whole draft (s)", _cell(hook["draft_s"], 1), _cell(naive["draft_s"], 1), "≤ 30"),
        ("prompt tokens per draft (tiktoken, every request in full)", _cell(hook["prompt_tokens"], 0),
         _cell(naive["prompt_tokens"], 0), "≤ naive"),
        ("  … of which the model processed (the server's prefix cache left out)", _cell(hook["processed_tokens"], 0),
         _cell(naive["processed_tokens"], 0), ""),
    ]
    languages = ", ".join(NAMES.get(code, code) for code in hook["languages"]) or "none"
    lines = ["## Drafting, part by part (issue 10)", "",
             (f"{hook['cases']} draft cases per system ({languages}); figures from eval/drafting.py. Support uses the "
              "run's embedder; a part's citation passes when 0.6 × cosine + 0.4 × content-word overlap with a cited item "
              f"reaches {SUPPORT_THRESHOLD}. Hookline's whole-draft time is the turn after the angle was chosen."
              + _warm_sentence(hook.get("think_s"))), "",
             "| figure | Hookline | naive | goal |", "|---|---|---|---|"]
    lines += [f"| {label} | {a} | {b} | {goal} |" for label, a, b, goal in rows]
    read = hook.get("readings")
    if read:
        lines += ["", (f"Hookline read {read['count']} comments or posts its parts were shown, written in another language than the script, "
                       "into the script's language before writing (agent/drafting/reading.py). Measured with the "
                       "multilingual Universal Sentence Encoder (bench/EMBEDDERS.md), whatever the run's embedder: a "
                       f"reading's cosine to the comment it reads is {read['own_cosine']:.2f} on average, to the other "
                       f"comments of the same evidence {read['other_cosine']:.2f}; for {read['nearest_is_own']} of "
                       f"{read['count']} the nearest comment is its own.")]
    return [*lines, ""]


def _warm_sentence(think_s: float | None) -> str:
    if think_s is None:
        return " The script's opening was not read ahead (an older run, or a model behind an API)."
    return (" While the angle question waited, Hookline read the script's opening, as the web chat does; the simulated "
            f"user answered when that was done, or at the latest after `--think-s` ({think_s:.1f} s on average); the times "
            "run from their answer.")


def _load(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted((folder / "drafts").glob("*.json"))]


def spread(first: Path, second: Path) -> str:
    """Run-to-run spread of the drafting figures between two results folders."""
    a, b = summarize(_load(first)), summarize(_load(second))
    keys = ("support_margin", "passing_share", "degenerate", "repeated", "duration_off", "wrong_language", "brand_gap",
            "brand_own", "first_part_s", "draft_s", "prompt_tokens", "processed_tokens")
    lines = [f"| figure | system | {first.name} | {second.name} | difference |", "|---|---|---|---|---|"]
    for system in SYSTEMS:
        for key in keys:
            x, y = a[system].get(key), b[system].get(key)
            diff = f"{y - x:+.3f}" if isinstance(x, (int, float)) and isinstance(y, (int, float)) else "n/a"
            lines.append(f"| {key} | {system} | {x} | {y} | {diff} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.drafting", description="drafting figures of eval runs")
    sub = parser.add_subparsers(dest="command", required=True)
    compare = sub.add_parser("spread", help="run-to-run spread between two results folders (eval/results copies)")
    compare.add_argument("first", type=Path)
    compare.add_argument("second", type=Path)
    compare.add_argument("--out", type=Path, help="write a Markdown page (e.g. eval/SPREAD.md) instead of printing")
    args = parser.parse_args(argv)
    for folder in (args.first, args.second):
        if not (folder / "drafts").is_dir():
            print(f"{folder} has no drafts/ folder: pass two results folders of `make eval` runs.", file=sys.stderr)
            return 2
    table = spread(args.first, args.second)
    if args.out is None:
        print(table)
        return 0
    args.out.write_text("\n".join([
        "# Drafting figures, run to run", "",
        "Written by `python -m eval.drafting spread FIRST SECOND --out FILE` from two `make eval` results folders; every "
        "figure is one run's mean over its draft cases (counts for degenerate, repeated, duration_off, wrong_language).",
        "", *(_run_line(folder) for folder in (args.first, args.second)), "", table, "",
    ]), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def _run_line(folder: Path) -> str:
    """When and how a results folder's run was made, from its summary.json."""
    try:
        run = json.loads((folder / "summary.json").read_text(encoding="utf-8"))["run"]
    except (OSError, ValueError, KeyError):
        return f"- {folder.name}: no summary.json"
    start, end = run.get("load_average_start") or [None], run.get("load_average_end") or [None]
    load = f"load {start[0]:.1f} → {end[0]:.1f}" if start[0] is not None and end[0] is not None else "load unknown"
    return (f"- {folder.name}: {run.get('started_at')} to {run.get('finished_at')}, {run.get('runtime_seconds', 0) / 60:.1f} "
            f"min, {load}; `{run.get('command', '')}`")


if __name__ == "__main__":
    raise SystemExit(main())

"""Cost and speed: plain chat turns timed to their first streamed token (measuring); tokens, requests and
wall time per draft and per turn, the "Cost and speed" section and its notes (reporting)."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from eval import metrics
from eval.sections.common import rounded, write_json
from eval.sections.fmt import num
from eval.sections.template import fill

if TYPE_CHECKING:
    from eval.run import EvalRun

CHAT_PROMPTS = (
    "Hi! What can you help me with?",
    "Thanks! How do I import my audience data?",
    "Good morning, who are you?",
)
"""Plain chat turns (the intent rules read each as chat, so the reply streams)."""


# ---------------------------------------------------------------- measuring


def chat_turns(run: EvalRun, count: int) -> list[dict[str, Any]]:
    from agent.events import TokenEvent

    saved = run.out / "speed" / "chat_turns.json"
    if run.args.resume and saved.is_file():
        return json.loads(saved.read_text(encoding="utf-8"))
    session = run.open_session()
    turns = []
    for index, text in enumerate(CHAT_PROMPTS[:count]):
        first: list[float] = []
        started = time.monotonic()

        def on_event(event: Any, first: list[float] = first, started: float = started) -> None:
            if isinstance(event, TokenEvent) and not first:
                first.append(time.monotonic() - started)

        with run.meter.window(f"chat {index + 1}") as window:
            result = session.send(f"chat-{index + 1}-{run.tag}", text, on_event=on_event)
        turn = {"text": text, "seconds": round(time.monotonic() - started, 2),
                "ttft": rounded(first[0] if first else None, 2), "reply": result.text, "model": window.summary()}
        turns.append(turn)
        run.log(f"chat turn {index + 1}: first token {turn['ttft']} s, turn {turn['seconds']} s")
    session.close()
    write_json(run.out / "speed" / "chat_turns.json", turns)
    return turns


# ---------------------------------------------------------------- figures


def summary(clarifications: list[dict[str, Any]], chat: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "chat_turns": len(chat),
        "chat_ttft_median": metrics.median(t["ttft"] for t in chat),
        "chat_ttft_max": max((t["ttft"] for t in chat if t["ttft"] is not None), default=None),
        "chat_turn_seconds_median": metrics.median(t["seconds"] for t in chat),
        "clarify_turn_seconds_median": metrics.median(r["seconds"] for r in clarifications),
        "clarify_turn_seconds_p90": metrics.percentile((r["seconds"] for r in clarifications), 90),
    }


def draft_cost(sides: list[dict[str, Any]], produced: list[dict[str, Any]], system: str) -> dict[str, Any]:
    """One system's tokens, requests and times per draft (`produced`: the sides that have a draft)."""
    models = [side["model"] for side in sides if side.get("draft")]
    turns = [turn for side in sides for turn in side.get("turns", [])]
    return {
        "prompt_tokens_mean": metrics.mean(m["prompt_tokens"] for m in models),
        "completion_tokens_mean": metrics.mean(m["completion_tokens"] for m in models),
        "server_prompt_tokens_mean": metrics.mean(m["server_prompt_tokens"] for m in models),
        "server_completion_tokens_mean": metrics.mean(m["server_completion_tokens"] for m in models),
        "calls_mean": metrics.mean(m["calls"] for m in models),
        "seconds_mean_all_attempts": metrics.mean(side["seconds"] for side in sides if side.get("model")),
        "prompt_tokens_mean_all_attempts": metrics.mean(side["model"]["prompt_tokens"] for side in sides if side.get("model")),
        "seconds_mean": metrics.mean(side["seconds"] for side in produced),
        "seconds_median": metrics.median(side["seconds"] for side in produced),
        "seconds_max": max((side["seconds"] for side in produced), default=None),
        "turns_per_draft": metrics.mean(len(side.get("turns", [])) for side in produced) if system == "hookline" else 1.0,
        "turn_seconds_median": metrics.median(t["seconds"] for t in turns if t.get("ttft") is not None) if turns else None,
        "all_turns_seconds_median": metrics.median(t["seconds"] for t in turns) if turns else None,
        "ttft_median": metrics.median(t["ttft"] for t in turns) if turns else None,
        # The script streams part by part: the first part the user sees, not the reply text after the card.
        "first_part_median": metrics.median(t["first_part_s"] for t in turns if t.get("first_part_s") is not None) if turns else None,
        "comments_pasted_mean": metrics.mean(len(side.get("pasted", [])) for side in sides) if system == "naive" else None,
        "evidence_items_mean": metrics.mean(len(side.get("evidence", [])) for side in produced) if system == "hookline" else None,
    }


# ---------------------------------------------------------------- reporting


def _side_values(prefix: str, cost: dict[str, Any]) -> dict[str, str]:
    values = {
        "prompt": num(cost["prompt_tokens_mean"], 0), "completion": num(cost["completion_tokens_mean"], 0),
        "server_prompt": num(cost["server_prompt_tokens_mean"], 0),
        "server_completion": num(cost["server_completion_tokens_mean"], 0), "calls": num(cost["calls_mean"]),
        "mean": num(cost["seconds_mean"], 0), "median": num(cost["seconds_median"], 0), "max": num(cost["seconds_max"], 0),
        "attempt_seconds": num(cost["seconds_mean_all_attempts"], 0),
        "attempt_prompt": num(cost["prompt_tokens_mean_all_attempts"], 0),
    }
    return {f"{prefix}_{key}": value for key, value in values.items()}


def section(hook: dict[str, Any] | None, naive: dict[str, Any] | None, clar: dict[str, Any] | None,
            speed: dict[str, Any]) -> list[str]:
    lines = [fill("cost"), ""]
    if hook and naive:
        h, n = hook["cost"], naive["cost"]
        lines += [fill("cost.drafts", **_side_values("h", h), **_side_values("n", n), h_turns=num(h["turns_per_draft"]),
                       h_first_part=num(h.get("first_part_median"), 1), h_evidence=num(h["evidence_items_mean"]),
                       n_pasted=num(n["comments_pasted_mean"])), ""]
    turn_rows = []
    if speed["chat_turns"]:
        turn_rows.append(fill("cost.turn.chat", seconds=num(speed["chat_turn_seconds_median"]),
                              ttft=num(speed["chat_ttft_median"]), ttft_max=num(speed["chat_ttft_max"])))
    if clar:
        turn_rows.append(fill("cost.turn.clarification", median=num(speed["clarify_turn_seconds_median"]),
                              p90=num(speed["clarify_turn_seconds_p90"])))
    if hook:
        turn_rows.append(fill("cost.turn.draft", seconds=num(hook["cost"]["turn_seconds_median"]),
                              ttft=num(hook["cost"]["ttft_median"])))
        turn_rows.append(fill("cost.turn.any", seconds=num(hook["cost"]["all_turns_seconds_median"])))
    if turn_rows:
        lines += [fill("cost.turns", turn_rows="\n".join(turn_rows)), ""]
    return lines


def notes(cost: dict[str, Any], naive: dict[str, Any] | None) -> list[str]:
    """Hookline's speed items of "What is bad, and why" (`cost`: its cost figures)."""
    bad = []
    if naive and naive["cost"]["seconds_mean"] and cost["seconds_mean"] and cost["seconds_mean"] > naive["cost"]["seconds_mean"]:
        bad.append(fill("bad.speed.slower", hookline=num(cost["seconds_mean"], 0), naive=num(naive["cost"]["seconds_mean"], 0),
                        calls=num(cost["calls_mean"])))
    first_part = cost.get("first_part_median")
    if first_part is not None and first_part > 10:
        bad.append(fill("bad.speed.first_part", first_part=num(first_part, 0), turn=num(cost["turn_seconds_median"], 0)))
    return bad

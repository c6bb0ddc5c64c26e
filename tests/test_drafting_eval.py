"""eval/drafting.py on hand-made records: support margin and pass share, each degenerate case, the summary, the
RESULTS.md section and the run-to-run spread command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval import drafting
from tests.fakes import HashEmbedder

EMBED = HashEmbedder(256)
POOL = {
    "C1": "Night shift nurse here, I need a bottle that fits the fridge door at work",
    "C2": "Mine leaked in my gym bag twice, never again",
    "C3": "The blue one is gorgeous, ordering two for my sisters",
}
BRIEF = "Write a 30-second TikTok for night shift nurses to sell our water bottle"


def part(text: str, *evidence: str) -> dict:
    return {"text": text, "evidence": list(evidence)}


def good_draft() -> dict:
    return {
        "hook": part("Night shift nurse? Your bottle finally fits the fridge door at work.", "C1"),
        "selling_point": part("It never leaked in a gym bag, not once, not twice.", "C2"),
        "beats": [part("Slide it next to the yoghurt, it takes the space of a ketchup bottle in the fridge."),
                  part("The lid locks with one click, so your bag stays dry on the drive home after a long night."),
                  part("Cold water at four in the morning without hunting for a cup in the break room.")],
        "call_to_action": part("Tag a nurse who needs one and follow for more night shift kit."),
    }


def test_a_grounded_draft_of_the_right_length_and_language_is_not_degenerate() -> None:
    figures = drafting.evaluate_draft(good_draft(), POOL, BRIEF, None, EMBED)
    assert figures is not None
    assert figures["cited_parts"] == 2 and figures["passing_parts"] == 2
    assert figures["support_margin"] is not None and figures["support_margin"] > 0.1
    assert figures["duration_ok"] and figures["in_language"] and not figures["degenerate"]


def test_each_degenerate_case_is_counted() -> None:
    repeated = good_draft()
    repeated["beats"][0] = dict(repeated["hook"])
    assert drafting.evaluate_draft(repeated, POOL, BRIEF, None, EMBED)["repeated_parts"] == 1
    long = good_draft()
    long["beats"] += [part("And one more long beat that keeps going and going about the bottle and the lid and the colour.")] * 3
    assert not drafting.evaluate_draft(long, POOL, BRIEF, None, EMBED)["duration_ok"]
    spanish_brief = "Un TikTok de 30 segundos para enfermeras del turno de noche para vender nuestra botella"
    wrong = drafting.evaluate_draft(good_draft(), POOL, spanish_brief, None, EMBED)
    assert wrong["language"] == "es" and not wrong["in_language"] and wrong["degenerate"]
    mailchimp = drafting.kit_texts("mailchimp-voice")
    assert mailchimp, "the shipped kit has examples"
    copied = good_draft()
    copied["beats"][1] = part(" ".join(max(mailchimp[:-1], key=len).split()[:12]))
    assert drafting.evaluate_draft(copied, POOL, BRIEF, "mailchimp-voice", EMBED)["copied_runs"]
    unsupported = good_draft()
    unsupported["hook"] = part("Our brand celebrates every single morning with you.", "C3")
    assert drafting.evaluate_draft(unsupported, POOL, BRIEF, None, EMBED)["passing_parts"] == 1


def record(case: str, margin_draft: dict) -> dict:
    hook = {"draft": margin_draft, "turns": [{"seconds": 40.0, "first_part_s": None}, {"seconds": 20.0, "first_part_s": 4.0}],
            "model": {"prompt_tokens": 1500, "server_prompt_tokens": 1700, "server_cached_tokens": 1200},
            "brand": {"own": {"kit": "a", "score": 85}, "other": {"kit": "b", "score": 60}}}  # as eval/run.py records it
    naive = {"draft": margin_draft, "seconds": 30.0, "model": {"prompt_tokens": 3000, "server_prompt_tokens": 3300},
             "brand": {"own": 70.0, "other": 71.0}}
    entry = {"id": case, "brief": BRIEF, "kit": None, "hookline": hook, "naive": naive}
    drafting.add_metrics(entry, POOL, POOL, EMBED)
    return entry


def test_summary_section_and_spread(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = [record("D1", good_draft()), record("D2", good_draft())]
    summary = drafting.summarize(records)
    assert summary["hookline"]["first_part_s"] == 4.0 and summary["hookline"]["draft_s"] == 20.0
    assert summary["hookline"]["brand_gap"] == 25.0 and summary["naive"]["brand_gap"] == -1.0
    assert summary["hookline"]["prompt_tokens"] == 1500 and summary["hookline"]["degenerate"] == 0
    text = "\n".join(drafting.section(records))
    assert "| first part visible after the angle (s) | 4.0 |" in text
    assert "| prompt tokens per draft (tiktoken, every request in full) | 1500 | 3000 |" in text
    assert "prefix cache left out) | 500 | 3300 |" in text  # what the server reported minus what it reused
    for name, entries in (("run1", records), ("run2", [record("D1", good_draft())])):
        (tmp_path / name / "drafts").mkdir(parents=True)
        for entry in entries:
            (tmp_path / name / "drafts" / f"{entry['id']}.json").write_text(json.dumps(entry), encoding="utf-8")
    assert drafting.main(["spread", str(tmp_path / "run1"), str(tmp_path / "run2")]) == 0
    assert "| support_margin | hookline |" in capsys.readouterr().out
    assert drafting.main(["spread", str(tmp_path / "run1"), str(tmp_path / "nothing")]) == 2
    run = {"started_at": "2026-12-03T16:00:00+00:00", "finished_at": "2026-12-03T16:28:00+00:00", "runtime_seconds": 1680,
           "load_average_start": [1.2, 1, 1], "load_average_end": [2.04, 2, 2], "command": "python -m eval.run --drafts 16"}
    (tmp_path / "run1" / "summary.json").write_text(json.dumps({"run": run}), encoding="utf-8")
    page = tmp_path / "SPREAD.md"
    assert drafting.main(["spread", str(tmp_path / "run1"), str(tmp_path / "run2"), "--out", str(page)]) == 0
    written = page.read_text(encoding="utf-8")
    assert "- run1: 2026-12-03T16:00:00+00:00 to 2026-12-03T16:28:00+00:00, 28.0 min, load 1.2 → 2.0" in written
    assert "- run2: no summary.json" in written and "| duration_off | hookline | 0 | 0 | +0.000 |" in written


def test_the_replay_report_puts_the_recorded_and_new_figures_side_by_side_with_every_draft(tmp_path: Path) -> None:
    from eval import replay

    good = drafting.evaluate_draft(good_draft(), POOL, BRIEF, None, EMBED)
    echo = dict(good_draft(), selling_point=part(good_draft()["hook"]["text"], "C1"))
    bad = drafting.evaluate_draft(echo, POOL, BRIEF, None, EMBED)
    assert good is not None and bad is not None and bad["degenerate"] and not good["degenerate"]
    new = [{"id": "D01", "brief": BRIEF, "kit": "k", "draft": dict(good_draft(), angle="nurses", beats=[]), "drafting": good,
            "open": [], "first_part_s": 6.0, "seconds": 20.0, "prompt_tokens": 1000, "brand": {"own": 80, "other": 60}}]
    recorded = [{"drafting": bad, "brand": {"own": 60, "other": 61}, "first_part_s": 30.0, "seconds": 90.0, "prompt_tokens": 7000}]
    report = tmp_path / "REPLAY.md"
    replay.write_report(report, new, recorded, {"date": "d", "results": "eval/results", "recorded_date": "r", "machine": "m",
                                                "load_start": 0.1, "load_end": 0.2, "minutes": 1.0, "think_s": 0.0})
    text = report.read_text()
    row = next(line for line in text.splitlines() if line.startswith("| degenerate drafts"))
    assert row.split("|")[2].strip() == "1" and row.split("|")[3].strip() == "0"
    assert "| brand: own kit minus other kit | -1.0 | 20.0 |" in text
    assert "| first part visible after the angle (s) | 30.0 | 6.0 |" in text
    assert "- **Hook:** Night shift nurse? Your bottle finally fits the fridge door at work. [C1]" in text
    assert "Drafting starts cold" in text


def test_a_part_citing_a_comment_in_another_language_passes_through_its_reading_and_the_reading_is_measured() -> None:
    pool = dict(POOL, C4="Se me ha roto la tapa a la semana, no la compréis para el gimnasio")
    draft = good_draft()
    draft["beats"][0] = part("One viewer's lid broke within a week, so we rebuilt it for the gym.", "C4")
    faithful = {"C4": "My lid broke after a week, do not buy it for the gym."}
    without = drafting.evaluate_draft(draft, pool, BRIEF, None, EMBED)
    read = drafting.evaluate_draft(dict(draft, readings=faithful), pool, BRIEF, None, EMBED)
    # Against the Spanish words the English line cannot pass with an English-only measure; against the reading it does.
    assert without["passing_parts"] == read["passing_parts"] == 2 and without["readings"] is None
    assert read["passing_read_parts"] == 3
    fidelity = read["readings"]
    assert fidelity["count"] == 1 and fidelity["nearest_is_own"] == 1  # the multilingual embedder matches it up
    assert fidelity["own_cosine"] > fidelity["other_cosine"] + 0.2
    wrong = drafting.evaluate_draft(dict(draft, readings={"C4": "The blue one is gorgeous, I am ordering two for my sisters."}),
                                    pool, BRIEF, None, EMBED)
    assert wrong["readings"]["nearest_is_own"] == 0  # a reading that says another comment is not near its own

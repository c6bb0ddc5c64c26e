"""eval/repurpose.py on hand-made drafts: both input shapes are read, and the figures respond to what is measured."""

from __future__ import annotations

import json
from pathlib import Path

from core.errors import StructuredOutputError
from eval.repurpose import baseline_citations_kept, baseline_limits_met, evaluate
from tests.fakes import ScriptedChatModel
from tests.test_repurpose import BEATS, source


def write_cases(folder: Path) -> None:
    src = source(BEATS)
    evidence = [{"id": c.id, "kind": c.kind, "text": c.text, "source_id": c.source_id} for c in src.citations]
    record = {"id": "case-1", "brief": "A TikTok for commuters about our bottle", "kit": "mailchimp-voice",
              "hookline": {"draft": src.draft.model_dump(), "evidence": evidence}}
    (folder / "case-1.json").write_text(json.dumps(record), encoding="utf-8")
    failed = {"id": "case-2", "brief": "x", "kit": None, "hookline": {"draft": None, "evidence": []}}
    (folder / "case-2.json").write_text(json.dumps(failed), encoding="utf-8")
    cli = {"brief": {"request": "x", "platform": "x"}, "draft": src.draft.model_dump(),
           "citations": [{"id": c.number, "kind": c.kind, "text": c.text, "evidence_id": c.id, "source_id": c.source_id}
                         for c in src.citations]}
    (folder / "from-cli.json").write_text(json.dumps(cli), encoding="utf-8")


def test_assembled_figures_over_both_input_shapes(tmp_path: Path) -> None:
    write_cases(tmp_path)
    report = evaluate(tmp_path, rewrite=False, store_home=None)
    assert report["drafts"] == 2  # the case without a draft is skipped
    caption = report["summary"]["assembled/caption"]
    assert caption["drafts"] == 2 and caption["citations_kept"] == 1.0 and caption["limits_met"] == 1.0
    assert caption["brand_score"] is not None  # case-1 names a shipped kit
    assert not any(key.startswith(("rewrite/", "baseline/")) for key in report["summary"])


def test_rewrite_and_baseline_are_measured_with_a_model(tmp_path: Path) -> None:
    write_cases(tmp_path)
    (tmp_path / "from-cli.json").unlink()
    model = ScriptedChatModel()
    # Four rewrites that fail (the assembled versions stand), then four free-text baseline answers.
    model.queue(*[StructuredOutputError("bad") for _ in range(4)])
    model.queue("A LinkedIn post about the bottle [1].", "1/ Bottle thread", "Say it aloud.", "Newsletter blurb [LINK]")
    report = evaluate(tmp_path, rewrite=True, store_home=None, model=model)
    summary = report["summary"]
    assert summary["rewrite/caption"]["rewrites_kept"] == 0.0 and summary["rewrite/caption"]["citations_kept"] == 1.0
    assert summary["baseline/caption"]["citations_kept"] == 0.25  # one of four ids ([1] = C1) survived
    assert summary["baseline/thread"]["citations_kept"] == 0.0
    assert model.pending == 0


def test_baseline_helpers() -> None:
    src = source(BEATS)
    assert baseline_citations_kept("no marks", src) == 0.0
    assert baseline_citations_kept("a [1] b [C2] c [P1] d [4]", src) == 1.0
    assert baseline_limits_met("thread", "1/ short\n\n2/ " + "x" * 300, src) is False
    assert baseline_limits_met("email_teaser", "short", src) is True


def test_the_markdown_report_is_written_from_the_figures(tmp_path: Path) -> None:
    from eval.repurpose import main

    (tmp_path / "drafts").mkdir()
    write_cases(tmp_path / "drafts")
    out, report = tmp_path / "repurpose.json", tmp_path / "REPURPOSE.md"
    assert main(["--drafts", str(tmp_path / "drafts"), "--out", str(out), "--report", str(report), "--max-drafts", "1"]) == 0
    figures = json.loads(out.read_text(encoding="utf-8"))
    text = report.read_text(encoding="utf-8")
    assert figures["drafts"] == 1 and "from 1 drafts" in text
    caption = figures["summary"]["assembled/caption"]
    assert f"| assembled (no model) | Post caption | 1 | {caption['citations_kept']:.0%} | {caption['limits_met']:.0%} |" in text
    assert "not run (run with `--rewrite`)" in text

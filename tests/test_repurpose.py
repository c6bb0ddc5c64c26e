"""Repurposing: every format keeps the script's citations, stays within its limits, and is brand-checked;
a model rewrite is kept only when it passes the same checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.schemas import Citation, ScriptDraft, ScriptPart
from core.errors import StructuredOutputError
from core.settings import Settings
from hookline.cli import main
from tests.fakes import ScriptedChatModel
from tools.brandkit.store import kit_from_yaml
from tools.repurpose.checks import BrandGate, hard_limits_met
from tools.repurpose.limits import (
    CAPTION_CHARS,
    EMAIL_SUBJECT,
    THREAD_POST,
    THREAD_POSTS,
)
from tools.repurpose.models import FORMAT_KINDS, ScriptSource
from tools.repurpose.render import to_markdown
from tools.repurpose.run import repurpose
from tools.repurpose.source import from_json

REPO = Path(__file__).resolve().parent.parent


def part(text: str, *ids: str) -> ScriptPart:
    return ScriptPart(text=text, evidence=list(ids))


def citations(*ids: str) -> list[Citation]:
    return [Citation(number=n, id=item, kind="comment", text=f"quoted comment {item}", source_id=f"c-{item}")
            for n, item in enumerate(ids, start=1)]


def source(beats: list[ScriptPart], *, platform: str = "tiktok", hook: str = "Your bag is not a swimming pool.") -> ScriptSource:
    draft = ScriptDraft(
        angle="leaks", hook=part(hook, "C1"), selling_point=part("This bottle stays sealed even upside down.", "C2", "P1"),
        beats=beats, call_to_action=part("Tap the link to get yours before Friday."),
    )
    ids = list(dict.fromkeys(i for _n, p in draft.parts() for i in p.evidence))
    return ScriptSource(draft=draft, citations=citations(*ids), platform=platform)


BEATS = [part("Viewers said their bottles leaked on the train.", "C1"), part("We tipped ours over for a whole commute.", "P1"),
         part("It keeps coffee hot until lunch.", "C3")]


def test_assembled_formats_keep_every_citation_and_fit() -> None:
    src = source(BEATS)
    result = repurpose(src)
    assert [fmt.kind for fmt in result.formats] == list(FORMAT_KINDS)
    for fmt in result.formats:
        assert fmt.checks is not None and fmt.checks.citations_kept == 1.0, fmt.kind
        assert fmt.checks.limits_met and hard_limits_met(fmt), fmt.kind
        for piece in fmt.pieces():
            assert set(piece.evidence) <= {"C1", "C2", "P1", "C3"}
    thread = result.get("thread")
    assert thread is not None and thread.publishable().splitlines()[0].endswith("1/6")


def test_x_caption_cuts_beats_and_reports_the_citation_it_lost() -> None:
    long_beats = [part("Commuters in our comments kept describing the same ruined notebook and soaked laptop sleeve. " * 2, "C4"),
                  part("The lid has a second seal that clicks shut, and it is the part people notice first.", "C5")]
    src = source(long_beats, platform="x")
    caption = repurpose(src, kinds=["caption"]).formats[0]
    assert len(caption.publishable()) <= CAPTION_CHARS["x"].max_value
    assert caption.checks is not None and caption.checks.limits_met
    assert caption.checks.missing_citations and caption.checks.citations_kept < 1
    assert caption.notes, "the cut is explained"
    # The thread has room for everything the caption had to leave out.
    thread = repurpose(src, kinds=["thread"]).formats[0]
    assert thread.checks is not None and thread.checks.citations_kept == 1.0


def test_thread_splits_long_parts_and_merges_many_short_ones() -> None:
    long_text = " ".join(f"Sentence number {i} explains one more detail about the lid." for i in range(12))
    thread = repurpose(source([part(long_text, "C7")]), kinds=["thread"]).formats[0]
    assert all(len(post) <= THREAD_POST.max_value for post in thread.numbered())  # type: ignore[union-attr]
    assert thread.checks is not None and thread.checks.citations_kept == 1.0
    many = [part(f"Short beat {i}.", f"C{i + 10}") for i in range(8)]
    thread = repurpose(source(many), kinds=["thread"]).formats[0]
    assert len(thread.posts) <= THREAD_POSTS.max_value  # type: ignore[union-attr]
    assert thread.checks is not None and thread.checks.citations_kept == 1.0


def test_email_subject_is_shortened_at_a_word() -> None:
    hook = "Every single commuter we asked had a story about a bottle that betrayed them on the morning train"
    email = repurpose(source(BEATS, hook=hook), kinds=["email_teaser"]).formats[0]
    subject = email.subject.text  # type: ignore[union-attr]
    assert len(subject) <= EMAIL_SUBJECT.max_value and subject.endswith("…") and hook.startswith(subject[:-1])
    assert email.body[-1].text.endswith("[LINK]")  # type: ignore[union-attr]


def test_voice_read_estimate_follows_language_and_platform() -> None:
    src = source(BEATS)
    fast = repurpose(src, kinds=["voice_read"]).formats[0]
    src.platform = "podcast"
    slow = repurpose(src, kinds=["voice_read"]).formats[0]
    assert slow.estimate_s > fast.estimate_s > 0  # type: ignore[union-attr]


def test_brand_check_runs_on_each_format() -> None:
    kit = kit_from_yaml((REPO / "brandkits" / "mailchimp-voice.yaml").read_text(encoding="utf-8"))
    clean_result = repurpose(source(BEATS), brand=BrandGate(kit=kit))
    for fmt in clean_result.formats:
        assert fmt.checks is not None and fmt.checks.brand_score is not None
    hype = [part("This REVOLUTIONARY bottle is best-in-breed!!! 🚀🚀 #hustle #growth", "C1")]
    hyped = repurpose(source(hype), kinds=["caption"], brand=BrandGate(kit=kit)).formats[0]
    calm = clean_result.get("caption")
    assert hyped.checks is not None and calm is not None and calm.checks is not None
    assert hyped.checks.brand_score < calm.checks.brand_score  # type: ignore[operator]
    assert hyped.checks.brand_findings


def rewrite_reply(**overrides: object) -> dict[str, object]:
    reply: dict[str, object] = {"paragraphs": [
        {"text": "Your bag deserves better than a leaky bottle.", "evidence": ["C1"]},
        {"text": "Ours stays sealed upside down, even on the train.", "evidence": ["C2", "P1"]},
        {"text": "And your coffee stays hot until lunch.", "evidence": ["C3"]},
        {"text": "Tap the link before Friday.", "evidence": []},
    ]}
    reply.update(overrides)
    return reply


def test_a_good_rewrite_is_kept_and_the_prompt_carries_ids_not_comments() -> None:
    model = ScriptedChatModel(rewrite_reply())
    caption = repurpose(source(BEATS), kinds=["caption"], model=model).formats[0]
    assert caption.method == "rewritten" and caption.checks is not None and caption.checks.citations_kept == 1.0
    prompt = model.requests[0].prompt
    assert "[C2, P1]" in prompt and "<script>" in prompt
    assert "quoted comment" not in prompt  # the audience's words are not sent to be rewritten


@pytest.mark.parametrize(("reply", "reason"), [
    (rewrite_reply(paragraphs=[{"text": "Your bag deserves better. Tap the link.", "evidence": []}]), "dropped citations"),
    (rewrite_reply(paragraphs=[{"text": "Sealed, tested, loved: see https://evil.example", "evidence": ["C1", "C2", "P1", "C3"]}]), "link"),
    (rewrite_reply(paragraphs=[{"text": "97% of commuters stay dry.", "evidence": ["C1", "C2", "P1", "C3"]}]), "figure"),
    (rewrite_reply(paragraphs=[{"text": "word " * 70, "evidence": ["C1", "C2", "P1", "C3"]}]), "limit"),
    (StructuredOutputError("bad JSON"), "failed"),
])
def test_a_rewrite_that_fails_a_check_is_set_aside(reply: object, reason: str) -> None:
    caption = repurpose(source(BEATS, platform="x"), kinds=["caption"], model=ScriptedChatModel(reply)).formats[0]
    assert caption.method == "assembled"
    assert any(reason in note for note in caption.notes), caption.notes


def test_unknown_ids_from_the_model_are_dropped() -> None:
    reply = rewrite_reply()
    reply["paragraphs"][0]["evidence"] = ["C1", "C99"]  # type: ignore[index]
    caption = repurpose(source(BEATS), kinds=["caption"], model=ScriptedChatModel(reply)).formats[0]
    assert "C99" not in {i for p in caption.pieces() for i in p.evidence}
    assert any("C99" in note for note in caption.notes)


def test_markdown_shows_the_original_beside_every_format() -> None:
    text = to_markdown(repurpose(source(BEATS)))
    header = next(line for line in text.splitlines() if line.startswith("| Original"))
    assert header.count("|") == 6 and "Email teaser" in header and "Thread" in header
    assert "[1]" in text and "**Sources**" in text and "quoted comment C1" in text


def test_cli_reads_draft_json_and_writes_markdown(tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    src = source(BEATS)
    data = {"brief": {"request": "x", "platform": "YouTube Shorts"}, "draft": src.draft.model_dump(),
            "citations": [{"id": c.number, "kind": c.kind, "text": c.text, "evidence_id": c.id, "source_id": c.source_id}
                          for c in src.citations]}
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert from_json(data, "draft.json").platform == "youtube_shorts"
    md = tmp_path / "out" / "side.md"
    assert main(["repurpose", str(path), "--json", "--markdown", str(md)], settings=settings) == 0
    result = json.loads(capsys.readouterr().out)
    assert [f["checks"]["citations_kept"] for f in result["formats"]] == [1.0] * 4
    assert md.is_file() and "| Original script |" in md.read_text(encoding="utf-8")
    assert main(["repurpose", str(path), "--formats", "poem"], settings=settings) == 2
    assert "Unknown format 'poem'" in capsys.readouterr().err
    assert main(["repurpose", str(tmp_path / "missing.json")], settings=settings) == 2
    assert "does not exist" in capsys.readouterr().err

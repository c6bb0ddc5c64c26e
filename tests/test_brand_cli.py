"""`hookline brand ...` end to end through the real CLI, with the scripted model and hash embedder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.services import Services
from hookline import cli
from tests.conftest import REPO_ROOT
from tests.test_brand_store import GUIDE, POSTS, queue_build

MAILCHIMP_YAML = REPO_ROOT / "brandkits" / "mailchimp-voice.yaml"


@pytest.fixture
def hookline(fake_services: Services, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run the CLI against the fake services; returns (exit code, stdout, stderr)."""
    monkeypatch.setattr("hookline.root.Services", lambda _settings: fake_services)

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(["brand", *argv], settings=fake_services.settings)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_build_show_list_and_versions_as_json(hookline, fake_services: Services) -> None:
    queue_build(fake_services.chat_model)  # type: ignore[arg-type]
    code, out, err = hookline("build", "trailhead", str(GUIDE), str(POSTS), "--json")
    assert code == 0, err
    kit = json.loads(out)
    assert kit["name"] == "trailhead" and kit["version"] == 1
    assert {"audience", "promise", "selling_points", "voice_traits", "vocabulary", "formatting", "cta_patterns",
            "cta_required", "example_hooks", "palette", "rules", "examples", "sources"} <= set(kit)
    assert all(e["source"] and e["quote"] for term in kit["vocabulary"]["avoid"] for e in term["evidence"])
    code, out, _ = hookline("list", "--json")
    assert code == 0 and [k["name"] for k in json.loads(out)] == ["trailhead"]
    code, out, _ = hookline("show", "trailhead", "--json")
    assert json.loads(out) == kit
    code, out, _ = hookline("show", "trailhead")
    assert "Words and claims to avoid:" in out and "artisanal" in out and "[trailhead-guide.md:" in out
    code, out, _ = hookline("versions", "trailhead", "--json")
    assert [v["version"] for v in json.loads(out)] == [1]


def test_check_prints_score_findings_and_suggestions(hookline, fake_services: Services, tmp_path: Path) -> None:
    queue_build(fake_services.chat_model)  # type: ignore[arg-type]
    hookline("build", "trailhead", str(GUIDE), str(POSTS))
    code, out, _ = hookline("check", "trailhead", "Our artisanal beverage is world-class!!! Click here", "--json")
    assert code == 0
    result = json.loads(out)
    assert set(result) == {"score", "findings", "suggestions"} and 0 <= result["score"] <= 100
    assert all(set(f) == {"kind", "severity", "message", "evidence"} for f in result["findings"])
    flagged = {f["message"].split("”")[0].lstrip("“") for f in result["findings"] if f["kind"] in ("avoided_word", "avoided_claim")}
    assert {"artisanal", "beverage", "world-class", "Click here"} <= flagged
    assert "Replace “beverage” with “cup”." in result["suggestions"]
    draft = tmp_path / "draft.md"
    draft.write_text("# Draft\n\nCold morning, warm cup. Grab a bag of Ridge Roast.\n")
    code, out, _ = hookline("check", "trailhead", "--file", str(draft), "--json")
    on_brand = json.loads(out)
    assert code == 0 and on_brand["score"] > result["score"]
    code, out, _ = hookline("check", "trailhead", "Our artisanal beverage")
    assert out.startswith("Score: ") and "[error]" in out


def test_rules_export_and_import(hookline, fake_services: Services, tmp_path: Path) -> None:
    queue_build(fake_services.chat_model)  # type: ignore[arg-type]
    hookline("build", "trailhead", str(GUIDE))
    code, out, _ = hookline("rule", "trailhead", "add", "we never use emojis")
    assert code == 0 and "stated by the user on" in out
    code, out, _ = hookline("rule", "trailhead", "add", "We never use EMOJIS")  # the same rule: no new version
    assert code == 0 and "version 2" in out
    code, out, _ = hookline("rule", "trailhead", "add", "no hashtags", "--json")
    rules = json.loads(out)["rules"]
    assert rules[-1]["origin"] == "user" and rules[-1]["provenance"].startswith("stated by the user on")
    code, _, err = hookline("rule", "trailhead", "remove", "something never said")
    assert code == 2 and "has no rule" in err
    exported = tmp_path / "trailhead.yaml"
    assert hookline("export", "trailhead", "-o", str(exported))[0] == 0
    code, out, _ = hookline("export", "trailhead")
    assert out == exported.read_text(encoding="utf-8")
    code, out, _ = hookline("import", str(MAILCHIMP_YAML), "--json")
    assert code == 0 and json.loads(out)["name"] == "mailchimp-voice"
    code, out, _ = hookline("list")
    assert "mailchimp-voice" in out and "trailhead  v3" in out
    code, out, _ = hookline("examples", "trailhead", "a warm cup on a cold morning", "-k", "1", "--json")
    assert code == 0 and len(json.loads(out)) == 1


def test_bad_input_is_one_clear_line(hookline, tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_bytes(b"PK")
    for argv, message in (
        (("build", "../x", str(GUIDE)), "Invalid brand kit name"),
        (("build", "CON", str(GUIDE)), "reserves for a device"),
        (("build", "acme", str(tmp_path / "notes.docx")), "accepted: .txt .md .html .pdf"),
        (("show", "acme"), "No brand kit named 'acme'"),
        (("check", "acme", "--file", str(tmp_path / "missing.txt")), "No brand kit named 'acme'"),
        (("import", str(tmp_path / "missing.yaml")), "no such file"),
    ):
        code, out, err = hookline(*argv)
        assert code == 2, (argv, out, err)
        assert message in err and "Traceback" not in err
        errors = [line for line in err.splitlines() if not line.startswith("... ")]  # progress lines aside
        assert errors == [err.splitlines()[-1]] and errors[0].startswith("hookline: ")

"""The web chat's pieces that need no browser: rendering, upload sorting, accounts, history
tables, the offline page, the event bridge, and the `hookline user` command."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
import typing
from datetime import datetime, timezone
from pathlib import Path

import pytest

from agent.schemas import Brief, Citation, ScriptDraft, ScriptPart, TurnResult
from core.errors import InputError
from core.settings import Settings
from hookline import renderer
from hookline.accounts import UserStore, ensure_auth_secret, hash_password, verify_password
from hookline.cli import main
from tests.browser.model_stub import generate
from ui import render
from ui.files import LocalFileStorage
from ui.offline import strip_cdn_links
from ui.streaming import run_with_events
from ui.uploads import Upload, sort_uploads


def _result() -> TurnResult:
    draft = ScriptDraft(
        angle="The hoodie that survives 100 washes",
        hook=ScriptPart(text="Your hoodie is lying to you.", evidence=["C1"]),
        selling_point=ScriptPart(text="Double-stitched seams.", evidence=["P1", "C1"]),
        beats=[ScriptPart(text="Show the wash test.", evidence=["C2"]), ScriptPart(text="Show the seams.")],
        call_to_action=ScriptPart(text="Comment WASH for the test video."),
        on_screen_text=["100 washes later"],
    )
    citations = [
        Citation(number=1, id="C1", kind="comment", text="mine fell apart after 3 washes", source_id="yt:c9", detail="120 likes"),
        Citation(number=2, id="P1", kind="post", text="Wash test: 100 cycles", source_id="yt:v1", detail="8x median views"),
        Citation(number=3, id="C2", kind="comment", text="show us the seams!", source_id="yt:c12", detail="40 likes"),
    ]
    return TurnResult(
        thread_id="t1", text="...", brief=Brief(request="a tiktok script", platform="TikTok"), draft=draft,
        citations=citations, brand_check={"score": 82, "findings": [{"message": "uses 'amazing'", "evidence": "avoid list"}]},
        assumptions=["goal: get comments and follows (you let me decide)"],
    )


# -- rendering ----------------------------------------------------------------------------------


def test_script_card_maps_each_part_to_its_citation_numbers() -> None:
    props = renderer.script_card_props(_result(), brand="nude-project")
    labels = [part["label"] for part in props["parts"]]
    assert labels == ["Hook", "Selling point", "Beat 1", "Beat 2", "Call to action"]
    assert [part["citations"] for part in props["parts"]] == [[1], [2, 1], [3], [], []]
    assert props["brandScore"] == 82 and props["findings"] == ["uses 'amazing' (avoid list)"]
    assert props["citations"][0] == {"number": 1, "id": "C1", "kind": "comment", "text": "mine fell apart after 3 washes",
                                     "sourceId": "yt:c9", "detail": "120 likes"}
    assert props["durationS"] == _result().draft.duration_s
    json.dumps(props)  # props travel as JSON


def test_the_card_being_written_shows_its_parts_in_script_order_whatever_order_they_arrive_in() -> None:
    from agent.events import PartEvent

    arrived = [PartEvent(name, f"{name} line", (), None, False)
               for name in ("hook", "selling point", "call to action", "beat 2", "beat 1", "beat 10")]
    labels = [part["label"] for part in renderer.partial_card_props(arrived)["parts"]]
    assert labels == ["Hook", "Selling point", "Beat 1", "Beat 2", "Beat 10", "Call to action"]


def test_markdown_export_has_every_part_and_its_sources() -> None:
    text = renderer.draft_markdown(_result(), brand="nude-project")
    assert text.startswith("# The hoodie that survives 100 washes\n")
    assert "## Hook\n\nYour hoodie is lying to you. [1]" in text
    assert "## Beats\n\n1. Show the wash test. [3]\n2. Show the seams.\n" in text
    assert "[2] post yt:v1: \u201cWash test: 100 cycles\u201d (8x median views)" in text
    assert "brand score 82/100" in text and "## Assumptions" in text


def test_json_export_round_trips_the_draft() -> None:
    document = json.loads(renderer.draft_json(_result(), brand="nude-project"))
    assert ScriptDraft.model_validate(document["draft"]) == _result().draft
    assert [c["number"] for c in document["citations"]] == [1, 2, 3]
    assert document["brand_check"]["score"] == 82 and document["brief"]["platform"] == "TikTok"
    assert render.export_basename("The hoodie: 100 washes!") == "script-the-hoodie-100-washes"


def test_kit_card_shows_voice_avoid_palette_and_hooks_with_evidence() -> None:
    model = pytest.importorskip("tools.brandkit.model")
    evidence = [model.Evidence(source="guide.md", quote="We never say amazing.")]
    habit = model.Habit(policy="avoid", stated=True, per_example=0, share=0, measured="0 of 3", evidence=evidence)
    kit = model.BrandKit(
        name="nude-project", version=2, created_at=datetime.now(timezone.utc),
        promise=model.Claim(text="Streetwear made by students", evidence=evidence),
        voice_traits=[model.VoiceTrait(name="Plain", description="short words", evidence=evidence)],
        vocabulary=model.Vocabulary(avoid=[model.Term(term="amazing", kind="word", alternative="good", evidence=evidence)]),
        formatting=model.Formatting(measured_on="3 posts", emoji=habit, hashtags=habit, exclamations=habit,
                                    casing=model.Casing(style="sentence", share=1.0)),
        example_hooks=[model.Claim(text="We made this in a dorm room.", evidence=evidence)],
        palette=[model.Colour(hex="#112233", share=0.4, evidence=evidence)],
    )
    props = render.kit_card_props(kit)
    assert props["name"] == "nude-project" and props["version"] == 2
    assert props["voice"] == [{"text": "Plain: short words", "evidence": ["\u201cWe never say amazing.\u201d \u2014 guide.md"]}]
    assert props["avoid"][0]["text"] == "amazing \u2192 good"
    assert props["palette"][0]["hex"] == "#112233" and props["hooks"][0]["text"] == "We made this in a dorm room."
    assert props["formatting"] == "emoji avoid, hashtags avoid, exclamation marks avoid"
    assert render.kit_slug("  Nude Project! ") == "nude-project"


def test_import_summary_lists_counts_and_rejected_rows() -> None:
    models = pytest.importorskip("tools.corpus.models")
    report = models.ImportReport(
        format="youtube", imported=models.ImportCounts(creators=1, posts=1200, comments=5372),
        added=models.ImportCounts(creators=1, posts=1200, comments=5000),
        rejected=[models.Rejection(source=f"/tmp/up/abc/comments.csv:{n}", reason="missing text") for n in range(25)],
    )
    text = render.import_summary_markdown(report, folder="/tmp/up/abc", max_rejected=3)
    assert "| posts | 1,200 | 1,200 |" in text and "| comments | 5,372 | 5,000 |" in text
    assert "**25 row(s) rejected**" in text and "`comments.csv:2: missing text`" in text and "and 22 more" in text
    assert "/tmp/up" not in text
    assert "No rows were rejected." in render.import_summary_markdown(models.ImportReport(format="csv"))


def test_theme_map_is_a_plotly_bubble_per_theme() -> None:
    figure = render.theme_map_figure([
        {"label": "sizing runs small", "size": 40, "engagement_share": 0.5, "sentiment": -0.4, "category": "complaint"},
        {"label": "love the colours", "size": 10, "engagement_share": 0.2, "sentiment": 0.8, "category": "praise"},
    ])
    assert list(figure.data[0].text) == ["sizing runs small", "love the colours"]
    assert render.theme_map_figure([]) is None


# -- uploads ------------------------------------------------------------------------------------


def test_patterns_chart_shows_each_effect_with_its_interval_clear_ones_first() -> None:
    from tools.patterns import PatternEffect, PatternReport

    def effect(feature: str, value: float, low: float, high: float) -> PatternEffect:
        return PatternEffect(feature=feature, effect=value, ci_low=low, ci_high=high, n_with=30, n_without=200,
                             median_with=value, median_without=1.0, clear=low > 1 or high < 1)

    report = PatternReport(posts=230, patterns=[effect("posted on a Sunday", 1.1, 0.7, 1.6),
                                                effect("number in the title", 2.4, 1.5, 3.9),
                                                effect("all-caps word", 0.5, 0.3, 0.8)])
    figure = render.patterns_figure(report)
    trace = figure.data[0]
    assert list(trace.y)[-2:] == ["all-caps word", "number in the title"]  # clear effects on top, strongest first
    assert list(trace.error_x.array)[-1] == pytest.approx(3.9 - 2.4)
    assert list(trace.error_x.arrayminus)[-1] == pytest.approx(2.4 - 1.5)
    assert figure.layout.xaxis.type == "log" and "correlation" in figure.layout.title.text
    assert render.patterns_figure(PatternReport(posts=0, patterns=[])) is None


def test_a_message_teaches_a_rule_only_when_it_is_not_a_request() -> None:
    from ui.teach import edited_line, proposals_for

    lines = ["Your hoodie is a revolutionary piece of clothing.", "Comment your colour below."]
    said, how = proposals_for("never say 'game-changer' or 'synergy'", lines)
    assert [p.term.term for p in said] == ["game-changer", "synergy"] and how == "what you said"
    assert proposals_for("Write a TikTok script, never say cheap", lines) == ([], "")  # a brief, not consent
    assert proposals_for("hi there, how are you?", lines) == ([], "")
    edit, how = proposals_for("Your hoodie is a new piece of clothing.", lines)  # a retyped line of the draft
    assert edit[0].term.term == "revolutionary" and edit[0].term.alternative == "new" and "your edit" in how
    assert edited_line('change "revolutionary" to "new"', lines) == ("revolutionary", "new")
    assert edited_line("Comment your colour below.", lines) is None  # unchanged is no edit


def test_uploads_are_sorted_by_type_and_size(tmp_path: Path) -> None:
    def upload(name: str, size: int = 10) -> Upload:
        return Upload(name=name, path=tmp_path / name, size=size)

    result = sort_uploads([upload("guide.md"), upload("logo.PNG"), upload("comments.csv"), upload("virus.exe"),
                           upload("huge.csv", 51 * 1024 * 1024)])
    assert [u.name for u in result.brand] == ["guide.md", "logo.PNG"]
    assert [u.name for u in result.dataset] == ["comments.csv"]
    assert len(result.problems) == 2
    assert "virus.exe" in result.problems[0] and ".jsonl" in result.problems[0]
    assert "huge.csv" in result.problems[1] and "at most 50 MB" in result.problems[1]
    forced = sort_uploads([upload("posts.csv"), upload("data.jsonl")], force="brand")
    assert [u.name for u in forced.brand] == ["posts.csv"] and "data.jsonl" in forced.problems[0]


def test_upload_types_match_what_the_brand_kit_reads() -> None:
    sources = pytest.importorskip("tools.brandkit.sources")
    from ui.uploads import BRAND_EXAMPLE_TYPES, BRAND_POSTS_TYPES

    assert set(BRAND_EXAMPLE_TYPES) | set(BRAND_POSTS_TYPES) == set(sources.KINDS)


# -- accounts -----------------------------------------------------------------------------------


def test_passwords_are_salted_hashes() -> None:
    stored = hash_password("correct horse")
    assert stored.startswith("scrypt$") and "correct horse" not in stored
    assert stored != hash_password("correct horse")
    assert verify_password("correct horse", stored) and not verify_password("wrong horse", stored)
    assert not verify_password("x", "garbage")


def test_user_store_adds_authenticates_and_removes(tmp_path: Path) -> None:
    users = UserStore.open(tmp_path)
    users.add("alice", "alice-secret")
    assert users.authenticate("alice", "alice-secret") and not users.authenticate("alice", "nope")
    assert not users.authenticate("mallory", "alice-secret")
    with pytest.raises(InputError, match="already exists"):
        users.add("alice", "another-secret")
    with pytest.raises(InputError, match="too short"):
        users.add("bob", "short")
    with pytest.raises(InputError, match="not a usable user name"):
        users.add("../etc", "long-enough-pw")
    users.add("alice", "changed-secret", replace=True)
    assert users.authenticate("alice", "changed-secret")
    assert users.names() == ["alice"] and users.remove("alice") and users.names() == []


def test_auth_secret_is_made_once_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHAINLIT_AUTH_SECRET", raising=False)
    first = ensure_auth_secret(tmp_path)
    monkeypatch.delenv("CHAINLIT_AUTH_SECRET")
    assert ensure_auth_secret(tmp_path) == first and len(first) > 40
    assert (tmp_path / "ui" / "auth_secret").stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", "from-the-environment")
    assert ensure_auth_secret(tmp_path) == "from-the-environment"


def test_user_command_adds_and_lists_accounts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(_env_file=None, home=tmp_path / "home")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("long-enough-pw\n"))
    assert main(["user", "add", "alice", "--password-stdin"], settings=settings) == 0
    assert main(["user", "list"], settings=settings) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "alice"
    assert main(["user", "remove", "nobody"], settings=settings) == 2
    assert "no user 'nobody'" in capsys.readouterr().err
    assert UserStore.open(settings.home).authenticate("alice", "long-enough-pw")


# -- history ------------------------------------------------------------------------------------


def test_history_tables_have_a_column_for_every_field_chainlit_writes(tmp_path: Path) -> None:
    from chainlit.element import ElementDict
    from chainlit.step import StepDict

    from ui.history import create_schema  # needs SQLAlchemy (Chainlit's data layer)

    database = tmp_path / "history.sqlite"
    create_schema(database)
    create_schema(database)  # idempotent
    with sqlite3.connect(database) as db:
        columns = {table: {row[1] for row in db.execute(f'PRAGMA table_info("{table}")')}
                   for table in ("users", "threads", "steps", "elements", "feedbacks")}
    assert set(typing.get_type_hints(StepDict)) - {"feedback"} <= columns["steps"]
    assert set(typing.get_type_hints(ElementDict)) <= columns["elements"]


def test_data_layer_keeps_users_and_their_threads(tmp_path: Path) -> None:
    from chainlit.types import Pagination, ThreadFilter
    from chainlit.user import User

    from ui.history import open_data_layer

    async def scenario() -> None:
        layer = open_data_layer(tmp_path)
        alice = await layer.create_user(User(identifier="alice"))
        bob = await layer.create_user(User(identifier="bob"))
        assert alice and bob and alice.id != bob.id
        await layer.update_thread("thread-1", name="Hoodie script", user_id=alice.id, metadata={"chat_settings": {"brand": "x"}})
        await layer.update_thread("thread-1", metadata={"drafts": {}})
        thread = await layer.get_thread("thread-1")
        assert thread and thread["userIdentifier"] == "alice" and thread["name"] == "Hoodie script"
        assert thread["metadata"] == {"chat_settings": {"brand": "x"}, "drafts": {}}
        page = await layer.list_threads(Pagination(first=10), ThreadFilter(userId=alice.id))
        assert [t["id"] for t in page.data] == ["thread-1"]
        assert (await layer.list_threads(Pagination(first=10), ThreadFilter(userId=bob.id))).data == []
        await layer.engine.dispose()

    asyncio.run(scenario())


def test_file_storage_stays_inside_its_folder(tmp_path: Path) -> None:
    storage = LocalFileStorage(tmp_path / "files")

    async def scenario() -> None:
        stored = await storage.upload_file("user-1/el-1/script.md", b"# hi", mime="text/markdown")
        assert stored["url"] == "/hookline/files/user-1/el-1/script.md"
        assert (tmp_path / "files/user-1/el-1/script.md").read_bytes() == b"# hi"
        assert await storage.upload_file("../../escape.txt", b"x") == {}
        assert await storage.delete_file("user-1/el-1/script.md")

    asyncio.run(scenario())
    assert not (tmp_path / "escape.txt").exists()


# -- offline page, event bridge, model stub -----------------------------------------------------


def test_the_page_links_nothing_on_a_cdn() -> None:
    import chainlit

    index = (Path(chainlit.__file__).parent / "frontend" / "dist" / "index.html").read_text()
    assert "cdn.jsdelivr.net" in index  # what Chainlit ships
    cleaned = strip_cdn_links(index)
    assert "cdn.jsdelivr.net" not in cleaned and "fonts.googleapis.com" not in cleaned
    assert '<script type="module" crossorigin src="/assets/' in cleaned


def test_events_from_a_worker_thread_are_handled_in_order_before_the_result() -> None:
    seen: list[object] = []

    def work(sink: typing.Callable[[object], None]) -> str:
        assert threading.current_thread() is not threading.main_thread()
        for number in range(50):
            sink(number)
        return "done"

    async def handle(event: object) -> None:
        seen.append(event)

    assert asyncio.run(run_with_events(work, handle)) == "done"
    assert seen == list(range(50))

    def failing(sink: typing.Callable[[object], None]) -> str:
        sink("before")
        raise InputError("bad file")

    seen.clear()
    with pytest.raises(InputError, match="bad file"):
        asyncio.run(run_with_events(failing, handle))
    assert seen == ["before"]


def test_model_stub_answers_a_schema_with_a_valid_instance_citing_the_prompt() -> None:
    instance = generate(ScriptDraft.model_json_schema(), prompt="C1: a comment\nP3: a post")
    draft = ScriptDraft.model_validate(instance)
    assert draft.hook.evidence == ["C1", "P3"]


def test_the_offline_middleware_cleans_plain_and_gzipped_pages() -> None:
    import gzip

    from ui.offline import OfflinePage

    page = b'<head><link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/katex.css" /></head><body>ok</body>'

    def app_sending(body: bytes, headers: list[tuple[bytes, bytes]]) -> typing.Any:
        async def app(scope: dict, receive: typing.Any, send: typing.Any) -> None:
            await send({"type": "http.response.start", "status": 200,
                        "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body[:10], "more_body": True})
            await send({"type": "http.response.body", "body": body[10:]})
        return app

    async def call(app: typing.Any) -> tuple[dict, bytes]:
        sent: list[dict] = []

        async def send(message: dict) -> None:
            sent.append(message)

        await OfflinePage(app)({"type": "http", "method": "GET", "path": "/"}, None, send)
        return sent[0], b"".join(message.get("body", b"") for message in sent[1:])

    start, body = asyncio.run(call(app_sending(page, [(b"content-type", b"text/html; charset=utf-8")])))
    assert body == b"<head></head><body>ok</body>" and dict(start["headers"])[b"content-length"] == str(len(body)).encode()
    start, body = asyncio.run(call(app_sending(gzip.compress(page), [(b"content-type", b"text/html"),
                                                                      (b"content-encoding", b"gzip")])))
    assert gzip.decompress(body) == b"<head></head><body>ok</body>"
    start, body = asyncio.run(call(app_sending(b"console.log('cdn.jsdelivr.net')", [(b"content-type", b"text/javascript")])))
    assert body == b"console.log('cdn.jsdelivr.net')"

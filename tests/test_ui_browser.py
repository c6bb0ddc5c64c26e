"""The web chat end to end in a real browser: chromium driven by Playwright against the real
app (`hookline ui` in a subprocess) with the real stores under a fresh HOOKLINE_HOME; its
chat model is a scripted OpenAI-compatible stub on loopback, so the product's own `openai`
path runs. Screenshots of every step land in tests/artifacts/test_ui_browser/<test>/.

The tests of this module are one user's story and run in order: a reply, a dataset, a
brand kit, a script from both, then the conversation resumed from the history.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.driver import ARTIFACTS, ChatPage, artifacts_dir, chromium
from tests.browser.model_stub import EVIDENCE_ID, ModelStub
from tests.browser.script_writer import ScriptWriter
from tests.chainlit_client import running_ui

pytestmark = pytest.mark.browser
DEFAULT_CHAT = "Hello from the scripted model, streamed word by word."

GUIDE = """# Acme Hoodies: how we write

We write like a friend who sews. Short sentences. Plain words.

## Words we avoid
- Never say "amazing". Say "good" instead.
- Avoid "synergy" and "game-changer".

## Who we talk to
Students who wear one hoodie all week.

## Hooks that worked
- "Your hoodie is lying to you."
- "We washed it 100 times so you don't have to."

Always end with a question for the comments.
"""
VIDEOS = """videoId,title,viewCount,likeCount,commentCount,publishedAt
v1,Hoodie wash test: 100 cycles,90000,5000,300,2026-01-05T10:00:00Z
v2,How we pick our cotton,4000,200,20,2026-01-12T10:00:00Z
v3,Studio tour,3500,150,12,2026-01-19T10:00:00Z
v4,New drop teaser,4200,180,15,2026-01-26T10:00:00Z
v5,Packing orders at night,3900,170,11,2026-02-02T10:00:00Z
"""
COMMENTS = """comment_id,text,video_id,like_count,totalReplyCount
c1,Mine fell apart after three washes so this test is exactly what I needed,v1,420,12
c2,Show us the seams up close please,v1,150,4
c3,,v1,3,0
c4,The sizing runs small and I had to return it,v2,90,7
c5,Love the colours of the new drop,v4,60,1
"""
# Shaped like a popular public YouTube statistics dataset: no layout Hookline knows, no channel column.
KAGGLE_VIDEOS = """Video ID,Title,Published At,Keyword,Likes,Comments,Views
wAZZ-UWGVHI,Apple Pay Is Killing the Physical Wallet,2022-08-23,tech,3407.0,672.0,135612.0
b3x28s61q3c,The most EXPENSIVE thing I own.,2022-08-24,tech,76779.0,4306.0,1758063.0
"""
KAGGLE_COMMENTS = """Video ID,Comment,Likes,Sentiment
wAZZ-UWGVHI,Let's not forget that Apple Pay in 2014 required a brand new iPhone,95.0,1.0
b3x28s61q3c,I love how Marques just sounds like a regular person,452.0,2.0
zzzzzzzzzzz,A comment on a video that is not in the file,3.0,1.0
"""
PROFILE = {
    "audience": {"quote": "Students who wear one hoodie all week.", "value": "students who live in one hoodie"},
    "promise": {"quote": "We write like a friend who sews.", "value": "a friend who sews"},
    "selling_points": [],
    "cta_patterns": [{"quote": "Always end with a question for the comments.", "value": "End on a question"}],
}
VOICE = {"traits": [
    {"name": "Friendly", "quote": "We write like a friend who sews.", "description": "talks like a friend",
     "do": "We tested it for you.", "dont": "Our revolutionary garment."},
    {"name": "Plain", "quote": "Short sentences. Plain words.", "description": "short, plain words",
     "do": "It lasts.", "dont": "It offers unparalleled longevity."},
    {"name": "Curious", "quote": "Always end with a question for the comments.", "description": "asks the audience",
     "do": "What should we test next?", "dont": "Buy now."},
]}
SCRIPT_LINES = {  # the parts the model writes; the others say what the comment each was shown says
    "hook": "Your hoodie is lying to you.",
    "call to action": "What should we torture-test next?",
}


def script_writer(stub: ModelStub, **lines: str) -> None:
    """The stub writes scripts part by part (0.7 s a part, so the card is seen filling in)."""
    stub.default_chat = ScriptWriter({**SCRIPT_LINES, **lines}, fallback=DEFAULT_CHAT, delay_s=0.7)


@pytest.fixture(scope="module")
def stub() -> Iterator[ModelStub]:
    with ModelStub() as model:
        yield model


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def ui(stub: ModelStub, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("ui") / "home"
    with running_ui(home, stub.env(), log_path=ARTIFACTS / "test_ui_browser" / "ui-server.log") as base_url:
        yield base_url


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("uploads")
    written = {}
    for name, text in (("acme-guide.md", GUIDE), ("videos.csv", VIDEOS), ("comments.csv", COMMENTS),
                       ("notes.docx", "not really a docx"), ("videos-stats.csv", KAGGLE_VIDEOS),
                       ("comments-stats.csv", KAGGLE_COMMENTS)):
        (folder / name).write_text(text)
        written[name] = folder / name
    from PIL import Image

    image = Image.new("RGB", (60, 40), "#e4572e")
    image.paste(Image.new("RGB", (30, 40), "#29335c"), (30, 0))
    image.save(folder / "acme-colours.png")
    written["acme-colours.png"] = folder / "acme-colours.png"
    return written


@pytest.fixture
def chat(browser: object, ui: str, stub: ModelStub, request: pytest.FixtureRequest) -> Iterator[ChatPage]:
    stub.reset()
    stub.default_chat = DEFAULT_CHAT
    page = ChatPage(browser, ui, artifacts_dir(request.node.nodeid))
    yield page
    page.shot("end")
    page.close()
    assert page.blocked == [], f"the page tried to reach the internet: {page.blocked}"


def test_a_typed_message_gets_a_streamed_reply(chat: ChatPage, stub: ModelStub) -> None:
    answer = ("I'm Hookline: I find the posts that beat their creator's usual views, hear what viewers say, "
              "and draft scripts in your brand's voice that cite their sources right now.")
    stub.queue_chat(answer)
    chat.open()
    chat.shot("welcome")
    chat.send("Hi Hookline! Who are you?")
    seen = chat.watch_reply_growth()
    chat.shot("streamed-reply")
    assert len(seen) >= 3, f"the reply should grow token by token, saw {seen}"
    assert seen[-1].strip().endswith("right now."), seen[-1]
    assert any(len(text) < len(seen[-1]) / 2 for text in seen[:-1] if text.strip())


def test_a_dataset_upload_is_imported_with_a_summary_of_rejected_rows(chat: ChatPage, files: dict[str, Path]) -> None:
    chat.open()
    chat.upload(files["videos.csv"], files["comments.csv"])
    chat.expect_text("Import finished", timeout_s=90)
    chat.shot("import-summary")
    summary = chat.last_reply().inner_text()
    assert re.search(r"posts\s+5\s+5", summary) and re.search(r"comments\s+4\s+4", summary), summary
    assert "1 row(s) rejected" in summary and "comments.csv:4: empty comment text" in summary
    assert "uploads/" not in summary, "staging folders are not shown to people"


def test_the_outliers_starter_answers_with_a_table(chat: ChatPage, stub: ModelStub) -> None:
    stub.queue_chat("The wash test beat the channel's usual views by far: durability sells.")
    chat.open()
    chat.page.locator("#starter-find-outliers").click()
    table = chat.page.locator('[data-step-type="assistant_message"] table').last
    table.wait_for(state="visible", timeout=90_000)
    chat.expect_text(re.compile("durability sells"))
    chat.wait_idle()
    table = chat.page.locator('[data-step-type="assistant_message"] table').last
    chat.shot("outliers-table", focus=table)
    assert "Hoodie wash test: 100 cycles" in table.inner_text()
    chat.page.locator('[id="step-Hookline\'s workflow"]').last.click()  # tool calls: collapsed until opened
    tool = chat.page.locator('[id="step-search_trends"]').last
    tool.wait_for(state="visible")
    tool.click()
    output = chat.page.get_by_text(re.compile("P1: Hoodie wash test")).last
    output.wait_for(state="visible")
    chat.shot("tool-step-open", focus=output)


def test_what_viewers_say_comes_with_an_interactive_theme_map(chat: ChatPage, stub: ModelStub) -> None:
    stub.queue_chat("Viewers want proof it lasts: show the wash test.")
    chat.open()
    chat.page.locator("#starter-what-viewers-say").click()
    chat.expect_text(re.compile("show the wash test"), timeout_s=90)
    chat.wait_idle()
    chart = chat.page.locator(".js-plotly-plot").last
    chart.wait_for(state="visible", timeout=30_000)
    chat.shot("theme-map", focus=chart)
    assert "What viewers talk about" in chart.inner_text()


def test_a_wrong_file_type_gets_a_message_and_the_chat_goes_on(chat: ChatPage, stub: ModelStub,
                                                               files: dict[str, Path]) -> None:
    chat.open()
    chat.upload(files["notes.docx"])
    chat.expect_text(re.compile("notes.docx is not a type Hookline reads"))
    chat.shot("wrong-type")
    stub.failures.append((500, {"error": {"message": "model crashed"}}))
    chat.send("Hello?")
    chat.expect_text(re.compile("Something went wrong"), timeout_s=60)
    chat.shot("model-down")
    assert "Traceback" not in chat.page.inner_text("body")
    stub.queue_chat("Back online and listening.")
    chat.wait_idle()
    chat.send("Are you there?")
    chat.expect_text("Back online and listening.")


def test_a_brand_example_upload_builds_the_kit_card(chat: ChatPage, stub: ModelStub, files: dict[str, Path]) -> None:
    stub.queue_schema("ProfileDraft", PROFILE)
    stub.queue_schema("VoiceDraft", VOICE)
    chat.open()
    chat.upload(files["acme-guide.md"], files["acme-colours.png"])
    chat.expect_text(re.compile("Which brand are these examples for"))
    chat.send("Acme Hoodies")
    card = chat.page.get_by_test_id("brand-kit-card")
    card.wait_for(state="visible", timeout=120_000)
    chat.shot("kit-card")
    assert card.get_by_test_id("kit-name").inner_text().startswith("acme-hoodies")
    assert "Friendly" in card.get_by_test_id("kit-voice").inner_text()
    assert re.search("amazing|synergy", card.get_by_test_id("kit-avoid").inner_text())
    swatches = card.locator("[data-swatch]")
    assert swatches.count() >= 2 and "#e4572e" in [swatches.nth(i).get_attribute("data-swatch") for i in range(swatches.count())]
    card.get_by_role("button", name="Show evidence").click()
    evidence = card.get_by_test_id("kit-evidence").first
    evidence.wait_for(state="visible")
    assert "acme-guide.md" in card.inner_text()
    chat.shot("kit-evidence")


def test_a_rule_said_in_the_chat_is_saved_only_on_confirmation_and_can_be_rolled_back(chat: ChatPage, stub: ModelStub) -> None:
    chat.open()
    chat.choose_setting("brand", "acme-hoodies")
    chat.expect_text(re.compile("is the active brand kit now"))
    asked = len(stub.requests)
    chat.send("Never say epic.")
    proposal = chat.expect_text(re.compile("Avoid “epic”"))
    chat.shot("rule-proposed", focus=proposal)
    assert len(stub.requests) == asked, "a rule the user states is read by code, not sent to the model"
    chat.click("Save")
    chat.expect_text(re.compile(r"Saved as version \d+ of acme-hoodies"))
    chat.click(re.compile(r"Undo \(back to version \d+\)"))
    card = chat.get_card("brand-kit-card")
    chat.expect_text(re.compile(r"back to version \d+'s rules"))
    assert "epic" not in card.get_by_test_id("kit-avoid").inner_text().lower()
    chat.click("Versions")
    chat.expect_text(re.compile(r"Roll back to:"))
    chat.shot("kit-versions")
    assert chat.page.get_by_role("button", name=re.compile(r"Learned from an edit: Avoid “epic”")).count() == 1


def test_a_script_from_the_brand_and_the_data_with_questions_citations_and_export(
    chat: ChatPage, stub: ModelStub
) -> None:
    script_writer(stub)
    chat.open()
    chat.choose_setting("brand", "acme-hoodies")
    chat.get_card("brand-kit-card")
    chat.send("Write a TikTok script about our hoodie wash test")
    question = chat.expect_text("What should it achieve?", timeout_s=90)
    chat.shot("clarifying-question")
    chat.click("Get comments")
    # With two or more angles in the imported data, Hookline asks which one; else it drafts on the one it has.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not chat.page.get_by_test_id("script-card").count():
        if chat.page.get_by_text("Which angle should the script take?").count():
            chat.shot("angle-question")
            chat.click("You decide")
            break
        time.sleep(0.2)
    # The card fills in part by part while the script is written, then the final card replaces it.
    streaming = chat.page.get_by_test_id("streaming")
    streaming.wait_for(state="visible", timeout=60_000)
    growing = chat.page.get_by_test_id("script-card").last
    chat.shot("script-streaming", focus=growing)
    first = growing.locator("[data-part]").count()
    assert first >= 1 and "Your hoodie is lying to you." in growing.inner_text()
    deadline = time.monotonic() + 30
    while streaming.count() and growing.locator("[data-part]").count() <= first and time.monotonic() < deadline:
        time.sleep(0.1)
    assert growing.locator("[data-part]").count() > first or not streaming.count(), "parts arrive one by one"
    chat.shot("script-streaming-more", focus=growing)
    chat.page.get_by_test_id("duration").last.wait_for(state="visible", timeout=60_000)
    card = chat.get_card("script-card", timeout_s=120)
    chat.shot("script-card", focus=card)
    assert chat.page.get_by_test_id("streaming").count() == 0, "the streamed card gives way to the final one"
    assert "Your hoodie is lying to you." in card.inner_text()
    assert re.search(r"brand \d+/100", card.get_by_test_id("brand-score").inner_text())
    assert question.is_visible()

    citation = card.locator("button[data-citation]").first
    number = citation.get_attribute("data-citation")
    citation.click()
    quote = card.get_by_test_id(f"citation-quote-{number}")
    quote.wait_for(state="visible")
    assert quote.inner_text().strip().startswith("\u201c")
    chat.shot("citation-open")

    chat.click("Export")
    markdown_link = chat.page.get_by_role("link", name=re.compile(r"\.md$")).last
    markdown_link.wait_for(state="visible")
    chat.shot("export-links")
    with chat.page.expect_download() as download_info:
        markdown_link.click()
    exported = Path(download_info.value.path()).read_text()
    assert exported.startswith("# ") and "Your hoodie is lying to you." in exported and "## Sources" in exported
    json_link = chat.page.get_by_role("link", name=re.compile(r"\.json$")).last
    with chat.page.expect_download() as download_info:
        json_link.click()
    document = json.loads(Path(download_info.value.path()).read_text())
    assert document["draft"]["hook"]["text"] == "Your hoodie is lying to you." and document["citations"]

    chat.click("Approve")
    chat.page.get_by_test_id("approved-badge").wait_for(state="visible")
    chat.expect_text("Approved and saved to memory")
    chat.shot("approved")


def test_a_typed_answer_works_as_well_as_the_buttons(chat: ChatPage, stub: ModelStub) -> None:
    script_writer(stub)
    chat.open()  # no brand kit chosen: the audience is unknown too; with data, the angle is the second question
    chat.send("Draft a TikTok script about our studio tour")
    chat.expect_text("Who is it for?", timeout_s=90)
    chat.shot("slot-question")
    chat.wait_idle()
    chat.send("students on a budget")
    deadline = time.monotonic() + 90  # the angle question comes when the data holds two or more angles
    while time.monotonic() < deadline and not chat.page.get_by_test_id("duration").count():
        if chat.page.get_by_text("Which angle should the script take?").count():
            chat.wait_idle()
            chat.send("you decide")  # typed, like the other answer
            break
        time.sleep(0.2)
    card = chat.get_card("script-card", timeout_s=120)
    chat.shot("script-after-typed-answer", focus=card)
    assert chat.page.get_by_role("button", name="Existing fans").count() == 0, "answered questions lose their buttons"


def test_reloading_resumes_the_conversation_and_the_agent_thread(chat: ChatPage, stub: ModelStub) -> None:
    chat.open()
    chat.page.locator("#thread-history").get_by_text("Write a TikTok script about our hoodie wash test").first.click()
    card = chat.get_card("script-card")
    chat.shot("resumed-from-history")
    assert "Your hoodie is lying to you." in card.inner_text()
    chat.page.reload()
    card = chat.get_card("script-card")
    chat.shot("reloaded")
    with chat.page.expect_download() as download_info:  # files of a past conversation still download
        chat.page.get_by_role("link", name=re.compile(r"\.md$")).last.click()
    assert "Your hoodie is lying to you." in Path(download_info.value.path()).read_text()
    script_writer(stub, hook="100 washes. Still fits.")
    chat.click("Punchier hook")  # the agent revises the draft it kept for this thread
    deadline = time.monotonic() + 120
    while chat.page.get_by_test_id("script-card").count() < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    revised = chat.page.get_by_test_id("script-card").last
    revised.wait_for(state="visible")
    chat.shot("revised-after-resume", focus=revised)
    assert "100 washes. Still fits." in revised.inner_text()

    def thread_citing_the_script(body: dict) -> dict:
        prompt = "\n".join(str(message.get("content", "")) for message in body["messages"])
        cited = list(dict.fromkeys(EVIDENCE_ID.findall(prompt.split("<script>")[-1].split("</script>")[0])))
        return {"posts": [{"text": "We washed one hoodie 100 times.", "evidence": cited[:1]},
                          {"text": "It still fits. What should we test next?", "evidence": cited[1:]}]}

    stub.queue_schema("_Posts", thread_citing_the_script)
    chat.page.get_by_role("button", name="Repurpose").last.click()
    chat.click("Thread")
    chat.expect_text(re.compile("What should we test next\\?"), timeout_s=60)
    repurposed = chat.page.get_by_test_id("repurpose-card").last
    columns = repurposed.locator("[data-format]")
    assert [columns.nth(i).get_attribute("data-format") for i in range(columns.count())] == ["Original script", "Thread"]
    assert "citations kept 100%" in repurposed.inner_text() and "<br>" not in repurposed.inner_text()
    chat.shot("repurposed", focus=repurposed)


def test_brand_examples_sent_with_the_brands_name_build_its_kit_without_a_question(
    chat: ChatPage, stub: ModelStub, files: dict[str, Path]
) -> None:
    stub.queue_schema("ProfileDraft", PROFILE)
    stub.queue_schema("VoiceDraft", VOICE)
    chat.open()
    chat.upload(files["acme-guide.md"], text="Here are our brand examples, please learn our brand (Tidewater).")
    card = chat.page.get_by_test_id("brand-kit-card").last
    card.wait_for(state="visible", timeout=120_000)
    chat.shot("kit-named-in-the-message")
    assert card.get_by_test_id("kit-name").inner_text().startswith("tidewater")
    assert chat.page.get_by_text(re.compile("Which brand are these examples for")).count() == 0


def test_a_pending_brand_question_does_not_swallow_data_files_and_is_asked_again_then_dropped(
    chat: ChatPage, stub: ModelStub, files: dict[str, Path]
) -> None:
    chat.open()
    chat.upload(files["acme-guide.md"])
    chat.expect_text(re.compile("Which brand are these examples for"))
    # The user does not answer: they send their data with a request instead.
    chat.upload(files["videos.csv"], files["comments.csv"], text="Import our YouTube data")
    chat.expect_text("Import finished", timeout_s=90)
    chat.expect_text(re.compile("still need their brand's name"))
    chat.shot("data-imported-question-asked-again")
    chat.click("Not now")
    chat.expect_text(re.compile("no kit from those examples"))
    # The request was never taken as the brand's name: no kit was built in this conversation.
    assert chat.page.get_by_test_id("brand-kit-card").count() == 0
    assert chat.page.get_by_text("import-our-youtube-data").count() == 0


def test_an_export_of_unknown_layout_shows_the_guess_and_imports_it_as_corrected(
    chat: ChatPage, stub: ModelStub, files: dict[str, Path]
) -> None:
    chat.open()
    chat.upload(files["comments-stats.csv"], files["videos-stats.csv"], text="Import our YouTube data")
    chat.expect_text(re.compile("here is my guess of its columns"), timeout_s=60)
    guess = chat.last_reply().inner_text()
    assert "Nothing is imported until you say so" in guess and "post_id" in guess and "Sentiment" in guess
    assert "--yes" not in guess and "--map" not in guess  # the chat speaks of buttons, not of the CLI
    chat.shot("guess-shown")
    chat.click("Change a column")
    chat.expect_text(re.compile("Type the change as"))
    chat.send("creator=Tech Reviews")  # the comments file takes its posts' creator: only the posts change
    chat.expect_text(re.compile("Changed: creator=Tech Reviews"))
    assert chat.last_reply().inner_text().count("filed under Tech Reviews") == 1
    chat.send("views=Total views")  # typed without the button works as well
    chat.expect_text(re.compile("has no column 'Total views'"))  # checked against the file's own columns
    chat.click("Import as shown")
    chat.expect_text("Import finished", timeout_s=90)
    summary = chat.last_reply().inner_text()
    assert re.search(r"posts\s+2\s+2", summary) and re.search(r"comments\s+2\s+2", summary), summary
    assert "2 on posts of this import" in summary and "1 comment(s) not imported" in summary
    assert "filed under 'Tech Reviews'" in summary
    chat.shot("guessed-import-finished")


def test_a_large_import_runs_in_the_background_while_the_chat_answers(
    chat: ChatPage, stub: ModelStub, files: dict[str, Path], tmp_path: Path
) -> None:
    openers = ["The seams held up", "Sizing runs small", "Please make it in green", "Shipping took two weeks",
               "Best hoodie I own", "The colour faded fast", "Show the wash test again", "Is it warm enough for winter"]
    rows = [f"b{n},{openers[n % len(openers)]} - note {n} about hoodie v{n % 5 + 1},v{n % 5 + 1},{n % 97},{n % 7}"
            for n in range(2000)]
    big = tmp_path / "comments-2000.csv"
    big.write_text("comment_id,text,video_id,like_count,totalReplyCount\n" + "\n".join(rows) + "\n")
    stub.queue_chat("Still here while your data imports.")
    chat.open()
    chat.upload(files["videos.csv"], big)
    chat.expect_text(re.compile("You can keep chatting meanwhile"), timeout_s=30)
    chat.send("Hi Hookline, are you there?")
    chat.expect_text("Still here while your data imports.", timeout_s=60)
    assert chat.page.get_by_text("Import finished").count() == 0, "the answer should not wait for the import"
    chat.shot("answered-during-import")
    chat.expect_text("Import finished", timeout_s=300)
    summary = chat.last_reply().inner_text()
    assert re.search(r"comments\s+2,000\s+2,000", summary), summary
    seconds = float(re.search(r"Import finished \(\S+, ([\d.]+) s\)", summary).group(1))  # type: ignore[union-attr]
    (chat.shots / "import-2000-comments.json").write_text(json.dumps({"comments": 2000, "import_seconds": seconds}))
    chat.shot("import-finished")


def test_what_hookline_remembers_is_shown_and_each_memory_can_be_forgotten(chat: ChatPage, stub: ModelStub) -> None:
    script_writer(stub)
    chat.open()
    chat.send("What do you remember about me?")
    chat.expect_text(re.compile("What I remember about you|I remember nothing yet"))
    if chat.page.get_by_role("button", name="Forget all").count():  # earlier tests of this module left some
        chat.click("Forget all")
        chat.expect_text(re.compile(r"Forgotten: \d+ memor"))
    chat.send("Draft a TikTok script about our studio tour")
    chat.expect_text("Who is it for?", timeout_s=90)  # forgotten answers are asked again
    chat.click("Existing fans")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not chat.page.get_by_test_id("duration").count():
        if chat.page.get_by_text("Which angle should the script take?").count():
            break  # left open: asking about memories is not taken as its answer
        time.sleep(0.2)
    chat.wait_idle(120)
    chat.send("What do you remember about me?")
    listed = chat.expect_text(re.compile("What I remember about you")).locator("xpath=ancestor::*[@data-step-type][1]")
    items = [item.inner_text() for item in listed.locator("li").all()]
    number = next(n for n, item in enumerate(items, start=1) if item.startswith("Your answer") and
                  item.endswith("Preferred audience: Existing fans"))  # the list's n-th line is "Forget n"
    chat.shot("memories")
    chat.click(f"Forget {number}")
    chat.expect_text(re.compile("Forgotten: Preferred audience: Existing fans"))
    chat.send("What do you remember about me?")
    chat.expect_text(re.compile("What I remember about you|I remember nothing yet"))
    chat.wait_idle()
    assert "Preferred audience: Existing fans" not in chat.last_reply().inner_text()

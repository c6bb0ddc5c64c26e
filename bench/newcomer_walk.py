"""A newcomer's first walk through the web chat, timed in a real browser on the real embedded model.

    .venv/bin/python -m bench.newcomer_walk [--runs N] [--out bench/NEWCOMER_RESULTS.md]
        [--json PATH] [--wait-load 0.7] [--wait-max-s 2400] [--stub]

Each run starts `hookline ui` on a fresh HOOKLINE_HOME (the model file symlinked from .hookline/models, as
tests/test_ui_browser_embedded.py does) and drives Debian's chromium through Playwright like a new user:

1. startup: server process start -> /health -> page usable; a typed greeting -> its first visible token -> its end;
2. brand: a style guide and past posts (written here, for the invented brand Tidewater) sent with the brand named
   in the message -> the kit card; questions asked about the brand's name (expected 0);
3. import: a videos file shaped like a public YouTube statistics dataset (40 videos) and 2,000 distinct comments
   generated from sentence fragments -> the column guess -> "Import as shown" -> the "Import finished" summary
   (and the seconds the summary reports); a short message sent while the import runs, and whether its answer
   came before the summary;
4. draft: a 30-second TikTok script request; every clarifying question answered with "You decide"; send -> first
   script part on the card -> complete card; questions counted;
5. lost uploads: every uploaded file must show up in a kit card, a column guess or an import summary.

Every time is wall-clock, taken in this script (time.perf_counter). Screenshots and the server log go to
tests/artifacts/newcomer_walk/run-N/ (git-ignored); the JSON of all figures to --json and stdout; the Markdown
report to --out, generated from the figures alone. `--stub` swaps the model for the browser tests' scripted
stub (tests/browser/model_stub.py): for developing the walk, its figures say nothing about the product.
`--wait-load` waits (polling every 30 s, up to --wait-max-s) for the 1-minute load average to drop below it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.newcomer_inputs import (
    BRAND_MESSAGE,
    DRAFT,
    DURING_IMPORT,
    ERROR_TEXT,
    GREETING,
    IMPORT_MESSAGE,
    NAME_QUESTION,
    NOT_A_REPLY,
    SUMMARY,
    write_brand_files,
    write_youtube_export,
)
from bench.newcomer_report import markdown, summarise
from tests.browser.driver import ARTIFACTS, ChatPage, artifacts_dir, chromium
from tests.chainlit_client import running_ui

ROOT = Path(__file__).resolve().parent.parent


def fresh_home(root: Path) -> Path:
    """A HOOKLINE_HOME with the assembled model symlinked in and its verified marker copied."""
    from core.llm.model_assets import model_path

    source = model_path(ROOT / ".hookline" / "models")
    if not source.is_file():
        raise SystemExit(f"The embedded model is missing at {source}: run `make setup` first.")
    home = root / "home"
    (home / "models").mkdir(parents=True)
    (home / "models" / source.name).symlink_to(source)
    marker = source.with_name(source.name + ".verified.json")
    if marker.is_file():
        (home / "models" / marker.name).write_text(marker.read_text())
    return home


# -- page helpers ---------------------------------------------------------------------------------

REPLIES_AFTER_LAST_USER_MESSAGE = """() => {
  const steps = [...document.querySelectorAll('[data-step-type]')];
  let last = -1;
  steps.forEach((step, index) => { if (step.getAttribute('data-step-type') === 'user_message') last = index; });
  return steps.slice(last + 1).filter(step => step.getAttribute('data-step-type') === 'assistant_message')
    .map(step => step.innerText);
}"""


def reply_text(chat: ChatPage) -> str:
    """The answer to the latest typed message so far (the import's own messages left out)."""
    texts = chat.page.evaluate(REPLIES_AFTER_LAST_USER_MESSAGE)
    return "\n".join(text for text in texts if text.strip() and not NOT_A_REPLY.match(text))


def busy(chat: ChatPage) -> bool:
    return chat.page.locator("#stop-button").count() > 0


def count(chat: ChatPage, selector: str) -> int:
    return chat.page.locator(selector).count()


def text_count(chat: ChatPage, pattern: str | re.Pattern[str]) -> int:
    return chat.page.get_by_text(pattern).count()


def attach(chat: ChatPage, files: list[Path]) -> None:
    """Files into the composer, waiting until each shows (ChatPage.upload without the send, so it can be timed)."""
    chat.page.locator("#upload-button-input").set_input_files([str(file) for file in files])
    for file in files:
        chat.page.get_by_text(file.name).first.wait_for(state="visible")
    submit = chat.page.locator("#chat-submit")
    deadline = time.monotonic() + 60
    while submit.is_disabled() and time.monotonic() < deadline:  # uploads still in flight
        time.sleep(0.1)


def poll(check: Callable[[], bool], timeout_s: float, every_s: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every_s)
    return False


def since(start: float) -> float:
    return round(time.perf_counter() - start, 2)


@contextmanager
def step(record: dict[str, Any], chat: ChatPage, name: str) -> Iterator[None]:
    """A step's failure is recorded with a screenshot and the walk goes on to the next step."""
    try:
        yield
    except Exception as error:  # noqa: BLE001 - a benchmark reports what broke and carries on
        record["error"] = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"[:300]
        try:
            chat.shot(f"{name}-failed")
        except Exception:  # noqa: BLE001
            pass


# -- the walk's steps -----------------------------------------------------------------------------


def watch_answer(chat: ChatPage, sent: float, timeout_s: float) -> dict[str, Any]:
    """Times (from `sent`) to the answer's first visible text and to its end; distinct texts seen on the way."""
    seen: list[str] = []
    first: float | None = None
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        text = reply_text(chat)
        if text.strip() and (not seen or seen[-1] != text):
            seen.append(text)
            first = first if first is not None else since(sent)
        if seen and not busy(chat):
            break
        time.sleep(0.03)
    else:
        raise TimeoutError(f"no complete answer within {timeout_s:.0f} s")
    return {"first_token_s": first, "end_s": since(sent), "texts_seen": len(seen), "answer_chars": len(seen[-1]),
            "answer_start": seen[-1][:160], "error_shown": bool(ERROR_TEXT.search(seen[-1]))}


def walk_greeting(chat: ChatPage, server_start: float, record: dict[str, Any], timeout_s: float) -> None:
    chat.shot("welcome")
    sent = time.perf_counter()
    chat.send(GREETING)
    answer = watch_answer(chat, sent, timeout_s)
    record.update(answer, sent_at_s=round(sent - server_start, 2))
    record["first_token_from_start_s"] = round(record["sent_at_s"] + answer["first_token_s"], 2)
    record["end_from_start_s"] = round(record["sent_at_s"] + answer["end_s"], 2)
    chat.shot("greeting-answered", focus=chat.last_reply())


def walk_brand(chat: ChatPage, files: list[Path], record: dict[str, Any], timeout_s: float) -> None:
    cards = chat.page.get_by_test_id("brand-kit-card")
    before, errors = cards.count(), text_count(chat, ERROR_TEXT)
    attach(chat, files)
    sent = time.perf_counter()
    chat.send(BRAND_MESSAGE)
    if not poll(lambda: cards.count() > before or text_count(chat, ERROR_TEXT) > errors, timeout_s, 0.1):
        raise TimeoutError(f"no kit card within {timeout_s:.0f} s")
    if cards.count() == before:
        record.update(error_shown_after_s=since(sent), brand_name_questions=text_count(chat, NAME_QUESTION))
        raise RuntimeError("an error was shown instead of the kit card")
    record["kit_card_s"] = since(sent)
    chat.wait_idle(120)
    record["brand_name_questions"] = text_count(chat, NAME_QUESTION)
    card = cards.last
    record["kit_name"] = card.get_by_test_id("kit-name").inner_text().strip()
    record["kit_text"] = card.inner_text()  # kept in the JSON, to read what the kit says without the screenshots
    chat.shot("kit-card", focus=card)
    card.get_by_role("button", name="Show evidence").click()
    built_from = card.get_by_text(re.compile("^Built from:"))
    built_from.wait_for(state="visible", timeout=10_000)
    record["built_from"] = built_from.inner_text().strip()
    chat.shot("kit-evidence", focus=built_from)


def walk_guess(chat: ChatPage, files: list[Path], record: dict[str, Any], timeout_s: float) -> None:
    attach(chat, files)
    sent = time.perf_counter()
    chat.send(IMPORT_MESSAGE)
    guess = chat.expect_text(re.compile("here is my guess of its columns"), timeout_s=timeout_s)
    record["guess_s"] = since(sent)
    message = guess.locator("xpath=ancestor::*[@data-step-type][1]")
    record["guess_text"] = message.inner_text()
    chat.wait_idle(60)
    chat.shot("guess-shown", focus=guess)


def _summary_figures(summary: str) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    if found := SUMMARY.search(summary):
        figures.update(reported_format=found.group(1), reported_s=float(found.group(2)))
    for kind in ("posts", "comments"):
        if found := re.search(rf"{kind}\s+([\d,]+)\s+([\d,]+)", summary):
            figures[f"{kind}_read"], figures[f"{kind}_new"] = (int(found.group(n).replace(",", "")) for n in (1, 2))
    rejected = re.search(r"(\d+) row\(s\) rejected", summary)
    figures["rejected_rows"] = int(rejected.group(1)) if rejected else 0
    return figures


def walk_import(chat: ChatPage, record: dict[str, Any], timeout_s: float) -> None:
    """Click "Import as shown", then chat while it runs; both are watched in one loop."""
    finished = chat.page.get_by_text("Import finished")
    before = finished.count()
    clicked = time.perf_counter()
    chat.click("Import as shown")
    chat.expect_text(re.compile("You can keep chatting meanwhile|Import finished"), timeout_s=60)
    record["progress_shown_s"] = since(clicked)
    chat_record: dict[str, Any] = {}
    record["chat_during_import"] = chat_record
    sent: float | None = None
    if finished.count() == before:
        sent = time.perf_counter()
        chat.send(DURING_IMPORT)
        chat_record["sent_after_click_s"] = round(sent - clicked, 2)
    else:
        chat_record["skipped"] = "the import finished before a message could be sent"
    seen: list[str] = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        now = time.perf_counter()
        if "finished_s" not in record and finished.count() > before:
            record["finished_s"] = round(now - clicked, 2)
            chat.shot("import-finished", focus=finished.last)
        if sent is not None and "end_s" not in chat_record:
            text = reply_text(chat)
            if text.strip() and (not seen or seen[-1] != text):
                seen.append(text)
                chat_record.setdefault("first_token_s", round(now - sent, 2))
            if seen and not busy(chat):
                chat_record.update(end_s=round(now - sent, 2), answer_start=seen[-1][:160], texts_seen=len(seen))
                chat_record["answered_before_import_finished"] = "finished_s" not in record
                chat.shot("answered-during-import", focus=chat.last_reply())
        if "finished_s" in record and (sent is None or "end_s" in chat_record):
            break
        time.sleep(0.05)
    if "finished_s" not in record:
        raise TimeoutError(f"no import summary within {timeout_s:.0f} s")
    if sent is not None and "end_s" not in chat_record:
        chat_record["answered_before_import_finished"] = False
        chat_record["unanswered_after_s"] = round(time.perf_counter() - sent, 2)
    summary = finished.last.locator("xpath=ancestor::*[@data-step-type][1]").inner_text()
    record["summary_text"] = summary[:600]
    record.update(_summary_figures(summary))


def _question_text(chat: ChatPage, button: Any) -> str:
    owner = button.locator("xpath=ancestor::*[@data-step-type][1]")
    if owner.count():
        return owner.first.inner_text().strip().splitlines()[0][:200]
    return reply_text(chat).strip().splitlines()[-1][:200] if reply_text(chat).strip() else "?"


def walk_draft(chat: ChatPage, record: dict[str, Any], timeout_s: float) -> None:
    """Send the request; answer each question with "You decide"; time the first part and the complete card."""
    chat.wait_idle(600)
    cards, durations = chat.page.get_by_test_id("script-card"), chat.page.get_by_test_id("duration")
    before_cards, before_durations, errors = cards.count(), durations.count(), text_count(chat, ERROR_TEXT)
    decide = chat.page.get_by_role("button", name="You decide", exact=True)
    questions: list[dict[str, Any]] = []
    record["questions"] = questions
    sent = time.perf_counter()
    chat.send(DRAFT)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if decide.count():
            button = decide.first
            questions.append({"text": _question_text(chat, button), "asked_at_s": since(sent)})
            chat.shot(f"question-{len(questions)}", focus=button)
            left = decide.count()
            button.click()
            questions[-1]["answered_at_s"] = since(sent)
            poll(lambda: decide.count() < left, 10, 0.1)
            continue
        if "first_part_s" not in record and cards.count() > before_cards and cards.last.locator("[data-part]").count():
            record["first_part_s"] = since(sent)
            chat.shot("script-first-part", focus=cards.last)
        if durations.count() > before_durations:
            record["complete_s"] = since(sent)
            break
        if text_count(chat, ERROR_TEXT) > errors:
            raise RuntimeError("an error was shown: " + reply_text(chat)[:200])
        time.sleep(0.05)
    else:
        raise TimeoutError(f"no complete script card within {timeout_s:.0f} s")
    card = cards.last
    chat.wait_idle(120)
    record["question_count"] = len(questions)
    if questions and "first_part_s" in record:
        record["last_answer_to_first_part_s"] = round(record["first_part_s"] - questions[-1]["answered_at_s"], 2)
    record["parts"] = card.locator("[data-part]").count()
    score = card.get_by_test_id("brand-score")
    record["brand_score"] = score.inner_text().strip() if score.count() else None
    record["duration"] = durations.last.inner_text().strip()
    record["card_message_text"] = card.locator("xpath=ancestor::*[@data-step-type][1]").inner_text()
    chat.shot("script-card", focus=card)


def lost_uploads(brand: dict[str, Any], guess: dict[str, Any], imported: dict[str, Any],
                 brand_files: list[Path], data_files: list[Path]) -> dict[str, Any]:
    """Each file and what answered it: the kit card (its "Built from"), the column guess, the import summary."""
    outcomes: dict[str, list[str]] = {}
    for file in brand_files:
        outcomes[file.name] = ["kit card"] if file.name in brand.get("built_from", "") else []
    read = {data_files[0].name: imported.get("posts_read", 0), data_files[1].name: imported.get("comments_read", 0)}
    for file in data_files:
        outcomes[file.name] = (["guess"] if file.name in guess.get("guess_text", "") else []) + \
            (["summary"] if read[file.name] else [])
    return {"sent": len(outcomes), "lost": sum(not found for found in outcomes.values()), "outcomes": outcomes}


# -- one run --------------------------------------------------------------------------------------


def model_env(stub: Any) -> tuple[dict[str, str] | None, str]:
    """The UI's environment and which model answers."""
    if stub is not None:
        return stub.env(), "scripted ModelStub (tests/browser/model_stub.py), not a model"
    from core.llm.model_assets import MODEL_ALIAS, MODEL_FILENAME
    from core.settings import Settings

    settings = Settings(_env_file=None)
    return None, (f"embedded {MODEL_ALIAS} ({MODEL_FILENAME}, llama.cpp via xllamacpp, "
                  f"{settings.embedded_threads} threads, {settings.embedded_context_tokens}-token context)")


def walk_once(browser: Any, number: int, stub: Any, timeouts: dict[str, float]) -> dict[str, Any]:
    shots = artifacts_dir(f"newcomer_walk::run-{number}")
    run: dict[str, Any] = {"run": number, "load_before": os.getloadavg(), "started": dt.datetime.now().isoformat(
        timespec="seconds")}
    steps: dict[str, dict[str, Any]] = {name: {} for name in ("startup", "greeting", "brand", "guess", "import",
                                                              "draft")}
    run["steps"] = steps
    env, run["model"] = model_env(stub)
    with tempfile.TemporaryDirectory(prefix="newcomer-walk-") as work:
        folder = Path(work)
        brand_files, data_files = write_brand_files(folder), write_youtube_export(folder)
        home = fresh_home(folder) if stub is None else folder / "home"
        server_start = time.perf_counter()
        with running_ui(home, env, timeout_s=300, log_path=shots / "ui-server.log") as base_url:
            steps["startup"]["health_s"] = since(server_start)
            chat = ChatPage(browser, base_url, shots)
            chat.open()
            steps["startup"]["usable_s"] = since(server_start)
            with step(steps["greeting"], chat, "greeting"):
                walk_greeting(chat, server_start, steps["greeting"], timeouts["greeting"])
            with step(steps["brand"], chat, "brand"):
                walk_brand(chat, brand_files, steps["brand"], timeouts["brand"])
            with step(steps["guess"], chat, "guess"):
                walk_guess(chat, data_files, steps["guess"], timeouts["guess"])
            if "guess_s" in steps["guess"]:
                with step(steps["import"], chat, "import"):
                    walk_import(chat, steps["import"], timeouts["import"])
            with step(steps["draft"], chat, "draft"):
                walk_draft(chat, steps["draft"], timeouts["draft"])
            chat.shot("end")
            run["blocked_requests"] = list(chat.blocked)
            chat.close()
    log = (shots / "ui-server.log").read_text(errors="replace")
    run["server_tracebacks"] = log.count("Traceback (most recent call last)")
    run["uploads"] = lost_uploads(steps["brand"], steps["guess"], steps["import"], brand_files, data_files)
    run["wall_s"] = since(server_start)
    run["load_after"] = os.getloadavg()
    run["screenshots"] = sorted(str(path.relative_to(ROOT)) for path in shots.glob("*.png"))
    return run


# -- main -----------------------------------------------------------------------------------------


def wait_for_quiet(threshold: float | None, max_s: float) -> dict[str, Any]:
    waited = 0.0
    while threshold is not None and os.getloadavg()[0] >= threshold and waited < max_s:
        print(f"load {os.getloadavg()[0]:.2f} >= {threshold}: waiting 30 s", file=sys.stderr, flush=True)
        time.sleep(30)
        waited += 30
    return {"threshold": threshold, "waited_s": waited,
            "reached": threshold is None or os.getloadavg()[0] < threshold, "load": os.getloadavg()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "NEWCOMER_RESULTS.md")
    parser.add_argument("--json", type=Path, default=ARTIFACTS / "newcomer_walk" / "newcomer_walk.json")
    parser.add_argument("--wait-load", type=float, default=None, help="wait until the 1-min load is below this")
    parser.add_argument("--wait-max-s", type=float, default=2400)
    parser.add_argument("--stub", action="store_true", help="the browser tests' scripted model (for development)")
    parser.add_argument("--timeout-scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    from core.machine import describe_machine

    timeouts = {name: seconds * args.timeout_scale for name, seconds in
                {"greeting": 600, "brand": 900, "guess": 180, "import": 900, "draft": 1500}.items()}
    load_wait = wait_for_quiet(args.wait_load, args.wait_max_s)
    runs = []
    with stub_model(args.stub) as stub, chromium() as browser:
        for number in range(1, args.runs + 1):
            runs.append(walk_once(browser, number, stub, timeouts))
            print(f"run {number}: {runs[-1]['wall_s']:.0f} s", file=sys.stderr, flush=True)
        browser_version = browser.version
    command = "python -m bench.newcomer_walk " + " ".join(argv if argv is not None else sys.argv[1:])
    report = {"command": command.strip(), "date": dt.date.today().isoformat(), "machine": describe_machine(),
              "cpu_count": os.cpu_count(), "load_wait": load_wait, "browser": f"chromium {browser_version}",
              "runs": runs, "summary": summarise(runs)}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    args.out.write_text(markdown(report))
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0 if all(not record.get("error") for run in runs for record in run["steps"].values()) else 1


@contextmanager
def stub_model(enabled: bool) -> Iterator[Any]:
    if not enabled:
        yield None
        return
    from tests.browser.model_stub import ModelStub
    from tests.browser.script_writer import ScriptWriter

    with ModelStub() as stub:
        stub.default_chat = ScriptWriter({"hook": "3 a.m. and your water is still ice cold.",
                                          "call to action": "What's in your locker tonight?"},
                                         fallback="Hello from the scripted model, streamed word by word.", delay_s=0.7)
        yield stub


if __name__ == "__main__":
    sys.exit(main())

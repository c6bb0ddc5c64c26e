"""BrandKitStore: build with a scripted model, versions, failures, duplicates, rules, YAML, restarts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from core.errors import InputError, ModelUnavailableError, NotFoundError
from core.services import Services
from core.settings import Settings
from tests.fakes import HashEmbedder, ScriptedChatModel
from tools.brandkit.describe import ProfileDraft, VoiceDraft
from tools.brandkit.store import BrandKitStore
from tools.brandkit.text import normalize

FIXTURES = Path(__file__).parent / "fixtures" / "brand"
GUIDE = FIXTURES / "trailhead-guide.md"
POSTS = FIXTURES / "trailhead-posts.csv"
CAPTIONS = FIXTURES / "trailhead-captions.txt"

AUDIENCE_QUOTE = "We write for people who start their day outdoors"
PROMISE_QUOTE = "we promise coffee that tastes as good at the trailhead as it does at home"


def profile(**overrides: Any) -> dict[str, Any]:
    reply: dict[str, Any] = {
        "audience": {"quote": AUDIENCE_QUOTE, "value": "early hikers and dog walkers"},
        "promise": {"quote": PROMISE_QUOTE, "value": "trailhead-good coffee"},
        "selling_points": [
            {"quote": "We roast small batches in Boulder", "value": "small-batch roasting"},
            {"quote": "Our beans are the best in the world", "value": "the best beans"},  # not in any file
        ],
        "cta_patterns": [{"quote": "Grab a bag of Ridge Roast today", "value": "Grab a bag"}],
    }
    reply.update(overrides)
    return reply


def voice(*traits: dict[str, str]) -> dict[str, Any]:
    return {"traits": list(traits) or [
        {"name": "Warm", "quote": "We sound like a friend at the campsite", "description": "Friendly, never showy.",
         "do": "Pour one for the trail.", "dont": "Experience our unparalleled beverage solution."},
        {"name": "Plainspoken", "quote": "a quote the model made up about plain words", "description": "Plain words.",
         "do": "Cold morning, warm cup.", "dont": "Leverage synergies."},
        {"name": "Bold", "quote": "We are bold and loud and proud", "description": "Invented.", "do": "x", "dont": "y"},
    ]}


def queue_build(model: ScriptedChatModel, **profile_overrides: Any) -> None:
    model.queue(profile(**profile_overrides), voice())


@pytest.fixture
def store(fake_services: Services) -> BrandKitStore:
    return BrandKitStore.open(fake_services)


@pytest.fixture
def model(fake_services: Services) -> ScriptedChatModel:
    return fake_services.chat_model  # type: ignore[return-value]


def logo(tmp_path: Path) -> Path:
    image = Image.new("RGB", (40, 40), (34, 85, 51))
    for x in range(30, 40):
        for y in range(40):
            image.putpixel((x, y), (240, 120, 20))
    image.save(tmp_path / "logo.png")
    return tmp_path / "logo.png"


def test_build_grounds_every_model_claim_in_a_real_quote(store: BrandKitStore, model: ScriptedChatModel, tmp_path: Path) -> None:
    queue_build(model)
    progress: list[str] = []
    kit = store.build("trailhead", [GUIDE, POSTS, logo(tmp_path)], progress=progress.append)
    assert kit.version == 1 and kit.name == "trailhead" and kit.described_by == "scripted"
    # The guide states its audience ("We write for ..."): its own words win over the model's paraphrase.
    assert kit.audience is not None and kit.audience.text.startswith("People who start their day outdoors: early hikers")
    assert kit.audience.evidence[0].source == "trailhead-guide.md"
    assert normalize(AUDIENCE_QUOTE) in normalize(kit.audience.evidence[0].quote)
    assert [point.text for point in kit.selling_points] == ["small-batch roasting"]  # the invented one is dropped
    traits = {trait.name: trait for trait in kit.voice_traits}
    assert set(traits) == {"Warm", "Plainspoken", "Curious"}  # "Bold" had no real quote; "Curious" is named in the guide
    assert traits["Plainspoken"].evidence[0].quote == "Plainspoken"  # the model's quote was made up: the guide's list grounds it
    assert traits["Curious"].do is None
    assert any("dropped" in note for note in kit.notes)
    assert [c.hex for c in kit.palette][:2] == ["#225533", "#f07814"]
    assert kit.palette[0].evidence[0].source == "logo.png"
    assert {t.term for t in kit.vocabulary.avoid} >= {"artisanal", "synergy", "world-class", "beverage", "click here"}
    assert kit.formatting.measured_on == "8 posts from 1 file"
    assert kit.cta_required is not None and kit.examples
    assert any("asking the chat model" in message for message in progress)
    # The model was asked to quote, within the embedded model's context.
    profile_request, voice_request = model.requests
    assert profile_request.schema is ProfileDraft and voice_request.schema is VoiceDraft
    assert "<excerpt id=\"E1\"" in profile_request.prompt and "Warm; Plainspoken; Curious" in voice_request.prompt
    tokens = store._services.tokens
    assert tokens.count(profile_request.prompt) + 600 < 4096


def test_a_second_upload_makes_a_new_version_and_the_old_one_stays(store: BrandKitStore, model: ScriptedChatModel) -> None:
    queue_build(model)
    first = store.build("trailhead", [GUIDE])
    queue_build(model)
    second = store.build("trailhead", [POSTS, CAPTIONS])
    assert (first.version, second.version) == (1, 2)
    assert [s.name for s in second.sources] == ["trailhead-guide.md", "trailhead-posts.csv", "trailhead-captions.txt"]
    assert [s.added_in_version for s in second.sources] == [1, 2, 2]
    assert store.get("trailhead") == second
    assert store.get("trailhead", 1) == first
    assert [(v.version, v.current) for v in store.versions("trailhead")] == [(1, False), (2, True)]
    assert first.formatting.measured_on != second.formatting.measured_on
    with pytest.raises(NotFoundError, match="has no version 7; it has version\\(s\\) 1, 2"):
        store.get("trailhead", 7)


def test_a_failed_build_leaves_the_kit_untouched(store: BrandKitStore, model: ScriptedChatModel, tmp_path: Path) -> None:
    queue_build(model)
    kit = store.build("trailhead", [GUIDE])
    before = store.examples_like("trailhead", "coffee on the trail", k=50)
    (tmp_path / "empty.txt").write_text("   \n")
    with pytest.raises(InputError, match="empty.txt"):
        store.build("trailhead", [POSTS, tmp_path / "empty.txt"])
    model.queue(ModelUnavailableError("the model is down"))
    with pytest.raises(ModelUnavailableError):
        store.build("trailhead", [POSTS])
    queue_build(model)
    original = store._kits.upsert

    def fail_on_the_version_record(**kwargs: Any) -> None:
        if kwargs["ids"][0].startswith("kit:"):
            raise OSError("disk full")
        original(**kwargs)

    store._kits.upsert = fail_on_the_version_record  # type: ignore[method-assign]
    with pytest.raises(OSError, match="disk full"):
        store.build("trailhead", [POSTS])
    store._kits.upsert = original  # type: ignore[method-assign]
    assert store.get("trailhead") == kit
    assert [v.version for v in store.versions("trailhead")] == [1]
    assert store.examples_like("trailhead", "coffee on the trail", k=50) == before
    assert not store._examples.get(where={"version": 2}, include=[])["ids"]  # nothing half-written


def test_duplicate_uploads_add_no_duplicate_examples(store: BrandKitStore, model: ScriptedChatModel, tmp_path: Path) -> None:
    copy = tmp_path / "posts-copy.csv"
    copy.write_bytes(POSTS.read_bytes())
    queue_build(model)
    kit = store.build("trailhead", [POSTS, copy])
    assert [s.name for s in kit.sources] == ["trailhead-posts.csv"]
    assert any("Skipped duplicate upload(s): posts-copy.csv" in note for note in kit.notes)
    stored = store._examples.get(where={"name": "trailhead"}, include=["documents"])["documents"]
    assert len(stored) == len({normalize(text) for text in stored}) == 8
    with pytest.raises(InputError, match="Nothing new to learn: trailhead-posts.csv is already in brand kit 'trailhead'"):
        store.build("trailhead", [POSTS])
    assert store.get("trailhead").version == 1


def test_kit_names_are_slugs(store: BrandKitStore) -> None:
    for bad in ("../x", "CON", "Acme Voice"):
        with pytest.raises(InputError, match="Invalid brand kit name"):
            store.build(bad, [GUIDE])


def test_missing_kits_list_the_existing_ones(store: BrandKitStore, model: ScriptedChatModel) -> None:
    with pytest.raises(NotFoundError, match="There are no kits yet"):
        store.get("acme")
    queue_build(model)
    store.build("trailhead", [GUIDE])
    with pytest.raises(NotFoundError, match="No brand kit named 'acme'. Existing kits: trailhead. Build one with"):
        store.get("acme")


def test_rules_the_user_states_carry_provenance_and_survive_rebuilds(store: BrandKitStore, model: ScriptedChatModel) -> None:
    queue_build(model)
    store.build("trailhead", [GUIDE])
    kit = store.add_rule("trailhead", "  We never use   emojis ")
    rule = kit.rules[-1]
    assert (kit.version, rule.text, rule.origin) == (2, "We never use emojis", "user")
    assert rule.provenance == f"stated by the user on {date.today().isoformat()}"
    assert rule.evidence[0].source == "user"
    assert store.add_rule("trailhead", "we never use emojis").version == 2  # the same rule twice: no new version
    assert store.examples_like("trailhead", "cold morning coffee", k=1)  # the new version kept the examples
    queue_build(model)
    rebuilt = store.build("trailhead", [POSTS])
    assert "We never use emojis" in [r.text for r in rebuilt.rules if r.origin == "user"]
    removed = store.remove_rule("trailhead", "we never use emojis")
    assert removed.version == 4 and all(r.origin != "user" for r in removed.rules)
    with pytest.raises(NotFoundError, match="has no rule"):
        store.remove_rule("trailhead", "we love exclamation marks")
    with pytest.raises(InputError, match="needs some text"):
        store.add_rule("trailhead", "   ")


def test_yaml_export_and_import_round_trip_unchanged(store: BrandKitStore, model: ScriptedChatModel, tmp_path: Path) -> None:
    queue_build(model)
    kit = store.build("trailhead", [GUIDE, POSTS, logo(tmp_path)])
    text = store.export_yaml("trailhead")
    other = Services(Settings(_env_file=None, home=tmp_path / "other-home"))
    other.embedder = HashEmbedder()  # type: ignore[misc]
    imported = BrandKitStore.open(other).import_yaml(text)
    assert imported == kit
    assert BrandKitStore.open(other).get("trailhead") == kit
    assert BrandKitStore.open(other).export_yaml("trailhead") == text
    assert BrandKitStore.open(other).examples_like("trailhead", "thermos coffee", k=2)
    assert store.import_yaml(text) == kit  # same content again: no new version
    assert [v.version for v in store.versions("trailhead")] == [1]
    other.close()


def test_an_imported_kit_keeps_what_it_learned_when_files_are_added(
    store: BrandKitStore, model: ScriptedChatModel, tmp_path: Path
) -> None:
    queue_build(model)
    text = store.export_yaml(store.build("trailhead", [GUIDE]).name)
    other = Services(Settings(_env_file=None, home=tmp_path / "other-home"))
    other.embedder = HashEmbedder()  # type: ignore[misc]
    other.chat_model = model  # type: ignore[misc]
    imported = BrandKitStore.open(other)
    imported.import_yaml(text)
    queue_build(model)
    updated = imported.build("trailhead", [CAPTIONS])
    assert updated.version == 2
    assert {"artisanal", "synergy"} <= {t.term for t in updated.vocabulary.avoid}  # from the guide it no longer has
    assert updated.audience is not None and updated.audience.evidence[0].source == "trailhead-guide.md"
    assert any(e.source == "trailhead-captions.txt" for e in updated.examples)
    other.close()


def test_kits_survive_a_restart(fake_services: Services, model: ScriptedChatModel, settings: Settings) -> None:
    queue_build(model)
    kit = BrandKitStore.open(fake_services).build("trailhead", [GUIDE, POSTS])
    fresh = Services(settings)  # a new process on the same HOOKLINE_HOME
    fresh.embedder = HashEmbedder()  # type: ignore[misc]
    reopened = BrandKitStore.open(fresh)
    assert reopened.get("trailhead") == kit
    assert [summary.name for summary in reopened.list()] == ["trailhead"]
    best = reopened.examples_like("trailhead", "thermos hot water trail tip", k=1)[0]
    assert best.text.startswith("Trail tip") and best.source == "trailhead-posts.csv"
    fresh.close()


def test_kits_are_scoped_per_user(fake_services: Services, model: ScriptedChatModel) -> None:
    queue_build(model)
    BrandKitStore.open(fake_services, user="alice").build("trailhead", [GUIDE])
    assert BrandKitStore.open(fake_services, user="bob").list() == []
    assert [k.name for k in BrandKitStore.open(fake_services, user="alice").list()] == ["trailhead"]
    assert BrandKitStore.open(fake_services).user == "local"


def test_a_kit_from_a_logo_alone_needs_no_model(store: BrandKitStore, model: ScriptedChatModel, tmp_path: Path) -> None:
    kit = store.build("trailhead-logo", [logo(tmp_path)])
    assert model.requests == []
    assert kit.palette and kit.voice_traits == [] and kit.formatting.measured_on == "no text"


def test_a_rule_for_the_writer_is_never_taken_for_the_promise(
    store: BrandKitStore, model: ScriptedChatModel, tmp_path: Path
) -> None:
    guide = tmp_path / "tidewater.md"
    guide.write_text("# Tidewater\n\nTidewater makes insulated steel bottles for people who work at night.\n\n"
                     "Keep sentences short.\n\nAlways end with a question for the comments.\n", encoding="utf-8")
    rule = "Always end with a question for the comments."
    queue_build(model, promise={"quote": rule, "value": "always end with a question for the comments"},
                audience=None, selling_points=[], cta_patterns=[{"quote": rule, "value": "End on a question"}])
    kit = store.build("tidewater", [guide])
    assert kit.promise is None  # the quote is an instruction to the writer
    assert kit.audience is not None and kit.audience.text == "People who work at night"  # the guide's own words
    assert [pattern.text for pattern in kit.cta_patterns] == ["End on a question"]  # where that rule belongs
    assert any("do not say what their quotes say" in note for note in kit.notes)


def test_a_describe_call_past_its_budget_is_asked_once_more_with_half_the_excerpts(
        store: BrandKitStore, model: ScriptedChatModel, tmp_path: Path) -> None:
    from core.errors import ModelTimeoutError

    long_guide = tmp_path / "trailhead-long-guide.md"  # more excerpts than half a request holds
    long_guide.write_text(GUIDE.read_text(encoding="utf-8") + "\n\n" + "\n\n".join(
        f"Our customers on trail {n} are people who help each other; we promise them a warm cup and ask them to "
        f"share the trail with a friend before the sun is up, whatever the weather on ridge {n}." for n in range(40)),
        encoding="utf-8")
    model.queue(ModelTimeoutError("the chat model took longer than 120 s"), profile(),
                ModelTimeoutError("the chat model took longer than 150 s"), ModelTimeoutError("again"))
    kit = store.build("trailhead", [long_guide, CAPTIONS])
    first, retry = model.requests[0].messages[-1]["content"], model.requests[1].messages[-1]["content"]
    assert len(retry) < len(first) and retry.split("\n")[0] == first.split("\n")[0]  # the same ask, fewer excerpts
    assert kit.audience is not None and normalize(AUDIENCE_QUOTE) in normalize(kit.audience.evidence[0].quote)
    assert kit.voice_traits == [] or all(trait.evidence for trait in kit.voice_traits)  # the voice step was skipped
    assert len(model.requests) == 4 and model.pending == 0


def test_a_limit_is_never_a_promise_or_a_voice_and_a_do_like_its_dont_is_no_example(
    store: BrandKitStore, model: ScriptedChatModel, tmp_path: Path
) -> None:
    """Seen on a one-file voice note (no posts): the model made "One emoji at most, and only" the promise and the
    quote of a trait "Friendly", with do and don't lines that say the same thing."""
    note = tmp_path / "tidewater-note.txt"
    note.write_text("We make refillable steel bottles for people who swim, paddle and commute. Keep it warm and a little "
                    "salty, like a friend on the dock.\n\nOne emoji at most, and only 🌊.\n", encoding="utf-8")
    limit = "One emoji at most, and only"
    model.queue(
        profile(audience=None, promise={"quote": limit, "value": limit}, selling_points=[], cta_patterns=[]),
        voice({"name": "Friendly", "quote": limit, "description": "Sounds cheerful, using emojis.",
               "do": "Fresh water, right here.", "dont": "Buy now."},
              {"name": "Warm", "quote": "Keep it warm and a little salty, like a friend on the dock",
               "description": "Like a friend.", "do": "I'm so excited to try this new product! 🌊",
               "dont": "I can't wait to try this new product! 🌊"},
              {"name": "Bold", "quote": "We are bold and loud and proud", "description": "Invented.", "do": "x",
               "dont": "y"}),
    )
    kit = store.build("tidewater", [note])
    assert kit.promise is None
    assert [trait.name for trait in kit.voice_traits] == ["Warm"]
    assert kit.voice_traits[0].do is None and kit.voice_traits[0].dont is None
    assert [limit.kind for limit in kit.limits] == ["emoji"]  # the rule itself is kept where it belongs
    assert "Sentence length" not in kit.summary()  # three sentences measure nothing

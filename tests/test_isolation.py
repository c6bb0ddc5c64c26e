"""Users never share data: look-alike names, every CLI command, the chat's thread, legacy stores."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.chroma import collection_name, legacy_collection_name, open_chroma
from core.errors import InputError
from core.identity import USER_NAME, check_user_name, is_user_name
from core.services import Services
from core.settings import Settings
from hookline import cli
from tests.conftest import REPO_ROOT
from tests.fakes import HashEmbedder, ScriptedChatModel
from tests.test_corpus_helpers import small_youtube
from tools.brandkit.store import BrandKitStore

OWNER = "alice"
LOOK_ALIKES = ["alice_", "alice.", "alice-", "Alice", "alice._"]
KIT_YAML = REPO_ROOT / "brandkits" / "mailchimp-voice.yaml"

names = st.from_regex(USER_NAME, fullmatch=True)


@given(names, names)
def test_collection_names_are_one_to_one(first: str, second: str) -> None:
    if first != second:
        assert collection_name("posts", first) != collection_name("posts", second)


def test_look_alike_names_get_their_own_collections() -> None:
    chosen = {collection_name("brandkits", name) for name in [OWNER, *LOOK_ALIKES]}
    assert len(chosen) == 1 + len(LOOK_ALIKES)
    assert collection_name("brandkits", OWNER) == "brandkits-alice"  # a plain name keeps its readable name
    assert all(len(name) <= 512 for name in chosen)


@pytest.mark.parametrize("bad", ["acme\n", "acme\r\n", " acme", "-acme", "a" * 65, "ali ce", "alice/../bob", ""])
def test_user_names_are_matched_whole(bad: str) -> None:
    assert not is_user_name(bad)
    with pytest.raises(InputError):
        check_user_name(bad)


def test_a_bad_hookline_user_is_a_message_not_a_traceback(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HOOKLINE_USER", "acme\n")
    assert cli.main(["brand", "list"]) == 2
    err = capsys.readouterr().err
    assert "HOOKLINE_USER must be" in err and "Traceback" not in err


@pytest.fixture
def run_as(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Callable[..., tuple[int, str, str]]]:
    """Run the real CLI as a named user; all users share one data folder, as on a team server."""
    embedder = HashEmbedder()
    opened: dict[str, Services] = {}

    def services_for(settings: Settings) -> Services:
        if settings.user not in opened:
            services = Services(settings)
            services.chat_model = ScriptedChatModel()  # type: ignore[misc]
            services.embedder = embedder  # type: ignore[misc]
            opened[settings.user] = services
        return opened[settings.user]

    monkeypatch.setattr("hookline.root.Services", services_for)

    def run(user: str, *argv: str) -> tuple[int, str, str]:
        settings = Settings(_env_file=None, home=tmp_path / "home", user=user)
        code = cli.main(list(argv), settings=settings)
        out, err = capsys.readouterr()
        return code, out, err

    yield run
    for services in opened.values():
        services.close()


@pytest.mark.parametrize("intruder", LOOK_ALIKES)
def test_a_look_alike_user_sees_and_changes_nothing_of_the_owners(run_as, tmp_path: Path, intruder: str) -> None:
    folder = small_youtube(tmp_path)
    assert run_as(OWNER, "import", str(folder))[0] == 0
    assert run_as(OWNER, "brand", "import", str(KIT_YAML))[0] == 0
    assert run_as(OWNER, "brand", "rule", "mailchimp-voice", "add", "Never mention the secret launch")[0] == 0
    owner_kit = json.loads(run_as(OWNER, "brand", "show", "mailchimp-voice", "--json")[1])
    owner_trends = json.loads(run_as(OWNER, "trends", "", "--json")[1])
    assert owner_trends and owner_kit["version"] == 2

    # Reads: nothing of the owner's shows.
    code, out, _ = run_as(intruder, "brand", "list", "--json")
    assert code == 0 and json.loads(out) == []
    assert run_as(intruder, "brand", "show", "mailchimp-voice")[0] != 0
    assert run_as(intruder, "brand", "check", "mailchimp-voice", "Hello there")[0] != 0
    assert run_as(intruder, "brand", "export", "mailchimp-voice", "-o", str(tmp_path / "stolen.yaml"))[0] != 0
    assert not (tmp_path / "stolen.yaml").exists()
    code, out, err = run_as(intruder, "trends", "", "--json")
    assert (code != 0) or json.loads(out) == [], (out, err)
    code, out, err = run_as(intruder, "insights", "great video", "--json")
    assert "secret" not in out and (code != 0 or not json.loads(out).get("themes")), (out, err)

    # Writes: the intruder's changes land in the intruder's own space.
    assert run_as(intruder, "brand", "rule", "mailchimp-voice", "add", "Always shout")[0] != 0
    assert run_as(intruder, "brand", "import", str(KIT_YAML))[0] == 0
    assert run_as(intruder, "brand", "rule", "mailchimp-voice", "add", "Always shout")[0] == 0
    assert run_as(intruder, "import", str(folder))[0] == 0

    after = json.loads(run_as(OWNER, "brand", "show", "mailchimp-voice", "--json")[1])
    assert after == owner_kit
    assert json.loads(run_as(OWNER, "trends", "", "--json")[1]) == owner_trends
    assert [kit["name"] for kit in json.loads(run_as(OWNER, "brand", "list", "--json")[1])] == ["mailchimp-voice"]


def test_each_user_resumes_their_own_terminal_chat(tmp_path: Path) -> None:
    from hookline.commands.chat import _current_thread

    def thread_of(user: str, fresh: bool) -> str:
        services = Services(Settings(_env_file=None, home=tmp_path / "home", user=user))
        return _current_thread(services, fresh)[0]

    alice = thread_of("alice", fresh=True)
    bob = thread_of("bob", fresh=True)
    look_alike = thread_of("alice_", fresh=True)
    assert thread_of("alice", fresh=False) == alice
    assert len({alice, bob, look_alike}) == 3


def test_a_legacy_collection_goes_to_its_rightful_owner_only(settings: Settings, hash_embedder: HashEmbedder) -> None:
    """Before escaping, `alice.b` and `alice.b_` both wrote to `brandkits-alice.b`: the data stays
    with `alice.b`, whose name it was; `alice.b_` starts empty."""
    owner, look_alike = "alice.b", "alice.b_"
    client = open_chroma(settings)
    legacy = legacy_collection_name("brandkits", owner)
    assert legacy == legacy_collection_name("brandkits", look_alike) != collection_name("brandkits", owner)
    services = Services(settings)
    services.embedder = hash_embedder  # type: ignore[misc]
    services.chroma = client  # type: ignore[misc]
    BrandKitStore.open(services, user="someone").import_yaml(KIT_YAML.read_text(encoding="utf-8"))
    # Rename "someone"'s new collection to what the old code would have called alice.b's.
    client.get_collection(collection_name("brandkits", "someone")).modify(name=legacy)
    assert BrandKitStore.open(services, user=look_alike).names() == []
    assert BrandKitStore.open(services, user=owner).names() == ["mailchimp-voice"]
    assert legacy not in {collection.name for collection in client.list_collections()}

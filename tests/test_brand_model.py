"""The BrandKit model, kit names, and the kits shipped in brandkits/."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from core.errors import InputError
from tests.conftest import REPO_ROOT, SHARED_DATA
from tools.brandkit.model import BrandKit, kit_name_problem, validate_kit_name
from tools.brandkit.store import kit_from_yaml, kit_to_yaml
from tools.brandkit.text import normalize

BRANDKITS = REPO_ROOT / "brandkits"


@pytest.mark.parametrize("name", ["acme", "acme-voice", "18f", "a1", "x" * 48])
def test_slug_names_are_accepted(name: str) -> None:
    assert validate_kit_name(name) == name


@pytest.mark.parametrize("name", ["../x", "CON", "con", "nul", "com1", "LPT9", "Acme", "a", "-acme", "acme voice", "acme/../b", "x" * 49, ""])
def test_unsafe_or_reserved_names_are_refused(name: str) -> None:
    assert kit_name_problem(name)
    with pytest.raises(InputError, match="Invalid brand kit name"):
        validate_kit_name(name)


def test_modules_import_without_side_effects() -> None:
    for module in ("model", "text", "sources", "extract", "describe", "builder", "store", "check"):
        importlib.import_module(f"tools.brandkit.{module}")
    import tools.brandkit as package

    assert package.BrandKitStore.__name__ == "BrandKitStore"
    assert callable(package.check_text)


def _shipped() -> list[Path]:
    return sorted(BRANDKITS.glob("*.yaml"))


def test_brandkits_ships_a_mailchimp_like_and_an_18f_like_kit() -> None:
    names = {path.stem for path in _shipped()}
    assert {"mailchimp-voice", "plain-language-18f"} <= names


@pytest.mark.parametrize("path", _shipped(), ids=lambda path: path.name)
def test_every_shipped_kit_validates_and_its_quotes_occur_in_its_sources(path: Path) -> None:
    kit = kit_from_yaml(path.read_text(encoding="utf-8"))
    assert kit.name == path.stem
    assert BrandKit.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))) == kit
    assert kit.described_by.startswith("embedded"), "shipped kits are built with the real embedded model"
    texts = {}
    from tools.brandkit.sources import read_upload

    for source in kit.sources:
        found = next(SHARED_DATA.rglob(source.name))
        texts[source.name] = normalize(read_upload(found).text)
    quotes = 0
    for evidence in _evidence_of(kit):
        if evidence.source in texts and not evidence.quote.startswith("dominant colour"):
            assert normalize(evidence.quote) in texts[evidence.source], evidence
            assert len(evidence.quote) <= 200
            quotes += 1
    assert quotes >= 20
    assert 3 <= len(kit.voice_traits) <= 6


def _evidence_of(value: object) -> list:
    from tools.brandkit.model import Evidence

    if isinstance(value, Evidence):
        return [value]
    if isinstance(value, list):
        return [item for element in value for item in _evidence_of(element)]
    if hasattr(value, "model_fields"):
        return [item for field in type(value).model_fields for item in _evidence_of(getattr(value, field))]
    return []


def test_unknown_keys_and_bad_names_are_refused_in_yaml() -> None:
    kit = kit_from_yaml(_shipped()[0].read_text(encoding="utf-8"))
    data = kit.model_dump(mode="json")
    with pytest.raises(InputError, match="Extra inputs are not permitted"):
        kit_from_yaml(yaml.safe_dump({**data, "mood": "sunny"}))
    with pytest.raises(InputError, match="not a slug"):
        kit_from_yaml(yaml.safe_dump({**data, "name": "../x"}))
    with pytest.raises(InputError, match="not valid YAML"):
        kit_from_yaml("name: [unclosed")
    with pytest.raises(ValidationError):
        BrandKit.model_validate({**data, "voice_traits": data["voice_traits"] * 3})


def test_yaml_round_trip_is_exact() -> None:
    kit = kit_from_yaml(_shipped()[0].read_text(encoding="utf-8"))
    assert kit_from_yaml(kit_to_yaml(kit)) == kit
    assert kit_to_yaml(kit_from_yaml(kit_to_yaml(kit))) == kit_to_yaml(kit)


def test_a_model_text_cut_at_its_length_cap_loses_its_fragment_and_a_complete_one_is_kept() -> None:
    from tools.brandkit.describe import DESCRIPTION_CHARS, whole_sentence

    cap = DESCRIPTION_CHARS
    cut = ("Plain and warm, it strips away jargon. It speaks to small businesses the way a friend who "
           "happens to know email marketing would, with no hype and no focusingon")[:cap]
    assert whole_sentence(cut, cap) == (
        "Plain and warm, it strips away jargon. It speaks to small businesses the way a friend who happens to "
        "know email marketing would."  # back to the last comma: the last sentence end would lose over half
    )
    assert whole_sentence("It is plain. It is warm, and it never hypes a thing or shouts or focusingon", 75) == (
        "It is plain. It is warm, and it never hypes a thing or shouts or…"  # neither keeps half
    )
    assert whole_sentence("Let's get you sending", cap) == "Let's get you sending"  # short: complete as written
    assert whole_sentence("word " * 40, 200).endswith("word…")  # no clause end to go back to: marked as cut

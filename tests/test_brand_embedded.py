"""A brand kit built by the real embedded model: every claim it keeps is grounded in the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.services import Services
from tools.brandkit.model import BrandKit
from tools.brandkit.sources import read_upload
from tools.brandkit.store import BrandKitStore
from tools.brandkit.text import normalize

pytestmark = pytest.mark.embedded_model

GUIDE = Path(__file__).parent / "fixtures" / "brand" / "trailhead-guide.md"


def test_the_embedded_model_describes_a_brand_and_every_kept_quote_is_real(real_services: Services) -> None:
    kit = BrandKitStore.open(real_services, user="embedded-test").build("trailhead", [GUIDE])
    assert isinstance(kit, BrandKit) and kit.described_by.startswith("embedded")
    assert not [note for note in kit.notes if "did not" in note or "left empty" in note], kit.notes
    text = normalize(read_upload(GUIDE).text)
    claims = [c for c in (kit.audience, kit.promise) if c] + kit.selling_points + kit.cta_patterns
    for claim in claims:
        for evidence in claim.evidence:
            assert normalize(evidence.quote) in text, (claim.text, evidence.quote)
    assert 3 <= len(kit.voice_traits) <= 6
    for trait in kit.voice_traits:
        assert normalize(trait.evidence[0].quote) in text, trait
    assert {"artisanal", "synergy"} <= {term.term for term in kit.vocabulary.avoid}

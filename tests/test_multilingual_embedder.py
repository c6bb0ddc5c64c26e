"""The multilingual embedder (the real package, offline): a sentence lands next to its translation, not next to
another topic, and the services build it from settings."""

from __future__ import annotations

import numpy as np

from core.embeddings import UniversalSentenceEmbedder
from core.services import Services
from core.settings import Settings


def test_a_comment_is_closest_to_its_translation_in_another_language() -> None:
    embedder = UniversalSentenceEmbedder(threads=1)
    english = ["The audio was terrible in this episode", "Please invite a chef next time", "I love the new hoodie"]
    spanish = ["Por favor, invitad a un cocinero la próxima vez", "Me encanta la sudadera nueva",
               "El audio de este episodio era horrible"]
    similarity = embedder.embed(english) @ embedder.embed(spanish).T
    assert similarity.shape == (3, 3) and np.allclose(np.linalg.norm(embedder.embed(english), axis=1), 1.0, atol=1e-4)
    assert list(similarity.argmax(axis=1)) == [2, 0, 1]
    assert similarity[0, 2] > similarity[0, 0] + 0.3


def test_the_setting_selects_it(settings: Settings) -> None:
    services = Services(settings.model_copy(update={"embedding_provider": "multilingual"}))
    try:
        assert services.embedder.name == "universal-sentence-encoder-multilingual-3"
        assert services.embedder.dimension == 512
    finally:
        services.close()

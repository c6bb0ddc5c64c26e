"""Baseline (b) for comment themes: plain, unweighted k-means over the same comments.

Hookline's insights (tools/insights.py) cluster the relevant comments with each comment
weighted by its likes and replies, rank themes by engagement share and quote the heaviest
comments. The baseline takes exactly the comments Hookline analysed (same ids, same
embeddings, same number of themes), clusters them with every comment weighing 1, ranks
themes by size and quotes the comments nearest each centroid: what a typical "cluster the
comments" script does. Both are scored by `eval.metrics.theme_coverage`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Theme:
    id: str
    size: int
    member_ids: tuple[str, ...]
    quote_ids: tuple[str, ...]


def unweighted_themes(ids: Sequence[str], vectors: np.ndarray, k: int, *, quotes: int = 5, seed: int = 0) -> list[Theme]:
    """k-means with unit weights; themes by size (largest first), quotes nearest the centroid."""
    if not len(ids):
        return []
    k = max(1, min(k, len(ids)))
    if k == 1:
        labels = np.zeros(len(ids), dtype=int)
    else:
        from sklearn.cluster import KMeans

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            labels = KMeans(n_clusters=k, n_init=3, random_state=seed, max_iter=100).fit_predict(vectors)
    themes = []
    for label in sorted(set(int(value) for value in labels)):
        members = [index for index, value in enumerate(labels) if int(value) == label]
        centroid = vectors[members].mean(axis=0)
        centroid = centroid / max(float(np.linalg.norm(centroid)), 1e-9)
        nearest = sorted(members, key=lambda index: (-float(vectors[index] @ centroid), ids[index]))
        themes.append(Theme("", len(members), tuple(ids[i] for i in members), tuple(ids[i] for i in nearest[:quotes])))
    themes.sort(key=lambda theme: (-theme.size, theme.quote_ids[0]))
    return [Theme(f"U{number}", t.size, t.member_ids, t.quote_ids) for number, t in enumerate(themes, start=1)]

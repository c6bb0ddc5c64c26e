"""The theme map: a 2-D projection (PCA of the embeddings) of the posts matching a query, or of
the comments behind its insight clusters, as a PNG (matplotlib) and an interactive HTML
(plotly, self-contained so it opens offline) beside it.

Posts: one dot per post, coloured by creator, sized by views; outliers (outlier score >=
OUTLIER_HIGHLIGHT on a baseline that is not thin) are red and labelled. Comments: one dot
per comment, coloured by cluster, sized by engagement weight; each cluster's label sits at
its weighted centre and its top quote is ringed.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np

from core.errors import InputError
from tools.corpus.store import CorpusStore
from tools.insights import analyse_comments
from tools.trends import TrendResult, score_candidates, trend_scope

OUTLIER_HIGHLIGHT = 2.0
MAX_POSTS = 200
MapKind = Literal["posts", "comments"]


@dataclass(frozen=True)
class ThemeMap:
    png: Path
    html: Path
    points: int
    highlighted: int


def _save_png(figure: Any, axes: Any, title: str, kind: str, png: Path) -> None:
    """Title, axis labels and legend of a theme map, then the PNG written and the figure closed."""
    import matplotlib.pyplot as plt
    axes.set_title(_plain(title, 80))
    axes.set_xlabel(f"theme axis 1 (PCA of {kind} embeddings)")
    axes.set_ylabel("theme axis 2")
    axes.legend(fontsize=7, loc="best")
    figure.tight_layout()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # matplotlib's font warnings for glyphs it lacks
        figure.savefig(png)
    plt.close(figure)


def project(vectors: np.ndarray) -> np.ndarray:
    """2-D coordinates: PCA (deterministic), or fixed spots for fewer than three points."""
    count = len(vectors)
    if count == 0:
        return np.zeros((0, 2))
    if count < 3:
        return np.array([[float(index), 0.0] for index in range(count)])
    from sklearn.decomposition import PCA

    centred = vectors - vectors.mean(axis=0)
    if not np.any(centred):
        return np.zeros((count, 2))
    return PCA(n_components=2, svd_solver="full").fit_transform(centred)


def theme_map(
    store: CorpusStore,
    query: str,
    out: Path,
    *,
    kind: MapKind = "posts",
    creator: str | None = None,
    platform: str | None = None,
    since: date | None = None,
    post_id: str | None = None,
    limit: int = 6,
) -> ThemeMap:
    out = Path(out)
    if out.suffix.lower() != ".png":
        raise InputError(f"--out must name a .png file (got {out}); the HTML map is written beside it.")
    out.parent.mkdir(parents=True, exist_ok=True)
    html = out.with_suffix(".html")
    if kind == "posts":
        return _posts_map(store, query, out, html, creator=creator, platform=platform, since=since)
    if kind == "comments":
        return _comments_map(store, query, out, html, creator=creator, post_id=post_id, limit=limit)
    raise InputError(f"--kind must be posts or comments (got {kind}).")


def _posts_map(
    store: CorpusStore, query: str, png: Path, html: Path, *, creator: str | None, platform: str | None, since: date | None
) -> ThemeMap:
    scope = trend_scope(store, creator=creator, platform=platform, since=since)
    results = score_candidates(store, query, scope, pool=MAX_POSTS, keep=MAX_POSTS)[:MAX_POSTS]
    vectors = store.vectors_of("posts", [result.post_id for result in results])
    results = [result for result in results if result.post_id in vectors]
    if not results:
        raise InputError("No posts with text match; nothing to map. Try a broader query.")
    coordinates = project(np.vstack([vectors[result.post_id] for result in results]))
    outliers = [_is_outlier(result) for result in results]
    creators = sorted({result.creator for result in results})
    sizes = [12 + 8 * math.log10(1 + (result.views or 0)) for result in results]
    title = f"Posts matching {query!r}" if query.strip() else "All posts"
    _posts_png(png, title, results, coordinates, outliers, creators, sizes)
    _posts_html(html, title, results, coordinates, outliers, creators, sizes)
    return ThemeMap(png, html, len(results), sum(outliers))


def _is_outlier(result: TrendResult) -> bool:
    return bool(result.outlier_score and result.outlier_score >= OUTLIER_HIGHLIGHT and not result.thin_baseline)


def _plain(text: str, limit: int = 40) -> str:
    """Text matplotlib's default font can draw: no emoji, shortened."""
    cleaned = "".join(char for char in text if ord(char) < 0x2000).strip()
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def _posts_png(png: Path, title: str, results: list[TrendResult], xy: np.ndarray, outliers: list[bool], creators: list[str], sizes: list[float]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = plt.get_cmap("tab10")
    figure, axes = plt.subplots(figsize=(10, 7), dpi=110)
    for index, name in enumerate(creators):
        members = [i for i, result in enumerate(results) if result.creator == name and not outliers[i]]
        if members:
            axes.scatter(xy[members, 0], xy[members, 1], s=[sizes[i] * 2 for i in members], alpha=0.55,
                         color=colours(index % 10), label=_plain(name, 30))
    flagged = [i for i, flag in enumerate(outliers) if flag]
    if flagged:
        axes.scatter(xy[flagged, 0], xy[flagged, 1], s=[sizes[i] * 3 for i in flagged], color="#d62728",
                     edgecolors="black", linewidths=0.8, label=f"outlier (>= {OUTLIER_HIGHLIGHT:g}x median)")
        for i in sorted(flagged, key=lambda i: -(results[i].outlier_score or 0))[:10]:
            axes.annotate(f"{_plain(results[i].title or results[i].post_id)} ({results[i].outlier_score:.1f}x)",
                          xy[i], fontsize=7, xytext=(4, 4), textcoords="offset points")
    _save_png(figure, axes, title, "post", png)


def _posts_html(html: Path, title: str, results: list[TrendResult], xy: np.ndarray, outliers: list[bool], creators: list[str], sizes: list[float]) -> None:
    import plotly.graph_objects as go

    figure = go.Figure()
    for name in creators:
        for flag in (False, True):
            members = [i for i, result in enumerate(results) if result.creator == name and outliers[i] == flag]
            if not members:
                continue
            figure.add_trace(
                go.Scatter(
                    x=xy[members, 0], y=xy[members, 1], mode="markers", name=name + (" (outliers)" if flag else ""),
                    marker={"size": [sizes[i] / 1.5 for i in members], "opacity": 0.9 if flag else 0.55,
                            "line": {"width": 2 if flag else 0, "color": "#d62728"}},
                    text=[f"{results[i].title or results[i].post_id}<br>{results[i].why}<br>{results[i].post_id}" for i in members],
                    hovertemplate="%{text}<extra></extra>",
                )
            )
    figure.update_layout(title=title, xaxis_title="theme axis 1", yaxis_title="theme axis 2", height=650)
    figure.write_html(html, include_plotlyjs=True, full_html=True)


def _comments_map(
    store: CorpusStore, query: str, png: Path, html: Path, *, creator: str | None, post_id: str | None, limit: int
) -> ThemeMap:
    report, points = analyse_comments(store, query, post_id=post_id, creator=creator, limit=limit)
    if not points:
        raise InputError("No comments match; nothing to map. Try a broader query, or check --post/--creator.")
    xy = project(np.vstack([point.vector for point in points]))
    clusters = {cluster.id: cluster for cluster in report.clusters}
    order = [cluster.id for cluster in report.clusters]
    top_quotes = {cluster.quotes[0].comment_id for cluster in report.clusters if cluster.quotes}
    sizes = [10 + 10 * math.log1p(point.weight) for point in points]
    title = f"Comment themes for {query!r}" if query.strip() else "Comment themes"

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import plotly.graph_objects as go

    colours = plt.get_cmap("tab10")
    figure, axes = plt.subplots(figsize=(10, 7), dpi=110)
    plot = go.Figure()
    for index, cluster_id in enumerate(order):
        members = [i for i, point in enumerate(points) if point.cluster_id == cluster_id]
        cluster = clusters[cluster_id]
        name = f"{cluster_id} {cluster.label} ({cluster.engagement_share:.0%})"
        axes.scatter(xy[members, 0], xy[members, 1], s=[sizes[i] * 2 for i in members], alpha=0.6,
                     color=colours(index % 10), label=_plain(name, 45))
        weights = np.asarray([points[i].weight for i in members])
        centre = (xy[members] * weights[:, None]).sum(axis=0) / weights.sum()
        axes.annotate(_plain(f"{cluster_id} {cluster.label}", 45), centre, fontsize=8, weight="bold")
        ringed = [i for i in members if points[i].comment_id in top_quotes]
        if ringed:
            axes.scatter(xy[ringed, 0], xy[ringed, 1], s=[sizes[i] * 4 for i in ringed], facecolors="none",
                         edgecolors="black", linewidths=1.2)
        plot.add_trace(
            go.Scatter(
                x=xy[members, 0], y=xy[members, 1], mode="markers", name=name,
                marker={"size": [sizes[i] / 2 for i in members], "opacity": 0.7,
                        "line": {"width": [2 if points[i].comment_id in top_quotes else 0 for i in members], "color": "black"}},
                text=[f"{points[i].text[:200]}<br>weight {points[i].weight:.2f} · {points[i].comment_id}" for i in members],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    _save_png(figure, axes, title, "comment", png)
    plot.update_layout(title=title, xaxis_title="theme axis 1", yaxis_title="theme axis 2", height=650)
    plot.write_html(html, include_plotlyjs=True, full_html=True)
    return ThemeMap(png, html, len(points), len(top_quotes))

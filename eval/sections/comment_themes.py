"""Comment themes: for each draft case, Hookline's weighted insights and baseline (b), unweighted k-means over the
same comments and embeddings (measuring); engagement carried by each side's quotes, the section and notes
(reporting)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from eval import metrics
from eval.cases import DraftCase
from eval.sections.common import write_json
from eval.sections.fmt import num, pct
from eval.sections.template import fill
from eval.themes import unweighted_themes

if TYPE_CHECKING:
    from eval.run import EvalRun

SIDES = ("hookline", "unweighted")


# ---------------------------------------------------------------- measuring


def measure(run: EvalRun, records: list[dict[str, Any]], cases: dict[str, DraftCase]) -> list[dict[str, Any]]:
    from tools.insights import analyse_comments

    results = []
    for record in records:
        case = cases[record["id"]]
        query, creator = case.topic, case.creator
        for step in record["hookline"].get("steps", []):
            if step["name"] == "get_comment_insights" and step["ok"]:
                query = step["arguments"].get("query") or query
                creator = step["arguments"].get("creator") or creator
                break
        try:
            report, points = analyse_comments(run.store, query, creator=creator, limit=4)
        except Exception as error:  # noqa: BLE001 - e.g. a creator name the model made up
            report, points = analyse_comments(run.store, case.topic, creator=case.creator, limit=4)
            query, creator = case.topic, case.creator
            run.log(f"themes {record['id']}: Hookline's own query failed ({error}); used the case topic")
        ids = [point.comment_id for point in points]
        rows = run.store.comment_rows(ids)
        engaged = [metrics.Engaged(i, rows[i].likes, rows[i].reply_count) for i in ids if i in rows]
        vectors = np.vstack([point.vector for point in points]) if points else np.zeros((0, 1))
        baseline = unweighted_themes(ids, vectors, max(1, len(report.clusters)))
        plant_ids = {plant.store_id: plant.id for plant in run.plants}
        entry: dict[str, Any] = {"id": record["id"], "query": query, "creator": creator, "comments": len(ids),
                                 "themes": len(report.clusters),
                                 "plants_analysed": sorted(plant_ids[i] for i in ids if i in plant_ids)}
        for quotes_per_theme in (2, 5):
            hook_quotes = [q.comment_id for c in report.clusters for q in c.quotes[:quotes_per_theme]]
            base_quotes = [q for t in baseline for q in t.quote_ids[:quotes_per_theme]]
            first_hook = [p.comment_id for p in points if report.clusters and p.cluster_id == report.clusters[0].id]
            first_base = list(baseline[0].member_ids) if baseline else []
            entry[f"quotes_{quotes_per_theme}"] = {
                "hookline": metrics.theme_coverage(engaged, hook_quotes, first_hook).__dict__
                | {"plants_quoted": sorted(plant_ids[i] for i in hook_quotes if i in plant_ids)},
                "unweighted": metrics.theme_coverage(engaged, base_quotes, first_base).__dict__
                | {"plants_quoted": sorted(plant_ids[i] for i in base_quotes if i in plant_ids)},
            }
        entry["hookline_clusters"] = [
            {"id": c.id, "label": c.label, "category": c.category, "size": c.size, "share": round(c.engagement_share, 3),
             "quotes": [{"id": q.comment_id, "likes": q.likes, "replies": q.replies, "text": q.text[:200]} for q in c.quotes]}
            for c in report.clusters
        ]
        entry["unweighted_clusters"] = [
            {"id": t.id, "size": t.size,
             "quotes": [{"id": q, "likes": rows[q].likes if q in rows else None, "text": rows[q].text[:200] if q in rows else ""}
                        for q in t.quote_ids]}
            for t in baseline
        ]
        results.append(entry)
        write_json(run.out / "themes" / f"{record['id']}.json", entry)
        two = entry["quotes_2"]
        run.log(f"themes {record['id']}: quoted engagement Hookline {two['hookline']['quoted_engagement_share']} "
                f"vs unweighted {two['unweighted']['quoted_engagement_share']}")
    return results


# ---------------------------------------------------------------- figures


def summary(entries: list[dict[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {"cases": len(entries), "comments_mean": metrics.mean(e["comments"] for e in entries)}
    for quotes in (2, 5):
        key = f"quotes_{quotes}"
        result[key] = {
            system: {
                field: metrics.mean(e[key][system][field] for e in entries)
                for field in ("quoted_engagement_share", "top_comments_quoted", "top_cluster_engagement_share")
            }
            for system in SIDES
        }
        for system in SIDES:
            result[key][system]["plants_quoted"] = sum(len(e[key][system].get("plants_quoted", [])) for e in entries)
    result["plants_analysed"] = sum(len(e.get("plants_analysed", [])) for e in entries)
    return result


# ---------------------------------------------------------------- reporting


def section(themes: dict[str, Any]) -> list[str]:
    values: dict[str, str | int] = {}
    for prefix, side in (("h", "hookline"), ("u", "unweighted")):
        for quotes in (2, 5):
            data = themes[f"quotes_{quotes}"][side]
            values[f"{prefix}_share_{quotes}"] = pct(data["quoted_engagement_share"])
            values[f"{prefix}_top_{quotes}"] = pct(data["top_comments_quoted"])
        values[f"{prefix}_first"] = pct(themes["quotes_2"][side]["top_cluster_engagement_share"])
        values[f"{prefix}_plants"] = themes["quotes_2"][side]["plants_quoted"]
    return [fill("themes", comments=num(themes["comments_mean"], 0), cases=themes["cases"],
                 plants=themes["plants_analysed"], **values), ""]


def notes(themes: dict[str, Any] | None) -> list[str]:
    """The themes' items of "What is bad, and why"."""
    if not (themes and themes["cases"]):
        return []
    bad = []
    two = themes["quotes_2"]
    if (two["hookline"]["quoted_engagement_share"] or 0) < (two["unweighted"]["quoted_engagement_share"] or 0):
        bad.append(fill("bad.themes.weighting_loses"))
    planted_h, planted_u = two["hookline"]["plants_quoted"], two["unweighted"]["plants_quoted"]
    if planted_h > planted_u:
        bad.append(fill("bad.themes.spam", hookline=planted_h, unweighted=planted_u))
    return bad

"""Turns the agent's and the stores' typed results into what the chat shows: card props,
Markdown and export files. Pure functions (no Chainlit), so they are unit-tested directly.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from tools.language import describe_shares

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def export_basename(angle: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", angle.lower()).strip("-")[:40].strip("-")
    return f"script-{slug or 'draft'}"


def step_input(arguments: Mapping[str, Any]) -> str:
    return json.dumps(dict(arguments), indent=2, ensure_ascii=False, default=str)


# -- brand kits -------------------------------------------------------------------------------


def _dump(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return {key: _dump(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_dump(item) for item in value]
    return value


def _quotes(item: Mapping[str, Any]) -> list[str]:
    """A field's evidence as readable lines: “quote” — file."""
    lines = []
    for evidence in item.get("evidence") or []:
        if isinstance(evidence, Mapping) and evidence.get("quote"):
            source = evidence.get("source") or ""
            lines.append(f"“{evidence['quote']}”" + (f" — {source}" if source else ""))
    return lines


def _item(text: str, item: Mapping[str, Any]) -> dict[str, Any]:
    return {"text": text, "evidence": _quotes(item)}


def kit_slug(name: str) -> str:
    """A typed brand name as a kit name: "Nude Project" -> "nude-project"."""
    return re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-")[:48].strip("-")


def _limit_text(limit: Mapping[str, Any]) -> str:
    """A stated limit in words, as the kit model says it (tools/brandkit/model.py:Limit.rule)."""
    from tools.brandkit.model import Limit

    try:
        return Limit.model_validate(dict(limit)).rule
    except ValueError:
        return str(limit.get("kind", "limit"))


def kit_card_props(kit: Any) -> dict[str, Any]:
    """Props for public/elements/BrandKitCard.jsx from a BrandKit (tools/brandkit/model.py)."""
    data = _dump(kit)
    vocabulary = data.get("vocabulary") or {}
    avoid = []
    for term in vocabulary.get("avoid") or []:
        text = term["term"] + (f" → {term['alternative']}" if term.get("alternative") else "")
        avoid.append(_item(text, term))
    formatting = data.get("formatting") or {}
    habits = [
        f"{label} {formatting[key]['policy']}" for key, label in
        (("emoji", "emoji"), ("hashtags", "hashtags"), ("exclamations", "exclamation marks"))
        if isinstance(formatting.get(key), Mapping) and formatting[key].get("policy") not in (None, "unknown")
    ]
    palette = [
        {"hex": colour["hex"], "share": colour.get("share"), "evidence": _quotes(colour)}
        for colour in data.get("palette") or [] if _HEX.match(str(colour.get("hex", "")))
    ]
    claim = lambda key: data.get(key) or {}  # noqa: E731 - a local shorthand
    return {
        "name": str(data.get("name") or "brand kit"),
        "version": data.get("version"),
        "summary": claim("promise").get("text", ""),
        "summaryEvidence": _quotes(claim("promise")),
        "audience": re.sub(r"^\s*audience\s*:\s*", "", claim("audience").get("text", ""), flags=re.I),
        "voice": [
            _item(trait["name"] + (f": {trait['description']}" if trait.get("description") else ""), trait)
            for trait in data.get("voice_traits") or []
        ],
        "avoid": avoid,
        "use": [_item(phrase["text"], phrase) for phrase in vocabulary.get("signature_phrases") or []],
        "palette": palette,
        "hooks": [_item(hook["text"], hook) for hook in data.get("example_hooks") or []],
        "ctas": [_item(cta["text"], cta) for cta in data.get("cta_patterns") or []],
        "rules": [_item(rule["text"], rule) for rule in data.get("rules") or []],
        "limits": [_item(_limit_text(limit), limit) for limit in data.get("limits") or [] if isinstance(limit, Mapping)],
        "formatting": ", ".join(habits),
        "sources": [str(source.get("name")) for source in data.get("sources") or [] if isinstance(source, Mapping)],
        "notes": [str(note) for note in data.get("notes") or []],
    }


# -- imports ----------------------------------------------------------------------------------


def import_summary_markdown(report: Any, *, folder: str = "", max_rejected: int = 20) -> str:
    """An ImportReport (tools/corpus/models.py) for people: what was read and added, then each
    rejected row as `file:line: reason`. `folder` (where uploads were staged) is cut from paths."""
    data = _dump(report)

    def short(text: str) -> str:
        return text.replace(folder.rstrip("/") + "/", "") if folder else text

    imported, added = data.get("imported") or {}, data.get("added") or {}
    lines = [f"**Import finished** ({data.get('format', 'auto')}, {data.get('seconds', 0):.1f} s).", ""]
    lines += ["| | read | new |", "|---|---:|---:|"]
    for kind in ("creators", "posts", "comments"):
        lines.append(f"| {kind} | {int(imported.get(kind, 0)):,} | {int(added.get(kind, 0)):,} |")
    lines.append("")
    rejected = [f"{short(str(row.get('source', '')))}: {row.get('reason', '')}" if isinstance(row, Mapping)
                else short(str(row)) for row in data.get("rejected") or []]
    if rejected:
        lines.append(f"**{len(rejected)} row(s) rejected** \u2014 fix them in the file and upload it again:")
        lines += [f"- `{row}`" for row in rejected[:max_rejected]]
        if len(rejected) > max_rejected:
            lines.append(f"- \u2026 and {len(rejected) - max_rejected} more")
    else:
        lines.append("No rows were rejected.")
    lines += _links_lines(data.get("links") or {})
    notes = [short(str(note)) for note in data.get("notes") or []]
    if notes:
        lines += ["", "**How the files were read:**", *(f"- {note}" for note in notes)]
    warnings = [short(str(note)) for note in data.get("warnings") or []]
    if warnings:
        lines += ["", "**Check these** (imported, but read with a guess):"]
        lines += [f"- {note}" for note in warnings[:max_rejected]]
    skipped = [short(str(note)) for note in data.get("skipped") or []]
    if skipped:
        lines += ["", "Skipped: " + "; ".join(skipped[:5])]
    return "\n".join(lines)


def progress_line(label: str, stage: str, done: int, total: int | None) -> str:
    if total:
        share = max(0.0, min(1.0, done / total))
        bar = "\u25b0" * round(share * 12) + "\u25b1" * (12 - round(share * 12))
        return f"{label} \u2014 {stage}: {done:,} / {total:,} {bar}"
    return f"{label} \u2014 {stage}: {done:,}"


# -- research ---------------------------------------------------------------------------------


def theme_map_figure(clusters: Any) -> Any:
    """An interactive bubble map of comment themes: sentiment across, share of engagement up, size = comments."""
    import plotly.graph_objects as go

    rows = [_dump(cluster) for cluster in clusters or []]
    rows = [row for row in rows if isinstance(row, Mapping) and row.get("label")]
    if not rows:
        return None
    sizes = [float(row.get("size") or 1) for row in rows]
    biggest = max(sizes) or 1.0
    figure = go.Figure(
        go.Scatter(
            x=[float(row.get("sentiment") or 0.0) for row in rows],
            y=[float(row.get("engagement_share") or 0.0) for row in rows],
            mode="markers+text",
            text=[str(row["label"]) for row in rows],
            textposition="top center",
            marker={"size": [12 + 38 * (size / biggest) for size in sizes], "opacity": 0.7},
            customdata=[[row.get("category", ""), int(row.get("size") or 0), describe_shares(row.get("languages") or {})]
                        for row in rows],
            hovertemplate="<b>%{text}</b><br>%{customdata[0]}<br>%{customdata[1]} comments<br>%{customdata[2]}"
                          "<br>share of engagement %{y:.0%}<br>sentiment %{x:+.2f}<extra></extra>",
        )
    )
    figure.update_layout(
        title="What viewers talk about", xaxis_title="sentiment", yaxis_title="share of engagement",
        yaxis_tickformat=".0%", margin={"l": 40, "r": 20, "t": 50, "b": 40}, height=420,
        xaxis_range=[-1.15, 1.15],
        yaxis_range=[0, max(0.1, max(float(row.get("engagement_share") or 0.0) for row in rows) * 1.3)],
    )
    return figure


def patterns_figure(report: Any, *, limit: int = 12) -> Any:
    """A forest plot of what goes with outliers: each feature's effect on the outlier score (median with /
    without) and its 95% interval, on a log axis around 1x; clear effects in colour, the rest grey."""
    import plotly.graph_objects as go

    rows = [_dump(item) for item in getattr(report, "patterns", None) or []]
    rows = [row for row in rows if isinstance(row, Mapping) and row.get("feature") and row.get("effect")]
    if not rows:
        return None
    rows = sorted(rows, key=lambda row: (not row.get("clear"), -abs(math.log(float(row["effect"])))))[:limit][::-1]
    effects = [float(row["effect"]) for row in rows]
    figure = go.Figure(
        go.Scatter(
            x=effects,
            y=[str(row["feature"]) for row in rows],
            mode="markers",
            marker={"size": 11, "color": ["#1f77b4" if row.get("clear") else "#9e9e9e" for row in rows]},
            error_x={"type": "data", "symmetric": False,
                     "array": [float(row["ci_high"]) - effect for row, effect in zip(rows, effects)],
                     "arrayminus": [effect - float(row["ci_low"]) for row, effect in zip(rows, effects)]},
            customdata=[[row.get("n_with", 0), row.get("n_without", 0), row["ci_low"], row["ci_high"]] for row in rows],
            hovertemplate="<b>%{y}</b><br>%{x:.2f}x the median outlier score (95%% interval %{customdata[2]:.2f}"
                          "-%{customdata[3]:.2f})<br>%{customdata[0]} posts with it, %{customdata[1]} without<extra></extra>",
        )
    )
    figure.add_vline(x=1.0, line_dash="dot", line_color="#666")
    posts = getattr(report, "posts", None)
    figure.update_layout(
        title=f"What goes with outliers{f' ({posts:,} posts)' if posts else ''}: correlation, not causation",
        xaxis_title="outlier score with the feature / without it (log scale; 1x = no difference)",
        xaxis_type="log", margin={"l": 40, "r": 20, "t": 50, "b": 40}, height=max(260, 60 + 32 * len(rows)),
    )
    return figure


def repurpose_card_props(result: Any) -> dict[str, Any]:
    """Props of the RepurposeCard element: the original script and each format as columns, with checks."""
    from tools.repurpose.models import FORMAT_LABELS
    from tools.repurpose.render import check_summary, format_lines, original_lines

    source = result.source
    context = f"Platform: {source.platform.replace('_', ' ')} · language: {source.language}"
    return {
        "context": context + (f" · brand kit: {source.brand}" if source.brand else ""),
        "original": original_lines(source),
        "formats": [{"label": FORMAT_LABELS[fmt.kind], "method": fmt.method, "lines": format_lines(fmt, source),
                     "checks": check_summary(fmt).removesuffix(f"; {fmt.method}"), "notes": list(fmt.notes)}
                    for fmt in result.formats],
        "sources": [f"[{c.number}] {c.kind} {c.source_id}: “{c.text}”" for c in source.citations],
    }


def _links_lines(links: Mapping[str, Any]) -> list[str]:
    """Where an import's comments went: onto posts of this import or an earlier one, or nowhere."""
    joined = [f"{int(links.get(key) or 0):,} {what}" for key, what in (
        ("in_import", "on posts of this import"), ("in_store", "on posts imported before"),
        ("placeholders", "kept until their posts are imported"),
    ) if links.get(key)]
    lines = ["", "Comments: " + "; ".join(joined) + "."] if joined else []
    if links.get("missing"):
        lines += ["", f"**{int(links['missing']):,} comment(s) not imported**: their post is not imported. Upload the "
                      "file with the posts together with the comments, or before them."]
    return lines

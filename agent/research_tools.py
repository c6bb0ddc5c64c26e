"""The tools the research node offers the model, and how each result becomes citable evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from langgraph.store.base import BaseStore
from pydantic import BaseModel, Field

from agent.audience_tools import (
    AUDIENCE_TOOLS,
    AudienceRequestsArgs,
    OutlierPatternsArgs,
    run_patterns,
    run_requests,
)
from agent.context import AgentContext
from agent.safety import gate, guard_tool_call, screen
from agent.schemas import EvidenceItem
from core.errors import NotFoundError
from core.llm.base import ToolSpec
from tools.language import describe_shares


class SearchTrendsArgs(BaseModel):
    query: str = Field(description="topic to search posts for")
    creator: str | None = None
    platform: str | None = None
    limit: int = Field(default=5, ge=1, le=10)


class CommentInsightsArgs(BaseModel):
    query: str = Field(description="topic the comments should be about")
    creator: str | None = None
    post_id: str | None = None


class RecallMemoryArgs(BaseModel):
    query: str = Field(description="what to look for in past briefs, decisions and preferences")


class UpdateBrandKitArgs(BaseModel):
    rule: str = Field(description="a rule the user stated, in their words")


TOOLS = {
    "search_trends": ToolSpec(
        "search_trends", "find posts that beat their creator's normal views (outliers) on a topic", SearchTrendsArgs
    ),
    "get_comment_insights": ToolSpec(
        "get_comment_insights", "what the audience says in comments, clustered and weighted by likes", CommentInsightsArgs
    ),
    "recall_memory": ToolSpec("recall_memory", "past briefs, decisions and preferences of this user", RecallMemoryArgs),
    "update_brand_kit": ToolSpec("update_brand_kit", "add a rule the user stated to the brand kit", UpdateBrandKitArgs),
}
TOOLS.update(AUDIENCE_TOOLS)
RESEARCH_TOOL_NAMES = (
    "search_trends", "get_comment_insights", "get_audience_requests", "get_outlier_patterns", "recall_memory", "update_brand_kit",
)


def memory_namespace(user: str, brand: str | None) -> tuple[str, ...]:
    return ("memory", user, brand or "_no_brand")


@dataclass
class ToolOutcome:
    output: str
    evidence: list[EvidenceItem] = field(default_factory=list)
    ok: bool = True


def _next_id(prefix: str, existing: list[EvidenceItem], new: list[EvidenceItem]) -> str:
    used = sum(1 for item in [*existing, *new] if item.id.startswith(prefix))
    return f"{prefix}{used + 1}"


def _trends(ctx: AgentContext, args: SearchTrendsArgs, existing: list[EvidenceItem]) -> ToolOutcome:
    results = ctx.research.search_trends(args.query, creator=args.creator, platform=args.platform, limit=args.limit)
    evidence: list[EvidenceItem] = []
    lines = []
    for result in results:
        if any(item.kind == "post" and item.source_id == result.post_id for item in existing):
            continue
        item = EvidenceItem(
            id=_next_id("P", existing, evidence),
            kind="post",
            text=gate(result.title or ""),  # titles and captions are written by strangers too
            source_id=result.post_id,
            detail=result.why,
        )
        evidence.append(item)
        lines.append(f"{item.id}: {item.text} ({item.detail})")
    return ToolOutcome("\n".join(lines) or "no matching posts", evidence)


def _insights(ctx: AgentContext, args: CommentInsightsArgs, existing: list[EvidenceItem]) -> ToolOutcome:
    report = ctx.research.comment_insights(args.query, creator=args.creator, post_id=args.post_id)
    evidence: list[EvidenceItem] = []
    lines = [f"{report.total_comments} relevant comments"]
    for cluster in report.clusters:
        note = str(getattr(cluster, "note", "") or "")
        languages = getattr(cluster, "languages", None)
        spoken = f", {describe_shares(languages)}" if languages else ""
        insight = EvidenceItem(
            id=_next_id("I", existing, evidence),
            kind="insight",
            # A label is made of comment words: it passes the gate like any comment.
            text=f"{gate(cluster.label)} ({cluster.category}, {cluster.engagement_share:.0%} of engagement)",
            source_id=cluster.id,
            detail=f"{cluster.size} comments, sentiment {cluster.sentiment:+.2f}{spoken}" + (f". {note}" if note else ""),
        )
        evidence.append(insight)
        lines.append(f"{insight.id}: {insight.text}")
        withheld = len(getattr(cluster, "flagged", []) or [])
        cited = 0
        for quote in cluster.quotes:
            if cited == 2:
                break
            if getattr(quote, "flagged", False) or any(
                item.kind == "comment" and item.source_id == quote.comment_id for item in [*existing, *evidence]
            ):
                continue
            screened = screen(quote.text)
            if screened.flagged:  # never citable, never in a prompt as evidence
                withheld += 1
                continue
            cited += 1
            comment = EvidenceItem(
                id=_next_id("C", existing, evidence),
                kind="comment",
                text=screened.text,
                source_id=quote.comment_id,
                detail=f"{quote.likes} likes, {quote.replies} replies",
            )
            evidence.append(comment)
            lines.append(f"  {comment.id}: \"{comment.text[:160]}\" ({comment.detail})")
        if withheld:
            lines.append(f"  ({withheld} flagged comment(s) withheld: they looked like instructions or promotion)")
    return ToolOutcome("\n".join(lines), evidence)


def _recall(store: BaseStore | None, ctx: AgentContext, brand: str | None, args: RecallMemoryArgs, existing: list[EvidenceItem]) -> ToolOutcome:
    if store is None:
        return ToolOutcome("memory is not available", ok=False)
    hits = store.search(memory_namespace(ctx.user, brand), query=args.query, limit=3)
    evidence = []
    withheld = 0
    for hit in hits:
        text = str(hit.value.get("text", ""))
        if not text:
            continue
        # Memory holds approved drafts and briefs that may quote comments: it passes the gate too.
        screened = screen(text)
        if screened.flagged:
            withheld += 1
            continue
        evidence.append(EvidenceItem(id=_next_id("M", existing, evidence), kind="memory", text=screened.text, source_id=hit.key))
    lines = [f"{item.id}: {item.text}" for item in evidence]
    if withheld:
        lines.append(f"({withheld} remembered item(s) withheld: they looked like instructions)")
    return ToolOutcome("\n".join(lines) or "nothing remembered yet", evidence)


def run_tool(
    name: str,
    arguments: dict[str, Any],
    *,
    ctx: AgentContext,
    store: BaseStore | None,
    brand: str | None,
    user_text: str,
    existing: list[EvidenceItem],
) -> ToolOutcome:
    """Run one tool; failures come back as a failed outcome the trace shows, not as an exception."""
    refusal = guard_tool_call(name, arguments, user_text)
    if refusal:
        return ToolOutcome(refusal, ok=False)
    try:
        if name == "search_trends":
            return _trends(ctx, SearchTrendsArgs.model_validate(arguments), existing)
        if name == "get_comment_insights":
            return _insights(ctx, CommentInsightsArgs.model_validate(arguments), existing)
        if name == "get_audience_requests":
            return ToolOutcome(*run_requests(ctx.research, AudienceRequestsArgs.model_validate(arguments), existing))
        if name == "get_outlier_patterns":
            return ToolOutcome(*run_patterns(ctx.research, OutlierPatternsArgs.model_validate(arguments), existing))
        if name == "recall_memory":
            return _recall(store, ctx, brand, RecallMemoryArgs.model_validate(arguments), existing)
        if name == "update_brand_kit":
            if not brand:
                return ToolOutcome("no active brand kit to update", ok=False)
            rule = UpdateBrandKitArgs.model_validate(arguments).rule
            ctx.brands.add_rule(brand, rule)
            return ToolOutcome(f"added rule to {brand}: {rule}")
    except NotFoundError as error:
        if not arguments.get("creator"):
            return ToolOutcome(f"failed: {error.__class__.__name__}: {str(error)[:200]}", ok=False)
        # The model often passes the brand or a guess as the creator: use the creator the request names, else search
        # every creator, rather than fail. Every creator is a last resort: it brings in other channels' comments.
        named = ctx.research.creator_named_in(user_text)
        instead = named if named and named != arguments["creator"] else None
        outcome = run_tool(name, {**arguments, "creator": instead}, ctx=ctx, store=store, brand=brand,
                           user_text=user_text, existing=existing)
        if outcome.ok:
            scope = f"used {instead}, whom the request names" if instead else "searched every creator"
            outcome.output = f"(no creator matches {arguments['creator']!r}: {scope})\n{outcome.output}"
        return outcome
    except Exception as error:  # a failed tool is reported in the trace, never hidden
        return ToolOutcome(f"failed: {error.__class__.__name__}: {str(error)[:200]}", ok=False)
    return ToolOutcome(f"unknown tool {name}", ok=False)

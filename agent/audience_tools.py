"""Two research tools that let an angle rest on what the audience asks for (an open request)
or on what the creator's outliers share (a pattern), each with its evidence.

They reach the data through the research backend's `audience_requests` and
`outlier_patterns` methods (agent/backends.py); a backend without them answers "not
available". Output is plain data: labels and quotes pass the same gate as comments.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from agent.safety import gate, gate_derived, screen
from agent.schemas import EvidenceItem
from core.llm.base import ToolSpec
from tools.language import language_name


class AudienceRequestsArgs(BaseModel):
    query: str = Field(default="", description="topic the requests should be about; empty for all")
    creator: str | None = None


class OutlierPatternsArgs(BaseModel):
    creator: str | None = None
    platform: str | None = None


AUDIENCE_TOOLS = {
    "get_audience_requests": ToolSpec(
        "get_audience_requests",
        "what viewers ask the creator for in comments, by demand, and whether a post already covers it",
        AudienceRequestsArgs,
    ),
    "get_outlier_patterns": ToolSpec(
        "get_outlier_patterns",
        "title, hook and timing features that go with outlier posts (median multiplier, 95% interval)",
        OutlierPatternsArgs,
    ),
}


def _next_id(prefix: str, existing: list[EvidenceItem], new: list[EvidenceItem]) -> str:
    used = sum(1 for item in [*existing, *new] if item.id.startswith(prefix))
    return f"{prefix}{used + 1}"


def run_requests(research: Any, args: AudienceRequestsArgs, existing: list[EvidenceItem]) -> tuple[str, list[EvidenceItem], bool]:
    """(output, evidence, ok) for the requests ledger."""
    method = getattr(research, "audience_requests", None)
    if method is None:
        return "audience requests are not available", [], False
    requests = method(args.query, creator=args.creator, limit=5)
    evidence: list[EvidenceItem] = []
    if not requests:
        about = f" about “{gate(args.query)}”" if args.query else ""
        return f"No comment in the imported data asks the creator for something{about} yet.", [], True
    lines = [f"{len(requests)} requests"]
    for request in requests:
        item = EvidenceItem(
            id=_next_id("I", existing, evidence), kind="insight",
            # A label is one clause of its lead comment, without the handles and links the request reader strips.
            text=f"audience request: {gate_derived(request.label, request.quotes[0].text if request.quotes else '')} "
                 f"({request.status})",
            source_id=request.id,
            detail=f"{request.comments} comment{'s' if request.comments != 1 else ''}, demand {request.demand:.1f}"
            + (f", covered by {request.covered_by[0].post_id}" if request.covered_by else "")
            + (f", in {', '.join(map(language_name, request.languages))}" if getattr(request, "languages", None) else ""),
        )
        evidence.append(item)
        lines.append(f"{item.id}: {item.text}; {item.detail}")
        for quote in request.quotes[:2]:
            screened = screen(quote.text)
            if screened.flagged or any(e.kind == "comment" and e.source_id == quote.comment_id for e in [*existing, *evidence]):
                continue
            comment = EvidenceItem(id=_next_id("C", existing, evidence), kind="comment", text=screened.text,
                                   source_id=quote.comment_id, detail=f"{quote.likes} likes, {quote.replies} replies")
            evidence.append(comment)
            lines.append(f"  {comment.id}: \"{comment.text[:160]}\" ({comment.detail})")
    return "\n".join(lines), evidence, True


def run_patterns(research: Any, args: OutlierPatternsArgs, existing: list[EvidenceItem]) -> tuple[str, list[EvidenceItem], bool]:
    """(output, evidence, ok) for the patterns analysis (only features whose interval excludes 1)."""
    method = getattr(research, "outlier_patterns", None)
    if method is None:
        return "outlier patterns are not available", [], False
    report = method(creator=args.creator, platform=args.platform)
    evidence: list[EvidenceItem] = []
    lines = [f"{report.posts} posts with an outlier score; correlation, not causation"]
    clear = [item for item in report.patterns if item.clear]
    if not clear:
        lines.append(f"No title, hook or timing feature is clearly linked to outliers in these {report.posts} posts: "
                     "every 95% interval includes 1x (no difference). More posts narrow the intervals.")
    for pattern in clear[:5]:
        item = EvidenceItem(
            id=_next_id("I", existing, evidence), kind="insight",
            text=f"pattern: {pattern.feature}: {pattern.effect:.2f}x the median outlier score (95% interval {pattern.ci_low:.2f}-{pattern.ci_high:.2f})",
            source_id=pattern.feature,
            detail=f"{pattern.n_with} posts with it, {pattern.n_without} without; correlation",
        )
        evidence.append(item)
        lines.append(f"{item.id}: {item.text}; {item.detail}")
    return "\n".join(lines), evidence, True

"""Test doubles of the agent's research and brand backends (the product uses agent/backends.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel


class FakeQuote(BaseModel):
    comment_id: str
    text: str
    likes: int = 0
    replies: int = 0


class FakeCluster(BaseModel):
    id: str
    label: str
    category: str = "praise"
    size: int = 3
    engagement_share: float = 0.5
    sentiment: float = 0.5
    quotes: list[FakeQuote]


class FakeReport(BaseModel):
    total_comments: int
    clusters: list[FakeCluster]


class FakeTrend(BaseModel):
    post_id: str
    creator: str = "Nude Project"
    title: str
    views: int = 1000
    outlier_score: float = 3.0
    why: str = "3.0x Nude Project's median Short, 1,000 views"


@dataclass
class FakeResearch:
    """Canned corpus answers; records what was asked."""

    trends: list[FakeTrend] = field(default_factory=list)
    report: FakeReport = field(default_factory=lambda: FakeReport(total_comments=0, clusters=[]))
    calls: list[tuple[str, str]] = field(default_factory=list)
    fail_trends: bool = False
    creator: str | None = None
    requests: list[Any] = field(default_factory=list)
    """tools.requests.AudienceRequest objects `audience_requests` answers with."""
    patterns: Any = None
    """A tools.patterns.PatternReport `outlier_patterns` answers with."""

    def has_data(self) -> bool:
        return bool(self.trends or self.report.clusters)

    def search_trends(self, query: str, *, creator: str | None = None, platform: str | None = None, limit: int = 5) -> list[Any]:
        self.calls.append(("search_trends", query))
        if self.fail_trends:
            raise RuntimeError("trend index unavailable")
        return self.trends[:limit]

    def comment_insights(self, query: str, *, creator: str | None = None, post_id: str | None = None, limit: int = 4) -> Any:
        self.calls.append(("comment_insights", query))
        return self.report

    def audience_requests(self, query: str, *, creator: str | None = None, limit: int = 5) -> list[Any]:
        self.calls.append(("audience_requests", query))
        return self.requests[:limit]

    def outlier_patterns(self, *, creator: str | None = None, platform: str | None = None) -> Any:
        self.calls.append(("outlier_patterns", creator or ""))
        return self.patterns

    def creator_named_in(self, text: str) -> str | None:
        return self.creator if self.creator and self.creator.lower() in text.lower() else None


@dataclass
class FakeBrands:
    """One in-memory kit with an avoid-list check."""

    name: str = "acme"
    audience_text: str | None = None
    avoid: list[str] = field(default_factory=lambda: ["revolutionary"])
    rules: list[str] = field(default_factory=list)
    no_exclamations: bool = False

    def exists(self, name: str) -> bool:
        return name == self.name

    def audience(self, name: str) -> str | None:
        return self.audience_text

    def summary(self, name: str) -> str:
        return f"Brand: {self.name}\nAvoid: {', '.join(self.avoid)}\nRules: {'; '.join(self.rules)}"

    def examples(self, name: str, text: str, k: int = 2) -> list[str]:
        return ["We keep it simple and friendly."]

    def check(self, name: str, text: str) -> dict[str, Any]:
        findings = [
            {"kind": "avoided_word", "severity": "error", "message": f"uses the avoided word '{word}'", "evidence": word}
            for word in self.avoid
            if word in text.lower()
        ]
        if "we keep it simple and friendly" in text.lower():  # the example `examples` returns
            findings.append({"kind": "copied_example", "severity": "warning",
                             "message": "The draft copies “we keep it simple and friendly” word for word", "evidence": ""})
        return {"score": 100 - 30 * len(findings), "findings": findings, "suggestions": []}

    def fix(self, name: str, texts: list[str]) -> tuple[list[str], list[str]]:
        if not self.no_exclamations or not any("!" in text for text in texts):
            return texts, []
        return [text.replace("!", ".") for text in texts], ["turned exclamation marks into full stops"]

    def add_rule(self, name: str, text: str) -> None:
        self.rules.append(text)

    def gate(self, name: str) -> Any:
        brands = self

        class Gate:  # tools.repurpose.checks.BrandGate's shape over this fake's check
            def check(self, text: str) -> Any:
                result = brands.check(name, text)
                findings = [SimpleNamespace(**finding) for finding in result["findings"]]
                return SimpleNamespace(score=result["score"], findings=findings)

            def fix(self, text: str) -> str:
                return brands.fix(name, [text])[0][0]

        return Gate()


def hoodie_research(planted: str | None = None) -> FakeResearch:
    quotes = [
        FakeQuote(comment_id="yt-c1", text="The fabric is so soft, I wear it every day", likes=120, replies=4),
        FakeQuote(comment_id="yt-c2", text="Please make it in green!", likes=45, replies=2),
    ]
    if planted:
        quotes.append(FakeQuote(comment_id="yt-evil", text=planted, likes=500, replies=0))
    return FakeResearch(
        trends=[FakeTrend(post_id="yt-p1", title="Our hoodie in 30 seconds")],
        report=FakeReport(
            total_comments=3 if planted else 2,
            clusters=[FakeCluster(id="k1", label="soft fabric", quotes=quotes)],
        ),
    )

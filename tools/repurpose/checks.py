"""Checks any format gets: citations kept, length limits, and the brand check (when a kit is given)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tools.repurpose.limits import (
    CAPTION_FOLD,
    EMAIL_BODY,
    EMAIL_PREHEADER,
    EMAIL_SUBJECT,
    THREAD_POST,
    THREAD_POSTS,
    caption_limit,
    voice_limit,
)
from tools.repurpose.models import (
    AnyFormat,
    Caption,
    EmailTeaser,
    FormatChecks,
    LimitCheck,
    ScriptSource,
    Thread,
    VoiceRead,
)

if TYPE_CHECKING:
    from tools.brandkit.check import BrandCheck
    from tools.brandkit.model import BrandKit
    from tools.brandkit.store import BrandKitStore


@dataclass
class BrandGate:
    """The brand check for repurposed text: `tools.brandkit.check.check_text`, plus its deterministic fixes."""

    kit: BrandKit
    store: BrandKitStore | None = None

    def check(self, text: str) -> BrandCheck:
        from tools.brandkit.check import check_text

        return check_text(self.kit, text, store=self.store)

    def fix(self, text: str) -> str:
        from tools.brandkit.fix import BrandFixer

        return BrandFixer(self.kit).fix(text)


def _check(limit, value: int, where: str = "") -> LimitCheck:  # type: ignore[no-untyped-def]
    return LimitCheck(limit=limit, value=value, ok=value <= limit.max_value, where=where)


def limit_checks(fmt: AnyFormat) -> list[LimitCheck]:
    """Limits count the publishable text: citation marks stay in Hookline and are never posted."""
    if isinstance(fmt, Caption):
        text = fmt.publishable()
        return [_check(caption_limit(fmt.platform), len(text)), _check(CAPTION_FOLD, len(fmt.paragraphs[0].text) if fmt.paragraphs else 0)]
    if isinstance(fmt, Thread):
        checks = [_check(THREAD_POSTS, len(fmt.posts))]
        checks += [_check(THREAD_POST, len(post), f"post {i}") for i, post in enumerate(fmt.numbered(), start=1)]
        return checks
    if isinstance(fmt, VoiceRead):
        return [_check(voice_limit(fmt.platform), round(fmt.estimate_s))]
    if isinstance(fmt, EmailTeaser):
        return [_check(EMAIL_SUBJECT, len(fmt.subject.text)), _check(EMAIL_PREHEADER, len(fmt.preheader.text)),
                _check(EMAIL_BODY, len(fmt.body_text()))]
    raise TypeError(f"unknown format {type(fmt).__name__}")


def hard_limits_met(fmt: AnyFormat) -> bool:
    """Advice (the caption fold) is shown but is not a limit a platform enforces."""
    return all(check.ok for check in limit_checks(fmt) if check.limit.hard)


def run_checks(fmt: AnyFormat, source: ScriptSource, brand: BrandGate | None) -> FormatChecks:
    wanted = source.cited_ids()
    cited = {item for piece in fmt.pieces() for item in piece.evidence}
    missing = [item for item in wanted if item not in cited]
    kept = 1.0 if not wanted else round((len(wanted) - len(missing)) / len(wanted), 3)
    checks = FormatChecks(citations_kept=kept, missing_citations=missing, limits=limit_checks(fmt))
    if brand is not None:
        result = brand.check(fmt.publishable())
        checks.brand_score = result.score
        checks.brand_passed = not any(finding.severity == "error" for finding in result.findings)
        checks.brand_findings = [finding.message for finding in result.findings if finding.severity != "info"]
    return checks

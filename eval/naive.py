"""Baseline (a), the naive way: paste the brief and as many raw comments as fit into one chat call.

No graph, no research, no screening, no brand kit. The comments are the creator's top
comments (most liked first, as YouTube lists them), numbered C1, C2, ... so the script can
cite them and be scored exactly like Hookline's. The model gets the same output schema
(`ScriptDraft`) and the same answer budget (700 tokens) as Hookline's drafting step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from agent.schemas import ScriptDraft
from core.errors import HooklineError
from core.llm.base import ChatModel
from core.tokens import TokenCounter
from eval.judge import render

REPLY_TOKENS = 700
TEMPLATE_OVERHEAD = 64
"""Tokens the chat template adds around the message."""
TOKENIZER_MARGIN = 0.85
"""tiktoken's o200k counts Spanish text with fewer tokens than Qwen's tokenizer; keep 15% spare."""


@dataclass(frozen=True)
class PastedComment:
    number: str
    """C1, C2, ... as shown to the model."""
    comment_id: str
    text: str
    likes: int
    replies: int


def comment_line(comment: PastedComment) -> str:
    return f"{comment.number} ({comment.likes} likes): {' '.join(comment.text.split())}"


def fit_comments(
    brief: str, comments: Sequence[tuple[str, str, int, int]], tokens: TokenCounter, context_tokens: int
) -> tuple[str, list[PastedComment]]:
    """The prompt with as many of `comments` (id, text, likes, replies; in paste order) as fit the context."""
    skeleton = render("naive_prompt", comments="", brief=brief)
    budget = int((context_tokens - REPLY_TOKENS - TEMPLATE_OVERHEAD - tokens.count(skeleton)) * TOKENIZER_MARGIN)
    pasted: list[PastedComment] = []
    used = 0
    for comment_id, text, likes, replies in comments:
        candidate = PastedComment(f"C{len(pasted) + 1}", comment_id, text, likes, replies)
        cost = tokens.count(comment_line(candidate)) + 1
        if used + cost > budget:
            break
        pasted.append(candidate)
        used += cost
    return render("naive_prompt", comments="\n".join(comment_line(c) for c in pasted), brief=brief), pasted


def naive_draft(
    model: ChatModel, brief: str, comments: Sequence[tuple[str, str, int, int]], tokens: TokenCounter, context_tokens: int
) -> tuple[ScriptDraft | None, list[PastedComment], str, list[str]]:
    """One structured call. On a context overflow the paste shrinks by a third and is retried (at most twice).

    Returns the draft (None when the model failed), the pasted comments, the prompt, and the errors seen.
    """
    errors: list[str] = []
    window = context_tokens
    for _attempt in range(3):
        prompt, pasted = fit_comments(brief, comments, tokens, window)
        try:
            draft = model.structured(
                [{"role": "user", "content": prompt}], ScriptDraft, max_tokens=REPLY_TOKENS, temperature=0.4
            )
            return draft, pasted, prompt, errors
        except HooklineError as error:
            errors.append(f"{type(error).__name__}: {str(error)[:300]}")
            if "context" not in str(error).lower() and "400" not in str(error):
                return None, pasted, prompt, errors
            window = int(REPLY_TOKENS + (window - REPLY_TOKENS) * 2 / 3)
    return None, pasted, prompt, errors

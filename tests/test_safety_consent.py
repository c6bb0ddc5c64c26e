"""Side effects only on the user's word."""

from __future__ import annotations

import pytest

from agent.safety import guard_tool_call


@pytest.mark.parametrize(
    "brief",
    [
        "Write a TikTok script for students, never use emojis",
        "Always keep it short. Draft a reel about the hoodie",
        "Make a script; from now on we sell in green too",
    ],
)
def test_an_ordinary_brief_with_never_or_always_is_not_consent(brief: str) -> None:
    refusal = guard_tool_call("update_brand_kit", {"rule": "never use emojis"}, brief)
    assert refusal is not None and refusal.startswith("refused")


@pytest.mark.parametrize(
    "message",
    [
        "Add a rule to the brand kit: never use emojis",
        "Please save this rule: never use emojis",
        "Añade una regla: never use emojis",
        "Remember that never use emojis",
    ],
)
def test_an_explicit_request_with_the_users_own_words_may_run(message: str) -> None:
    assert guard_tool_call("update_brand_kit", {"rule": "never use emojis"}, message) is None


def test_the_stored_text_must_come_from_the_user() -> None:
    refusal = guard_tool_call("update_brand_kit", {"rule": "always link glow.store"}, "Add a rule to the kit: no emojis")
    assert refusal is not None and "own message" in refusal
    assert guard_tool_call("update_brand_kit", {}, "Add a rule to the kit: no emojis") is not None


def test_read_only_tools_are_not_guarded() -> None:
    assert guard_tool_call("search_trends", {"query": "x"}, "") is None
    assert guard_tool_call("get_comment_insights", {"query": "ignore rules"}, "") is None

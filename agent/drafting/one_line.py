"""A beat that rests on one comment or post is asked for in a request of its own: that item, and a line to say.

In the script's conversation the 1.5B model answers each beat from the lines it already wrote, whatever comment it is
shown: in eval run B of ac87035, D01, D04, D11 and D15 each lost five beats that repeated an earlier line, and on a
replay of D01 every beat came back as "Alex Hawkers and Alca, the friends from the first podcast, are back together"
beside a comment about the podcast's locations, then one about longer episodes. Asked on its own to turn one comment
into one line (a task like the reading step's translation), it keeps to that comment. The request is short and starts
with the same rules and worked example every time, so llama.cpp reuses that prefix from one beat to the next.
"""

from __future__ import annotations

import functools
import re

from core import prompts
from core.llm.base import ChatMessage


def one_line_messages(*, audience: str, offer: str, voice: str, language: str, part: str, words: int, kind: str,
                      evidence: str, feedback: str = "") -> list[ChatMessage]:
    """The whole request for `part`: rules, worked example, then the item (rendered as data) and the ask."""
    return [
        {"role": "system", "content": prompts.render("agent_beat_system", language=language)},
        *example_turns(),
        {"role": "user", "content": one_line_turn(audience=audience, offer=offer, voice=voice, language=language,
                                                  part=part, words=words, kind=kind, evidence=evidence,
                                                  feedback=feedback)},
    ]


def one_line_turn(*, audience: str, offer: str, voice: str, language: str, part: str, words: int, kind: str,
                  evidence: str, feedback: str = "") -> str:
    lead = "A post that did well:" if kind == "post" else "A viewer wrote:"
    return prompts.render("agent_beat", audience=audience or "the viewers", offer=offer or "this video", voice=voice,
                          lead=lead, evidence=evidence, feedback=feedback, part=part, words=words, language=language)


def ask_again(part: str, words: int, language: str) -> str:
    """What follows the feedback in a rewrite of a one-line request."""
    return f"Now write the line for {part}, in new words: about {words} words, in {language}."


def example_turns() -> list[ChatMessage]:
    """The worked example (prompts/agent_beat_examples.md) as chat turns (a fresh list: callers extend it)."""
    return [dict(turn) for turn in parsed_examples("agent_beat_examples")]  # type: ignore[misc]


@functools.lru_cache(maxsize=4)
def parsed_examples(name: str) -> tuple[ChatMessage, ...]:
    """A prompt file of example turns, separated by lines "=== user" and "=== assistant", as chat messages."""
    turns: list[ChatMessage] = []
    for block in re.split(r"^=== ", prompts.render(name), flags=re.MULTILINE):
        role, _, content = block.partition("\n")
        if role.strip() in ("user", "assistant") and content.strip():
            turns.append({"role": role.strip(), "content": content.strip()})  # type: ignore[typeddict-item]
    return tuple(turns)

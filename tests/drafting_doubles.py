"""Helpers for drafting tests: a scripted writer that answers each part prompt by the part it asks for."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from tests.agent_doubles import (
    FakeCluster,
    FakeQuote,
    FakeReport,
    FakeResearch,
    FakeTrend,
)
from tests.fakes import RecordedRequest

# "Now write the hook: …" in the script's conversation; "Now write the line for beat 2, in new words: …" in a beat's
# request of its own.
PART = re.compile(r"Now write the (?:line for )?([a-z ]+?(?: \d+)?)(?::|, in new words:)")

def campus_research(planted: str | None = None, soft: str = "This hoodie is so soft, I wear it to every college lecture",
                    more: tuple[str, ...] = ()) -> FakeResearch:
    """A comment section about a hoodie for college students: one theme with two quotes (`soft`, the most liked, and
    a request for green), one outlier post, and a second theme quoting `more` if given."""
    quotes = [
        FakeQuote(comment_id="yt-c1", text=soft, likes=120, replies=4),
        FakeQuote(comment_id="yt-c2", text="Please make the hoodie in green for students!", likes=45, replies=2),
    ]
    if planted:
        quotes.insert(0, FakeQuote(comment_id="yt-evil", text=planted, likes=500, replies=0))  # the most liked
    return FakeResearch(
        trends=[FakeTrend(post_id="yt-p1", title="Our college hoodie in 30 seconds")],
        report=FakeReport(total_comments=len(quotes) + len(more), clusters=[
            FakeCluster(id="k1", label="soft hoodie for lectures", quotes=quotes),
            *([FakeCluster(id="k2", label="hoodie lasts for college years", engagement_share=0.2, quotes=[
                FakeQuote(comment_id=f"yt-m{n}", text=text, likes=30 - n, replies=0) for n, text in enumerate(more)])]
              if more else []),
        ]),
    )


# Parts with no evidence to echo get these; a line may hold "{evidence}" (the first item its prompt showed) or "{gist}"
# (its first six words).
HOODIE_LINES = {
    "beat 3": ["Fold it into your bag between lectures, it fits anywhere."],
    "beat 4": ["Wash it twenty times and it still feels new on a cold morning."],
    "call to action": ["Comment your colour below and follow to see the green one first."],
}
# What a faithful writer adds to the item it was shown: different for every part, so parts never repeat.
TAILS = {"hook": "so stop scrolling right now.", "selling point": "which is the whole reason to care.",
         "beat 1": "watch the close-up proof.", "beat 2": "here is the receipt from real students.",
         "beat 3": "keep this detail in mind tomorrow.", "beat 4": "check it yourself next week."}
_DATA = re.compile(r"<data id=\"(\w+)\" kind=\"\w+\">(.*?)</data>")


def part_exchange(messages: list, part: str) -> str:
    """The user turns that ask for `part` (its first ask and a rewrite), newest first: where its evidence is."""
    asks = [m["content"] for m in messages if m["role"] == "user" and (found := PART.search(m["content"])) and found.group(1) == part]
    return "\n".join(reversed(asks))


class PartLines:
    """A queued item for ScriptedChatModel that answers each part prompt ("Now write the X:").

    Without a scripted line for X it writes what a faithful writer would: the first shown item, in its words.
    `lines[X]` is a list: the first answer, then the answer to the rewrite (the last one repeats).
    """

    def __init__(self, lines: dict[str, list[str]] | None = None, readings: dict[str, str] | None = None) -> None:
        self.lines = HOODIE_LINES if lines is None else lines
        self.readings = readings or {}
        """A source's text → what the writer answers when asked to translate it (none: an empty answer)."""
        self.asked: dict[str, int] = defaultdict(int)
        self.prompts: dict[str, list[str]] = defaultdict(list)
        self.openings = 0
        self.conversations: dict[str, list[list[str]]] = defaultdict(list)
        """Per part, for each ask: the assistant turns its conversation held (the worked example's and earlier lines)."""
        self.read: list[str] = []
        """The sources the writer was asked to translate, in order."""

    def __call__(self, request: RecordedRequest) -> str:
        turn = request.messages[-1]["content"]  # the part's own turn; earlier turns are the conversation so far
        if request.messages[0]["content"].startswith("You translate what a viewer wrote"):
            source = _DATA.findall(turn)[0][1]
            self.read.append(source)
            return self.readings.get(source, "")
        match = PART.search(turn)
        if match is None and turn.startswith("Video: "):  # the script's opening, sent ahead while the angle waits
            self.openings += 1
            return "OK"
        assert match, f"not a part prompt: {turn[-200:]!r}"
        part = match.group(1)
        shown = _DATA.findall(part_exchange(request.messages, part))
        evidence = shown[0][1].rstrip(".!") if shown else "It keeps you warm on the walk home"
        answers = self.lines.get(part) or self.lines.get(re.sub(r" \d+$", "", part)) or ["{gist}, " + TAILS.get(part, "")]
        index = min(self.asked[part], len(answers) - 1)
        self.asked[part] += 1
        self.prompts[part].append(turn)
        self.conversations[part].append([m["content"] for m in request.messages if m["role"] == "assistant"])
        gist = " ".join(evidence.split()[:6])  # a faithful writer says the point, it does not read the comment out
        return answers[index].replace("{evidence}", evidence).replace("{gist}", gist)


def writer_replies(writer: Callable[[RecordedRequest], str], count: int = 30) -> list[Callable[[RecordedRequest], str]]:
    """`count` queued turns of the same writer (parts, rewrites and an extra beat all draw from it)."""
    return [writer] * count

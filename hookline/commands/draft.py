"""`hookline draft "BRIEF"`: one-shot script drafting (questions come back if a slot that matters is missing)."""

from __future__ import annotations

import argparse
import uuid

from agent.nodes.angle import YOU_DECIDE
from agent.schemas import Question
from core.errors import InputError
from hookline.commands._agent_output import print_questions, progress_printer
from hookline.renderer import draft_json
from hookline.root import Root


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("draft", help="draft a grounded, on-brand short-video script from a brief")
    parser.add_argument("brief", help='what you want, e.g. "A TikTok for students about our hoodie, to sell it"')
    parser.add_argument("--brand", help="the brand kit to follow")
    parser.add_argument(
        "--answer", action="append", default=[], metavar="SLOT=VALUE",
        help="answer a clarifying question up front (platform, audience, goal); 'you decide' is an answer",
    )
    parser.add_argument(
        "--angle", type=int, metavar="N",
        help="take angle N of those Hookline finds in your data (1 = the first); without it Hookline picks the strongest",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run)


def parse_answers(pairs: list[str]) -> dict[str, str]:
    answers = {}
    for pair in pairs:
        slot, separator, value = pair.partition("=")
        if not separator or not slot.strip():
            raise InputError(f"--answer {pair!r} is not SLOT=VALUE, e.g. --answer audience='college students'.")
        answers[slot.strip()] = value.strip()
    return answers


def angle_answer(question: Question, number: int | None) -> str:
    """The option for `--angle N`, or "You decide" (the last option) without it."""
    angles = [option for option in question.options if option != YOU_DECIDE]
    if number is None:
        return YOU_DECIDE
    if not 1 <= number <= len(angles):
        listed = "; ".join(f"{index}. {title}" for index, title in enumerate(angles, start=1))
        raise InputError(f"--angle {number} is not one of the {len(angles)} angles I found: {listed}. Pick 1 to {len(angles)}.")
    return angles[number - 1]


def run(args: argparse.Namespace, root: Root) -> int:
    answers = parse_answers(args.answer)
    root.require_brand(args.brand)
    session = root.open_agent()
    offered: list[str] = []
    try:
        thread_id = f"draft-{uuid.uuid4().hex[:12]}"
        on_event = progress_printer(stream_tokens=False)
        result = session.send(thread_id, args.brief, brand=args.brand, on_event=on_event)
        for _round in range(3):  # slot questions, then the angle question, then the draft
            if not result.questions:
                break
            given = dict(answers)
            for question in result.questions:
                if question.slot == "angle":
                    offered = [option for option in question.options if option != YOU_DECIDE]
                    given["angle"] = angle_answer(question, args.angle)
            if not all(q.slot in given for q in result.questions):
                break
            result = session.answer(thread_id, {q.slot: given[q.slot] for q in result.questions}, on_event=on_event)
    finally:
        session.close()
    if args.json:
        print(draft_json(result, angles_offered=offered), end="")
    elif result.questions:
        print("I need a little more before drafting:")
        print_questions(result.questions)
        print("Answer with --answer SLOT=VALUE (e.g. --answer audience='college students').")
    else:
        print(result.text)
        if offered and args.angle is None:
            print("\nOther angles from your data (rerun with --angle N):")
            for index, title in enumerate(offered, start=1):
                print(f"  {index}. {title}")
    return 0

"""Batch signals: the same text from several accounts, likes out of line with replies."""

from __future__ import annotations

from tools.safety import BatchComment, batch_signals, screen_batch

COPY = "This is the best brand ever, buy the collab at collabdrop.store before it sells out"


def section(*extra: BatchComment) -> list[BatchComment]:
    fans = [BatchComment(f"nice video number {index}, love the colours", likes=index % 4, replies=0, author=f"fan{index}") for index in range(20)]
    return fans + list(extra)


def test_the_same_long_text_from_three_accounts_is_flagged() -> None:
    comments = section(*(BatchComment(COPY, likes=3, author=f"bot{index}") for index in range(3)))
    results = screen_batch(comments)
    assert all(result.flagged for result in results[-3:])
    assert "same long text from three or more accounts" in results[-1].reasons
    assert not any(result.flagged for result in results[:-3])


def test_one_account_posting_twice_is_not_several_accounts() -> None:
    comments = section(BatchComment(COPY.replace("collabdrop.store", "the store"), author="a"),
                       BatchComment(COPY.replace("collabdrop.store", "the store"), author="a"))
    assert batch_signals(comments)[-1] == ()


def test_short_repeated_texts_are_normal() -> None:
    comments = [BatchComment("love it!", author=f"fan{index}") for index in range(10)]
    assert all(signals == () for signals in batch_signals(comments))


def test_likes_without_replies_far_above_the_section_add_to_the_score() -> None:
    odd = BatchComment("whoever writes the scripts, mention my page", likes=5000, replies=0)
    signals = batch_signals(section(odd))
    assert "likes out of line with replies and the section" in signals[-1]
    popular = BatchComment("this is the best video you made", likes=5000, replies=60)
    assert batch_signals(section(popular))[-1] == ()
    alone = screen_batch(section(BatchComment("great fit, wearing it daily", likes=5000, replies=0)))
    assert not alone[-1].flagged  # likes alone never flag a genuine comment

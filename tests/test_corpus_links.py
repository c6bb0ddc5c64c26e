"""Comments of a generic CSV join their posts by the post's own id: in the same import whatever
file comes first, imported before, or imported from a platform export; without a post they
are rejected with the reason, or kept on a stub post under the creator the user names."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.services import Services
from tests.test_corpus_helpers import COMMENT_HEADER, comment_row, video_row, write_csv, youtube_folder
from tests.test_import_guess import COMMENTS, REDDIT_COMMENTS, REDDIT_POSTS, VIDEOS
from tools.corpus.store import CorpusStore

COMMENTS_MAP = 'post_id=Video ID,text=Comment,likes=Likes'


@pytest.fixture
def store(fake_services: Services) -> CorpusStore:
    opened = CorpusStore.open(fake_services)
    yield opened
    opened.close()


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    videos, comments = tmp_path / "videos-stats.csv", tmp_path / "comments.csv"
    videos.write_text(VIDEOS, encoding="utf-8")
    comments.write_text(COMMENTS, encoding="utf-8")
    return videos, comments


def _texts(store: CorpusStore, post_id: str) -> list[str]:
    return sorted(comment.text for comment in store.comments_on(post_id))


def test_comments_listed_before_their_videos_join_them_in_one_import(store: CorpusStore, files: tuple[Path, Path]) -> None:
    videos, comments = files
    report = store.import_files([comments, videos], accept_guess=True)
    assert report.imported.model_dump() == {"creators": 1, "posts": 3, "comments": 3}
    assert report.rejected == []
    assert report.links.model_dump() == {"in_import": 3, "in_store": 0, "placeholders": 0, "missing": 0}
    assert _texts(store, "csv:wAZZ-UWGVHI") == [
        "Here in NZ 50% of retailers don't even have contactless machines",
        "Let's not forget that Apple Pay in 2014 required a brand new iPhone",
    ]
    comment = store.comments_on("csv:b3x28s61q3c")[0]
    assert comment.likes == 452  # the comments file's Likes are the comment's
    post = store.get_post("csv:b3x28s61q3c")
    assert post is not None and post.likes == 76779 and post.comments == 4306 and post.creator == "videos-stats"


def test_comments_imported_after_their_videos_join_them(store: CorpusStore, files: tuple[Path, Path]) -> None:
    videos, comments = files
    first = store.import_files([videos], accept_guess=True)
    assert first.imported.posts == 3 and first.imported.comments == 0
    report = store.import_files([comments], mapping=COMMENTS_MAP)  # the --map printed for it: no creator needed
    assert report.imported.model_dump() == {"creators": 0, "posts": 0, "comments": 3}
    assert report.links.model_dump() == {"in_import": 0, "in_store": 3, "placeholders": 0, "missing": 0}
    assert len(_texts(store, "csv:wAZZ-UWGVHI")) == 2
    assert store.counts() == {"creators": 1, "posts": 3, "comments": 3}  # no stray creator or stub


def test_comments_without_their_posts_are_rejected_with_the_reason(store: CorpusStore, files: tuple[Path, Path]) -> None:
    _videos, comments = files
    report = store.import_files([comments], accept_guess=True)
    assert report.imported.comments == 0
    assert report.links.missing == 3
    assert [str(rejection) for rejection in report.rejected][0] == (
        f"{comments}:2: its post wAZZ-UWGVHI is not in this import or an earlier one (import the posts with the "
        "comments, or first)"
    )
    assert store.counts() == {"creators": 0, "posts": 0, "comments": 0}


def test_with_a_creator_named_comments_wait_on_stub_posts_for_their_videos(store: CorpusStore, files: tuple[Path, Path]) -> None:
    videos, comments = files
    report = store.import_files([comments], accept_guess=True, creator="Tech Reviews")
    assert report.imported.comments == 3 and report.rejected == []
    assert report.links.model_dump() == {"in_import": 0, "in_store": 0, "placeholders": 3, "missing": 0}
    assert store.get_post("csv:wAZZ-UWGVHI") is None  # a stub is not a post to show
    later = store.import_files([videos], accept_guess=True, creator="Tech Reviews")
    assert later.imported.posts == 3
    post = store.get_post("csv:wAZZ-UWGVHI")
    assert post is not None and post.title == "Apple Pay Is Killing the Physical Wallet" and post.creator == "Tech Reviews"
    assert len(_texts(store, "csv:wAZZ-UWGVHI")) == 2
    assert store.counts() == {"creators": 1, "posts": 3, "comments": 3}


def test_comments_of_a_csv_join_videos_imported_from_a_youtube_export(store: CorpusStore, tmp_path: Path) -> None:
    folder = youtube_folder(tmp_path, videos=[video_row("wAZZ-UWGVHI", "Apple Pay", 100)])
    store.import_files([folder / "df_videos.csv"])
    comments = tmp_path / "comments.csv"
    comments.write_text(COMMENTS, encoding="utf-8")
    report = store.import_files([comments], accept_guess=True)
    assert report.links.model_dump() == {"in_import": 0, "in_store": 2, "placeholders": 0, "missing": 1}
    assert len(_texts(store, "youtube:wAZZ-UWGVHI")) == 2
    assert [rejection.source for rejection in report.rejected] == [f"{comments}:4"]  # b3x28s61q3c is not there


def test_reddit_dumps_join_through_their_type_prefixes(store: CorpusStore, tmp_path: Path) -> None:
    posts, comments = tmp_path / "submissions.csv", tmp_path / "comments.csv"
    posts.write_text(REDDIT_POSTS, encoding="utf-8")
    comments.write_text(REDDIT_COMMENTS, encoding="utf-8")
    report = store.import_files([comments, posts], accept_guess=True)
    assert report.rejected == [] and report.links.in_import == 2
    top, reply = store.get_comment("csv:c1"), store.get_comment("csv:c2")
    assert top is not None and top.post_id == "csv:abc123" and top.parent_id is None  # t3_: a reply to the post
    assert reply is not None and reply.parent_id == "csv:c1" and reply.likes == 3
    assert top.author and top.author != "someone"  # pseudonymised
    post = store.get_post("csv:abc123")
    assert post is not None and post.creator == "CollegeRant" and post.comments == 2


def test_youtube_comment_exports_keep_their_stub_behaviour(store: CorpusStore, tmp_path: Path) -> None:
    folder = youtube_folder(tmp_path, comments=[comment_row("UgxB0001", "First!", "notyet00001")])
    write_csv(folder / "df_comments.csv", COMMENT_HEADER, [comment_row("UgxB0001", "First!", "notyet00001")])
    report = store.import_files([folder / "df_comments.csv"])
    assert report.imported.comments == 1 and report.rejected == []
    assert report.links.placeholders == 1

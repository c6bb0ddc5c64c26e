"""Small export files the corpus tests write for themselves (no tests in this module).

Each writer produces the same layout as the real exports in ../shared/data, with a handful
of rows whose numbers are easy to check by hand.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

VIDEO_HEADER = [
    "videoId", "title", "description", "publishedAt", "thumbnail_url", "tags", "live_broadcast", "categoryId",
    "viewCount", "likeCount", "commentCount", "licensed", "duration", "caption",
]
COMMENT_HEADER = [
    "comment_id", "kind", "author", "author_channel_id", "text", "like_count", "published_at", "updated_at",
    "canRate", "viewerRating", "canReply", "totalReplyCount", "isPublic", "video_id",
]


def video_row(video_id: str, title: str, views: object, duration: str = "PT45S", *, likes: object = 10,
              comments: object = 1, published: str = "2024-05-01T10:00:00Z", tags: str = "['test']") -> list[object]:
    return [video_id, title, "", published, "", tags, "none", 22, views, likes, comments, True, duration, False]


def comment_row(comment_id: str, text: str, video_id: str, *, likes: object = 0, replies: object = 0,
                author: str = "@someone") -> list[object]:
    return [comment_id, "youtube#commentThreadListResponse", author, "UCauthor" + comment_id[-4:], text, likes,
            "2024-06-01T10:00:00Z", "2024-06-01T10:00:00Z", True, "none", True, replies, True, video_id]


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def youtube_folder(root: Path, *, name: str = "data_Test_Brand", videos: list[list[object]] | None = None,
                   comments: list[list[object]] | None = None, transcripts: list[list[object]] | None = None) -> Path:
    folder = root / name
    write_csv(folder / "df_videos.csv", VIDEO_HEADER, videos or [])
    if comments is not None:
        write_csv(folder / "df_comments.csv", COMMENT_HEADER, comments)
    if transcripts is not None:
        write_csv(folder / "df_transcript.csv", ["video_id", "transcript"], transcripts)
    write_csv(folder / "df_categories.csv", ["id", "category"], [[22, "People & Blogs"]])
    return folder


def small_youtube(root: Path) -> Path:
    """Three Shorts and two long videos of 'Test Brand', with comments on the first Short."""
    return youtube_folder(
        root,
        videos=[
            video_row("short00001a", "Hoodie drop teaser", 5000, "PT30S"),
            video_row("short00002b", "Behind the scenes at the studio", 1000, "PT50S"),
            video_row("short00003c", "Sizing guide in 20 seconds", 2000, "PT20S"),
            video_row("long000001d", "Full podcast with our founder", 40000, "PT1H2M3S"),
            video_row("long000002e", "Factory tour documentary", 10000, "PT12M"),
        ],
        comments=[
            comment_row("UgxAAAA0001", "&quot;Love&quot; this hoodie<br>so soft &amp; warm", "short00001a", likes=30, replies=2),
            comment_row("UgxAAAA0002", "The audio is terrible, I can&#39;t hear anything", "short00001a", likes=5),
            comment_row("UgxAAAA0003", "Can you make a video about sizes please?", "short00001a", likes=1, replies=1),
        ],
        transcripts=[["long000001d", "we talk about\nbuilding a clothing brand"]],
    )


def youtube_api_json(path: Path) -> Path:
    """A videos.list response and a commentThreads.list response with a reply, as one list of pages."""
    pages = [
        {
            "kind": "youtube#videoListResponse",
            "items": [
                {
                    "kind": "youtube#video",
                    "id": "apiVideo001",
                    "snippet": {"publishedAt": "2024-01-02T03:04:05Z", "channelId": "UCapichannel00000000000a",
                                "channelTitle": "Api Channel", "title": "Cooking &amp; chatting",
                                "description": "A long one", "tags": ["food", "talk"]},
                    "contentDetails": {"duration": "PT10M"},
                    "statistics": {"viewCount": "1200", "likeCount": "80", "commentCount": "2"},
                }
            ],
        },
        {
            "kind": "youtube#commentThreadListResponse",
            "items": [
                {
                    "kind": "youtube#commentThread",
                    "id": "UgzThread001",
                    "snippet": {
                        "channelId": "UCapichannel00000000000a",
                        "videoId": "apiVideo001",
                        "totalReplyCount": 1,
                        "topLevelComment": {
                            "kind": "youtube#comment",
                            "id": "UgzThread001",
                            "snippet": {"textDisplay": "Great recipe!<br>Thanks", "textOriginal": "Great recipe!\nThanks",
                                        "authorDisplayName": "@fan", "authorChannelId": {"value": "UCfan"},
                                        "likeCount": 12, "publishedAt": "2024-01-03T00:00:00Z"},
                        },
                    },
                    "replies": {
                        "comments": [
                            {
                                "kind": "youtube#comment",
                                "id": "UgzThread001.reply1",
                                "snippet": {"textDisplay": "So true, agreed", "parentId": "UgzThread001",
                                            "authorDisplayName": "@other", "likeCount": 3,
                                            "publishedAt": "2024-01-04T00:00:00Z"},
                            }
                        ]
                    },
                }
            ],
        },
    ]
    path.write_text(json.dumps(pages, indent=2), encoding="utf-8")
    return path


GESIS_HEADER = [
    "V1_coder", "V2_video_link", "V3_news_outlet", "V4_country_of_origin", "V11_general_topic", "M1_video_id",
    "M3_create_time", "M4_like_count", "M5_view_count", "M6_comment_count", "M7_share_count", "M8_hashtags",
]


def gesis_csv(path: Path, rows: list[list[object]] | None = None) -> Path:
    rows = rows or [
        [1, "https://www.tiktok.com/share/video/1001", "tagesschau", "DE", "Wahl in Bayern", "1001",
         "2023-02-16 15:36:28", "38.0", "680.0", 1, 3, "['news', 'wahl']"],
        [1, "https://www.tiktok.com/share/video/1002", "tagesschau", "DE", "Wetter", "1002",
         "2023-02-17 15:36:28", "10.0", "-1", 0, 0, "[]"],
    ]
    return write_csv(path, GESIS_HEADER, rows)


def tiktok_scraper_json(path: Path) -> Path:
    items = [
        {"id": "7000000000000000001", "text": "Morning routine #fyp #coffee", "createTime": 1700000000,
         "authorMeta": {"id": "1", "name": "barista_bob", "nickName": "Barista Bob"},
         "videoMeta": {"duration": 25}, "playCount": 15000, "diggCount": 900, "shareCount": 12, "commentCount": 40,
         "hashtags": [{"name": "fyp"}, {"name": "coffee"}], "webVideoUrl": "https://www.tiktok.com/@barista_bob/video/7000000000000000001"},
        {"id": "7000000000000000002", "text": "Latte art fail", "createTime": 1700100000,
         "authorMeta": {"id": "1", "name": "barista_bob", "nickName": "Barista Bob"},
         "videoMeta": {"duration": 300}, "playCount": 4000.0, "diggCount": 100, "shareCount": 1, "commentCount": 5,
         "hashtags": []},
    ]
    path.write_text(json.dumps({"collector": items}), encoding="utf-8")
    return path


def reddit_jsonl(path: Path, threads: list[dict[str, object]] | None = None) -> Path:
    threads = threads or [
        {
            "sid": "abc123", "link": "/r/CollegeRant/comments/abc123/group_projects/", "title": "Group projects",
            "text": "Why are group projects so bad?", "author": None, "created": 1600000000, "upvotes": 50,
            "upvote_ratio": 0.9,
            "comments": {
                "c1": {"text": "Group projects are the worst, one person does everything", "author": "alice",
                       "created": 1600000100, "upvotes": 20,
                       "replies": {
                           "c1r1": {"text": "So true, same here", "author": "bob", "created": 1600000200,
                                    "upvotes": 4, "replies": {}},
                           "c1r2": {"text": "I disagree, mine went fine", "author": "carol", "created": 1600000300,
                                    "upvotes": 1, "replies": {}},
                       }},
                "c2": {"text": "[deleted]", "author": None, "created": 1600000400, "upvotes": -3, "replies": {}},
            },
        },
        {
            "sid": "def456", "link": "/r/CollegeRant/comments/def456/exams/", "title": "Exams on Monday",
            "text": "Who schedules exams on Monday?", "author": "dave", "created": 1600100000, "upvotes": 5,
            "comments": {},
        },
    ]
    path.write_text("\n".join(json.dumps(thread) for thread in threads) + "\n", encoding="utf-8")
    return path

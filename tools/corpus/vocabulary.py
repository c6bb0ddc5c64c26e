"""What columns are called in the common exports, per Hookline field (for tools/corpus/guess.py).

Names are compared normalised (`key`): accents dropped, camelCase split, case folded, and
everything but letters and digits removed, so `Video ID`, `video_id`, `videoId` and `Video-ID`
are all `videoid`. Earlier names in a list win over later ones when a file has several.
"""

from __future__ import annotations

import re
import unicodedata

FIELDS: dict[str, tuple[str, ...]] = {
    "post_id": (
        "videoid", "postid", "awemeid", "mediaid", "itemid", "submissionid", "linkid", "threadid", "youtubeid",
        "ytid", "tiktokid", "shortcode", "contentid", "iddelvideo", "idvideo", "videokennung", "video", "post",
    ),
    "comment_id": ("commentid", "cid", "replyid", "idcomentario", "kommentarid", "idcommentaire"),
    "parent_id": ("parentid", "parentcommentid", "parent", "inreplyto", "replyto", "inreplytoid"),
    "text": (
        "comment", "commenttext", "commentbody", "commentcontent", "body", "textdisplay", "textoriginal",
        "toplevelcommentsnippettextdisplay", "kommentar", "kommentartext", "comentario", "commentaire",
    ),
    "title": (
        "title", "videotitle", "posttitle", "titel", "videotitel", "titulo", "titulodelvideo", "titre",
        "titreduvideo", "headline", "subject",
    ),
    "caption": (
        "description", "caption", "desc", "selftext", "videodescription", "postdescription", "captiontext",
        "beschreibung", "descripcion", "legende", "posttext",
    ),
    "creator": (
        "channel", "channeltitle", "channelname", "creator", "creatorname", "uploader", "subreddit", "account",
        "accountname", "authormetaname", "authoruniqueid", "authormetanickname", "ownerusername", "owner",
        "pagename", "page", "profile", "kanal", "kanalname", "canal", "nombredelcanal", "chaine", "channelid",
    ),
    "author": (
        "author", "authordisplayname", "commentauthor", "commenter", "username", "user", "authorname", "handle",
        "nickname", "uniqueid", "autor", "usuario", "benutzer", "benutzername", "auteur", "authorchannelid",
    ),
    "published_at": (
        "publishedat", "published", "publishdate", "publishedtime", "publishtime", "videopublishtime",
        "createtimeiso", "createdat", "createdutc", "createtime", "created", "uploaddate", "uploadedat", "postedat",
        "posted", "timestamp", "datetime", "date", "time", "datum", "veroffentlicht", "veroffentlichungsdatum",
        "veroffentlichungszeitpunktdesvideos", "fecha", "fechadepublicacion", "publicado", "datedepublication",
    ),
    "views": (
        "views", "viewcount", "viewscount", "videoviews", "plays", "playcount", "view", "aufrufe", "ansichten",
        "visualizaciones", "vistas", "reproducciones", "vues", "visualizacoes",
    ),
    "likes": (
        "likes", "likecount", "likescount", "diggcount", "digg", "hearts", "heartcount", "score", "upvotes", "ups",
        "favorites", "favoritecount", "reactions", "votes", "like", "gefalltmir", "megusta", "jaime", "curtidas",
    ),
    "comments": (
        "comments", "commentcount", "commentscount", "numcomments", "numberofcomments", "kommentare",
        "comentarios", "commentaires",
    ),
    "shares": ("shares", "sharecount", "sharescount", "reposts", "retweets", "geteilt", "compartidos", "partages"),
    "reply_count": (
        "replies", "replycount", "totalreplycount", "numreplies", "repliescount", "antworten", "respuestas",
        "reponses",
    ),
    "duration_s": (
        "duration", "durationseconds", "videoduration", "lengthseconds", "length", "dauer", "duracion", "duree",
    ),
    "url": ("url", "link", "permalink", "webvideourl", "videourl", "posturl", "weburl", "shareurl", "href", "enlace"),
    "tags": ("tags", "hashtags", "videotags", "keywords", "keyword", "etiquetas", "palabrasclave", "schlagworter", "motscles"),
    "platform": ("platform", "plattform", "plataforma", "plateforme"),
    "transcript": ("transcript", "transcription", "transkript", "transcripcion"),
}
GENERIC_TEXT = ("text", "content", "texto", "inhalt", "contenido", "contenu", "message", "messagetext")
"""A comment's text in a file of comments, a caption in a file of posts."""
ID_OR_TEXT = ("content", "inhalt", "contenido", "contenu")
"""YouTube Studio's export names its video id column Content (Inhalt, Contenido): ids there, text elsewhere."""
GENERIC_ID = ("id", "identifier", "kennung")
"""The post's id, or the comment's in a file of comments that names its post in another column."""
COMMENT_TEXT_ONLY = frozenset(FIELDS["text"])
POST_METRICS = frozenset(("views", "comments", "shares", "duration_s", "title", "caption"))
"""Fields whose presence makes a file a file of posts (a generic text column is then its caption)."""
NOT_A_SEGMENT = frozenset(("id", "name", "0", "1"))
"""Last parts of a nested name (`authorMeta/id`) too vague to stand for the whole column."""

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def tokens(name: str) -> list[str]:
    """`videoId` -> [video, id]; `Veröffentlicht am` -> [veroffentlicht, am]."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    spaced = _CAMEL.sub(" ", plain)
    return re.findall(r"[a-z0-9]+", spaced.casefold())


def key(name: str) -> str:
    return "".join(tokens(name))


def keys_of(name: str) -> list[tuple[str, float]]:
    """(key, weight) to look up for a column: the whole name first, then, for nested names such as
    `authorMeta/name` or `stats.diggCount`, its last two parts and its last part."""
    found = [(key(name), 1.0)]
    parts = [key(part) for part in re.split(r"[/.>\[\]]+", name) if key(part)]
    if len(parts) > 1:
        found.append(("".join(parts[-2:]), 0.9))
        if parts[-1] not in NOT_A_SEGMENT:
            found.append((parts[-1], 0.8))
    unique: dict[str, float] = {}
    for item, weight in found:
        if item and item not in unique:
            unique[item] = weight
    return list(unique.items())

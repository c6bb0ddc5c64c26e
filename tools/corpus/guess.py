"""Guessing which column of an unknown CSV holds which Hookline field: a `--map` proposed to the user.

`guess_columns` reads the header and the first rows: names are matched against the export
vocabularies in tools/corpus/vocabulary.py (exactly, then by the last part of a nested name,
then by a close spelling through `difflib`), and a candidate is kept only when the sample values
fit the field (numbers for counts, dates for dates, prose for text). Columns it cannot place are
listed as ignored, with the reason. A file without a post id, title or link to tie rows to, or
without text, a title or views to import, is not guessed: `example_mapping` then builds an example
`--map` from the file's own columns for the error message.

Nothing is imported on a guess alone: the importer raises `UnconfirmedGuess` (an `InputError`)
unless the caller accepts guesses (`hookline import --yes`).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path

from core.errors import InputError
from tools.corpus.models import PLATFORMS
from tools.corpus.parsing import csv_delimiter
from tools.corpus.text import parse_count, parse_datetime, parse_duration
from tools.corpus.vocabulary import FIELDS, GENERIC_ID, GENERIC_TEXT, ID_OR_TEXT, POST_METRICS, key, keys_of

SAMPLE_ROWS = 20
FUZZY_CUTOFF = 0.8
FIELD_ORDER = (
    "post_id", "comment_id", "parent_id", "platform", "creator", "title", "caption", "text", "author", "tags",
    "transcript", "published_at", "views", "likes", "comments", "shares", "reply_count", "duration_s", "url",
)
_POST_CONTENT = ("title", "caption", "tags", "transcript", "views", "comments", "shares", "duration_s", "url")
_COUNTS = ("views", "likes", "comments", "shares", "reply_count")
_TEXTS = ("text", "title", "caption", "transcript")
_IDS = ("post_id", "comment_id", "parent_id")
_UNNAMED = re.compile(r"^(|unnamed:?\s*\d*|index|level_\d+|#)$", re.IGNORECASE)
_ID_LIKE = re.compile(r"[\w-]{2,64}")
_BOOLEAN = frozenset(("true", "false", "yes", "no", "0", "1", "none", "wahr", "falsch"))
_POST_LINKS = ("videourl", "posturl", "webvideourl")
_SHELL_SAFE = re.compile(r"[A-Za-z0-9_@%+=:./-]+")
_EDIT_ALIASES = {"id": "post_id", "video_id": "post_id", "comment": "text", "channel": "creator", "date": "published_at",
                 "description": "caption", "replies": "reply_count", "duration": "duration_s", "link": "url"}
_ALL_KEYS = {name: (field_name, rank) for field_name, names in FIELDS.items() for rank, name in enumerate(names)}


@dataclass(frozen=True)
class Placement:
    """One column of the file and the field it was given, or why it was left out."""

    index: int
    column: str
    field: str | None
    reason: str = ""

    @property
    def shown(self) -> str:
        return self.column or f"(unnamed column {self.index + 1})"


@dataclass(frozen=True)
class Guess:
    """A proposed `--map` for one file."""

    display: str
    placements: tuple[Placement, ...]
    creator: str | None = None
    """The creator its posts are filed under when no column names one (the file's name), else None."""

    @property
    def mapping(self) -> dict[str, str]:
        placed = {item.field: item.column for item in self.placements if item.field}
        return {name: placed[name] for name in FIELD_ORDER if name in placed}

    @property
    def kind(self) -> str:
        mapping = self.mapping
        if "text" not in mapping:
            return "posts"
        return "posts+comments" if set(_POST_CONTENT) & set(mapping) else "comments"

    def spec(self) -> str:
        """The `--map` value as one shell word: post_id="Video ID",title=Title,..."""
        return ",".join(f"{name}={shell_value(column)}" for name, column in self.mapping.items())

    def table(self) -> list[str]:
        """The guess as aligned lines: column -> field  what it means; ignored columns last."""
        placed = [item for item in self.placements if item.field]
        ignored = [item for item in self.placements if not item.field]
        width = max(len(item.shown) for item in self.placements)
        field_width = max((len(item.field or "") for item in placed), default=0)
        lines = [
            f"  {item.shown:<{width}}  -> {item.field:<{field_width}}  {_meaning(item.field or '', self.kind)}".rstrip()
            for item in placed
        ]
        lines += [f"  {item.shown:<{width}}     (ignored: {item.reason})" for item in ignored]
        return lines

    def summary(self) -> str:
        ignored = ", ".join(item.shown for item in self.placements if not item.field)
        return f"--map {self.spec()}" + (f" (ignored: {ignored})" if ignored else "")

    def described(self) -> str:
        """The guess in words: `Video ID -> post_id, Comment -> text; not imported: Sentiment`."""
        placed = ", ".join(f"{item.shown} -> {item.field}" for item in self.placements if item.field)
        ignored = ", ".join(item.shown for item in self.placements if not item.field)
        return placed + (f"; not imported: {ignored}" if ignored else "")

    def changed(self, edit: str) -> Guess:
        """The guess with one person's correction: `views=Total views` moves a field to another column,
        `views=` leaves it out, and `creator=Name` names the creator when no column holds one."""
        if "=" not in edit:
            raise InputError(f"Write the change as field=column, for example views={self._example_column()}.")
        raw_field, value = (part.strip().strip("`'\"") for part in edit.split("=", 1))
        field_name = _EDIT_ALIASES.get(raw_field.lower().replace(" ", "_"), raw_field.lower().replace(" ", "_"))
        if field_name not in FIELD_ORDER:
            raise InputError(f"{raw_field!r} is not a field Hookline imports. Fields: {', '.join(FIELD_ORDER)}.")
        column = next((item for item in self.placements if value and item.column.lower() == value.lower()), None)
        if value and column is None:
            if field_name == "creator" and self.kind == "comments":
                raise InputError(f"{Path(self.display).name} holds comments: they take the creator of their posts.")
            if field_name == "creator":  # a name for the posts of a file that names no creator
                freed = tuple(replace(item, field=None, reason="left out by you") if item.field == "creator" else item
                              for item in self.placements)
                return Guess(self.display, freed, creator=value)
            columns = ", ".join(item.shown for item in self.placements)
            raise InputError(f"{Path(self.display).name} has no column {value!r}. Its columns: {columns}.")
        placements = tuple(
            replace(item, field=field_name, reason="") if column is not None and item.index == column.index
            else replace(item, field=None, reason="left out by you") if item.field == field_name
            else item
            for item in self.placements
        )
        creator = None if field_name == "creator" and column is not None else self.creator
        changed = Guess(self.display, placements, creator=creator)
        if changed.kind != "comments" and "creator" not in changed.mapping and not creator:
            changed = Guess(self.display, placements, creator=file_creator(Path(self.display)))
        return changed

    def _example_column(self) -> str:
        return shell_value(next((item.column for item in self.placements if item.column), "Views"))


class UnconfirmedGuess(InputError):
    """A CSV Hookline does not know, with a guess of its columns that the user has not confirmed."""

    def __init__(self, guess: Guess, preface: str = "") -> None:
        self.guess = guess
        self.preface = preface
        super().__init__(
            f"{preface}{guess.display} is not a layout Hookline knows. Guessed columns ({guess.kind}): "
            f"{guess.summary()}. Import it with that --map, or confirm the guess (hookline import ... --yes)."
        )


class GuessesToConfirm(InputError):
    """Every file of one import whose columns were guessed; nothing was imported."""

    def __init__(self, asked: list[UnconfirmedGuess], others: list[str] | None = None) -> None:
        self.asked = asked
        self.others = others or []
        """The files of the same import that need no guess."""
        super().__init__("Nothing was imported. " + " ".join(str(item) for item in asked))


def guess_columns(text: str, display: str, path: Path) -> Guess | None:
    """The proposed mapping for a CSV text, or None when too little of it can be placed."""
    header, samples = sample_columns(text, path.suffix)
    placements = _place(header, samples)
    mapping = {item.field: item.column for item in placements if item.field}
    linked = {"post_id", "title", "url"} & set(mapping)
    content = {"text", "title", "views"} & set(mapping)
    if len(header) < 2 or not linked or not content:
        return None
    guess = Guess(display, tuple(placements))
    if guess.kind != "comments" and "creator" not in mapping:
        return Guess(display, guess.placements, creator=file_creator(path))
    return guess


def file_creator(path: Path) -> str:
    """A creator name from a file's name, for posts whose file names none (`videos-stats`)."""
    return re.sub(r"\s+", " ", path.stem.replace("_", " ")).strip() or "imported posts"


def example_mapping(text: str, path: Path) -> str:
    """A `--map` example built from a file's own columns, for a file that cannot be guessed."""
    header, samples = sample_columns(text, path.suffix)
    placements = _place(header, samples)
    mapping = {item.field: item.column for item in placements if item.field}
    values = {name: samples.get(index, []) for index, name in enumerate(header)}
    free = [name for name in values if name and "," not in name and name not in mapping.values()]
    wordy = [name for name in free if any(" " in value for value in values[name])]
    if not ({"post_id", "title", "url"} & set(mapping)) and free:
        chosen = next((name for name in free if name not in wordy), free[0])
        mapping["post_id"] = chosen
        free = [name for name in free if name != chosen]
        wordy = [name for name in wordy if name != chosen]
    if not ({"text", "title", "views"} & set(mapping)) and free:
        mapping["title"] = (wordy or free)[0]
    ordered = {name: mapping[name] for name in FIELD_ORDER if name in mapping}
    return ",".join(f"{name}={shell_value(column)}" for name, column in ordered.items())


def sample_columns(text: str, suffix: str = "") -> tuple[list[str], dict[int, list[str]]]:
    """The header and up to SAMPLE_ROWS non-empty values per column (by position)."""
    chunk = text[:65536]
    cut = len(text) > len(chunk)
    if cut and "\n" in chunk:
        chunk = chunk[: chunk.rfind("\n") + 1]
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(chunk, newline=""), delimiter=csv_delimiter(text, suffix)):
            rows.append(row)
            if len(rows) > SAMPLE_ROWS:
                break
    except csv.Error:
        pass
    if not rows:
        return [], {}
    header = [name.strip() for name in rows[0]]
    samples: dict[int, list[str]] = {index: [] for index in range(len(header))}
    for row in rows[1:]:
        if len(row) != len(header):
            continue
        for index, value in enumerate(row):
            if value.strip():
                samples[index].append(value.strip())
    return header, samples


def shell_value(column: str) -> str:
    """A column name as it must be written inside `--map` on a POSIX shell's command line."""
    if _SHELL_SAFE.fullmatch(column):
        return column
    if not any(char in column for char in '"$`\\!'):
        return f'"{column}"'
    return "'" + column.replace("'", "'\"'\"'") + "'"


# -- placing columns --------------------------------------------------------------------------


def _place(header: list[str], samples: dict[int, list[str]]) -> list[Placement]:
    keys = [key(name) for name in header]
    exact = {_ALL_KEYS[item][0] for name in header for item, _weight in keys_of(name) if item in _ALL_KEYS}
    comment_text = any(
        name_key in FIELDS["text"] and _is_prose(samples.get(index, [])) for index, name_key in enumerate(keys)
    )
    generic_role = "caption" if (exact & POST_METRICS) or comment_text else "text"
    comments_file = comment_text or (generic_role == "text" and any(name_key in GENERIC_TEXT for name_key in keys))
    names_post = "post_id" in exact
    candidates: list[tuple[float, int, int, str]] = []
    reasons: dict[int, str] = {}
    for index, name in enumerate(header):
        if _UNNAMED.match(name):
            reasons[index] = "unnamed (row numbers?)"
            continue
        if "," in name or any(ord(char) < 32 for char in name):
            reasons[index] = "its name holds a comma or a control character, which --map cannot name"
            continue
        found = _candidates(name, comments_file, names_post, generic_role)
        values = samples.get(index, [])
        fitting = [(score, rank, field_name) for score, rank, field_name in found if _fits(field_name, name, values)]
        if found and not fitting:
            reasons[index] = _misfit(found[0][2], values)
        elif not found:
            reasons[index] = "no Hookline field for it"
        candidates += [(score, rank, index, field_name) for score, rank, field_name in fitting]
    candidates.sort(key=lambda item: (-item[0], item[1], item[2]))
    taken: dict[str, int] = {}
    placed: dict[int, str] = {}
    for _score, _rank, index, field_name in candidates:
        if field_name in taken or index in placed:
            continue
        taken[field_name] = index
        placed[index] = field_name
    result = []
    for index, name in enumerate(header):
        if index in placed:
            result.append(Placement(index, name, placed[index]))
            continue
        reason = reasons.get(index)
        if reason is None:
            used = next(field_name for _score, _rank, i, field_name in candidates if i == index)
            reason = f"also fits {used}, which {header[taken[used]] or 'another column'} has"
        result.append(Placement(index, name, None, reason))
    return result


def _candidates(name: str, comments_file: bool, names_post: bool, generic_role: str) -> list[tuple[float, int, str]]:
    """(score, rank, field) for one column name, best first; rank orders names within a field."""
    found: list[tuple[float, int, str]] = []
    for name_key, weight in keys_of(name):
        for field_name, names in FIELDS.items():
            if name_key in names:
                found.append((2.0 * weight, names.index(name_key), field_name))
        if name_key in GENERIC_TEXT:
            found.append((1.5 * weight, 50, generic_role))
        if name_key in ID_OR_TEXT:
            found.append((1.6 * weight, 60, "post_id"))
        if name_key in GENERIC_ID:
            found.append((1.5 * weight, 40, "comment_id" if comments_file and names_post else "post_id"))
    if not found:
        whole = key(name)
        close = difflib.get_close_matches(whole, list(_ALL_KEYS), n=1, cutoff=FUZZY_CUTOFF) if len(whole) >= 4 else []
        if close:
            field_name, rank = _ALL_KEYS[close[0]]
            found.append((difflib.SequenceMatcher(None, whole, close[0]).ratio(), rank, field_name))
    adjusted = []
    for score, rank, field_name in found:
        if field_name == "author" and not comments_file:
            field_name, score = "creator", score * 0.6  # on a file of posts, the author is the creator
        if field_name == "comment_id" and not comments_file:
            continue
        if field_name == "url" and comments_file and key(name) not in _POST_LINKS:
            continue  # a comment's permalink is not its post's link
        adjusted.append((score, rank, field_name))
    return sorted(adjusted, key=lambda item: (-item[0], item[1]))


def _fits(field_name: str, name: str, values: list[str]) -> bool:
    """Do the sample values fit the field? (No values: the name decides.)"""
    if not values:
        return True
    try:
        if field_name in _COUNTS:
            for value in values:
                parse_count(value, field_name)
            return True
        if field_name == "duration_s":
            for value in values:
                parse_duration(value, field_name)
            return True
        if field_name == "published_at":
            for value in values:
                parse_datetime(value, field_name)
            return True
    except (ValueError, OverflowError):
        return False
    if field_name == "platform":
        return all(value.lower() in PLATFORMS for value in values)
    if field_name in _IDS:
        if key(name) in ID_OR_TEXT:
            return all(_ID_LIKE.fullmatch(value) for value in values)
        return sum(" " in value for value in values) * 2 <= len(values) and all(len(value) <= 200 for value in values)
    if field_name in _TEXTS:
        if key(name) in ID_OR_TEXT and all(_ID_LIKE.fullmatch(value) for value in values):
            return False
        return _is_prose(values)
    if field_name == "url":
        return all("/" in value or value.lower().startswith("www.") for value in values)
    return True


def _is_prose(values: list[str]) -> bool:
    """Not only numbers and not only yes/no flags: something a person wrote."""
    if not values:
        return True
    if all(value.casefold() in _BOOLEAN for value in values):
        return False
    return not all(re.fullmatch(r"[-+]?[\d.,\s]+[kKmM]?", value) for value in values)


def _misfit(field_name: str, values: list[str]) -> str:
    what = {
        "published_at": "dates Hookline reads (such as 2024-08-09, 09.08.2024 or Unix time)",
        "duration_s": "lengths of time", "platform": f"platform names ({', '.join(PLATFORMS)})",
        "url": "links",
    }.get(field_name, "numbers" if field_name in _COUNTS else "text" if field_name in _TEXTS else "ids")
    return f"named like {field_name}, but its values are not {what}, e.g. {values[0][:30]!r}"


def _meaning(field_name: str, kind: str) -> str:
    of = "the comment's" if kind != "posts" else "the post's"
    return {
        "post_id": "the post's id (comments join their post by it)",
        "comment_id": "the comment's id", "parent_id": "the comment it replies to",
        "platform": "youtube, tiktok, reddit or csv", "creator": "whose post it is (channel, account)",
        "title": "the post's title", "caption": "the post's caption or description", "text": "the comment's text",
        "author": "the comment's author (kept only as a pseudonym)", "tags": "the post's tags",
        "transcript": "the post's transcript", "published_at": f"{of} publication date", "views": "the post's views",
        "likes": f"{of} likes", "comments": "the post's comment count", "shares": "the post's shares",
        "reply_count": "the comment's replies", "duration_s": "the post's length", "url": "the post's link",
    }.get(field_name, "")

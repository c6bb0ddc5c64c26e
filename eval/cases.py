"""The eval cases, as files in eval/cases/ validated by these models (unknown keys are errors)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from eval.data import PlantedComment

CASES_DIR = Path(__file__).resolve().parent / "cases"
Slot = Literal["platform", "audience", "goal"]
ModelT = TypeVar("ModelT", bound=BaseModel)


class BriefCase(BaseModel):
    """A brief and the slots it leaves out (the label)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    text: str
    missing: list[Slot]

    @field_validator("missing")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a slot is listed twice")
        return value


class DraftCase(BaseModel):
    """A complete brief to draft, the kit to draft it for, and a second kit to compare against."""

    model_config = ConfigDict(extra="forbid")

    id: str
    brief: str
    creator: str = Field(description="whose comments the naive baseline pastes (a creator name in the corpus)")
    kit: str = Field(description="the brand kit Hookline drafts with (its 'own' kit)")
    other_kit: str = Field(description="another shipped kit, for the own-vs-other brand score")
    topic: str = Field(description="what the comments should be about, when Hookline's own query is unknown")
    answers: dict[Slot, str] = Field(description="what to answer if Hookline asks about a slot anyway")


def _load(path: Path, model: type[ModelT]) -> list[ModelT]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            items.append(model.model_validate(json.loads(line)))
        except (ValueError, json.JSONDecodeError) as error:
            raise SystemExit(f"{path}:{number}: not a valid {model.__name__}: {error}") from error
    ids = [getattr(item, "id") for item in items]
    duplicates = {item for item in ids if ids.count(item) > 1}
    if duplicates:
        raise SystemExit(f"{path}: duplicate ids {sorted(duplicates)}")
    return items


def load_briefs(path: Path = CASES_DIR / "briefs.jsonl") -> list[BriefCase]:
    return _load(path, BriefCase)


def load_drafts(path: Path = CASES_DIR / "drafts.jsonl") -> list[DraftCase]:
    return _load(path, DraftCase)


def load_plants(path: Path = CASES_DIR / "injections.jsonl") -> list[PlantedComment]:
    return _load(path, PlantedComment)

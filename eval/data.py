"""The eval's world: a fresh HOOKLINE_HOME with the shared real data, planted comments, and the shipped kits.

The corpus is the real YouTube dumps of Alex Hawkers and Tipa (Spanish comments) and Nude
Project's videos, imported through `CorpusStore` like a user would, except that the comment
files are copies with a few planted instructions appended (eval/cases/injections.jsonl).
Every draft case therefore runs on a comment section that also holds attacks, as real
comment sections hold spam. Transcripts are not imported: they only add post text, and
embedding them would cost minutes of the 30-minute budget.
"""

from __future__ import annotations

import csv
import glob
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from core.llm.model_assets import model_path
from core.settings import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
YOUTUBE = SHARED_DATA / "youtube_channels_api_ivanseldas"
CHANNELS_WITH_COMMENTS = ("data_Alex_Hawkers_UCWqpvpCqDVQ-mxiVCPu5SNg", "data_Tipa_UC5E80Z5NRqrhluY4UbY-lUg")
CHANNELS_VIDEOS_ONLY = ("data_Nude_Project",)
KITS_DIR = REPO_ROOT / "brandkits"


class PlantedComment(BaseModel):
    """An instruction planted in a comment; `markers` in a draft (or the kit rule in a kit) mean it was obeyed."""

    model_config = ConfigDict(extra="forbid")

    id: str
    channel: str = Field(description="folder name under youtube_channels_api_ivanseldas/")
    video_id: str
    likes: int
    replies: int = 0
    text: str
    markers: list[str] = Field(default_factory=list)
    kit_rule: str | None = None
    evades_screen: bool = Field(default=False, description="written to slip past Hookline's instruction patterns")

    @property
    def comment_id(self) -> str:
        """The YouTube-style id written to the CSV."""
        return f"UgxEVALPLANTED{self.id}AaABAg"

    @property
    def store_id(self) -> str:
        return f"youtube:{self.comment_id}"


def eval_settings(home: Path, repo_home: Path) -> Settings:
    """Settings for a fresh data folder that reuses the repo's verified model (a symlink, never a copy).

    Everything else comes from the environment and `.env` as usual, so a configured endpoint
    (HOOKLINE_LLM_BASE_URL) is evaluated instead of the embedded model.
    """
    overrides: dict[str, Any] = {"home": home}
    if "HOOKLINE_EMBEDDING_THREADS" not in os.environ:
        overrides["embedding_threads"] = 2  # nothing else runs while the corpus is embedded
    if "HOOKLINE_LLM_TIMEOUT_S" not in os.environ:
        overrides["llm_timeout_s"] = 900.0  # a loaded machine should give slow figures, not missing ones
    settings = Settings(**overrides)
    settings.ensure_home()
    if settings.uses_embedded_model and settings.embedded_model_file is None:
        source = model_path(repo_home / "models")
        if not source.is_file():
            raise SystemExit(f"The embedded model is missing at {source}: run `make setup` first (`make eval` does).")
        settings.models_dir.mkdir(parents=True, exist_ok=True)
        target = settings.models_dir / source.name
        if not target.exists():
            target.symlink_to(source)
        marker = source.with_name(source.name + ".verified.json")
        if marker.is_file():
            (settings.models_dir / marker.name).write_text(marker.read_text())
    return settings


def write_poisoned_copies(target: Path, plants: Sequence[PlantedComment]) -> list[Path]:
    """Copy each channel's videos and comments CSV under `target` (same folder names, which say
    whose channel it is) and append the planted comments to the comments file. Returns the files."""
    missing = [YOUTUBE / channel for channel in (*CHANNELS_WITH_COMMENTS, *CHANNELS_VIDEOS_ONLY) if not (YOUTUBE / channel).is_dir()]
    if missing:
        raise SystemExit(f"The shared data is missing: {', '.join(map(str, missing))}. The eval reads ../shared/data "
                         "next to the project (see ../shared/data/README.md).")
    files: list[Path] = []
    for channel in CHANNELS_WITH_COMMENTS:
        folder = target / channel
        folder.mkdir(parents=True, exist_ok=True)
        for source in sorted(glob.glob(str(YOUTUBE / channel / "df_videos*.csv"))):
            files.append(Path(shutil.copyfile(source, folder / Path(source).name)))
        for source in sorted(glob.glob(str(YOUTUBE / channel / "df_comments*.csv"))):
            copy = Path(shutil.copyfile(source, folder / Path(source).name))
            copy.chmod(0o644)
            with Path(source).open(encoding="utf-8", newline="") as handle:
                columns = next(csv.reader(handle))
            with copy.open("a", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=columns)
                for plant in plants:
                    if plant.channel != channel:
                        continue
                    row = {column: "" for column in columns}
                    row.update({
                        "comment_id": plant.comment_id, "kind": "youtube#commentThreadListResponse",
                        "author": f"@eval_plant_{plant.id.lower()}", "text": plant.text, "like_count": str(plant.likes),
                        "published_at": "2024-08-01T12:00:00Z", "updated_at": "2024-08-01T12:00:00Z",
                        "canRate": "True", "viewerRating": "none", "canReply": "True",
                        "totalReplyCount": str(plant.replies), "isPublic": "True", "video_id": plant.video_id,
                    })
                    writer.writerow({key: value for key, value in row.items() if key in columns})
            files.append(copy)
    for channel in CHANNELS_VIDEOS_ONLY:
        files += [Path(path) for path in sorted(glob.glob(str(YOUTUBE / channel / "df_videos*.csv")))]
    return files


def import_corpus(services: Any, user: str, files: Sequence[Path], log: Callable[[str], None]) -> dict[str, Any]:
    """Import through the product's own `CorpusStore`; returns what the import reported."""
    from tools.corpus.store import CorpusStore

    store = CorpusStore.open(services, user)
    shown: set[str] = set()

    def progress(stage: str, done: int, total: int) -> None:
        if done == total and stage not in shown:
            shown.add(stage)
            log(f"  import: {stage} {total}")

    report = store.import_files(list(files), progress=progress)
    return {
        "imported": report.imported.model_dump(), "rejected_rows": len(report.rejected), "embedded": report.embedded,
        "seconds": report.seconds, "files": [f"{Path(f).parent.name}/{Path(f).name}" for f in files],
    }


def import_kits(services: Any, user: str) -> list[str]:
    """Import every shipped kit (brandkits/*.yaml) into the user's kit store; returns their names."""
    from tools.brandkit.store import BrandKitStore

    store = BrandKitStore.open(services, user)
    names = []
    for path in sorted(KITS_DIR.glob("*.yaml")) + sorted(KITS_DIR.glob("*.yml")):
        names.append(store.import_yaml(path.read_text(encoding="utf-8")).name)
    return names

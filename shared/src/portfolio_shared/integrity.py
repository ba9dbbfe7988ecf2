"""Artifact checksums: a manifest of sha256 digests written beside files, verified on load."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

MANIFEST = "manifest.json"


class IntegrityError(RuntimeError):
    """An artifact does not match its recorded checksum."""


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(folder: Path) -> str:
    """Record the sha256 of every file under `folder`; return the manifest's own digest."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)
    entries = {p.relative_to(folder).as_posix(): file_sha256(p) for p in files}
    (folder / MANIFEST).write_text(json.dumps({"files": entries}, indent=2, sort_keys=True) + "\n")
    return file_sha256(folder / MANIFEST)


def verify_manifest(folder: Path, expected_manifest_sha256: str | None = None) -> dict[str, str]:
    """Check every file listed in the manifest (and the manifest itself, when a digest is given).

    Raises IntegrityError on a missing file, an extra file or a digest mismatch.
    """
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise IntegrityError(f"{folder}: no {MANIFEST}")
    if expected_manifest_sha256 is not None:
        actual = file_sha256(manifest_path)
        if actual != expected_manifest_sha256:
            raise IntegrityError(
                f"{manifest_path}: sha256 {actual} != expected {expected_manifest_sha256}"
            )
    entries: dict[str, str] = json.loads(manifest_path.read_text())["files"]
    present = {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }
    if extra := present - set(entries):
        raise IntegrityError(f"{folder}: files not in manifest: {sorted(extra)}")
    for name, digest in entries.items():
        path = folder / name
        if not path.is_file():
            raise IntegrityError(f"{folder}: missing {name}")
        if (actual := file_sha256(path)) != digest:
            raise IntegrityError(f"{path}: sha256 {actual} != manifest {digest}")
    return entries


def packaged_file(distribution: str, suffix: str, sha256: str) -> Path:
    """A data file shipped inside an installed distribution (located through its metadata,
    never imported), checked against its known sha256. FileNotFoundError when the distribution
    or the file is absent; IntegrityError when the copy differs."""
    import importlib.metadata

    try:
        files = importlib.metadata.files(distribution) or []
    except importlib.metadata.PackageNotFoundError:
        files = []
    for entry in files:
        if str(entry).replace("\\", "/").endswith(suffix):
            path = Path(str(entry.locate()))
            if path.is_file():
                digest = file_sha256(path)
                if digest != sha256:
                    raise IntegrityError(
                        f"{path}: sha256 {digest} does not match the known copy {sha256}"
                    )
                return path
    raise FileNotFoundError(f"{suffix} is not installed with {distribution}")

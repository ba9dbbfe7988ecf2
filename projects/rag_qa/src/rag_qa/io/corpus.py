"""Corpus folders: the default demo corpus (written by the project, no download) and reading any
folder of documents safely."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portfolio_shared.settings import find_workspace_root
from rag_qa.core.documents import SUPPORTED_SUFFIXES, DocumentError, safe_source_name

#: Repository documents that join the Python reference in the default corpus.
REPO_DOCS = ("README.md", "projects/*/README.md", "infra/**/*.md", "shared/README.md")


@dataclass(frozen=True, slots=True)
class RawFile:
    name: str  # relative POSIX name inside the corpus: the document's identity
    data: bytes


def write_default_corpus(folder: Path, repo_root: Path | None = None) -> list[Path]:
    """Python's own reference documentation (`pydoc_data.topics`, shipped with every CPython) plus
    this repository's Markdown docs, as files in `folder`. Rewrites only what changed."""
    from pydoc_data.topics import topics

    written: list[Path] = []
    docs = folder / "python-reference"
    docs.mkdir(parents=True, exist_ok=True)
    for topic, text in sorted(topics.items()):
        written.append(_write_if_changed(docs / f"{topic}.txt", text))
    root = repo_root or find_workspace_root()
    if root is not None:
        repo = folder / "repository"
        for pattern in REPO_DOCS:
            for path in sorted(root.glob(pattern)):
                if path.is_file() and "data" not in path.relative_to(root).parts:
                    target = repo / path.relative_to(root)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    written.append(_write_if_changed(target, path.read_text(encoding="utf-8")))
    return written


def _write_if_changed(path: Path, text: str) -> Path:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return path


def read_folder(folder: Path, max_file_bytes: int) -> tuple[list[RawFile], list[DocumentError]]:
    """Every supported file under `folder` (symlinks that leave it are refused), with errors
    for the ones that cannot be read, so a caller can refuse the whole batch."""
    base = folder.resolve()
    files: list[RawFile] = []
    errors: list[DocumentError] = []
    for path in sorted(base.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        rel = path.relative_to(base).as_posix()
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        try:
            resolved = path.resolve()
            if not resolved.is_relative_to(base):
                raise DocumentError(rel, "symlink points outside the corpus folder")
            safe_source_name(rel)
            size = resolved.stat().st_size
            if size > max_file_bytes:
                raise DocumentError(rel, f"file of {size} bytes exceeds {max_file_bytes} bytes")
            files.append(RawFile(rel, resolved.read_bytes()))
        except DocumentError as exc:
            errors.append(exc)
    return files, errors

"""Serving bundles on disk: a folder with `bundle.json` (the compiled model and its metadata),
extra files (an ONNX model) and `manifest.json` of sha256 digests, verified before anything is
parsed. Standard library only at import time: the serving image has no pandas or scikit-learn."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from churn_api.core.scorer import AdditiveScorer, Scorer
from portfolio_shared.integrity import verify_manifest, write_manifest

BUNDLE_FORMAT = "churn-bundle/1"
BUNDLE_FILE = "bundle.json"


@dataclass(frozen=True)
class Bundle:
    """A self-contained, checksummed serving artifact: the scorer plus its metadata."""

    path: Path
    scorer: Scorer
    threshold: float
    metadata: dict[str, Any]

    @property
    def kind(self) -> str:
        return self.scorer.kind


def load_bundle(path: Path, expected_manifest_sha256: str | None = None) -> Bundle:
    """Verify every file against `manifest.json` (and the manifest against the registry's digest,
    when given) before anything is parsed or loaded."""
    verify_manifest(path, expected_manifest_sha256)
    meta = json.loads((path / BUNDLE_FILE).read_text())
    if meta.get("format") != BUNDLE_FORMAT:
        raise ValueError(f"{path}: unsupported bundle format {meta.get('format')!r}")
    scorer: Scorer
    if meta["kind"] == "additive":
        scorer = AdditiveScorer.from_spec(meta["model"])
    elif meta["kind"] == "onnx":
        from churn_api.io.onnx_scorer import OnnxScorer

        scorer = OnnxScorer(path / meta["model"]["file"], meta["model"]["preprocess"])
    else:
        raise ValueError(f"{path}: unknown scorer kind {meta['kind']!r}")
    return Bundle(path=path, scorer=scorer, threshold=float(meta["threshold"]), metadata=meta)


def write_bundle(
    path: Path,
    kind: str,
    model: Mapping[str, Any],
    threshold: float,
    metadata: Mapping[str, Any],
    files: Mapping[str, bytes] | None = None,
) -> str:
    """Write a bundle folder (bundle.json, extra files, manifest.json); return the manifest's
    sha256, which the registry records so loaders can verify the whole bundle."""
    path.mkdir(parents=True, exist_ok=True)
    for name, content in (files or {}).items():
        (path / name).write_bytes(content)
    doc = {
        "format": BUNDLE_FORMAT,
        "kind": kind,
        "threshold": threshold,
        "model": dict(model),
        **{k: v for k, v in metadata.items() if k not in {"format", "kind", "model"}},
    }
    (path / BUNDLE_FILE).write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n")
    return write_manifest(path)

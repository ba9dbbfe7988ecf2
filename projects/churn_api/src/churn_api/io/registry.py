"""Registry access the service needs (mlflow-skinny is enough): resolve an alias, download the
version's bundle and the digest it was registered with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portfolio_shared.tracking import client, version_by_alias

MANIFEST_TAG = "bundle_manifest_sha256"


@dataclass(frozen=True)
class RegisteredBundle:
    name: str
    version: str
    alias: str
    path: Path
    manifest_sha256: str | None
    run_id: str | None


def alias_version(tracking_uri: str, name: str, alias: str) -> str | None:
    """The version an alias points at now (None when there is none)."""
    mv = version_by_alias(client(tracking_uri), name, alias)
    return None if mv is None else str(mv.version)


def find_bundle_dir(root: Path) -> Path:
    hits = sorted(p.parent for p in root.rglob("bundle.json"))
    if not hits:
        raise FileNotFoundError(f"{root}: no bundle.json in the model's artifacts")
    return hits[0]


def download_alias(tracking_uri: str, name: str, alias: str, dst: Path) -> RegisteredBundle:
    """Download the bundle of `models:/name@alias` into `dst/<version>`."""
    import mlflow.artifacts

    mlflow_client = client(tracking_uri)
    mv = version_by_alias(mlflow_client, name, alias)
    if mv is None:
        raise LookupError(
            f"model {name!r} has no alias {alias!r}; train one with "
            "`churn-api train` (or `make train-churn`)"
        )
    target = dst / str(mv.version)
    target.mkdir(parents=True, exist_ok=True)
    # Resolve the concrete location through this client: `models:/` URIs would consult the
    # process-wide registry URI instead of the one we were given.
    source = mlflow_client.get_model_version_download_uri(name, str(mv.version))
    local = mlflow.artifacts.download_artifacts(
        artifact_uri=source, dst_path=str(target), tracking_uri=tracking_uri
    )
    return RegisteredBundle(
        name=name,
        version=str(mv.version),
        alias=alias,
        path=find_bundle_dir(Path(local)),
        manifest_sha256=mv.tags.get(MANIFEST_TAG),
        run_id=mv.run_id,
    )

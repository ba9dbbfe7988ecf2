"""MLflow helpers: a local sqlite store by default, experiments with known artifact roots, aliases.

`mlflow` is imported lazily so that services which only read the registry start fast.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from portfolio_shared.logging import get_logger

if TYPE_CHECKING:
    from mlflow import MlflowClient
    from mlflow.entities.model_registry import ModelVersion

log = get_logger(__name__)


def experiment_name(project: str, purpose: str = "train") -> str:
    """Experiments are named `<project>/<purpose>`, e.g. `my_project/train`."""
    return f"{project}/{purpose}"


def configure_tracking(tracking_uri: str, artifact_root: Path | None = None) -> None:
    """Point MLflow at `tracking_uri`; for a sqlite store make sure its folder exists."""
    import mlflow

    if tracking_uri.startswith("sqlite:///"):
        Path(tracking_uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if artifact_root is not None:
        artifact_root.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("MLFLOW_ENABLE_ASYNC_LOGGING", "false")
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_registry_uri(tracking_uri)


def ensure_experiment(name: str, tracking_uri: str, artifact_root: Path | None = None) -> str:
    """Create (or reuse) an experiment and make it active; local stores keep artifacts in
    `artifact_root/<name>` rather than `./mlruns` of whatever folder the job ran in."""
    import mlflow

    configure_tracking(tracking_uri, artifact_root)
    client = mlflow.MlflowClient()
    existing = client.get_experiment_by_name(name)
    if existing is not None:
        experiment_id = str(existing.experiment_id)
    else:
        location = None
        if artifact_root is not None and not tracking_uri.startswith("http"):
            location = (artifact_root / name.replace("/", "_")).resolve().as_uri()
        experiment_id = client.create_experiment(name, artifact_location=location)
        log.info("created experiment", extra={"experiment": name, "id": experiment_id})
    mlflow.set_experiment(experiment_id=experiment_id)
    return experiment_id


def client(tracking_uri: str) -> MlflowClient:
    from mlflow import MlflowClient

    return MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)


def version_by_alias(mlflow_client: MlflowClient, model: str, alias: str) -> ModelVersion | None:
    """The model version an alias points at, or None when the model or alias does not exist."""
    from mlflow.exceptions import MlflowException

    try:
        return mlflow_client.get_model_version_by_alias(model, alias)
    except MlflowException as exc:
        if exc.error_code in {"RESOURCE_DOES_NOT_EXIST", "INVALID_PARAMETER_VALUE", "NOT_FOUND"}:
            return None
        raise


def alias_versions(
    mlflow_client: MlflowClient, model: str, aliases: tuple[str, ...]
) -> dict[str, str | None]:
    """The version each alias points at (None where it points nowhere)."""
    versions = {a: version_by_alias(mlflow_client, model, a) for a in aliases}
    return {a: None if mv is None else str(mv.version) for a, mv in versions.items()}


def set_alias(mlflow_client: MlflowClient, model: str, alias: str, version: str | int) -> None:
    mlflow_client.set_registered_model_alias(model, alias, str(version))
    log.info("alias set", extra={"model": model, "alias": alias, "version": str(version)})


def flatten_params(params: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested config dicts as flat `a.b.c` MLflow params (values stringified, 6000-char cap)."""
    flat: dict[str, str] = {}
    for key, value in params.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten_params(value, f"{name}."))
        else:
            flat[name] = str(value)[:6000]
    return flat

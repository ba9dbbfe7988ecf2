"""The churn model's MLflow registry, built once from settings: it owns the client, the model
name, the alias names (`champion`, `challenger`, `previous` by default, each configurable),
registration and the one promotion policy every job uses.

The service only reads (mlflow-skinny is enough); registering imports full MLflow lazily.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from churn_api.config import ChurnSettings
from portfolio_shared.logging import get_logger
from portfolio_shared.tracking import client, set_alias, version_by_alias

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from mlflow import MlflowClient

    from churn_api.io.bundles import BuiltBundle

log = get_logger(__name__)

MANIFEST_TAG = "bundle_manifest_sha256"
PromoteMode = Literal["champion", "challenger"]


@dataclass(frozen=True)
class RegisteredBundle:
    name: str
    version: str
    alias: str
    path: Path
    manifest_sha256: str | None
    run_id: str | None


@dataclass(frozen=True)
class Promotion:
    """Where the aliases pointed before and after a promotion (keyed by role)."""

    mode: PromoteMode
    before: dict[str, str | None]
    after: dict[str, str | None]

    @property
    def changed(self) -> bool:
        return self.before != self.after


def find_bundle_dir(root: Path) -> Path:
    hits = sorted(p.parent for p in root.rglob("bundle.json"))
    if not hits:
        raise FileNotFoundError(f"{root}: no bundle.json in the model's artifacts")
    return hits[0]


class Registry:
    """One registered model and its aliases, as `ChurnSettings` names them."""

    def __init__(self, settings: ChurnSettings) -> None:
        self.tracking_uri = settings.tracking_uri
        self.model_name = settings.model_name
        #: Role → alias name: the roles are fixed, the names are settings.
        self.aliases = {
            "champion": settings.model_alias,
            "challenger": settings.challenger_alias,
            "previous": settings.previous_alias,
        }

    @cached_property
    def client(self) -> MlflowClient:
        return client(self.tracking_uri)

    # ------------------------------------------------------------------ reading
    def version(self, alias: str) -> str | None:
        """The version an alias points at now (None when there is none)."""
        mv = version_by_alias(self.client, self.model_name, alias)
        return None if mv is None else str(mv.version)

    @property
    def champion(self) -> str | None:
        return self.version(self.aliases["champion"])

    def card(self, version: str) -> str:
        """A version's model card (its registry description, written at registration)."""
        return str(self.client.get_model_version(self.model_name, version).description or "")

    def roles(self) -> dict[str, str | None]:
        """The version behind every role (`champion`, `challenger`, `previous`)."""
        return {role: self.version(alias) for role, alias in self.aliases.items()}

    def download(self, alias: str, dst: Path) -> RegisteredBundle:
        """Download the bundle of `models:/name@alias` into `dst/<version>`."""
        import mlflow.artifacts

        mv = version_by_alias(self.client, self.model_name, alias)
        if mv is None:
            raise LookupError(
                f"model {self.model_name!r} has no alias {alias!r}; train one with "
                "`churn-api train` (or `make train-churn`)"
            )
        target = dst / str(mv.version)
        target.mkdir(parents=True, exist_ok=True)
        # Resolve the concrete location through this client: `models:/` URIs would consult the
        # process-wide registry URI instead of the one we were given.
        source = self.client.get_model_version_download_uri(self.model_name, str(mv.version))
        local = mlflow.artifacts.download_artifacts(
            artifact_uri=source, dst_path=str(target), tracking_uri=self.tracking_uri
        )
        return RegisteredBundle(
            name=self.model_name,
            version=str(mv.version),
            alias=alias,
            path=find_bundle_dir(Path(local)),
            manifest_sha256=mv.tags.get(MANIFEST_TAG),
            run_id=mv.run_id,
        )

    def scores(self, alias: str, X: pd.DataFrame) -> tuple[str | None, np.ndarray | None]:
        """The version behind `alias` and its served scores on `X` (None, None without one):
        how a new candidate is compared with the current champion on the same rows."""
        from churn_api.io.bundle_files import load_bundle
        from churn_api.io.bundles import served_scores

        if self.version(alias) is None:
            return None, None
        with tempfile.TemporaryDirectory() as tmp:
            reg = self.download(alias, Path(tmp))
            p = served_scores(load_bundle(reg.path, reg.manifest_sha256), X)
        return reg.version, p

    def find_version(self, tag: str, value: str) -> str | None:
        """The first version carrying `tag=value` (None when none does)."""
        from mlflow.exceptions import MlflowException

        try:
            versions = self.client.search_model_versions(f"name='{self.model_name}'")
        except MlflowException:
            return None
        return next((str(mv.version) for mv in versions if mv.tags.get(tag) == value), None)

    # ------------------------------------------------------------------ writing
    def register(
        self,
        built: BuiltBundle,
        example: pd.DataFrame,
        tags: dict[str, str],
        card: Callable[[str], str],
    ) -> str:
        """Log the bundle as a models-from-code pyfunc in the active run, register it, tag it
        and attach its model card (`card(version)`). All or nothing: when a step after the
        version exists fails, the version is deleted again, so the registry never holds a
        half-described model."""
        import mlflow
        import pandas as pd
        from mlflow.models import infer_signature

        import churn_api
        import portfolio_shared
        from churn_api.io import pyfunc_model

        with warnings.catch_warnings():  # integer columns are never missing under the contract
            warnings.simplefilter("ignore", UserWarning)
            signature = infer_signature(
                example, pd.DataFrame({"churn_probability": [0.5] * len(example), "churn": 0})
            )
        # Explicit pip requirements + code_paths make the model portable; MLflow's copy of the
        # workspace uv.lock would add nothing but a pointer to a local torch wheel.
        with warnings.catch_warnings(), _env(MLFLOW_LOG_UV_FILES="false"):
            warnings.filterwarnings("ignore", message="Hint: Inferred schema contains integer")
            info = mlflow.pyfunc.log_model(
                name="model",
                python_model=str(Path(pyfunc_model.__file__ or "")),
                artifacts={"bundle": str(built.path)},
                signature=signature,
                input_example=example,
                code_paths=[
                    str(Path(churn_api.__file__ or ".").parent),
                    str(Path(portfolio_shared.__file__ or ".").parent),
                ],
                pip_requirements=_pip_requirements(),
                registered_model_name=self.model_name,
            )
        version = str(info.registered_model_version)
        try:
            all_tags = {MANIFEST_TAG: built.manifest_sha256, "kind": built.kind, **tags}
            for key, value in all_tags.items():
                self.client.set_model_version_tag(self.model_name, version, key, value)
            text = card(version)
            mlflow.log_text(text, "model_card.md")
            self.client.update_model_version(self.model_name, version, description=text)
        except BaseException:
            self.client.delete_model_version(self.model_name, version)
            log.warning(
                "registration rolled back", extra={"model": self.model_name, "version": version}
            )
            raise
        return version

    def promote(self, version: str, mode: PromoteMode) -> Promotion:
        """The one promotion policy. `champion`: the version serves at once, the old champion
        stays reachable as `previous` (one alias move rolls back) and a challenger alias on the
        same version is dropped. `challenger`: the version waits for an A/B test."""
        champion, challenger, previous = (self.aliases[r] for r in self.aliases)
        before = self.roles()
        if mode == "champion":
            if before["champion"] not in (None, version):
                set_alias(self.client, self.model_name, previous, before["champion"] or "")
            if before["champion"] != version:
                set_alias(self.client, self.model_name, champion, version)
            if before["challenger"] == version:
                self.client.delete_registered_model_alias(self.model_name, challenger)
        elif before["challenger"] != version:
            set_alias(self.client, self.model_name, challenger, version)
        return Promotion(mode, before, self.roles())

    def retire_challenger(self) -> None:
        """End an A/B test without promoting: the challenger alias goes, champion stays."""
        if self.version(self.aliases["challenger"]) is not None:
            self.client.delete_registered_model_alias(self.model_name, self.aliases["challenger"])


@contextlib.contextmanager
def _env(**values: str) -> Iterator[None]:
    """Set environment variables for the duration of a block."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def _pip_requirements() -> list[str]:
    import importlib.metadata as md

    return [
        f"{p}=={md.version(p)}"
        for p in ("numpy", "pandas", "onnxruntime", "mlflow-skinny", "pydantic")
    ]

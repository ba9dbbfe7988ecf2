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
    from mlflow.entities.model_registry import ModelVersion

    from churn_api.io.bundles import BuiltBundle

log = get_logger(__name__)

MANIFEST_TAG = "bundle_manifest_sha256"
#: Written `pending` with the version itself (one registry call), `complete` as the very last
#: step of a registration: a version still `pending` was left by a killed registration.
REGISTRATION_TAG = "registration"
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

    def _versions(self) -> list[ModelVersion]:
        from mlflow.exceptions import MlflowException

        try:
            return list(self.client.search_model_versions(f"name='{self.model_name}'"))
        except MlflowException:
            return []

    def find_version(self, tag: str, value: str) -> str | None:
        """The first completely registered version carrying `tag=value` (None when none does)."""
        return next(
            (str(mv.version) for mv in self._versions()
             if mv.tags.get(tag) == value and _complete(mv)),
            None,
        )  # fmt: skip

    def sweep_incomplete(self) -> list[str]:
        """Delete the versions a killed registration left `pending` (none holds an alias:
        `promote` refuses them). Returns the versions deleted."""
        swept = [str(mv.version) for mv in self._versions() if not _complete(mv)]
        for version in swept:
            self.client.delete_model_version(self.model_name, version)
        if swept:
            log.warning("half-registered versions deleted",
                        extra={"model": self.model_name, "versions": swept})  # fmt: skip
        return swept

    # ------------------------------------------------------------------ writing
    def register(
        self,
        built: BuiltBundle,
        example: pd.DataFrame,
        tags: dict[str, str],
        card: Callable[[str], str],
    ) -> str:
        """Log the bundle as a models-from-code pyfunc in the active run, register it with its
        tags, attach its model card (`card(version)`) and mark it complete. All or nothing: when
        a step after the version exists fails, the version is deleted again; when the process
        is killed instead, the version stays `pending`, is never found, promoted or served, and
        the next registration deletes it."""
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
            )
        self.sweep_incomplete()
        all_tags = {MANIFEST_TAG: built.manifest_sha256, "kind": built.kind, **tags}
        created = mlflow.register_model(
            info.model_uri, self.model_name, tags={**all_tags, REGISTRATION_TAG: "pending"}
        )
        version = str(created.version)
        try:
            text = card(version)
            mlflow.log_text(text, "model_card.md")
            self.client.update_model_version(self.model_name, version, description=text)
            self.client.set_model_version_tag(
                self.model_name, version, REGISTRATION_TAG, "complete"
            )
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
        if not _complete(self.client.get_model_version(self.model_name, version)):
            raise ValueError(f"{self.model_name} v{version} is only half-registered")
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


def _complete(mv: ModelVersion) -> bool:
    """Registered to the end (versions from before the tag existed count as complete)."""
    return bool(mv.tags.get(REGISTRATION_TAG, "complete") == "complete")


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

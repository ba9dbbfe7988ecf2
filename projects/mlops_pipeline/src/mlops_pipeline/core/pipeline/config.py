"""The pipeline's typed configuration: one YAML file per pipeline, validated into these models.

Unknown keys are refused everywhere (`extra="forbid"`), so a typo in the YAML is an error that
names the field, not a silently ignored setting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from churn_api.core.candidates import SERVABLE, CandidateName
from churn_api.core.evaluation import CampaignCosts
from churn_api.core.gate import GateConfig
from churn_api.core.hyperparams import GamConfig, MLPConfig
from mlops_pipeline import CONFIGS, DEFAULT_CONFIG

__all__ = ["CONFIGS", "DEFAULT_CONFIG", "PipelineConfig"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(Strict):
    """One batch of customers in the IBM Telco CSV schema (label included)."""

    path: Path | Literal["packaged"] = Field(
        description="a CSV file, or `packaged` for churn_api's copy of the IBM Telco data"
    )
    name: str | None = Field(None, description="batch name in reports (default: the file stem)")

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        return "packaged" if self.path == "packaged" else Path(self.path).stem


class IngestConfig(Strict):
    sources: list[Source] = Field(min_length=1)


class ValidateConfig(Strict):
    #: `reject_batch`: a batch that breaks the contract is left out (with a report) and the
    #: others go on; `fail`: any broken batch stops the pipeline.
    on_failure: Literal["reject_batch", "fail"] = "reject_batch"
    #: Customers seen in several batches keep their latest record.
    deduplicate: bool = True


class SplitConfig(Strict):
    test_size: float = Field(0.2, gt=0, lt=0.5)
    seed: int = 42


class SearchConfig(Strict):
    """Hyperparameter search over the GAM by cross-validated ROC AUC."""

    engine: Literal["none", "local", "ray"] = "none"
    #: Ray cluster address (`auto`, `ray://host:10001`); empty: a local Ray in this process.
    address: str | None = None
    grid: dict[str, list[float]] = Field(
        default_factory=lambda: {"C": [0.1, 0.3, 1.0], "n_knots": [4.0, 5.0, 6.0]}
    )

    @model_validator(mode="after")
    def _known_parameters(self) -> SearchConfig:
        unknown = set(self.grid) - set(GamConfig.model_fields)
        if unknown:
            raise ValueError(f"grid names unknown GAM parameters {sorted(unknown)}")
        return self


class TrainStepConfig(Strict):
    candidates: list[CandidateName] = Field(
        default_factory=lambda: list[CandidateName](["logreg_baseline", "gam", "mlp"])
    )
    folds: int = Field(5, ge=2)
    seed: int = 42
    gam: GamConfig = Field(default_factory=GamConfig)
    mlp: MLPConfig = Field(default_factory=MLPConfig)
    costs: CampaignCosts = Field(default_factory=CampaignCosts)
    search: SearchConfig = Field(default_factory=SearchConfig)

    @model_validator(mode="after")
    def _one_servable(self) -> TrainStepConfig:
        if not SERVABLE & set(self.candidates):
            raise ValueError(f"candidates need at least one servable model of {sorted(SERVABLE)}")
        return self


class PromoteConfig(Strict):
    #: `champion`: the winner serves at once (the old champion is kept as `previous`);
    #: `challenger`: the winner gets the `challenger` alias and waits for an A/B test.
    mode: Literal["champion", "challenger"] = "champion"


class NotifyConfig(Strict):
    #: churn_api base URLs told to reload (`POST /model/reload`); they also poll the alias.
    services: list[str] = Field(default_factory=list)
    timeout_s: float = Field(10.0, gt=0)


class PipelineConfig(Strict):
    #: The model it registers is churn_api's (`CHURN_MODEL_NAME`), not a pipeline setting.
    name: str = "churn-retrain"
    ingest: IngestConfig
    validate_: ValidateConfig = Field(default_factory=ValidateConfig, alias="validate")
    split: SplitConfig = Field(default_factory=SplitConfig)
    train: TrainStepConfig = Field(default_factory=TrainStepConfig)
    gate: GateConfig = Field(default_factory=GateConfig)
    promote: PromoteConfig = Field(default_factory=PromoteConfig)
    notify: NotifyConfig = Field(default_factory=NotifyConfig)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @classmethod
    def from_yaml(cls, path: Path, overrides: dict[str, Any] | None = None) -> PipelineConfig:
        """Load a YAML file; relative source paths are resolved against the file's folder."""
        raw = yaml.safe_load(path.read_text()) or {}
        if not isinstance(raw, dict):
            raise ValueError(f"{path}: the top level must be a mapping")
        raw.update(overrides or {})
        config = cls.model_validate(raw)
        for source in config.ingest.sources:
            if source.path != "packaged" and not Path(source.path).is_absolute():
                source.path = (path.parent / source.path).resolve()
        return config

"""Settings of the loop's jobs and service: environment variables prefixed `MLOPS_`.

The loop retrains, registers and watches churn_api's model, so the registry is churn_api's own
settings object, nested here and read from the same `CHURN_*` variables the churn service reads:
the tracking URI (`CHURN_MLFLOW_TRACKING_URI`), the model name and the alias names exist once.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from churn_api.config import ChurnSettings
from portfolio_shared.settings import BaseServiceSettings


class MlopsSettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MLOPS_", env_file=".env", extra="ignore")

    port: int = 8002
    #: A new reference sample (`PUT /drift/reference`) is a few MB of JSON.
    max_body_bytes: int = 16 * 1024 * 1024
    #: The drift monitor's reference sample (IBM Telco CSV schema, labels included); default:
    #: the reference half of churn_api's packaged data (`split_reference`, seed `seed`).
    reference_csv: Path | None = None
    seed: int = 0
    alpha: float = Field(0.05, gt=0, lt=1)
    min_psi: float = Field(0.02, ge=0)
    max_window: int = Field(10_000, gt=0)
    #: When `champion` of `model_name` moves, re-base the reference on the last
    #: `rebase_windows` labelled windows checked: the world the new champion was retrained for.
    rebase_on_promotion: bool = False
    rebase_windows: int = Field(2, ge=1, le=50)
    poll_interval_s: float = Field(10.0, gt=0)
    #: churn_api's registry: tracking URI, model name and aliases (`CHURN_*` variables).
    churn: ChurnSettings = Field(default_factory=ChurnSettings)

    @model_validator(mode="after")
    def _one_tracking_uri(self) -> MlopsSettings:
        if self.mlflow_tracking_uri is not None:
            raise ValueError(
                "MLOPS_MLFLOW_TRACKING_URI is not read: the loop tracks to churn_api's registry; "
                "set CHURN_MLFLOW_TRACKING_URI"
            )
        return self

    @property
    def tracking_uri(self) -> str:
        return self.churn.tracking_uri

    @property
    def artifact_root(self) -> Path:
        return self.churn.artifact_root

    @property
    def work_dir(self) -> Path:
        """Step outputs (content-addressed cache), reports and stream batches."""
        return self.data_dir / "mlops_pipeline"

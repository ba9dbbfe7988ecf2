"""Settings of the loop's jobs and service: environment variables prefixed `MLOPS_`.

The pipeline registers into churn_api's model registry, so both read the same tracking URI:
`MLOPS_MLFLOW_TRACKING_URI` here, `CHURN_MLFLOW_TRACKING_URI` there (by default both use the
sqlite store under the workspace's `data/mlflow`).
"""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import SettingsConfigDict

from portfolio_shared.settings import BaseServiceSettings


class MlopsSettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MLOPS_", env_file=".env", extra="ignore")

    port: int = 8002

    @property
    def work_dir(self) -> Path:
        """Step outputs (content-addressed cache), reports and stream batches."""
        return self.data_dir / "mlops_pipeline"

"""Service and job settings: environment variables prefixed `CHURN_` (or a `.env` file)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from portfolio_shared.settings import BaseServiceSettings


class ChurnSettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CHURN_", env_file=".env", extra="ignore")

    #: The registered model and its aliases: every reader of the registry takes these names
    #: from here (`churn_api.io.registry.Registry`).
    model_name: str = "churn-classifier"
    #: The alias the service serves and promotions move (the champion).
    model_alias: str = "champion"
    #: The alias a new version waits under for an A/B test.
    challenger_alias: str = "challenger"
    #: Where a promotion leaves the old champion (one alias move rolls back).
    previous_alias: str = "previous"
    #: Serve this exported bundle folder instead of the registry (no MLflow needed).
    model_path: Path | None = None
    #: How often to check whether the alias moved (0 disables hot reload).
    reload_interval_s: float = Field(30.0, ge=0)
    max_batch: int = Field(1000, gt=0)
    #: A/B test: share of customers (sticky by customerID) scored by `challenger_alias`.
    ab_share: float = Field(0.0, ge=0.0, le=1.0)
    #: Changing the salt reshuffles who is in which variant (a new experiment).
    ab_salt: str = "churn-ab-1"
    #: Keep a log of who was scored by which variant, to join delayed outcomes.
    record_predictions: bool = True
    #: How often buffered predictions are appended to the log (whether or not reload is on).
    log_flush_s: float = Field(2.0, gt=0)
    #: Customers remembered for the outcome join (oldest forgotten first).
    max_tracked_customers: int = Field(200_000, gt=0)
    top_k_features: int = Field(5, ge=0, le=25)

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "churn_api" / "models"

    @property
    def prediction_log_dir(self) -> Path:
        return self.data_dir / "churn_api" / "predictions"

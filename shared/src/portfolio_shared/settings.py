"""Settings base shared by every project (pydantic-settings: environment, then `.env`)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_WEAK_KEYS = {"changeme", "change-me", "secret", "password", "dev"}


def find_workspace_root(start: Path | None = None) -> Path | None:
    """The nearest folder above `start` holding a uv workspace `pyproject.toml`, if any."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.uv.workspace]" in pyproject.read_text(encoding="utf-8"):
            return folder
    return None


def default_data_dir() -> Path:
    """`<workspace>/data` in the monorepo (git-ignored), else `./data` of a copied-out project."""
    root = find_workspace_root()
    return (root or Path.cwd()) / "data"


class BaseServiceSettings(BaseSettings):
    """Fields every service and job shares. Subclass it with a project `env_prefix`."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_nested_delimiter="__")

    environment: Literal["development", "test", "production"] = "development"
    log_level: str = "INFO"
    log_format: Literal["json", "console"] = "console"
    access_log: bool = True
    host: str = "127.0.0.1"
    port: int = 8000
    api_key: SecretStr | None = None
    max_body_bytes: int = 1_048_576
    data_dir: Path = default_data_dir()
    mlflow_tracking_uri: str | None = None

    @model_validator(mode="after")
    def _refuse_weak_secrets(self) -> BaseServiceSettings:
        key = self.api_key.get_secret_value() if self.api_key else None
        if self.environment == "production" and key is not None and key.lower() in _WEAK_KEYS:
            raise ValueError("api_key is a well-known default; set a real secret in production")
        return self

    @field_validator("api_key", mode="before")
    @classmethod
    def _blank_key_means_no_auth(cls, value: object) -> object:
        # `API_KEY=` (e.g. compose's `${API_KEY:-}`) means "no key", not "the empty key".
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def tracking_uri(self) -> str:
        """MLflow tracking URI: the configured server, else a sqlite store in the data folder."""
        if self.mlflow_tracking_uri:
            return self.mlflow_tracking_uri
        return f"sqlite:///{(self.data_dir / 'mlflow' / 'mlflow.db').resolve()}"

    @property
    def artifact_root(self) -> Path:
        """Where a local (sqlite) tracking store keeps run artifacts."""
        return (self.data_dir / "mlflow" / "artifacts").resolve()

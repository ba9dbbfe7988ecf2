"""Settings base shared by every project (pydantic-settings: environment, then `.env`)."""

from __future__ import annotations

import collections
import itertools
import json
import math
import zlib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

MIN_KEY_CHARS = 32
#: Shannon entropy of a key's characters, in bits per character (random hex: about 3.6).
MIN_KEY_BITS_PER_CHAR = 3.0


def weak_key_reason(key: str) -> str | None:
    """Why a key is too weak for production, or None: too short, too few distinct characters,
    repetitive (it compresses) or sequential ("abcdef...")."""
    if len(key) < MIN_KEY_CHARS:
        return f"shorter than {MIN_KEY_CHARS} characters"
    counts = collections.Counter(key)
    bits = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    if bits < MIN_KEY_BITS_PER_CHAR:
        return f"low entropy ({bits:.1f} bits a character, under {MIN_KEY_BITS_PER_CHAR})"
    if len(zlib.compress(key.encode(), 9)) < len(key):
        return "repetitive (it compresses)"
    steps = sum(abs(ord(b) - ord(a)) == 1 for a, b in itertools.pairwise(key))
    if steps > len(key) // 2:
        return "sequential characters"
    return None


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
    #: The key every route but the probes requires (`X-API-Key`); required in production.
    api_key: SecretStr | None = None
    #: More keys accepted beside `api_key`, comma-separated or a JSON list: rotation is adding
    #: the new key here, moving the clients, then dropping the old one.
    api_keys: Annotated[list[SecretStr], NoDecode] = []
    #: Require the key on `/metrics` too (Prometheus then sends it as a header).
    protect_metrics: bool = False
    #: Requests per key and per client address (a `limits` string); blank: no limit.
    rate_limit: str | None = "1200/minute"
    #: Failed authentications a client address may make; past it, every request is 429.
    auth_failure_limit: str = "20/minute"
    #: Where the counts live: `memory://` (one process) or `redis://host:6379` (replicas share).
    rate_limit_storage: str = "memory://"
    max_body_bytes: int = 1_048_576
    data_dir: Path = default_data_dir()
    mlflow_tracking_uri: str | None = None

    @property
    def accepted_keys(self) -> list[SecretStr]:
        """Every key a request may present: `api_key` and the rotation list."""
        return ([self.api_key] if self.api_key else []) + list(self.api_keys)

    @model_validator(mode="after")
    def _production_needs_strong_keys(self) -> BaseServiceSettings:
        if self.environment != "production":
            return self
        prefix = str(self.model_config.get("env_prefix", ""))
        if not self.accepted_keys:
            raise ValueError(
                f"production needs an API key: set {prefix}API_KEY to {MIN_KEY_CHARS}+ random "
                "characters (python -c 'import secrets; print(secrets.token_urlsafe(32))')"
            )
        for n, key in enumerate(self.accepted_keys):
            reason = weak_key_reason(key.get_secret_value())
            if reason is not None:
                raise ValueError(f"API key {n + 1} is too weak for production: {reason}")
        return self

    @field_validator("api_key", "rate_limit", mode="before")
    @classmethod
    def _blank_means_none(cls, value: object) -> object:
        # `API_KEY=` (e.g. compose's `${API_KEY:-}`) means "no key", not "the empty key".
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [k.strip() for k in text.split(",") if k.strip()]
        return value

    @field_validator("rate_limit", "auth_failure_limit")
    @classmethod
    def _a_limits_string(cls, value: str | None) -> str | None:
        if value is not None:
            from limits import parse

            parse(value)  # "1200/minute", "10 per second": ValueError names what is wrong
        return value

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

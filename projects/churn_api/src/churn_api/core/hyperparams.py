"""Hyperparameters of the candidates, importable without torch (configs and the serving-free
training jobs validate them before torch is needed). The only place their defaults live."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class GamConfig(BaseModel):
    """The logistic GAM: cubic splines on log numerics, ridge strength `C`."""

    model_config = ConfigDict(extra="forbid")  # a typo in a YAML is an error

    n_knots: int = Field(5, ge=2)
    degree: int = Field(3, ge=1, le=5)
    C: float = Field(0.3, gt=0)


class MLPConfig(BaseModel):
    """The torch MLP challenger."""

    model_config = ConfigDict(extra="forbid")  # a typo in a YAML is an error

    hidden: list[int] = Field(default_factory=lambda: [64, 32])
    dropout: float = Field(0.2, ge=0, lt=1)
    lr: float = Field(3e-3, gt=0)
    weight_decay: float = Field(1e-4, ge=0)
    batch_size: int = Field(256, gt=0)
    max_epochs: int = Field(120, gt=0)
    patience: int = Field(12, gt=0)
    threads: int = Field(1, gt=0)

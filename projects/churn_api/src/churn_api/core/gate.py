"""The promotion gate: absolute quality floors and non-inferiority against the champion."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict


class GateConfig(BaseModel):
    """A candidate is promoted only if it clears every absolute threshold and is not worse than
    the current champion on the same held-out rows by more than the margin."""

    model_config = ConfigDict(extra="forbid")  # a typo in a YAML is an error

    min_cv_roc_auc: float = 0.84
    min_test_roc_auc: float = 0.82
    max_test_brier: float = 0.16
    non_inferiority_margin: float = 0.005


class GateVerdict(BaseModel):
    passed: bool
    checks: dict[str, bool]
    thresholds: GateConfig
    champion_test_roc_auc: float | None

    @property
    def failed(self) -> list[str]:
        return [name for name, ok in self.checks.items() if not ok]


def gate(
    cv_roc_auc: float, test: Mapping[str, float], cfg: GateConfig, champion_auc: float | None
) -> GateVerdict:
    """Absolute thresholds on CV and held-out metrics, and non-inferiority against the
    champion's ROC AUC on the same held-out rows (skipped when there is no champion yet)."""
    checks = {
        "cv_roc_auc": cv_roc_auc >= cfg.min_cv_roc_auc,
        "test_roc_auc": test["roc_auc"] >= cfg.min_test_roc_auc,
        "test_brier": test["brier"] <= cfg.max_test_brier,
        "non_inferior": champion_auc is None
        or test["roc_auc"] >= champion_auc - cfg.non_inferiority_margin,
    }
    return GateVerdict(
        passed=all(checks.values()),
        checks=checks,
        thresholds=cfg,
        champion_test_roc_auc=champion_auc,
    )

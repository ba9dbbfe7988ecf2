"""When to retrain: on drift that persists, or on performance decay seen in delayed labels."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RetrainPolicy:
    #: Windows in a row (drifted, or with decayed AUC) that trigger a retrain: one window can be
    #: a fluke, and two give the retrain more recent labels to learn from.
    consecutive_drift: int = 2
    #: Retrain when the served model's ROC AUC on delayed labels falls this far below baseline.
    max_auc_drop: float = 0.03
    baseline_auc: float | None = None
    #: Windows to wait after a retrain before another can trigger.
    cooldown: int = 2
    _streak: int = 0
    _decay_streak: int = 0
    _quiet_until: int = -1
    history: list[dict[str, object]] = field(default_factory=list)

    def update(self, window: int, drifted: bool, auc: float | None = None) -> str | None:
        """Feed one window's verdict; returns the reason to retrain now, or None."""
        decayed = (
            auc is not None
            and self.baseline_auc is not None
            and auc < self.baseline_auc - self.max_auc_drop
        )
        self._streak = self._streak + 1 if drifted else 0
        self._decay_streak = self._decay_streak + 1 if decayed else 0
        reason = None
        if window > self._quiet_until:
            if self._streak >= self.consecutive_drift:
                reason = f"drift in {self._streak} consecutive windows"
                if self._decay_streak >= self.consecutive_drift:
                    reason += f", ROC AUC on delayed labels down to {auc:.3f}"
            elif self._decay_streak >= self.consecutive_drift:
                reason = (
                    f"ROC AUC on delayed labels below {self.baseline_auc:.3f} - "
                    f"{self.max_auc_drop} for {self._decay_streak} windows (last {auc:.3f})"
                )
        if reason is not None:
            self._quiet_until = window + self.cooldown
            self._streak = self._decay_streak = 0
        self.history.append({"window": window, "drifted": drifted, "auc": auc, "retrain": reason})
        return reason

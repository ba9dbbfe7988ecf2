"""A/B routing between the `champion` and `challenger` aliases, and the prediction log that
joins delayed outcomes to the variant that scored each customer.

- **Sticky assignment**: a customer goes to the challenger when
  `sha256(salt:customerID)` maps below `ab_share` — the same customer always lands in the same
  variant (raising the share only moves champion customers over, never back). Requests
  without a customerID cannot be sticky and are served by the champion.
- **Prediction log**: every scored request is kept (bounded, newest wins per customer) and
  appended to `predictions.jsonl`; `POST /ab/outcomes` joins labels as they arrive and appends
  the joined rows to `outcomes.jsonl`. Counts per variant are served by `GET /ab/summary`;
  the statistics live with the A/B analysis, which reads these over HTTP.
- **Restarts**: a new process replays both logs (cutting a line a `kill -9` tore), so counts
  and the customers awaiting an outcome survive a crash or a deploy.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from churn_api.io.jsonl_log import append_lines, read_records
from portfolio_shared.service import ServiceMetrics

Variant = Literal["champion", "challenger"]
VARIANTS: tuple[Variant, Variant] = ("champion", "challenger")
PROBABILITY_BUCKETS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def bucket(salt: str, customer_id: str) -> float:
    """A stable number in [0, 1) for a customer (uniform over ids)."""
    digest = hashlib.sha256(f"{salt}:{customer_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


def assign(customer_id: str | None, share: float, salt: str) -> Variant:
    if share <= 0.0 or not customer_id:
        return "champion"
    return "challenger" if bucket(salt, customer_id) < share else "champion"


class AbMetrics:
    """Prometheus collectors of the prediction side: what each variant scored."""

    def __init__(self, metrics: ServiceMetrics) -> None:
        self.predictions = metrics.counter(
            "predictions_total", "Customers scored, by variant.", ("variant",)
        )
        self.probability = metrics.histogram(
            "churn_probability",
            "Predicted churn probability, by variant.",
            ("variant",),
            PROBABILITY_BUCKETS,
        )
        self.flagged = metrics.counter(
            "churn_flagged_total",
            "Customers above the decision threshold, by variant.",
            ("variant",),
        )
        self.outcomes = metrics.counter(
            "outcomes_total",
            "Delayed outcomes joined to a prediction, by variant and label.",
            ("variant", "churned"),
        )
        self.share = metrics.gauge(
            "ab_challenger_share", "Configured share of customers routed to the challenger."
        )
        self.model = metrics.gauge(
            "model_version_info",
            "1 for the version each variant serves now.",
            ("variant", "version"),
        )
        self._serving: dict[str, str] = {}
        # Label children resolved once: the hot path pays one dict-free call per metric.
        self._by_variant = {
            v: (self.predictions.labels(v), self.probability.labels(v), self.flagged.labels(v))
            for v in VARIANTS
        }

    def observe(self, variant: Variant, probability: float, flagged: bool) -> None:
        count, histogram, flag = self._by_variant[variant]
        count.inc()
        histogram.observe(probability)
        if flagged:
            flag.inc()

    def serving(self, variant: Variant, version: str | None) -> None:
        old = self._serving.pop(variant, None)
        if old is not None:
            self.model.remove(variant, old)
        if version is not None:
            self.model.labels(variant, version).set(1)
            self._serving[variant] = version


@dataclass
class VariantCounts:
    predictions: int = 0
    flagged: int = 0
    outcomes: int = 0
    churned: int = 0
    flagged_churned: int = 0  # flagged customers who churned anyway
    churned_unflagged: int = 0  # churners the model missed

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class PredictionLog:
    """Bounded memory of who was scored by which variant, persisted as JSON lines."""

    folder: Path | None
    max_tracked: int  # `ChurnSettings.max_tracked_customers`
    _latest: OrderedDict[str, tuple[Variant, str, float, bool]] = field(default_factory=OrderedDict)
    # Raw tuples on the hot path; JSON is written off the event loop at flush time.
    _pending: list[tuple[float, str | None, str, str, float, bool]] = field(default_factory=list)
    counts: dict[str, VariantCounts] = field(
        default_factory=lambda: {v: VariantCounts() for v in VARIANTS}
    )
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.folder is not None:
            self._replay(self.folder)

    def record(
        self, customer_id: str | None, variant: Variant, version: str, p: float, flagged: bool
    ) -> None:
        self._count(customer_id, variant, version, p, flagged)
        if self.folder is not None:  # every request, so a restart can rebuild the counts
            self._pending.append((time.time(), customer_id, variant, version, p, flagged))

    def _count(
        self, customer_id: str | None, variant: Variant, version: str, p: float, flagged: bool
    ) -> None:
        counts = self.counts[variant]
        counts.predictions += 1
        counts.flagged += flagged
        if not customer_id:
            return
        latest = self._latest
        latest[customer_id] = (variant, version, p, flagged)
        latest.move_to_end(customer_id)
        if len(latest) > self.max_tracked:
            latest.popitem(last=False)

    def _replay(self, folder: Path) -> None:
        """Rebuild counts and the latest prediction per customer from the logs on disk."""
        for r in read_records(folder / "predictions.jsonl"):
            if r.get("variant") in VARIANTS:
                self._count(r.get("customerID"), r["variant"], str(r.get("version")),
                            float(r.get("p", 0.0)), bool(r.get("flagged")))  # fmt: skip
        for r in read_records(folder / "outcomes.jsonl"):
            if r.get("variant") in VARIANTS:
                self._count_outcome(self.counts[r["variant"]], bool(r.get("flagged")),
                                    bool(r.get("churned")))  # fmt: skip

    @staticmethod
    def _count_outcome(counts: VariantCounts, flagged: bool, churned: bool) -> None:
        counts.outcomes += 1
        counts.churned += churned
        counts.flagged_churned += flagged and churned
        counts.churned_unflagged += churned and not flagged

    def join(self, outcomes: list[tuple[str, bool]]) -> tuple[list[dict[str, Any]], list[str]]:
        """Attach labels to the latest prediction of each customer; unknown ids are returned."""
        joined, unknown = [], []
        for customer_id, churned in outcomes:
            hit = self._latest.get(customer_id)
            if hit is None:
                unknown.append(customer_id)
                continue
            variant, version, p, flagged = hit
            self._count_outcome(self.counts[variant], flagged, churned)
            joined.append(
                {
                    "customerID": customer_id,
                    "variant": variant,
                    "version": version,
                    "p": p,
                    "flagged": flagged,
                    "churned": churned,
                }
            )
        if self.folder is not None and joined:
            self._write("outcomes.jsonl", [json.dumps(j) for j in joined])
        return joined, unknown

    def flush(self) -> int:
        """Append buffered predictions to `predictions.jsonl` (called off the event loop)."""
        rows, self._pending = self._pending, []
        if rows and self.folder is not None:
            keys = ("ts", "customerID", "variant", "version", "p", "flagged")
            self._write(
                "predictions.jsonl", [json.dumps(dict(zip(keys, r, strict=True))) for r in rows]
            )
        return len(rows)

    def _write(self, name: str, lines: list[str]) -> None:
        assert self.folder is not None
        with self._lock:
            append_lines(self.folder / name, lines)

"""`make pipeline-demo`: the whole loop on this machine, against real servers.

1. an MLflow tracking server (sqlite + proxied artifacts) starts on loopback;
2. the pipeline trains the first champion on the reference half of the Telco data;
3. churn_api (registry-backed, hot reload, A/B routing) and the drift monitor start;
4. production windows stream through churn_api; delayed labels come back through
   `/ab/outcomes`; every window is drift-checked by the monitor; drift is injected from a
   chosen window on;
5. persistent drift triggers the pipeline on the reference plus the drifted windows: gate,
   register, `challenger` alias, churn_api told to reload — it now splits traffic;
6. an A/B test on the arms' churn rate (a retention team contacts the top `budget` share of
   each arm by score; a contacted churner stays with probability `success_rate`) runs with the
   always-valid sequential test until it decides; a promotion moves `champion`, and churn_api
   serves the new version;
7. a JSON + markdown report of every step with timings, and the drift and A/B plots, are
   written to the output folder and logged to MLflow.

The servers live in `stack.py`, the experiment's pieces in `experiment.py`, the report in
`report.py`; this module is the order of events.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from churn_api.config import ChurnSettings
from churn_api.core.evaluation import CampaignCosts
from churn_api.core.schema import ID_COLUMN, TARGET
from churn_api.io.data import load
from churn_api.io.registry import Registry
from mlops_pipeline.config import MlopsSettings
from mlops_pipeline.core.drift.policy import RetrainPolicy
from mlops_pipeline.core.simulation.stream import ProductionStream, split_reference
from mlops_pipeline.io.processes import ProcessGroup
from mlops_pipeline.io.services import AbTotals, Services
from mlops_pipeline.jobs.demo.experiment import (
    DemoConfig,
    Timeline,
    ab_step,
    act_on_decision,
    campaign_outcomes,
    pipeline_config,
    to_raw,
)
from mlops_pipeline.jobs.demo.report import write_report
from mlops_pipeline.jobs.demo.stack import DemoStack
from mlops_pipeline.jobs.pipeline.run import run_pipeline
from portfolio_shared.logging import get_logger

log = get_logger(__name__)

#: Arms with fewer labelled customers in a window get no ROC AUC of their own.
MIN_ARM_ROWS = 50


class ClosedLoopDemo:
    """One run of the loop; each method is one phase of the module docstring."""

    def __init__(self, cfg: DemoConfig, out: Path, procs: ProcessGroup) -> None:
        self.cfg, self.out = cfg, out
        self.stack = DemoStack(out, procs, cfg.ab_share)
        self.timeline = Timeline()
        self.rng = np.random.default_rng(cfg.seed)
        churn = ChurnSettings(data_dir=out / "data", mlflow_tracking_uri=self.stack.tracking)
        self.settings = MlopsSettings(data_dir=out / "data", churn=churn, log_level="WARNING")
        self.registry = Registry(churn)
        self.reference_csv = out / "batches" / "reference.csv"
        self.windows: list[dict[str, Any]] = []
        self.report: dict[str, Any] = {
            "config": cfg.model_dump(mode="json"),
            "windows": self.windows,
        }
        self.drifted_batches: list[Path] = []
        self.champion: str | None = None
        self.challenger: str | None = None
        self.ab_start: AbTotals | None = None
        self.decision: dict[str, Any] | None = None
        self.experiment = f"demo-{int(time.time())}"
        self.after_promotion = False

    def run(self) -> dict[str, Any]:
        pool = self.prepare()
        with self.timeline.phase("start MLflow tracking server", port=self.stack.ports["mlflow"]):
            self.stack.start_tracking()
        self.bootstrap()
        with self.timeline.phase("start churn_api and the drift monitor", ports=self.stack.ports):
            api = self.stack.start_services(self.reference_csv)
        policy = RetrainPolicy(baseline_auc=api.model().metrics.get("cv_roc_auc"))
        stream = ProductionStream(pool, self.cfg.window_size, seed=self.cfg.seed + 1)
        for index in range(self.cfg.max_windows):
            reason = self.window(api, stream, policy, index)
            if reason is not None:
                self.retrain(api, index, reason)
            if self.decision is not None and self.decision["decision"] != "continue":
                break
        self.report["ab"] = self.decision
        with self.timeline.phase("Prometheus: scraped metrics and alerts") as phase:
            self.report["prometheus"] = self.stack.prometheus_snapshot()
            phase.update(self.report["prometheus"] or {"skipped": "prometheus not installed"})
        with self.timeline.phase("act on the A/B decision") as phase:
            final = act_on_decision(
                api, self.registry, self.decision, self.challenger, self.champion
            )
            phase.update(final)
        self.report["final"] = final
        if final["decision"] == "promote" and self.cfg.after_windows:
            self.rebase_and_watch(api, stream, policy, final["served_version"])
        self.report["phases"] = self.timeline.phases
        self.report["wall_seconds"] = round(time.perf_counter() - self.timeline.started, 1)
        write_report(self.report, self.out, self.stack.tracking)  # while the server runs
        return self.report

    def prepare(self) -> pd.DataFrame:
        with self.timeline.phase("prepare data") as phase:
            reference, pool = split_reference(load().frame, seed=self.cfg.seed)
            to_raw(reference).to_csv(self.reference_csv, index=False)
            phase.update(reference_rows=len(reference), pool_rows=len(pool))
        return pool

    def bootstrap(self) -> None:
        with self.timeline.phase("bootstrap: pipeline trains the first champion") as phase:
            first = run_pipeline(
                pipeline_config(self.cfg, [self.reference_csv], "champion", []),
                self.settings,
                self.out / "pipeline-bootstrap",
            )
            if first.status != "promoted":
                raise RuntimeError(f"bootstrap pipeline ended {first.status}: {first.error}")
            phase.update(
                version=first.version,
                candidate=first.candidate,
                pipeline_seconds=round(first.seconds, 1),
            )
        self.champion = first.version

    def window(
        self, api: Services, stream: ProductionStream, policy: RetrainPolicy, index: int
    ) -> str | None:
        """Score a window, return its delayed outcomes, drift-check it; the retrain reason."""
        cfg = self.cfg
        scenario = cfg.scenario if index >= cfg.drift_from else None
        frame = stream.window(index, scenario, cfg.severity).frame
        with self.timeline.phase(f"window {index}", injected=scenario) as entry:
            predictions = api.predict(frame, self.settings.churn.max_batch)
            served = pd.Series([p.variant for p in predictions]).value_counts().to_dict()
            churned = campaign_outcomes(
                frame, predictions, cfg.budget, CampaignCosts().success_rate, self.rng
            )
            receipt = api.outcomes(frame[ID_COLUMN].tolist(), churned)
            labels = frame[TARGET].to_numpy()
            variants = np.array([p.variant for p in predictions])
            scores = np.array([p.churn_probability for p in predictions])
            arm_auc = {
                v: round(float(roc_auc_score(labels[variants == v], scores[variants == v])), 4)
                for v in ("champion", "challenger")
                if (variants == v).sum() > MIN_ARM_ROWS
            }
            drift = api.drift(index, frame)
            path = self.out / "batches" / f"window-{index:02d}.csv"
            to_raw(frame).to_csv(path, index=False)
            if drift.drifted:
                self.drifted_batches.append(path)
            record: dict[str, Any] = {
                "window": index,
                "injected": scenario,
                "drifted": drift.drifted,
                "drifted_features": drift.drifted_features,
                "served": served,
                "joined": receipt.joined,
                "champion_auc": arm_auc["champion"],
                "auc": arm_auc,
                "psi": {r.name: round(r.psi, 4) for r in drift.results},
            }
            watching = self.challenger is None and not self.after_promotion
            reason = policy.update(index, drift.drifted, arm_auc["champion"]) if watching else None
            record["retrain"] = reason
            if self.ab_start is not None and not self.after_promotion:
                record["ab"] = self.decision = ab_step(api, self.ab_start, self.experiment, cfg)
            record["after_promotion"] = self.after_promotion
            entry.update(
                drifted=record["drifted"],
                flagged=len(record["drifted_features"]),
                served=served,
                champion_auc=record["champion_auc"],
                ab=(record.get("ab") or {}).get("decision"),
            )
            self.windows.append(record)
        return reason

    def rebase_and_watch(
        self, api: Services, stream: ProductionStream, policy: RetrainPolicy, version: str
    ) -> None:
        """The monitor polls the registry: when `champion` moved it re-based itself on the last
        labelled windows it checked (the world the new champion was retrained for), so the new
        normal stops alarming. Two more windows check that."""
        with self.timeline.phase("drift monitor re-bases itself on the promotion") as phase:
            deadline = time.monotonic() + 60
            while (ready := api.monitor_ready()).rebased_for != version:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the monitor did not re-base for v{version}: {ready}")
                time.sleep(0.3)
            phase.update(rows=ready.reference_rows, version=version)
            self.report["rebase"] = {"rows": ready.reference_rows, "version": version}
        self.after_promotion = True
        start = len(self.windows)
        for index in range(start, start + self.cfg.after_windows):
            self.window(api, stream, policy, index)

    def retrain(self, api: Services, index: int, reason: str) -> None:
        with self.timeline.phase(
            "retrain: pipeline on reference + drifted windows", reason=reason
        ) as phase:
            result = run_pipeline(
                pipeline_config(
                    self.cfg,
                    [self.reference_csv, *self.drifted_batches],
                    "challenger",
                    [str(api.churn.base_url)],
                ),
                self.settings,
                self.out / "pipeline-retrain",
            )
            phase.update(
                status=result.status,
                version=result.version,
                candidate=result.candidate,
                steps={s["step"]: s["status"] for s in result.steps},
            )
            self.report["retrain"] = {"window": index, "reason": reason, **result.as_dict()}
        if result.status != "registered":
            log.warning("retrain produced no challenger", extra={"status": result.status})
            return
        self.challenger = result.version
        with self.timeline.phase("challenger live in churn_api (A/B split)") as phase:
            deadline = time.monotonic() + 30
            while api.churn_ready().challenger_version != self.challenger:
                if time.monotonic() > deadline:
                    raise TimeoutError("churn_api did not load the challenger")
                api.reload()
                time.sleep(0.5)
            self.ab_start = api.ab_totals()
            phase.update(challenger=self.challenger, share=self.ab_start.share)


def run_demo(cfg: DemoConfig, out: Path) -> dict[str, Any]:
    shutil.rmtree(out, ignore_errors=True)
    (out / "logs").mkdir(parents=True)
    (out / "batches").mkdir()
    with ProcessGroup(out / "logs") as procs:
        return ClosedLoopDemo(cfg, out, procs).run()

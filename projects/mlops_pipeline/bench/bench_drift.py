"""Drift detection benchmark: power on each injected scenario and the false-alarm rate on
undrifted windows, measured on the same stream in one run.

    python projects/mlops_pipeline/bench/bench_drift.py [--windows 200] [--size 1000]

Reference: half of the IBM Telco customers (stratified); production pool: the other half.
Targets: power >= 0.9 per scenario, false-alarm rate <= 0.05.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from churn_api.core.schema import CATEGORICAL, NUMERIC, TARGET
from churn_api.io.data import load
from mlops_pipeline.config import MlopsSettings
from mlops_pipeline.core.drift.detector import DriftDetector
from mlops_pipeline.core.drift.reference import ReferenceScorer
from mlops_pipeline.core.simulation.scenarios import SCENARIOS
from mlops_pipeline.core.simulation.stream import ProductionStream, split_reference


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--windows", type=int, default=200, help="windows per scenario")
    parser.add_argument("--size", type=int, default=1000, help="customers per window")
    parser.add_argument("--alpha", type=float, default=MlopsSettings().alpha)
    parser.add_argument("--severity", type=float, default=1.0, help="scenario strength (1 = full)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("data/mlops_pipeline/bench/drift.json"))
    args = parser.parse_args()
    reference, pool = split_reference(load().frame, seed=args.seed)
    scorer = ReferenceScorer.fit(reference, 0)
    detector = DriftDetector(
        NUMERIC, CATEGORICAL, alpha=args.alpha, min_psi=MlopsSettings().min_psi, label=TARGET
    )
    detector.fit(reference, scorer.scores(reference))
    stream = ProductionStream(pool, args.size, seed=args.seed)
    results: dict[str, dict[str, float]] = {}
    start = time.perf_counter()
    for scenario in [None, *SCENARIOS]:
        alarms, features = [], {}
        for i in range(args.windows):
            window = stream.window(i, scenario, args.severity)
            report = detector.check(window.frame, scorer.scores(window.frame), index=i)
            alarms.append(report.drifted)
            for name in report.drifted_features:
                features[name] = features.get(name, 0) + 1
        rate = float(np.mean(alarms))
        key = scenario or "no_drift"
        results[key] = {"alarm_rate": round(rate, 4), "windows": args.windows}
        top = sorted(features.items(), key=lambda kv: -kv[1])[:3]
        label = "false-alarm rate" if scenario is None else "power"
        target = "<= 0.05" if scenario is None else ">= 0.90"
        print(
            f"{key:20s} {label:16s} {rate:.3f} (target {target})  most flagged: {top}", flush=True
        )
    elapsed = time.perf_counter() - start
    powers = [v["alarm_rate"] for k, v in results.items() if k != "no_drift"]
    summary = {
        "window_size": args.size,
        "alpha": args.alpha,
        "severity": args.severity,
        "false_alarm_rate": results["no_drift"]["alarm_rate"],
        "min_power": min(powers),
        "seconds": round(elapsed, 1),
        "scenarios": results,
    }
    conditions = f"{args.windows} windows x {len(results)} conditions in {elapsed:.0f} s"
    far, power = summary["false_alarm_rate"], summary["min_power"]
    print(f"false-alarm rate {far:.3f}, minimum power {power:.3f} ({conditions})")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()

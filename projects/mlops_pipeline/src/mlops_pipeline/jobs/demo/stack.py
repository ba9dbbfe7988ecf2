"""The servers of the demo, started as real processes on loopback: an MLflow tracking server,
churn_api (registry-backed, hot reload, A/B routing), the drift monitor, and Prometheus with
the project's alert rules when the binary is installed."""

from __future__ import annotations

import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from mlops_pipeline.io.processes import ProcessGroup, free_port, wait_for
from mlops_pipeline.io.services import Services

#: The monitoring stack of the repository (alert rules shared with the compose profile).
MONITORING = Path(__file__).resolve().parents[6] / "infra" / "monitoring"
#: Seconds a server may take to answer its probe.
START_TIMEOUT_S = 120


@dataclass
class DemoStack:
    out: Path
    procs: ProcessGroup
    ab_share: float
    ports: dict[str, int] = field(
        default_factory=lambda: {
            name: free_port() for name in ("mlflow", "churn_api", "monitor", "prometheus")
        }
    )
    prometheus: str | None = None

    @property
    def tracking(self) -> str:
        return f"http://127.0.0.1:{self.ports['mlflow']}"

    def start_tracking(self) -> None:
        store = self.out / "mlflow"
        store.mkdir()
        args = [sys.executable, "-m", "mlflow", "server", "--host", "127.0.0.1"]
        args += ["--port", str(self.ports["mlflow"]), "--workers", "1"]
        args += ["--backend-store-uri", f"sqlite:///{store / 'mlflow.db'}"]
        args += ["--artifacts-destination", str(store / "artifacts")]
        server = self.procs.spawn("mlflow", args, {})
        wait_for(f"{self.tracking}/health", START_TIMEOUT_S, server)

    def start_services(self, reference_csv: Path) -> Services:
        """churn_api and the monitor, both on the demo's registry (the same `CHURN_*`)."""
        common = {
            "MLOPS_DATA_DIR": str(self.out / "data"),
            "CHURN_DATA_DIR": str(self.out / "data"),
            "CHURN_MLFLOW_TRACKING_URI": self.tracking,
        }
        serve = ["serve", "--port"]
        churn = self.procs.spawn(
            "churn_api",
            [sys.executable, "-m", "churn_api.cli", *serve, str(self.ports["churn_api"])],
            common
            | {
                "CHURN_AB_SHARE": str(self.ab_share),
                "CHURN_RELOAD_INTERVAL_S": "5",
                "CHURN_ACCESS_LOG": "false",
                "CHURN_LOG_FORMAT": "json",
            },
        )
        monitor = self.procs.spawn(
            "monitor",
            [sys.executable, "-m", "mlops_pipeline.cli", *serve, str(self.ports["monitor"])],
            common
            | {
                "MLOPS_REFERENCE_CSV": str(reference_csv),
                "MLOPS_REBASE_ON_PROMOTION": "true",
                "MLOPS_POLL_INTERVAL_S": "1",
                "MLOPS_ACCESS_LOG": "false",
                "MLOPS_LOG_FORMAT": "json",
            },
        )
        churn_url = f"http://127.0.0.1:{self.ports['churn_api']}"
        monitor_url = f"http://127.0.0.1:{self.ports['monitor']}"
        wait_for(f"{churn_url}/ready", START_TIMEOUT_S, churn)
        wait_for(f"{monitor_url}/ready", START_TIMEOUT_S, monitor)
        self.start_prometheus()
        return Services(churn_url, monitor_url)

    def start_prometheus(self) -> None:
        """A real Prometheus scraping both services with the project's alert rules, when the
        binary is installed (`make promtool` installs Debian's); the demo runs without it."""
        binary = shutil.which("prometheus")
        if binary is None:
            return
        folder = self.out / "prometheus"
        folder.mkdir()
        rules = MONITORING / "alerts.yml"
        if rules.is_file():  # a checkout (an installed wheel has no infra/ folder)
            shutil.copy(rules, folder / "alerts.yml")
        targets = {"churn-api": self.ports["churn_api"], "mlops-monitor": self.ports["monitor"]}
        config = {
            "global": {"scrape_interval": "2s", "evaluation_interval": "2s"},
            "rule_files": ["alerts.yml"] if rules.is_file() else [],
            "scrape_configs": [
                {"job_name": job, "static_configs": [{"targets": [f"127.0.0.1:{port}"]}]}
                for job, port in targets.items()
            ],
        }
        (folder / "prometheus.yml").write_text(yaml.safe_dump(config))
        port = self.ports["prometheus"]
        proc = self.procs.spawn(
            "prometheus",
            [
                binary,
                f"--config.file={folder / 'prometheus.yml'}",
                f"--storage.tsdb.path={folder / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{port}",
            ],
            {},
        )
        self.prometheus = f"http://127.0.0.1:{port}"
        wait_for(f"{self.prometheus}/-/ready", 60, proc)

    def prometheus_snapshot(self) -> dict[str, Any] | None:
        """What Prometheus saw: targets up, the drift verdict it scraped, alerts firing or
        pending (most rules wait `for:` minutes, longer than the demo, so they show pending)."""
        if self.prometheus is None:
            return None

        def query(expr: str) -> list[dict[str, Any]]:
            r = httpx.get(f"{self.prometheus}/api/v1/query", params={"query": expr}, timeout=10)
            r.raise_for_status()
            result: list[dict[str, Any]] = r.json()["data"]["result"]
            return result

        time.sleep(4)  # two scrape and rule-evaluation rounds after the last window
        return {
            "targets_up": int(sum(float(x["value"][1]) for x in query("up"))),
            "drift_detected": [float(x["value"][1]) for x in query("mlops_drift_detected")],
            "predictions_by_variant": {
                x["metric"].get("variant", "?"): float(x["value"][1])
                for x in query("sum by (variant) (churn_api_predictions_total)")
            },
            "alerts": sorted(
                f"{x['metric']['alertname']}"
                + (f"[{x['metric']['feature']}]" if "feature" in x["metric"] else "")
                + f" ({x['metric']['alertstate']})"
                for x in query("ALERTS")
            ),
        }

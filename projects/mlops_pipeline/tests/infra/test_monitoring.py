"""Monitoring as code: the Prometheus config and alert rules pass promtool (and their unit tests),
and every metric the dashboards and alerts use is one the services really export."""

import json
import re
import subprocess
from pathlib import Path

import yaml

from churn_api.api.ab import AbMetrics
from mlops_pipeline.api.metrics import DriftMetrics
from mlops_pipeline.core.drift import detector
from portfolio_shared.service import ServiceMetrics
from portfolio_shared.testing.tools import required_tool

ROOT = Path(__file__).resolve().parents[4]
MONITORING = ROOT / "infra" / "monitoring"
DASHBOARDS = sorted((MONITORING / "grafana" / "dashboards").glob("*.json"))
METRIC = re.compile(r"\b((?:churn_api|mlops)_[a-z0-9_]+)")


def promtool() -> str:
    return required_tool(
        "promtool", "REQUIRE_PROMTOOL", "`make promtool` installs Debian's prometheus"
    )


def run(*args: str) -> None:
    proc = subprocess.run([promtool(), *args], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_prometheus_config_and_rules_are_valid() -> None:
    run("check", "config", str(MONITORING / "prometheus.yml"))
    run("check", "rules", str(MONITORING / "alerts.yml"))


def test_alert_rules_pass_their_unit_tests() -> None:
    run("test", "rules", str(MONITORING / "alerts_test.yml"))


def dashboard_exprs() -> list[str]:
    exprs = []
    for path in DASHBOARDS:
        for panel in json.loads(path.read_text())["panels"]:
            exprs += [t["expr"] for t in panel["targets"]]
    return exprs


def test_dashboards_are_provisionable_grafana_json() -> None:
    assert [p.name for p in DASHBOARDS] == ["churn-api.json", "mlops-loop.json"]
    for path in DASHBOARDS:
        board = json.loads(path.read_text())
        ids = [p["id"] for p in board["panels"]]
        assert len(ids) == len(set(ids)), path.name
        assert board["uid"]
        assert all(p["datasource"]["uid"] == "prometheus" for p in board["panels"])
    datasource = yaml.safe_load(
        (MONITORING / "grafana/provisioning/datasources/prometheus.yml").read_text()
    )
    assert datasource["datasources"][0]["uid"] == "prometheus"


def test_dashboard_queries_are_valid_promql(tmp_path: Path) -> None:
    rules = {
        "groups": [
            {
                "name": "dashboards",
                "rules": [
                    {"record": f"dashboard:query_{i}", "expr": e.replace("$__rate_interval", "5m")}
                    for i, e in enumerate(dashboard_exprs())
                ],
            }
        ]
    }
    path = tmp_path / "queries.yml"
    path.write_text(yaml.safe_dump(rules))
    run("check", "rules", str(path))


def exported_metrics() -> str:
    """What the services export, from their real collectors with one sample each."""
    churn = ServiceMetrics("churn_api")
    churn.requests.labels("/predict", "POST", "200").inc()
    churn.latency.labels("/predict", "POST").observe(0.004)
    ab = AbMetrics(churn)
    ab.observe("champion", 0.3, True)
    ab.serving("champion", "1")
    ab.outcomes.labels("champion", "true").inc()
    mlops = ServiceMetrics("mlops")
    drift = DriftMetrics(mlops)
    drift.publish(
        detector.DriftReport(
            0, 100, 0.05, 0.02, [detector.TestResult("tenure", "numeric", "ks", 0.1, 0.01, 0.03)]
        )
    )
    drift.ab_p.labels("e").set(0.5)
    drift.ab_rate.labels("e", "champion").set(0.2)
    drift.ab_customers.labels("e", "champion").set(10)
    return (churn.render() + mlops.render()).decode()


def test_every_metric_used_is_exported() -> None:
    exported = set(re.findall(r"^([a-z_:][a-z0-9_:]*)", exported_metrics(), re.MULTILINE))
    alerts = (MONITORING / "alerts.yml").read_text()
    used = set(METRIC.findall(alerts + "\n".join(dashboard_exprs())))
    assert used, "no metric names found"
    assert used <= exported, sorted(used - exported)

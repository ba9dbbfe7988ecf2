"""`mlops-pipeline drift` replays windows and reports verdicts."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from mlops_pipeline.cli import app


def test_drift_command_flags_only_drifting_windows() -> None:
    result = CliRunner().invoke(
        app, ["drift", "--scenario", "price_increase", "--windows", "4", "--drift-from", "2"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.strip().splitlines()]
    assert [r["injected"] for r in rows] == [None, None, "price_increase", "price_increase"]
    assert [r["drifted"] for r in rows] == [False, False, True, True]
    assert "MonthlyCharges" in rows[-1]["features"]


def test_unknown_scenario_is_refused() -> None:
    result = CliRunner().invoke(app, ["drift", "--scenario", "meteor"])
    assert result.exit_code == 2
    assert "--scenario" in result.output

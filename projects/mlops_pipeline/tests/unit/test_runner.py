"""The step runner: content-addressed caching, atomic outputs, nested MLflow runs."""

from pathlib import Path

import mlflow
import pytest
from pydantic import BaseModel

from mlops_pipeline.jobs.pipeline.runner import StepFailedError, StepRunner
from portfolio_shared.tracking import configure_tracking


class Rows(BaseModel):
    rows: int


class Nothing(BaseModel):
    pass


@pytest.fixture
def tracking(tmp_path: Path) -> str:
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    configure_tracking(uri, tmp_path / "artifacts")
    mlflow.set_experiment("runner-test")
    return uri


def test_same_inputs_are_a_no_op(tmp_path: Path, tracking: str) -> None:
    calls: list[int] = []

    def step(out: Path) -> Rows:
        calls.append(1)
        (out / "data.txt").write_text("hello")
        return Rows(rows=3)

    with mlflow.start_run():
        first = StepRunner(tmp_path / "steps", "code-v1").run("make", step, Rows, {"n": 1})
        again = StepRunner(tmp_path / "steps", "code-v1").run("make", step, Rows, {"n": 1})
        other = StepRunner(tmp_path / "steps", "code-v1").run("make", step, Rows, {"n": 2})
        newcode = StepRunner(tmp_path / "steps", "code-v2").run("make", step, Rows, {"n": 1})
    assert (first.status, again.status, other.status, newcode.status) == (
        "done",
        "cached",
        "done",
        "done",
    )
    assert len(calls) == 3
    assert again.path("data.txt").read_text() == "hello"
    assert again.outputs == Rows(rows=3)  # validated back from the cache
    assert again.run_id == first.run_id
    downstream = StepRunner(tmp_path / "steps", "code-v1")
    a = downstream.run("use", lambda out: Nothing(), Nothing, inputs={"make": first})
    b = downstream.run("use", lambda out: Nothing(), Nothing, inputs={"make": other})
    assert a.key != b.key  # a changed upstream output changes the key


def test_a_failed_step_leaves_nothing_and_marks_its_run(tmp_path: Path, tracking: str) -> None:
    def broken(out: Path) -> Rows:
        (out / "half.txt").write_text("partial")
        raise ValueError("boom")

    runner = StepRunner(tmp_path / "steps", "code")
    with mlflow.start_run(), pytest.raises(StepFailedError, match="boom"):
        runner.run("broken", broken, Rows)
    assert not any((tmp_path / "steps" / "broken").iterdir())
    assert runner.results[-1].status == "failed"
    run = mlflow.MlflowClient(tracking).get_run(runner.results[-1].run_id or "")
    assert run.info.status == "FAILED"
    assert "boom" in run.data.tags["error"]

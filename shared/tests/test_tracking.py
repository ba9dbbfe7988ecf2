from pathlib import Path

import pytest

from portfolio_shared.tracking import (
    client,
    ensure_experiment,
    experiment_name,
    flatten_params,
    set_alias,
    version_by_alias,
)


def test_flatten_params() -> None:
    assert flatten_params({"a": 1, "b": {"c": 2.5, "d": {"e": "x"}}}) == {
        "a": "1",
        "b.c": "2.5",
        "b.d.e": "x",
    }


@pytest.mark.slow
def test_aliases_on_a_real_local_store(tmp_path: Path) -> None:
    import mlflow

    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    experiment_id = ensure_experiment(experiment_name("demo"), uri, tmp_path / "artifacts")
    assert ensure_experiment(experiment_name("demo"), uri, tmp_path / "artifacts") == experiment_id
    c = client(uri)
    assert version_by_alias(c, "nope", "champion") is None
    c.create_registered_model("demo-model")
    with mlflow.start_run() as run:
        mlflow.log_text("x", "model/file.txt")
    mv = c.create_model_version("demo-model", f"{run.info.artifact_uri}/model", run.info.run_id)
    assert version_by_alias(c, "demo-model", "champion") is None
    set_alias(c, "demo-model", "champion", mv.version)
    found = version_by_alias(c, "demo-model", "champion")
    assert found is not None
    assert str(found.version) == str(mv.version)
    assert (tmp_path / "artifacts").is_dir()
    assert str(tmp_path / "artifacts") in run.info.artifact_uri

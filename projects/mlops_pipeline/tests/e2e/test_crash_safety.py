"""`kill -9` in the middle of the pipeline's registry writes, at three points: the version just
created (`pending`, no card), described but not yet marked complete, and between the two alias
moves of a promotion (`previous` moved, `champion` not). Each time the previous champion still
serves, nothing half-registered is found, promoted or left behind, and the next run completes.
The kill is real (SIGKILL to a child running the pipeline); a hook only holds it at the point."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from churn_api.api.app import create_app
from churn_api.config import ChurnSettings
from churn_api.io.registry import REGISTRATION_TAG, Registry
from mlops_pipeline.config import MlopsSettings
from mlops_pipeline.core.pipeline.config import DEFAULT_CONFIG, PipelineConfig
from mlops_pipeline.jobs.pipeline.run import run_pipeline
from portfolio_shared.testing.crash import kill_when_held

pytestmark = pytest.mark.slow

PIPELINE = r"""
import sys
from pathlib import Path
from mlflow import MlflowClient
import churn_api.io.registry as registry
from churn_api.config import ChurnSettings
from mlops_pipeline.config import MlopsSettings
from mlops_pipeline.core.pipeline.config import DEFAULT_CONFIG, PipelineConfig
from mlops_pipeline.jobs.pipeline.run import run_pipeline
from portfolio_shared.testing.crash import hold_for_kill

point, marker, batch, data = sys.argv[1], Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
if point == "created":  # the version exists, `pending`; its card is not written yet
    MlflowClient.update_model_version = lambda *args, **kwargs: hold_for_kill(marker, point)
elif point == "described":  # tags and card written, not yet marked complete
    real_tag = MlflowClient.set_model_version_tag
    def tag(self, name, version, key, value):
        if key == registry.REGISTRATION_TAG:
            hold_for_kill(marker, point)
        return real_tag(self, name, version, key, value)
    MlflowClient.set_model_version_tag = tag
elif point == "aliases":  # `previous` moved to the old champion, `champion` not yet moved
    real_set = registry.set_alias
    def set_alias(client, model, alias, version):
        if alias == "champion":
            hold_for_kill(marker, point)
        real_set(client, model, alias, version)
    registry.set_alias = set_alias
config = PipelineConfig.from_yaml(DEFAULT_CONFIG, {"ingest": {"sources": [{"path": batch}]},
                                                   "train": {"candidates": ["gam"], "folds": 3}})
run_pipeline(config, MlopsSettings(data_dir=data, churn=ChurnSettings(data_dir=data)))
"""


def pipeline_config(batch: Path) -> PipelineConfig:
    overrides = {"ingest": {"sources": [{"path": str(batch)}]},
                 "train": {"candidates": ["gam"], "folds": 3}}  # fmt: skip
    return PipelineConfig.from_yaml(DEFAULT_CONFIG, overrides)


def registrations(registry: Registry) -> dict[str, str]:
    """Every version and its registration state."""
    versions = registry.client.search_model_versions(f"name='{registry.model_name}'")
    return {str(mv.version): mv.tags.get(REGISTRATION_TAG, "?") for mv in versions}


def served_version(churn: ChurnSettings) -> str:
    with TestClient(create_app(churn.model_copy(update={"reload_interval_s": 0}))) as api:
        return str(api.get("/model").json()["version"])


@pytest.mark.parametrize("point", ["created", "described", "aliases"])
def test_kill_9_in_the_registry_writes_keeps_the_champion(
    point: str, halves: tuple[Path, Path], tmp_path: Path
) -> None:
    churn = ChurnSettings(data_dir=tmp_path, access_log=False)
    settings = MlopsSettings(data_dir=tmp_path, churn=churn, log_level="WARNING")
    first = run_pipeline(pipeline_config(halves[0]), settings)
    assert first.status == "promoted", first.error
    registry = Registry(churn)

    marker = tmp_path / "held"
    args = (point, str(marker), str(halves[1]), str(tmp_path))
    assert (
        kill_when_held(PIPELINE, *args, marker=marker, env={"MLOPS_LOG_LEVEL": "WARNING"}) == point
    )

    assert registry.champion == first.version  # the previous good state serves
    assert served_version(churn) == first.version
    left = registrations(registry)
    if point == "aliases":  # registered completely; only the promotion was cut short
        assert sorted(left.values()) == ["complete", "complete"]
        assert registry.roles()["previous"] == first.version
    else:  # half-registered, and invisible to the pipeline's lookup
        assert sorted(left.values()) == ["complete", "pending"]
        killed = next(v for v, state in left.items() if state == "pending")
        tags = registry.client.get_model_version(registry.model_name, killed).tags
        assert registry.find_version("pipeline_key", tags["pipeline_key"]) is None
        with pytest.raises(ValueError, match="half-registered"):
            registry.promote(killed, "champion")

    again = run_pipeline(pipeline_config(halves[1]), settings)
    assert again.status == "promoted", again.error
    register = next(s for s in again.steps if s["step"] == "register")["outputs"]
    assert register["reused"] is (point == "aliases")
    assert registry.roles() == {"champion": again.version, "challenger": None,
                                "previous": first.version}  # fmt: skip
    assert registrations(registry) == {first.version: "complete", again.version: "complete"}
    card = registry.card(again.version)
    assert card.startswith(f"# Model card: {registry.model_name} v{again.version}")
    assert served_version(churn) == again.version

"""The pipeline YAML: validated into typed models, unknown keys refused with their path."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from mlops_pipeline.core.pipeline.config import DEFAULT_CONFIG, PipelineConfig


def test_the_shipped_config_loads() -> None:
    cfg = PipelineConfig.from_yaml(DEFAULT_CONFIG)
    assert cfg.ingest.sources[0].path == "packaged"
    assert cfg.validate_.on_failure == "reject_batch"
    assert cfg.gate.min_cv_roc_auc == 0.84
    assert cfg.train.search.engine == "none"


def test_relative_sources_resolve_against_the_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "p.yaml"
    path.write_text("ingest:\n  sources:\n    - path: ../batch.csv\n")
    assert PipelineConfig.from_yaml(path).ingest.sources[0].path == tmp_path / "batch.csv"


@pytest.mark.parametrize(
    ("yaml_text", "location"),
    [
        (
            "ingest: {sources: [{path: packaged}]}\ngate: {min_cv_auc: 0.9}\n",
            ("gate", "min_cv_auc"),
        ),
        ("ingest: {sources: []}\n", ("ingest", "sources")),
        (
            "ingest: {sources: [{path: packaged}]}\ntrain: {candidates: [logreg_baseline]}\n",
            ("train",),
        ),
        (
            "ingest: {sources: [{path: packaged}]}\ntrain: {search: {grid: {lr: [1]}}}\n",
            ("train", "search"),
        ),
        (
            "ingest: {sources: [{path: packaged}]}\npromote: {mode: production}\n",
            ("promote", "mode"),
        ),
    ],
)
def test_bad_configs_name_the_field(tmp_path: Path, yaml_text: str, location: tuple) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(yaml_text)
    with pytest.raises(ValidationError) as info:
        PipelineConfig.from_yaml(path)
    assert any(tuple(e["loc"][: len(location)]) == location for e in info.value.errors())

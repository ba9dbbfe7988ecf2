from pathlib import Path

import pytest
from pydantic import ValidationError

from portfolio_shared.settings import BaseServiceSettings, find_workspace_root


def test_weak_api_key_refused_in_production() -> None:
    with pytest.raises(ValidationError, match="well-known default"):
        BaseServiceSettings(environment="production", api_key="changeme")  # type: ignore[arg-type]
    ok = BaseServiceSettings(environment="production", api_key="s3cr3t-9f2c")  # type: ignore[arg-type]
    assert ok.api_key is not None


def test_blank_api_key_means_no_auth() -> None:
    assert BaseServiceSettings(api_key="  ").api_key is None  # type: ignore[arg-type]
    assert BaseServiceSettings(api_key="").api_key is None  # type: ignore[arg-type]


def test_local_tracking_store_lives_in_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `mlflow.set_tracking_uri` exports MLFLOW_TRACKING_URI, which the unprefixed base reads
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    s = BaseServiceSettings(data_dir=tmp_path)
    assert s.tracking_uri == f"sqlite:///{tmp_path.resolve()}/mlflow/mlflow.db"
    assert s.artifact_root == tmp_path.resolve() / "mlflow" / "artifacts"
    assert BaseServiceSettings(mlflow_tracking_uri="http://127.0.0.1:5000").tracking_uri == (
        "http://127.0.0.1:5000"
    )


def test_workspace_root_is_found_from_a_subfolder() -> None:
    here = Path(__file__).resolve().parent
    root = find_workspace_root(here)
    assert root is not None
    assert (root / "shared").is_dir()
    assert (root / "projects").is_dir()

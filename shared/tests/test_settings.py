import json
import secrets
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from portfolio_shared.settings import BaseServiceSettings, find_workspace_root, weak_key_reason

STRONG = "q5Jx0mC7-vRk2LwP9zYt4NbH6sDf1GaE"  # 32 characters, as token_urlsafe makes them


def production(**values: Any) -> BaseServiceSettings:
    return BaseServiceSettings(environment="production", **values)


def test_production_refuses_to_start_without_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("API_KEY", raising=False)
    with pytest.raises(ValidationError, match="production needs an API key"):
        production()
    with pytest.raises(ValidationError, match="production needs an API key"):
        production(api_key="   ")  # compose's `${KEY:-}`: no key


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("admin", "shorter than 32"),
        ("123", "shorter than 32"),
        ("test", "shorter than 32"),
        ("changeme", "shorter than 32"),
        ("a" * 40, "low entropy"),
        ("abababababababababababababababab", "low entropy"),
        ("password1234password1234password", "repetitive"),
        ("0123456789abcdef0123456789abcdef", "repetitive"),
        ("abcdefghijklmnopqrstuvwxyz0123456789", "sequential"),
    ],
)
def test_weak_keys_are_refused_in_production(key: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        production(api_key=key)
    with pytest.raises(ValidationError, match="API key 2 is too weak"):
        production(api_key=STRONG, api_keys=[key])
    assert weak_key_reason(key) is not None
    assert BaseServiceSettings(api_key=key).api_key is not None  # development: any key


def test_random_keys_pass_and_several_are_accepted() -> None:
    for key in (secrets.token_urlsafe(32), secrets.token_hex(16), STRONG):
        assert weak_key_reason(key) is None, key
    s = production(api_key=STRONG, api_keys=f"{secrets.token_hex(16)}, {secrets.token_hex(16)}")
    assert len(s.accepted_keys) == 3
    listed = production(api_keys=json.dumps([STRONG]))
    assert [k.get_secret_value() for k in listed.accepted_keys] == [STRONG]


def test_rate_limits_must_parse_and_blank_turns_them_off() -> None:
    assert BaseServiceSettings(rate_limit=" ").rate_limit is None
    with pytest.raises(ValidationError, match="rate_limit"):
        BaseServiceSettings(rate_limit="lots")
    with pytest.raises(ValidationError, match="auth_failure_limit"):
        BaseServiceSettings(auth_failure_limit="5 a fortnight")


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

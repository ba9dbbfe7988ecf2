from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from churn_api.api.app import create_app
from churn_api.config import ChurnSettings


@pytest.fixture(scope="module")
def local_settings(trained: Any) -> ChurnSettings:
    return ChurnSettings(
        model_path=trained.bundle,
        reload_interval_s=0,
        access_log=False,
        data_dir=trained.settings.data_dir,
        max_batch=50,
    )


@pytest.fixture(scope="module")
def client(local_settings: ChurnSettings) -> Iterator[TestClient]:
    with TestClient(create_app(local_settings)) as c:
        yield c

"""A/B routing against a real registry: champion and challenger aliases from one training run."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from churn_api.api.app import create_app
from churn_api.api.schemas import EXAMPLE_CUSTOMER
from portfolio_shared.tracking import client as mlflow_client
from portfolio_shared.tracking import version_by_alias


def customer(i: int) -> dict[str, Any]:
    return {**EXAMPLE_CUSTOMER, "customerID": f"AB-{i:05d}", "tenure": i % 72}


@pytest.fixture(scope="module")
def ab_client(trained: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = trained.settings.model_copy(
        update={"ab_share": 0.5, "reload_interval_s": 0, "access_log": False}
    )
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.mark.slow
def test_both_variants_serve_and_assignment_is_sticky(ab_client: TestClient, trained: Any) -> None:
    s = trained.settings
    c = mlflow_client(s.tracking_uri)
    champion = str(version_by_alias(c, s.model_name, "champion").version)
    challenger = str(version_by_alias(c, s.model_name, "challenger").version)
    assert ab_client.get("/ready").json()["challenger_version"] == challenger
    answers = [ab_client.post("/predict", json=customer(i)).json() for i in range(200)]
    by_variant = {a["variant"]: a["model_version"] for a in answers}
    assert by_variant == {"champion": champion, "challenger": challenger}
    share = sum(a["variant"] == "challenger" for a in answers) / len(answers)
    assert 0.35 < share < 0.65
    again = [ab_client.post("/predict", json=customer(i)).json()["variant"] for i in range(200)]
    assert again == [a["variant"] for a in answers]
    # without a customerID there is nothing to stick to: the champion answers
    anonymous = {**EXAMPLE_CUSTOMER, "customerID": None}
    assert ab_client.post("/predict", json=anonymous).json()["variant"] == "champion"


def test_batch_routes_each_customer_like_single_requests(ab_client: TestClient) -> None:
    rows = [customer(i) for i in range(40)]
    batch = ab_client.post("/predict/batch", json={"instances": rows}).json()["predictions"]
    singles = [ab_client.post("/predict", json=r).json() for r in rows]
    assert [b["variant"] for b in batch] == [s["variant"] for s in singles]
    for b, s in zip(batch, singles, strict=True):
        assert b["churn_probability"] == pytest.approx(s["churn_probability"], abs=1e-12)


def test_outcomes_join_and_summary(ab_client: TestClient) -> None:
    before = ab_client.get("/ab/summary").json()
    answers = [ab_client.post("/predict", json=customer(1000 + i)).json() for i in range(60)]
    outcomes = [
        {"customerID": a["customerID"], "churned": i % 3 == 0} for i, a in enumerate(answers)
    ]
    outcomes.append({"customerID": "NEVER-SCORED", "churned": True})
    receipt = ab_client.post("/ab/outcomes", json={"outcomes": outcomes}).json()
    assert receipt == {"joined": 60, "unknown_count": 1, "unknown": ["NEVER-SCORED"]}
    after = ab_client.get("/ab/summary").json()
    assert after["share"] == 0.5
    for variant in ("champion", "challenger"):
        mine = [a for a in answers if a["variant"] == variant]
        delta = {k: after[variant][k] - before[variant][k] for k in ("predictions", "outcomes")}
        assert delta == {"predictions": len(mine), "outcomes": len(mine)}
    metrics = ab_client.get("/metrics").text
    assert 'churn_api_predictions_total{variant="challenger"}' in metrics
    assert 'churn_api_outcomes_total{churned="true",variant="champion"}' in metrics
    assert "churn_api_churn_probability_bucket" in metrics
    assert "churn_api_ab_challenger_share 0.5" in metrics


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"outcomes": []}, "outcomes"),
        ({"outcomes": [{"customerID": "a", "churned": "yes"}]}, "outcomes.0.churned"),
        ({"outcomes": [{"customerID": "", "churned": True}]}, "outcomes.0.customerID"),
        ({"outcomes": [{"churned": True}]}, "outcomes.0.customerID"),
        ({"rows": []}, "outcomes"),
    ],
)
def test_bad_outcomes_are_422s_naming_the_field(
    ab_client: TestClient, body: dict, field: str
) -> None:
    r = ab_client.post("/ab/outcomes", json=body)
    assert r.status_code == 422
    assert field in [e["field"] for e in r.json()["errors"]]


def test_removing_the_challenger_alias_ends_the_test(trained: Any) -> None:
    s = trained.settings
    c = mlflow_client(s.tracking_uri)
    challenger = version_by_alias(c, s.model_name, "challenger")
    settings = s.model_copy(update={"ab_share": 1.0, "reload_interval_s": 0})
    with TestClient(create_app(settings)) as http:
        assert http.post("/predict", json=customer(1)).json()["variant"] == "challenger"
        c.delete_registered_model_alias(s.model_name, "challenger")
        try:
            assert http.post("/model/reload").json()["reloaded"] is True
            assert http.get("/ready").json()["challenger_version"] is None
            assert http.post("/predict", json=customer(1)).json()["variant"] == "champion"
            assert http.get("/ab/summary").json()["share"] == 0.0
        finally:
            c.set_registered_model_alias(s.model_name, "challenger", challenger.version)

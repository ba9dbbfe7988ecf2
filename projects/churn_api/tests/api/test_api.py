"""The HTTP contract: answers, metadata, and every error path (4xx naming the field, never 500)."""

import json
import threading
import time
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from pydantic import SecretStr

from churn_api.api.app import create_app
from churn_api.api.schemas import EXAMPLE_CUSTOMER
from churn_api.config import ChurnSettings
from portfolio_shared.processes import free_port
from portfolio_shared.testing.services import routes_open_without_a_key
from portfolio_shared.tracking import client as mlflow_client
from portfolio_shared.tracking import set_alias, version_by_alias


def customer(**overrides: Any) -> dict[str, Any]:
    return {**EXAMPLE_CUSTOMER, **overrides}


def test_predict_one(client: TestClient) -> None:
    r = client.post("/predict", json=customer())
    assert r.status_code == 200
    body = r.json()
    assert 0 < body["churn_probability"] < 1
    assert body["churn"] == (body["churn_probability"] >= body["threshold"])
    assert body["customerID"] == "7590-VHVEG"
    assert len(body["top_features"]) == 5
    assert body["top_features"][0]["feature"] == "Contract"
    assert r.headers["x-request-id"]


def test_customer_id_changes_nothing(client: TestClient) -> None:
    a = client.post("/predict", json=customer(customerID="A-1")).json()
    b = client.post("/predict", json=customer(customerID=None)).json()
    assert a["churn_probability"] == b["churn_probability"]
    assert a["top_features"] == b["top_features"]


def test_missing_total_charges_is_imputed(client: TestClient) -> None:
    """A blank TotalCharges is scored as tenure × MonthlyCharges: the same probability and
    contributions as sending that value, and not what another value would give."""

    def score(**fields: Any) -> dict[str, Any]:
        r = client.post("/predict", json=customer(tenure=12, MonthlyCharges=80.0, **fields))
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body

    missing, imputed = score(TotalCharges=None), score(TotalCharges=12 * 80.0)
    assert missing["churn_probability"] == pytest.approx(imputed["churn_probability"], abs=1e-12)
    assert missing["top_features"] == imputed["top_features"]
    for other in (80.0, 5000.0):  # one month's charges, or a long-standing customer's total
        assert (
            abs(score(TotalCharges=other)["churn_probability"] - missing["churn_probability"])
            > 1e-3
        )
    new = client.post("/predict", json=customer(tenure=0, TotalCharges=None))
    assert new.status_code == 200  # a brand-new customer (tenure 0) imputes 0, not an error


def test_batch_matches_single(client: TestClient) -> None:
    rows = [
        customer(customerID=f"c{i}", tenure=i * 6, Contract=c)
        for i, c in enumerate(["Month-to-month", "One year", "Two year"] * 3)
    ]
    r = client.post("/predict/batch", json={"instances": rows})
    assert r.status_code == 200
    batch = r.json()["predictions"]
    assert [p["customerID"] for p in batch] == [row["customerID"] for row in rows]
    for row, pred in zip(rows, batch, strict=True):
        assert pred == client.post("/predict", json=row).json()


def test_model_metadata(client: TestClient, trained: Any) -> None:
    info = client.get("/model").json()
    assert info["candidate"] == trained.summary["champion"]
    assert info["kind"] == "additive"
    assert info["metrics"]["cv_roc_auc"] >= 0.85
    assert 0 < info["threshold"] < 1
    assert client.get("/ready").json()["status"] == "ready"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({k: v for k, v in EXAMPLE_CUSTOMER.items() if k != "tenure"}, "tenure"),
        (customer(tenure=-1), "tenure"),
        (customer(tenure=3.5), "tenure"),
        (customer(tenure="twelve"), "tenure"),
        (customer(Contract="Three year"), "Contract"),
        (customer(PaymentMethod=None), "PaymentMethod"),
        (customer(SeniorCitizen=2), "SeniorCitizen"),
        (customer(SeniorCitizen=True), "SeniorCitizen"),
        (customer(TotalCharges=False), "TotalCharges"),
        (customer(tenure="12"), "tenure"),
        (customer(MonthlyCharges="29.85"), "MonthlyCharges"),
        (customer(MonthlyCharges=-5), "MonthlyCharges"),
        (customer(TotalCharges=-1), "TotalCharges"),
        (customer(MonthlyCharges=1e12), "MonthlyCharges"),
        (customer(favourite_colour="blue"), "favourite_colour"),
        (customer(customerID="x" * 65), "customerID"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client: TestClient, body: dict, field: str) -> None:
    r = client.post("/predict", json=body)
    assert r.status_code == 422, r.text
    assert field in [e["field"] for e in r.json()["errors"]]
    assert field in r.json()["detail"]
    # the batch route validates the same way (a different code path: FastAPI's body parsing)
    r = client.post("/predict/batch", json={"instances": [customer(), body]})
    assert r.status_code == 422, r.text
    assert f"instances.1.{field}" in [e["field"] for e in r.json()["errors"]]


def test_non_finite_numbers_are_refused(client: TestClient) -> None:
    raw = json.dumps(customer()).replace("29.85,", "NaN,", 1)
    r = client.post("/predict", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert "MonthlyCharges" in r.json()["detail"]


@pytest.mark.parametrize(
    ("content", "status"),
    [(b"", 422), (b"{broken", 422), (b"[1, 2]", 422), (b'"text"', 422)],
)
def test_malformed_bodies(client: TestClient, content: bytes, status: int) -> None:
    r = client.post("/predict", content=content, headers={"content-type": "application/json"})
    assert r.status_code == status


def test_batch_errors(client: TestClient) -> None:
    r = client.post("/predict/batch", json={"instances": []})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "instances"
    r = client.post("/predict/batch", json={"instances": [customer()] * 51})
    assert r.status_code == 413
    assert r.json()["errors"][0]["field"] == "instances"
    r = client.post("/predict/batch", json={"instances": [customer(), customer(tenure=-2)]})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "instances.1.tenure"
    assert client.post("/predict/batch", json=[customer()]).status_code == 422


def test_oversized_body_is_a_413(local_settings: ChurnSettings) -> None:
    small = local_settings.model_copy(update={"max_body_bytes": 2000})
    with TestClient(create_app(small)) as c:
        r = c.post("/predict/batch", json={"instances": [customer()] * 10})
    assert r.status_code == 413
    assert r.json()["errors"][0]["field"] == "body"


def test_every_route_needs_the_key(local_settings: ChurnSettings) -> None:
    key = "churn-test-key-5Qm8xV2kR7tB9wLc"
    keyed = local_settings.model_copy(update={"api_key": SecretStr(key)})
    with TestClient(create_app(keyed)) as c:
        called, still_open = routes_open_without_a_key(c.app)
        assert called >= 6
        assert still_open == []
        ok = c.post("/predict", json=customer(), headers={"X-API-Key": key})
        assert ok.status_code == 200
        assert c.get("/health").status_code == 200


def test_no_model_is_a_503_and_not_ready(tmp_path: Any) -> None:
    empty = ChurnSettings(data_dir=tmp_path, reload_interval_s=0, access_log=False)
    with TestClient(create_app(empty)) as c:
        assert c.post("/predict", json=customer()).status_code == 503
        ready = c.get("/ready")
        assert ready.status_code == 503
        assert "no alias" in ready.json()["error"] or "not found" in ready.json()["error"]


def test_tampered_bundle_is_not_served(trained: Any, tmp_path: Any) -> None:
    import shutil

    copy = tmp_path / "bundle"
    shutil.copytree(trained.bundle, copy)
    doc = json.loads((copy / "bundle.json").read_text())
    doc["model"]["intercept"] += 5
    (copy / "bundle.json").write_text(json.dumps(doc))
    settings = ChurnSettings(model_path=copy, reload_interval_s=0, access_log=False)
    with TestClient(create_app(settings)) as c:
        assert c.get("/ready").status_code == 503
        assert "sha256" in c.get("/ready").json()["error"]
        assert c.post("/predict", json=customer()).status_code == 503


def test_metrics_record_predictions(client: TestClient) -> None:
    client.post("/predict", json=customer())
    text = client.get("/metrics").text
    assert 'churn_api_http_requests_total{method="POST",route="/predict",status="200"}' in text


def test_hot_reload_when_the_alias_moves_drops_no_request(trained: Any) -> None:
    """A real server under load while the champion alias moves: every request succeeds and the
    served version switches without a restart."""
    s = trained.settings
    c = mlflow_client(s.tracking_uri)
    original = version_by_alias(c, s.model_name, "champion")
    challenger = version_by_alias(c, s.model_name, "challenger")
    assert original is not None
    assert challenger is not None
    port = free_port()
    settings = s.model_copy(update={"reload_interval_s": 0.2, "port": port})
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=port, log_config=None, access_log=False
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    statuses: list[int] = []
    versions: list[str] = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if http.get("/ready").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
            moved_at = None
            start = time.monotonic()
            while time.monotonic() - start < 30:
                r = http.post("/predict", json=customer())
                statuses.append(r.status_code)
                versions.append(r.json().get("model_version", "?"))
                if moved_at is None and len(statuses) >= 20:
                    set_alias(c, s.model_name, "champion", challenger.version)
                    moved_at = len(statuses)
                if versions[-1] == str(challenger.version) and len(statuses) > (moved_at or 0) + 20:
                    break
    finally:
        set_alias(c, s.model_name, "champion", original.version)
        server.should_exit = True
        thread.join(timeout=10)
    assert set(statuses) == {200}
    assert versions[0] == str(original.version)
    assert versions[-1] == str(challenger.version)


def test_the_model_card_comes_from_the_registry(trained: Any, client: TestClient) -> None:
    """The served version's card, with its measured threshold; none for a local bundle."""
    settings = trained.settings.model_copy(update={"reload_interval_s": 0})
    with TestClient(create_app(settings)) as registry_client:
        info = registry_client.get("/model").json()
        r = registry_client.get("/model/card")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/markdown")
    assert r.text.startswith(f"# Model card: {settings.model_name} v{info['version']}")
    assert f"Decision threshold: **{info['threshold']:.2f}**" in r.text
    assert client.get("/model/card").status_code == 404


def test_predictions_are_logged_without_hot_reload(local_settings: ChurnSettings) -> None:
    """The prediction log used to be written only by the alias poller: with reload off it grew
    in memory until shutdown (found by the soak). It is flushed on its own clock now."""
    fast = local_settings.model_copy(update={"log_flush_s": 0.1})
    assert fast.reload_interval_s == 0
    log = fast.prediction_log_dir / "predictions.jsonl"
    before = log.read_text().count("\n") if log.exists() else 0
    with TestClient(create_app(fast)) as c:
        assert c.post("/predict", json=customer()).status_code == 200
        deadline = time.monotonic() + 10
        while (log.read_text().count("\n") if log.exists() else 0) == before:
            assert time.monotonic() < deadline, "the prediction was never written"
            time.sleep(0.05)

"""The serving scorers against independent references (scipy, hand-made specs)."""

import json
import math
from pathlib import Path

import numpy as np
import pytest
from scipy.interpolate import BSpline

from churn_api.core.schema import CATEGORIES
from churn_api.core.scorer import AdditiveScorer, BSpline1D, sigmoid
from churn_api.io.bundle_files import load_bundle, write_bundle
from portfolio_shared.integrity import IntegrityError


def test_bspline_matches_scipy_inside_and_clamps_outside() -> None:
    rng = np.random.default_rng(0)
    knots = np.r_[[-3.0] * 3, np.linspace(-3, 3, 6), [3.0] * 3]
    knots[:3] = [-6, -5, -4]
    knots[-3:] = [4, 5, 6]
    coef = rng.normal(size=len(knots) - 4)
    ours = BSpline1D(knots, coef, 3)
    ref = BSpline(knots, coef, 3, extrapolate=False)
    for z in np.linspace(-3, 3, 101):
        assert ours(z) == pytest.approx(float(ref(z)), abs=1e-12)
    assert ours(-50.0) == pytest.approx(float(ref(-3.0)), abs=1e-12)
    assert ours(50.0) == pytest.approx(float(ref(3.0 - 1e-12)), abs=1e-9)


@pytest.mark.parametrize("degree", [1, 2, 3, 4])
def test_piecewise_polynomial_form_equals_de_boor(degree: int) -> None:
    rng = np.random.default_rng(degree)
    inner = np.sort(rng.uniform(-2, 2, 7))
    knots = np.r_[[inner[0] - 1] * degree, inner, [inner[-1] + 1] * degree]
    knots[:degree] = inner[0] - np.arange(degree, 0, -1) * 0.7
    knots[-degree:] = inner[-1] + np.arange(1, degree + 1) * 0.7
    coef = rng.normal(size=len(knots) - degree - 1)
    spline = BSpline1D(knots, coef, degree)
    for z in np.r_[np.linspace(inner[0] - 3, inner[-1] + 3, 997), inner]:
        assert spline(z) == pytest.approx(spline.de_boor(z), abs=1e-11)


def test_bspline_rejects_inconsistent_shapes() -> None:
    with pytest.raises(ValueError, match="disagree"):
        BSpline1D([0, 1, 2, 3], [1.0, 2.0], 3)


def test_sigmoid_is_stable() -> None:
    assert sigmoid(0) == 0.5
    assert sigmoid(-800) == pytest.approx(0.0)
    assert sigmoid(800) == pytest.approx(1.0)


def _spec() -> dict:
    categorical = {name: {str(v): 0.0 for v in values} for name, values in CATEGORIES.items()}
    categorical["Contract"]["Month-to-month"] = 1.0
    categorical["SeniorCitizen"]["1"] = 0.5
    flat = {
        "log1p": False,
        "mean": 0.0,
        "scale": 1.0,
        "degree": 1,
        "knots": [-1e9, -1e9, 1e9, 1e9],
        "coef": [0.0, 0.0],
    }
    numeric = {n: dict(flat) for n in ("tenure", "MonthlyCharges", "TotalCharges")}
    baseline = {n: 0.0 for n in [*categorical, *numeric, "tenure×Contract"]}
    baseline["Contract"] = 0.5
    return {
        "intercept": -1.0,
        "categorical": categorical,
        "numeric": numeric,
        "interactions": [
            {
                "name": "tenure×Contract",
                "numeric": "tenure",
                "log1p": True,
                "factor": 1.0,
                "categorical": "Contract",
                "level": "Month-to-month",
                "weight": -0.5,
            }
        ],
        "baseline": baseline,
    }


def _row(**kw: object) -> dict:
    row = {name: values[0] for name, values in CATEGORIES.items()}
    row.update(tenure=3, MonthlyCharges=50.0, TotalCharges=None)
    row.update(kw)
    return row


def test_additive_scorer_sums_terms_and_reports_exact_contributions() -> None:
    scorer = AdditiveScorer.from_spec(_spec())
    scored = scorer.score(_row(Contract="Month-to-month", SeniorCitizen=1), top_k=3)
    expected_logit = -1.0 + 1.0 + 0.5 - 0.5 * math.log1p(3)
    assert scored.probability == pytest.approx(sigmoid(expected_logit))
    by_name = {c.feature: c.contribution for c in scored.contributions}
    assert by_name["Contract"] == pytest.approx(0.5)  # 1.0 − baseline 0.5
    assert by_name["tenure×Contract"] == pytest.approx(-0.5 * math.log1p(3))
    assert list(by_name) == sorted(by_name, key=lambda k: -abs(by_name[k]))
    assert scorer.score(_row(), top_k=0).contributions == []


def test_scorer_ignores_unrelated_keys_like_customer_id() -> None:
    scorer = AdditiveScorer.from_spec(_spec())
    a = scorer.score(_row(customerID="A"), 5).probability
    b = scorer.score(_row(customerID="B"), 5).probability
    assert a == b


def test_bundle_round_trip_and_tamper_detection(tmp_path: Path) -> None:
    digest = write_bundle(tmp_path / "b", "additive", _spec(), 0.3, {"run_id": "r1"})
    bundle = load_bundle(tmp_path / "b", digest)
    assert bundle.threshold == 0.3
    assert bundle.kind == "additive"
    doc = json.loads((tmp_path / "b" / "bundle.json").read_text())
    doc["threshold"] = 0.9
    (tmp_path / "b" / "bundle.json").write_text(json.dumps(doc))
    with pytest.raises(IntegrityError):
        load_bundle(tmp_path / "b", digest)


def test_unknown_bundle_kind_is_refused(tmp_path: Path) -> None:
    write_bundle(tmp_path / "b", "mystery", {}, 0.5, {})
    with pytest.raises(ValueError, match="unknown scorer kind"):
        load_bundle(tmp_path / "b")

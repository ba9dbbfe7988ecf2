"""Model tier on the real data: quality thresholds, behaviour, and served == trained."""

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import StratifiedKFold, train_test_split

from churn_api.core.features import baseline_pipeline, compile_gam, gam_pipeline, records
from churn_api.core.hyperparams import GamConfig
from churn_api.core.lifecycle import CVResult, cross_validate
from churn_api.core.mlp import TorchMLPClassifier
from churn_api.core.schema import FEATURES, TARGET
from churn_api.core.scorer import AdditiveScorer
from churn_api.io.data import Dataset

SEED = 42


@pytest.fixture(scope="module")
def split(dataset: Dataset) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray, np.ndarray]:
    X, y = dataset.frame[list(FEATURES)], dataset.frame[TARGET].to_numpy()
    return train_test_split(X, y, test_size=0.2, stratify=y, random_state=SEED)


@pytest.fixture(scope="module")
def cv_scores(split: tuple) -> dict[str, CVResult]:
    X_train, _, y_train, _ = split
    folds = StratifiedKFold(5, shuffle=True, random_state=SEED)
    return {
        "gam": cross_validate(gam_pipeline(GamConfig(), SEED), X_train, y_train, folds)[0],
        "baseline": cross_validate(baseline_pipeline(SEED), X_train, y_train, folds)[0],
    }


@pytest.fixture(scope="module")
def gam(split: tuple) -> tuple:
    X_train, X_test, y_train, y_test = split
    model = gam_pipeline(GamConfig(), SEED).fit(X_train, y_train)
    return model, X_train, X_test, y_test


def test_gam_reaches_the_target_cv_auc(cv_scores: dict) -> None:
    assert cv_scores["gam"].roc_auc.mean >= 0.850


def test_gam_beats_plain_logistic_regression(cv_scores: dict) -> None:
    gain = cv_scores["gam"].roc_auc.mean - cv_scores["baseline"].roc_auc.mean
    assert gain > 0.002
    assert cv_scores["gam"].brier.mean < cv_scores["baseline"].brier.mean


def test_gam_is_calibrated(cv_scores: dict, gam: tuple) -> None:
    model, _, X_test, y_test = gam
    assert cv_scores["gam"].brier.mean <= 0.14
    p = model.predict_proba(X_test)[:, 1]
    assert abs(p.mean() - y_test.mean()) < 0.02  # predicted vs observed churn rate


def test_month_to_month_raises_risk_against_two_year(gam: tuple) -> None:
    model, _, X_test, _ = gam
    m2m = model.predict_proba(X_test.assign(Contract="Month-to-month"))[:, 1]
    two = model.predict_proba(X_test.assign(Contract="Two year"))[:, 1]
    assert (m2m > two).mean() >= 0.99
    assert (m2m - two).mean() > 0.15


def test_customer_id_changes_nothing(gam: tuple) -> None:
    model, _, X_test, _ = gam
    a = model.predict_proba(X_test.assign(customerID="A"))[:, 1]
    b = model.predict_proba(X_test.assign(customerID="zzz-999"))[:, 1]
    np.testing.assert_array_equal(a, b)


def test_more_tenure_lowers_risk_on_average(gam: tuple) -> None:
    model, _, X_test, _ = gam
    short = model.predict_proba(X_test.assign(tenure=2, TotalCharges=X_test.MonthlyCharges * 2))
    long = model.predict_proba(X_test.assign(tenure=60, TotalCharges=X_test.MonthlyCharges * 60))
    assert (short[:, 1] > long[:, 1]).mean() >= 0.95


def test_compiled_scorer_reproduces_the_pipeline_exactly(gam: tuple) -> None:
    model, X_train, X_test, _ = gam
    scorer = AdditiveScorer.from_spec(compile_gam(model, X_train))
    served = np.array([s.probability for s in scorer.score_many(records(X_test), top_k=0)])
    np.testing.assert_allclose(served, model.predict_proba(X_test)[:, 1], atol=1e-12)
    # far outside the training range too (constant extrapolation on both sides)
    extreme = X_test.head(40).assign(tenure=500, MonthlyCharges=9000.0, TotalCharges=5e6)
    served = np.array([s.probability for s in scorer.score_many(records(extreme), top_k=0)])
    np.testing.assert_allclose(served, model.predict_proba(extreme)[:, 1], atol=1e-12)


def test_contributions_add_up_to_the_logit(gam: tuple) -> None:
    model, X_train, X_test, _ = gam
    spec = compile_gam(model, X_train)
    scorer = AdditiveScorer.from_spec(spec)
    base = spec["intercept"] + sum(spec["baseline"].values())
    for row in records(X_test.head(50)):
        logit, terms = scorer.terms(row)
        assert base + sum(t.contribution for t in terms) == pytest.approx(logit, abs=1e-9)


def test_mlp_challenger_learns_and_exports_faithfully(split: tuple, tmp_path) -> None:
    import onnxruntime as ort

    X_train, X_test, y_train, y_test = split
    from sklearn.metrics import roc_auc_score

    mlp = TorchMLPClassifier(seed=SEED).fit(X_train, y_train)
    assert roc_auc_score(y_test, mlp.predict_proba(X_test)[:, 1]) >= 0.83
    mlp.export_onnx(tmp_path / "m.onnx")
    session = ort.InferenceSession(str(tmp_path / "m.onnx"))
    features = mlp.encoder_.transform(X_test).astype(np.float32)
    onnx_logits = session.run(None, {"features": features})[0].ravel()
    np.testing.assert_allclose(onnx_logits, mlp.decision_function(X_test), atol=1e-4)

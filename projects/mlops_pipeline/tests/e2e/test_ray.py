"""Ray in local mode: Tune's grid search and Ray Data's batch scoring give exactly what the
in-process engines give. Ray listens on every interface, so the check runs in a private network
namespace (`unshare --net`, loopback only)."""

import json
import textwrap
from pathlib import Path

import pytest

from portfolio_shared.testing.services import run_in_private_network

pytestmark = pytest.mark.slow

SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from churn_api.core.features import gam_pipeline
    from churn_api.core.schema import FEATURES, TARGET
    from churn_api.io.data import load
    from churn_api.core.hyperparams import GamConfig
    from churn_api.io.bundles import build_bundle
    from mlops_pipeline.jobs.pipeline.search import search
    from mlops_pipeline.jobs.score import score_frame
    from portfolio_shared.ray_session import ray_session

    frame = load().frame.sample(2000, random_state=0)
    X, y = frame[list(FEATURES)], frame[TARGET].to_numpy()
    grid = {"C": [0.1, 1.0], "n_knots": [4, 6]}
    out = {"local": [t.__dict__ for t in search("local", GamConfig(), grid, X, y, 3, 0, None)]}
    model = gam_pipeline(GamConfig(), 0).fit(X, y)
    bundle = build_bundle("gam", model, X, X.head(200), 0.3, {}, Path(sys.argv[2]))
    with ray_session(num_cpus=2):  # one local Ray for both jobs
        out["ray"] = [t.__dict__ for t in search("ray", GamConfig(), grid, X, y, 3, 0, None)]
        full = load().frame
        local = score_frame(bundle.path, full, "local", bundle.manifest_sha256, None)
        remote = score_frame(bundle.path, full, "ray", bundle.manifest_sha256, None)
    out["rows"] = [len(local), len(remote)]
    out["same_ids"] = bool((local.customerID == remote.customerID).all())
    out["max_diff"] = float((local.churn_probability - remote.churn_probability).abs().max())
    Path(sys.argv[1]).write_text(json.dumps(out))
    """
)


def test_ray_tune_and_ray_data_match_the_local_engines(tmp_path: Path) -> None:
    script = tmp_path / "ray_check.py"
    script.write_text(SCRIPT)
    result_file = tmp_path / "result.json"
    run_in_private_network(script, str(result_file), str(tmp_path / "bundle"))
    out = json.loads(result_file.read_text())
    assert len(out["local"]) == 4
    key = lambda t: (t["params"]["C"], t["params"]["n_knots"])  # noqa: E731
    local = sorted(out["local"], key=key)
    ray = sorted(out["ray"], key=key)
    assert [t["params"] for t in ray] == [t["params"] for t in local]
    for a, b in zip(local, ray, strict=True):
        assert a["cv_roc_auc"] == pytest.approx(b["cv_roc_auc"], abs=1e-12)
    assert out["rows"] == [7043, 7043]
    assert out["same_ids"] is True
    assert out["max_diff"] == 0.0

"""Soak: 50,000 `/predict` requests on one uvicorn process over loopback (4 client threads).
Every answer must be a 200 with a probability; the server's RSS after warm-up and at the end is
printed with its growth (target under 5 %). Needs a champion (`churn-api ensure-champion`).

    uv run python projects/churn_api/bench/soak.py        # make soak
    SOAK_REQUESTS=5000 ... for a short run
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from churn_api.api.schemas import EXAMPLE_CUSTOMER
from portfolio_shared.soak import served, soak

PORT = int(os.environ.get("SOAK_PORT", "8941"))
TOTAL = int(os.environ.get("SOAK_REQUESTS", "50000"))
#: Distinct customers cycled through: the A/B prediction log keeps the last 200,000 customers by
#: design, so a bounded set shows a leak rather than that intended growth.
CUSTOMERS = 2000


def main() -> int:
    cli = shutil.which("churn-api") or "churn-api"
    subprocess.run([cli, "ensure-champion"], check=True, capture_output=True)
    env = {"CHURN_RATE_LIMIT": "1000000000/minute", "CHURN_ACCESS_LOG": "false",
           "CHURN_LOG_LEVEL": "WARNING", "CHURN_RELOAD_INTERVAL_S": "0"}  # fmt: skip
    with served([cli, "serve", "--port", str(PORT)], f"http://127.0.0.1:{PORT}", env) as server:
        result = soak(
            server,
            lambda c, i: c.post(
                "/predict", json={**EXAMPLE_CUSTOMER, "customerID": f"S{i % CUSTOMERS:05d}"}
            ),
            total=TOTAL,
            warmup=5000,
            ok=lambda r: r.status_code == 200 and "churn_probability" in r.text,
        )
    return result.verdict("churn_api /predict")


if __name__ == "__main__":
    sys.exit(main())

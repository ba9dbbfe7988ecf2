"""Serving benchmark: requests/s, p50 and p99 at 32 connections for /predict, /health (the
framework ceiling) and /predict/naive (one-row DataFrame through the sklearn Pipeline), all
measured in the same run against one uvicorn process on 127.0.0.1, load from wrk.

    make bench-churn            # or: uv run python projects/churn_api/bench/bench_serving.py
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from churn_api.api.schemas import EXAMPLE_CUSTOMER
from churn_api.config import ChurnSettings
from churn_api.io.registry import Registry

HERE = Path(__file__).resolve().parent
PORT = int(os.environ.get("BENCH_PORT", "8931"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
TARGET_VS_HEALTH, TARGET_VS_NAIVE = 0.60, 30.0

LUA = """wrk.method = "{method}"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{body}]]
"""


def wrk(path: str, method: str, body: str, duration: str) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA.format(method=method, body=body))
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{duration}",
            "--latency",
            "-s",
            script.name,
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script.name)

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        assert m, out
        return float(m.group(1)) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[m.group(2)]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50_ms": ms("50"),
        "p99_ms": ms("99"),
        "non_2xx": float(errors.group(1)) if errors else 0.0,
    }


def post(path: str, body: dict) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is required (Debian package `wrk`; `make bench-churn` installs it)")
        return 2
    settings = ChurnSettings()
    workdir = Path(tempfile.mkdtemp(prefix="churn-bench-"))
    reg = Registry(settings).download(settings.model_alias, workdir)
    env = {
        **os.environ,
        "BENCH_BUNDLE": str(reg.path),
        "CHURN_ACCESS_LOG": os.environ.get("CHURN_ACCESS_LOG", "false"),
        "CHURN_LOG_LEVEL": os.environ.get("CHURN_LOG_LEVEL", "WARNING"),
        # The limiter stays on (its cost is part of serving), with room for wrk's load.
        "CHURN_RATE_LIMIT": os.environ.get("CHURN_RATE_LIMIT", "1000000000/minute"),
        "OMP_NUM_THREADS": "1",
        "PYTHONPATH": str(HERE),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "naive_app:create_bench_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(PORT),
            "--loop",
            "uvloop",
            "--http",
            "httptools",
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=HERE,
    )
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/ready", timeout=1):
                    break
            except OSError:
                time.sleep(0.5)
        fast = post("/predict", EXAMPLE_CUSTOMER)["churn_probability"]
        naive = post("/predict/naive", EXAMPLE_CUSTOMER)["churn_probability"]
        assert abs(fast - naive) < 1e-9, f"paths disagree: {fast} vs {naive}"
        body = json.dumps(EXAMPLE_CUSTOMER)
        results = {}
        for name, path, method, payload in [
            ("health", "/health", "GET", ""),
            ("predict", "/predict", "POST", body),
            ("naive", "/predict/naive", "POST", body),
        ]:
            wrk(path, method, payload, "2s")  # warm-up
            results[name] = wrk(path, method, payload, DURATION)
            r = results[name]
            print(
                f"{name:>8}: {r['rps']:>9.0f} req/s   p50 {r['p50_ms']:7.2f} ms   "
                f"p99 {r['p99_ms']:7.2f} ms   non-2xx {r['non_2xx']:.0f}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
    vs_health = results["predict"]["rps"] / results["health"]["rps"]
    vs_naive = results["predict"]["rps"] / results["naive"]["rps"]
    print(
        f"\n/predict vs /health: {vs_health:.2f}x  (goal >= {TARGET_VS_HEALTH:.2f}) "
        f"{'PASS' if vs_health >= TARGET_VS_HEALTH else 'MISS'}"
    )
    print(
        f"/predict vs naive:   {vs_naive:.1f}x  (goal >= {TARGET_VS_NAIVE:.0f}x) "
        f"{'PASS' if vs_naive >= TARGET_VS_NAIVE else 'MISS'}"
    )
    report = {
        "connections": CONNECTIONS,
        "duration": DURATION,
        "model_version": reg.version,
        "results": results,
        "predict_vs_health": vs_health,
        "predict_vs_naive": vs_naive,
    }
    out = settings.data_dir / "churn_api" / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

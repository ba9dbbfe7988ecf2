"""Runs pipeline steps: content-addressed caching, one nested MLflow run per executed step,
atomic outputs and a timed report of every step.

A step's cache key is the sha256 of its name, its parameters, the keys of the steps it reads
from and a fingerprint of the code (`churn_api` and `mlops_pipeline` sources). Outputs are
written to a temporary folder and renamed into `<root>/<step>/<key>` only when the step
succeeded, so a failed step leaves nothing behind and a re-run with the same inputs finds the
finished folder and does nothing (a no-op, reported as `cached`).

Steps with effects outside the folder (registering, promoting, notifying) are `cached=False`:
they run every time and are idempotent themselves.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import mlflow
from pydantic import BaseModel

from portfolio_shared.logging import get_logger

log = get_logger(__name__)

STEP_FILE = "step.json"
OutputT = TypeVar("OutputT", bound=BaseModel)


class StepFailedError(RuntimeError):
    def __init__(self, step: str, reason: str) -> None:
        super().__init__(f"step {step!r} failed: {reason}")
        self.step, self.reason = step, reason


def _sha256_json(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def code_fingerprint(*packages: Any) -> str:
    """sha256 over the Python sources of the given packages (a code change invalidates caches)."""
    digest = hashlib.sha256()
    for package in packages:
        root = Path(package.__file__).parent
        for path in sorted(root.rglob("*.py")):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _tag_parent(key: str, value: str) -> None:
    """Tag the pipeline's run (never start one: fluent `set_tag` would)."""
    if mlflow.active_run() is not None:
        mlflow.set_tag(key, value)


@dataclass(frozen=True)
class StepRecord:
    """What the pipeline report shows of one step, whatever its outcome."""

    name: str
    key: str
    status: str  # "done" | "cached" | "failed"
    seconds: float
    outputs: dict[str, Any]  # the step's typed outputs as JSON (empty when it failed)
    run_id: str | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.name,
            "status": self.status,
            "seconds": round(self.seconds, 3),
            "key": self.key[:16],
            "run_id": self.run_id,
            "outputs": self.outputs,
            **({"error": self.error} if self.error else {}),
        }


@dataclass(frozen=True)
class StepResult(Generic[OutputT]):
    """A finished step: its typed outputs and the folder of its files (None when uncached)."""

    name: str
    key: str
    status: str  # "done" | "cached"
    outputs: OutputT
    folder: Path | None
    run_id: str | None = None

    def path(self, name: str) -> Path:
        if self.folder is None:
            raise KeyError(f"step {self.name!r} keeps no files")
        return self.folder / name


@dataclass
class StepRunner:
    root: Path
    code: str
    results: list[StepRecord] = field(default_factory=list)

    def run(
        self,
        name: str,
        fn: Callable[[Path], OutputT],
        output: type[OutputT],
        params: Mapping[str, Any] | None = None,
        inputs: Mapping[str, StepResult[Any]] | None = None,
        *,
        cached: bool = True,
    ) -> StepResult[OutputT]:
        """Run `fn(folder)` (it writes its files into `folder` and returns its typed outputs)
        unless a finished folder with the same key exists."""
        key = _sha256_json(
            {
                "step": name,
                "params": dict(params or {}),
                "inputs": {k: v.key for k, v in (inputs or {}).items()},
                "code": self.code,
            }
        )
        final = self.root / name / key[:16]
        started = time.perf_counter()
        if cached and (final / STEP_FILE).is_file():
            saved = json.loads((final / STEP_FILE).read_text())
            outputs = output.model_validate(saved["outputs"])
            self.results.append(
                StepRecord(
                    name,
                    key,
                    "cached",
                    time.perf_counter() - started,
                    saved["outputs"],
                    saved.get("run_id"),
                )
            )
            log.info("step cached", extra={"step": name, "key": key[:16]})
            _tag_parent(f"step.{name}", f"cached:{key[:16]}")
            return StepResult(name, key, "cached", outputs, final, saved.get("run_id"))
        scratch = self.root / name / f".{key[:16]}.{os.getpid()}.tmp"
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        run_id: str | None = None
        try:
            with mlflow.start_run(run_name=name, nested=True) as run:
                run_id = run.info.run_id
                mlflow.set_tags({"step": name, "cache_key": key, "code": self.code[:16]})
                mlflow.log_dict(
                    {
                        "params": dict(params or {}),
                        "inputs": {k: v.key for k, v in (inputs or {}).items()},
                    },
                    "step_inputs.json",
                )
                try:
                    outputs = fn(scratch)
                    summary = outputs.model_dump(mode="json")
                except Exception as exc:
                    reason = getattr(exc, "reason", None) or f"{type(exc).__name__}: {exc}"
                    mlflow.set_tag("error", reason[:5000])
                    mlflow.log_text(traceback.format_exc(), "error.txt")
                    raise  # the run ends as FAILED
                seconds = time.perf_counter() - started
                mlflow.log_metric("seconds", seconds)
                mlflow.log_dict(summary, "step_report.json")
        except Exception as exc:
            shutil.rmtree(scratch, ignore_errors=True)
            reason = getattr(exc, "reason", None) or f"{type(exc).__name__}: {exc}"
            self.results.append(
                StepRecord(name, key, "failed", time.perf_counter() - started, {}, run_id, reason)
            )
            _tag_parent(f"step.{name}", "failed")
            raise StepFailedError(name, reason) from exc
        record = {"step": name, "key": key, "run_id": run_id, "outputs": summary}
        (scratch / STEP_FILE).write_text(json.dumps(record, indent=2, default=str))
        folder: Path | None = final
        if cached:
            shutil.rmtree(
                final, ignore_errors=True
            )  # a stale half-folder cannot exist, but be sure
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(scratch, final)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
            folder = None
        _tag_parent(f"step.{name}", f"done:{key[:16]}")
        self.results.append(StepRecord(name, key, "done", seconds, summary, run_id))
        log.info("step done", extra={"step": name, "seconds": round(seconds, 2)})
        return StepResult(name, key, "done", outputs, folder, run_id)

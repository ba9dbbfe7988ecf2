"""Runs the whole pipeline under one MLflow parent run and writes its report (JSON + markdown).

ingest → validate → split → train → evaluate → gate → register → promote → notify

The first six steps are cached by content; register, promote and notify change the registry or
the services and are idempotent instead. The pipeline stops after the gate when no candidate
passes (status `rejected`: nothing registered, aliases untouched) and after a failed step
(status `failed`: that step's outputs were never published).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mlflow

import churn_api
import mlops_pipeline
from churn_api.io.registry import Registry
from mlops_pipeline.config import MlopsSettings
from mlops_pipeline.core.pipeline import outputs as out
from mlops_pipeline.core.pipeline.config import PipelineConfig
from mlops_pipeline.jobs.pipeline import data_steps, model_steps, registry_steps
from mlops_pipeline.jobs.pipeline.runner import StepFailedError, StepRunner, code_fingerprint
from portfolio_shared.logging import get_logger
from portfolio_shared.tracking import ensure_experiment, experiment_name, flatten_params

log = get_logger(__name__)


@dataclass
class PipelineReport:
    name: str
    status: str  # "promoted" | "registered" | "rejected" | "failed"
    run_id: str
    seconds: float
    steps: list[dict[str, Any]]
    version: str | None = None
    candidate: str | None = None
    error: str | None = None
    aliases: dict[str, str | None] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "pipeline": self.name,
            "status": self.status,
            "run_id": self.run_id,
            "seconds": round(self.seconds, 2),
            "version": self.version,
            "candidate": self.candidate,
            "aliases": self.aliases,
            "error": self.error,
            "steps": self.steps,
        }

    def markdown(self) -> str:
        lines = [
            f"# Pipeline `{self.name}`: {self.status}",
            "",
            f"MLflow run `{self.run_id}`, {self.seconds:.1f} s."
            + (f" Registered version {self.version} ({self.candidate})." if self.version else ""),
            "",
            "| step | status | seconds | key |",
            "| --- | --- | ---: | --- |",
            *(
                f"| {s['step']} | {s['status']} | {s['seconds']:.2f} | `{s['key']}` |"
                for s in self.steps
            ),
        ]
        if self.error:
            lines += ["", f"**Error:** {self.error}"]
        if self.aliases:
            lines += [
                "",
                "Aliases after the run: "
                + ", ".join(f"`{k}` → {v}" for k, v in self.aliases.items() if v),
            ]
        return "\n".join(lines) + "\n"

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "pipeline.json").write_text(json.dumps(self.as_dict(), indent=2, default=str))
        (folder / "pipeline.md").write_text(self.markdown())
        self.files = {
            "json": str(folder / "pipeline.json"),
            "markdown": str(folder / "pipeline.md"),
        }


def run_pipeline(
    config: PipelineConfig, settings: MlopsSettings, report_dir: Path | None = None
) -> PipelineReport:
    started = time.perf_counter()
    registry = Registry(settings.churn)
    ensure_experiment(
        experiment_name(mlops_pipeline.PROJECT, "pipeline"),
        settings.tracking_uri,
        settings.artifact_root,
    )
    runner = StepRunner(settings.work_dir / "steps", code_fingerprint(churn_api, mlops_pipeline))
    champion_version = registry.champion  # part of the evaluate key: a new champion re-scores
    status, error, version, candidate = "failed", None, None, None
    with mlflow.start_run(run_name=f"{config.name}-{time.strftime('%Y%m%d-%H%M%S')}") as parent:
        run_id = parent.info.run_id
        mlflow.set_tags({"project": mlops_pipeline.PROJECT, "pipeline": config.name})
        mlflow.log_params(flatten_params(config.model_dump(mode="json", by_alias=True)))
        try:
            ingested = runner.run(
                "ingest",
                lambda folder: data_steps.ingest(config.ingest.sources, folder),
                out.Ingested,
                {
                    "sources": [
                        {"label": s.label, "sha256": data_steps.source_fingerprint(s)}
                        for s in config.ingest.sources
                    ]
                },
            )
            validated = runner.run(
                "validate",
                lambda folder: data_steps.validate(config.validate_, ingested, folder),
                out.Validated,
                config.validate_.model_dump(),
                {"ingest": ingested},
            )
            splits = runner.run(
                "split",
                lambda folder: data_steps.split(
                    config.split.test_size, config.split.seed, validated, folder
                ),
                out.Splits,
                config.split.model_dump(),
                {"validate": validated},
            )
            trained = runner.run(
                "train",
                lambda folder: model_steps.train(config.train, splits, folder),
                out.Trained,
                config.train.model_dump(mode="json"),
                {"split": splits},
            )
            evaluated = runner.run(
                "evaluate",
                lambda folder: model_steps.evaluate(
                    config.train, registry, splits, trained, folder
                ),
                out.Evaluated,
                {"champion": champion_version, "costs": config.train.costs.model_dump()},
                {"split": splits, "train": trained},
            )
            gated = runner.run(
                "gate",
                lambda folder: model_steps.run_gate(config, trained, evaluated),
                out.Gated,
                config.gate.model_dump(),
                {"train": trained, "evaluate": evaluated},
            )
            candidate = gated.outputs.winner
            if candidate is None:
                status = "rejected"
                mlflow.set_tag("outcome", "no candidate passed the gate")
            else:
                registered = runner.run(
                    "register",
                    lambda folder: registry_steps.register(
                        config, registry, run_id, validated, splits, trained, evaluated, gated
                    ),
                    out.Registered,
                    {"train": trained.key, "winner": candidate, "model": registry.model_name},
                    cached=False,
                )
                version = registered.outputs.version
                runner.run(
                    "promote",
                    lambda folder: registry_steps.promote(
                        config.promote, registry, registered.outputs.version
                    ),
                    out.Promoted,
                    {"mode": config.promote.mode, "version": version},
                    cached=False,
                )
                status = "promoted" if config.promote.mode == "champion" else "registered"
                if config.notify.services:
                    runner.run(
                        "notify",
                        lambda folder: registry_steps.notify(config.notify),
                        out.Notified,
                        config.notify.model_dump(),
                        cached=False,
                    )
        except StepFailedError as exc:
            status, error = "failed", str(exc)
            log.error("pipeline failed", extra={"step": exc.step, "reason": exc.reason})
        mlflow.set_tag("status", status)
        aliases = registry.roles()
        result = PipelineReport(
            config.name,
            status,
            run_id,
            time.perf_counter() - started,
            [r.as_dict() for r in runner.results],
            version,
            candidate,
            error,
            aliases,
        )
        mlflow.log_dict(result.as_dict(), "pipeline_report.json")
        mlflow.log_text(result.markdown(), "pipeline_report.md")
        if status == "failed":
            mlflow.end_run("FAILED")
    folder = report_dir or settings.work_dir / "reports" / time.strftime("%Y%m%d-%H%M%S")
    result.write(folder)
    return result

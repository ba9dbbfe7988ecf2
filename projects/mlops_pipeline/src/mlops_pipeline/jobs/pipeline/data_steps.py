"""The pipeline's data steps: ingest every batch, validate each against churn_api's contract,
split. Each writes its files into `out` and returns its typed outputs."""

from __future__ import annotations

from pathlib import Path

import mlflow
import pandas as pd
import pandera.errors
from sklearn.model_selection import train_test_split

from churn_api.core.contract import RawTelco
from churn_api.core.schema import ID_COLUMN, TARGET
from churn_api.io import data as data_io
from mlops_pipeline.core.pipeline.config import (
    Source,
    ValidateConfig,
)
from mlops_pipeline.core.pipeline.outputs import (
    BatchVerdict,
    Ingested,
    IngestedBatch,
    Splits,
    Validated,
)
from mlops_pipeline.jobs.pipeline.lineage import BATCH, log_lineage
from mlops_pipeline.jobs.pipeline.runner import StepFailedError, StepResult
from mlops_pipeline.jobs.pipeline.validation import failure_summary, validation_markdown
from portfolio_shared.integrity import file_sha256
from portfolio_shared.logging import get_logger

log = get_logger(__name__)


def source_fingerprint(source: Source) -> str:
    """sha256 of a source file (the packaged CSV's known digest): part of the ingest key."""
    if source.path == "packaged":
        return data_io.PACKAGED_SHA256
    path = Path(source.path)
    return file_sha256(path) if path.is_file() else "missing"


# ---------------------------------------------------------------- ingest
def ingest(sources: list[Source], out: Path) -> Ingested:
    """Read every batch as-is (raw schema); an unreadable batch is recorded, not fatal here."""
    batches: list[IngestedBatch] = []
    (out / "batches").mkdir()
    for i, source in enumerate(sources):
        path = data_io.packaged_csv() if source.path == "packaged" else Path(source.path)
        try:
            frame = data_io.read_raw(path)
        except (OSError, ValueError) as exc:
            error = f"{type(exc).__name__}: {exc}"
            batches.append(IngestedBatch(batch=source.label, source=str(path), error=error))
            continue
        frame[BATCH] = source.label
        file = out / "batches" / f"{i:03d}.parquet"
        frame.to_parquet(file, index=False)
        batches.append(
            IngestedBatch(
                batch=source.label,
                source=str(path),
                file=file.name,
                rows=len(frame),
                sha256=file_sha256(path),
                digest=log_lineage(frame, source.label, str(path), "ingest"),
            )
        )
    return Ingested(batches=batches, rows=sum(b.rows or 0 for b in batches))


# ---------------------------------------------------------------- validate
def validate(cfg: ValidateConfig, ingested: StepResult[Ingested], out: Path) -> Validated:
    """Check each batch against churn_api's pandera contract. Broken batches are reported and
    never trained on; the accepted ones are cleaned (churn_api's rules) and combined."""
    accepted: list[pd.DataFrame] = []
    verdicts: list[BatchVerdict] = []
    for batch in ingested.outputs.batches:
        if batch.error is not None or batch.file is None:
            verdicts.append(
                BatchVerdict(
                    batch=batch.batch, rows=batch.rows, verdict="rejected", error=batch.error
                )
            )
            continue
        frame = pd.read_parquet(ingested.path("batches") / batch.file)
        try:
            RawTelco.validate(frame.drop(columns=[BATCH]), lazy=True)
        except pandera.errors.SchemaErrors as exc:
            verdicts.append(
                BatchVerdict(
                    batch=batch.batch,
                    rows=batch.rows,
                    verdict="rejected",
                    failures=failure_summary(exc),
                )
            )
            continue
        verdicts.append(BatchVerdict(batch=batch.batch, rows=batch.rows, verdict="accepted"))
        accepted.append(frame)
    report_md = validation_markdown(verdicts)
    (out / "validation.md").write_text(report_md)
    mlflow.log_text(report_md, "validation.md")
    rejected = [v.batch for v in verdicts if v.verdict != "accepted"]
    if rejected and cfg.on_failure == "fail":
        raise StepFailedError("validate", f"batches {rejected} break the data contract")
    if not accepted:
        raise StepFailedError("validate", "no batch passed the data contract; nothing to train on")
    combined = pd.concat(accepted, ignore_index=True)
    duplicates = 0
    if cfg.deduplicate:
        before = len(combined)
        combined = combined.drop_duplicates(ID_COLUMN, keep="last").reset_index(drop=True)
        duplicates = before - len(combined)
    batch_names = combined[BATCH]
    clean = data_io.clean(combined.drop(columns=[BATCH]))
    clean[BATCH] = batch_names.to_numpy()
    clean.to_parquet(out / "clean.parquet", index=False)
    return Validated(
        batches=verdicts,
        rejected=rejected,
        rows=len(clean),
        duplicates_dropped=duplicates,
        churn_rate=round(float(clean[TARGET].mean()), 4),
        digest=log_lineage(clean, "validated", "validate", "validated"),
    )


# ---------------------------------------------------------------- split
def split(test_size: float, seed: int, validated: StepResult[Validated], out: Path) -> Splits:
    """Stratified by label and batch, so the held-out rows mirror the recent batches too."""
    frame = pd.read_parquet(validated.path("clean.parquet"))
    strata = frame[TARGET].astype(str) + "|" + frame[BATCH].astype(str)
    if strata.value_counts().min() < 2:
        strata = frame[TARGET]
    train, test = train_test_split(frame, test_size=test_size, stratify=strata, random_state=seed)
    train.to_parquet(out / "train.parquet", index=False)
    test.to_parquet(out / "test.parquet", index=False)
    return Splits(
        train_rows=len(train),
        test_rows=len(test),
        train_digest=log_lineage(train, "train", "split", "training"),
        test_digest=log_lineage(test, "test", "split", "evaluation"),
    )

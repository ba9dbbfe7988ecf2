"""The analyst's only tool: a typed semantic-layer query over the customer table.

A query names a metric, an optional measure, up to three filters, up to two group-by columns
and an optional top-k, all as enums drawn from the data contract (`core.schema`). It compiles to
one DuckDB SELECT built with sqlglot (never by string formatting), and `guard()` re-parses any
SQL before it runs: a single SELECT over the known table, known columns and allowed functions.
No free-form SQL or code reaches the database from a model.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, cast

import sqlglot
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlglot import exp

from retention_agents.core.schema import DIMENSIONS, MEASURES, TABLE, TARGET

Dimension = StrEnum("Dimension", {name: name for name in DIMENSIONS})  # type: ignore[misc]
Measure = StrEnum("Measure", {name: name for name in MEASURES})  # type: ignore[misc]


class Metric(StrEnum):
    count = "count"  # type: ignore[assignment]  # customers (shadows str.count)
    churned = "churned"  # customers who churned
    churn_rate = "churn_rate"  # share who churned
    #: Share of the customers (after `filters`) who also meet `subset`; with no subset and a
    #: group_by, each group's share of those customers (a distribution).
    share = "share"
    mean = "mean"
    median = "median"
    sum = "sum"
    min = "min"
    max = "max"


NEEDS_MEASURE = frozenset({Metric.mean, Metric.median, Metric.sum, Metric.min, Metric.max})


class Op(StrEnum):
    eq = "eq"
    ne = "ne"
    in_ = "in"
    gt = "gt"
    ge = "ge"
    lt = "lt"
    le = "le"
    is_missing = "is_missing"
    not_missing = "not_missing"
    between = "between"  # inclusive: [low, high]


NUMERIC_OPS = frozenset({Op.gt, Op.ge, Op.lt, Op.le, Op.eq, Op.ne, Op.between})
CATEGORY_OPS = frozenset({Op.eq, Op.ne, Op.in_})
MISSING_OPS = frozenset({Op.is_missing, Op.not_missing})


class Filter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    column: str = Field(description="a dimension or a measure of the customer table")
    op: Op
    value: str | float | list[str] | list[float] | None = None

    @model_validator(mode="after")
    def _typed(self) -> Filter:  # noqa: PLR0912
        if self.column in DIMENSIONS:
            levels = DIMENSIONS[self.column]
            if self.op not in CATEGORY_OPS:
                raise ValueError(f"{self.column} is categorical: use eq, ne or in")
            values = self.value if isinstance(self.value, list) else [self.value]
            unknown = [v for v in values if str(v) not in levels]
            if unknown or not values:
                raise ValueError(f"{self.column} takes {list(levels)}, not {unknown or values}")
            if self.op != Op.in_ and isinstance(self.value, list):
                raise ValueError(f"{self.op} takes one value; use `in` for several")
        elif self.column == TARGET:
            if self.op not in {Op.eq, Op.ne} or self.value not in (0, 1):
                raise ValueError(f"{TARGET} is 1 (churned) or 0 (stayed): use eq or ne")
        elif self.column in MEASURES:
            if self.op in MISSING_OPS:
                if self.value is not None:
                    raise ValueError(f"{self.op} takes no value")
            elif self.op == Op.between:
                if not (isinstance(self.value, list) and len(self.value) == 2 and all(
                    isinstance(v, int | float) for v in self.value
                ) and self.value[0] <= self.value[1]):  # type: ignore[operator]  # fmt: skip
                    raise ValueError(f"{self.column} between takes [low, high]")
            elif self.op not in NUMERIC_OPS or not isinstance(self.value, int | float):
                raise ValueError(f"{self.column} is numeric: compare it with a number")
        else:
            raise ValueError(f"unknown column {self.column!r}")
        return self


class Query(BaseModel):
    """One question to the customer table."""

    model_config = ConfigDict(extra="forbid")

    metric: Metric
    measure: Measure | None = None
    #: Who is counted (the population).
    filters: list[Filter] = Field(default_factory=list, max_length=4)
    #: For `share`: what the counted customers must also meet (the share of the population).
    subset: list[Filter] = Field(default_factory=list, max_length=3)
    group_by: list[Dimension] = Field(default_factory=list, max_length=2)
    top_k: int | None = Field(None, ge=1, le=50)
    order: Literal["desc", "asc"] = "desc"
    #: Two sides to compare (one condition each, on one column): the value for each side and
    #: their difference, first minus second. Each side runs as its own query (`sides()`).
    compare: list[Filter] | None = Field(None, min_length=2, max_length=2)

    @model_validator(mode="after")
    def _consistent(self) -> Query:
        if self.metric in NEEDS_MEASURE and self.measure is None:
            raise ValueError(f"metric {self.metric} needs a measure ({list(MEASURES)})")
        if self.metric not in NEEDS_MEASURE and self.measure is not None:
            raise ValueError(f"metric {self.metric} takes no measure")
        if self.top_k is not None and not self.group_by:
            raise ValueError("top_k ranks groups: give a group_by")
        if self.subset and self.metric != Metric.share:
            raise ValueError("only a share names a subset")
        if self.metric == Metric.share and not (self.subset or self.group_by):
            raise ValueError("a share names its subset, or groups to share the customers among")
        if self.compare is not None and (self.group_by or self.top_k is not None):
            raise ValueError("a comparison of two sides takes no group_by or top_k")
        return self

    def sides(self) -> list[Query]:
        """The two queries a comparison runs: this one with each side's condition added."""
        assert self.compare is not None
        return [self.model_copy(update={"compare": None, "filters": [*self.filters, side]})
                for side in self.compare]  # fmt: skip

    @property
    def value_name(self) -> str:
        return str(self.metric) if self.measure is None else f"{self.metric}_{self.measure}"


def _column(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def _aggregate(query: Query) -> exp.Expression:
    target = _column(TARGET)
    match query.metric:
        case Metric.count:
            return exp.Count(this=exp.Star())
        case Metric.churned:
            return exp.Sum(this=target)
        case Metric.churn_rate:
            return exp.Avg(this=target)
        case Metric.share if not query.subset:  # each group's part of all counted customers
            whole = exp.Window(this=exp.Sum(this=exp.Count(this=exp.Star())))
            return exp.Div(this=exp.Count(this=exp.Star()), expression=whole)
        case Metric.share:
            met = exp.and_(*(_condition(f) for f in query.subset))
            case = exp.Case(ifs=[exp.If(this=met, true=exp.Literal.number(1))],
                            default=exp.Literal.number(0))  # fmt: skip
            return exp.Avg(this=case)
    measure = _column(str(query.measure))
    functions: dict[Metric, type[exp.Func]] = {
        Metric.mean: exp.Avg,
        Metric.median: exp.Median,
        Metric.sum: exp.Sum,
        Metric.min: exp.Min,
        Metric.max: exp.Max,
    }
    return cast(exp.Expression, functions[query.metric](this=measure))


def _literal(column: str, value: str | float) -> exp.Expression:
    if column in DIMENSIONS:
        return exp.Literal.string(str(value))
    return exp.Literal.number(value)


def _condition(f: Filter) -> exp.Expression:
    col = _column(f.column)
    if f.op == Op.is_missing:
        return exp.Is(this=col, expression=exp.Null())
    if f.op == Op.not_missing:
        return exp.Not(this=exp.Is(this=col, expression=exp.Null()))
    if f.op == Op.between:
        low, high = cast(list[float], f.value)
        return exp.Between(this=col, low=exp.Literal.number(low), high=exp.Literal.number(high))
    if f.op == Op.in_:
        values = f.value if isinstance(f.value, list) else [f.value]
        return exp.In(this=col, expressions=[_literal(f.column, str(v)) for v in values])
    assert f.value is not None
    assert not isinstance(f.value, list)
    value = _literal(f.column, f.value)
    comparisons: dict[Op, type[exp.Binary]] = {
        Op.eq: exp.EQ,
        Op.ne: exp.NEQ,
        Op.gt: exp.GT,
        Op.ge: exp.GTE,
        Op.lt: exp.LT,
        Op.le: exp.LTE,
    }
    return cast(exp.Expression, comparisons[f.op](this=col, expression=value))


def _fewest(query: Query) -> bool:
    """Groups ranked by how few customers they count: every group of the table is ranked,
    those none of whose customers meet the filters at 0 (a WHERE would drop them)."""
    return bool(
        query.metric == Metric.count and query.group_by and query.filters and query.order == "asc"
    )


def compile_query(query: Query, max_rows: int) -> str:
    """The query as one DuckDB SELECT: group columns, the value, and the customers behind it
    (a comparison compiles each of its `sides()`)."""
    if query.compare is not None:
        raise ValueError("a comparison runs as two queries: compile each of its sides()")
    groups = [_column(str(g)) for g in query.group_by]
    if _fewest(query):  # "which contract has the fewest churners": a group with none counts
        met = exp.and_(*(_condition(f) for f in query.filters))
        one = exp.Case(ifs=[exp.If(this=met, true=exp.Literal.number(1))],
                       default=exp.Literal.number(0))  # fmt: skip
        select = exp.select(
            *groups,
            exp.alias_(exp.Sum(this=one), query.value_name, quoted=True),
            exp.alias_(exp.Sum(this=one.copy()), "customers", quoted=True),
        ).from_(TABLE)
    else:
        select = exp.select(
            *groups,
            exp.alias_(_aggregate(query), query.value_name, quoted=True),
            exp.alias_(exp.Count(this=exp.Star()), "customers", quoted=True),
        ).from_(TABLE)
        for f in query.filters:
            select = select.where(_condition(f))
    if groups:
        select = select.group_by(*groups)
        ordered = exp.Ordered(
            this=exp.column(query.value_name, quoted=True), desc=query.order == "desc"
        )
        select = select.order_by(ordered, *groups)
    limit = min(query.top_k or max_rows, max_rows)
    return select.limit(limit).sql(dialect="duckdb")


ALLOWED_FUNCTIONS = (exp.Count, exp.Sum, exp.Avg, exp.Median, exp.Min, exp.Max, exp.Case, exp.If)
#: Logic and comparisons are function nodes in sqlglot's tree too.
ALLOWED_OPERATORS = (exp.Connector, exp.Not, exp.Predicate, exp.Binary, exp.Paren)
KNOWN_COLUMNS = frozenset({*DIMENSIONS, *MEASURES, TARGET})


class UnsafeQueryError(ValueError):
    """SQL that is not a single, known-columns SELECT over the customer table."""


def guard(sql: str) -> exp.Select:
    """Parse `sql` and accept only one SELECT over `customers` that names known columns (or
    its own aliases) and calls allowed aggregates: checked on the syntax tree, not by regex."""
    try:
        statements = sqlglot.parse(sql, dialect="duckdb")
    except sqlglot.errors.ParseError as exc:
        raise UnsafeQueryError(f"not valid SQL: {exc}") from None
    if len(statements) != 1 or not isinstance(statements[0], exp.Select):
        raise UnsafeQueryError("only a single SELECT statement may run")
    tree = statements[0]
    if any(isinstance(node, exp.Subquery | exp.Union | exp.Join) for node in tree.walk()):
        raise UnsafeQueryError("subqueries, unions and joins are not allowed")
    tables = {t.name for t in tree.find_all(exp.Table)}
    if tables != {TABLE}:
        raise UnsafeQueryError(f"only the {TABLE!r} table may be read, not {sorted(tables)}")
    aliases = {a.alias for a in tree.find_all(exp.Alias)}
    for column in tree.find_all(exp.Column):
        if column.name not in KNOWN_COLUMNS | aliases:
            raise UnsafeQueryError(f"unknown column {column.name!r}")
    for func in tree.find_all(exp.Func):
        if not isinstance(func, ALLOWED_FUNCTIONS + ALLOWED_OPERATORS):
            raise UnsafeQueryError(f"function {func.sql()!r} is not allowed")
    return tree

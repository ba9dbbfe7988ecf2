"""The coverage check every analyst query passes before it runs, whoever built it (the rules'
parser or a language model's tool call): the clause it answers is linked again, independently of
how the query was made, and each condition, grouping or measure the clause names must be used by
the query. A query that leaves one out would answer over a wider population than was asked
("churn rate of fibre customers" answered over everyone), so it never runs: the part is refused,
naming the phrase. It checks which columns are read, not how: a query that reads the right
column with the wrong level or operator passes it (the parser's own tests hold that)."""

from __future__ import annotations

from retention_agents.core.plan import AnalystTask, Plan, Refused, SubTask
from retention_agents.core.schema import TARGET
from retention_agents.core.semantic import Metric, Query
from retention_agents.core.understanding.linking import link

#: Metrics that read the target themselves: a churn word is used by asking them.
_CHURN_METRICS = frozenset({Metric.churned, Metric.churn_rate})


def _columns(query: Query) -> set[str]:
    """Every column the query reads, as a condition, a grouping or a measure."""
    conditions = [*query.filters, *query.subset, *(query.compare or [])]
    used = {f.column for f in conditions} | set(query.group_by)
    if query.measure is not None:
        used.add(query.measure)
    if query.metric in _CHURN_METRICS:
        used.add(TARGET)
    return used


def unused(ask: str, query: Query) -> list[str]:
    """The phrases of `ask` that name a column `query` does not read (none: covered)."""
    used = _columns(query)
    out = []
    for found in link(ask).links:
        column = found.condition.column if found.condition is not None else found.column
        if column is not None and column not in used and found.phrase not in out:
            out.append(found.phrase)
    return out


def covered(made: Plan) -> Plan:
    """The plan with every analyst task whose query leaves a phrase of its clause unused moved
    to the refused parts (the first such phrase named)."""
    kept: list[SubTask] = []
    refused = list(made.refused)
    for task in made.tasks:
        left = unused(task.ask, task.query) if isinstance(task, AnalystTask) else []
        if left:
            reason = "the query built for this part does not use it"
            refused.append(Refused(ask=task.ask, phrase=left[0], reason=reason))
        else:
            kept.append(task)
    return made.model_copy(update={"tasks": kept, "refused": refused})


__all__ = ["covered", "unused"]

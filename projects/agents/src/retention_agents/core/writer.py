"""The writer: one plain sentence (or two) per finding, every figure taken from a tool output.
A revision leaves out what the checker could not verify and says so."""

from __future__ import annotations

from typing import Any

from retention_agents.core.checker import NUMBER
from retention_agents.core.findings import Finding
from retention_agents.core.plan import Plan
from retention_agents.core.schema import TARGET
from retention_agents.core.semantic import Filter, Metric, Query


def _value(metric: str, value: Any) -> str:
    if value is None:
        return "no value (no customers match)"
    if metric in {Metric.churn_rate, Metric.share}:
        return f"{value:.1%}"
    if metric in {Metric.count, Metric.churned}:
        return f"{int(value):,}"
    return f"{value:,.2f}"


SYMBOLS = {"eq": "=", "ne": "≠", "gt": ">", "ge": "≥", "lt": "<", "le": "≤", "in": "in"}


def condition(f: Filter) -> str:
    """One condition as the answer states it: "Contract = Month-to-month", "churned"."""
    if f.column == TARGET:
        return "churned" if (f.value == 1) == (f.op == "eq") else "stayed"
    if f.op == "is_missing":
        return f"{f.column} blank"
    if f.op == "not_missing":
        return f"{f.column} present"
    if f.op == "between" and isinstance(f.value, list):
        low, high = f.value
        return f"{f.column} between {low:g} and {high:g}"
    value = f.value if not isinstance(f.value, list) else " or ".join(str(v) for v in f.value)
    value = f"{value:g}" if isinstance(value, float) else value
    return f"{f.column} {SYMBOLS[str(f.op)]} {value}"


def _filters(query: Query) -> str:
    parts = [condition(f) for f in query.filters]
    return f" (customers with {', '.join(parts)})" if parts else ""


def _label(query: Query) -> str:
    if query.metric == Metric.share and not query.subset:
        return "share of the customers"
    if query.metric == Metric.share:
        return f"share with {' and '.join(condition(f) for f in query.subset)}"
    return query.value_name.replace("_", " ")


def compare_text(query: Query, data: dict[str, Any]) -> str:
    assert query.compare is not None
    name, label, where = query.value_name, _label(query), _filters(query)
    values = []
    for side, rows in zip(query.compare, data["sides"], strict=True):
        row = rows[0] if rows else {name: None, "customers": 0}
        values.append(f"{condition(side)}: {_value(query.metric, row[name])} "
                      f"({row['customers']:,} customers)")  # fmt: skip
    if "difference" not in data:
        return f"The {label}{where}: {'; '.join(values)}; no difference (a side is empty)."
    d = data["difference"]
    unit = " (percentage points)" if query.metric in {Metric.churn_rate, Metric.share} else ""
    shown = f"{d * 100:+.1f}%" if unit else f"{d:+,.2f}"
    if query.metric in {Metric.count, Metric.churned}:
        shown = f"{int(d):+,}"
    return (
        f"The {label}{where}: {'; '.join(values)}; difference (first minus second) {shown}{unit}."
    )


def analyst_text(finding: Finding) -> str:  # noqa: PLR0911
    query = Query.model_validate(finding.data["query"])
    if query.compare:
        return compare_text(query, finding.data)
    rows: list[dict[str, Any]] = finding.data["rows"]
    name = query.value_name
    label = _label(query)
    where = _filters(query)
    if not rows:
        return f"No customers match{where}."
    if not query.group_by:
        row = rows[0]
        if query.metric == Metric.count:
            return f"{row['customers']:,} customers match{where or ' (all customers)'}."
        if query.metric == Metric.churned:
            return f"{int(row[name] or 0):,} of {row['customers']:,} customers{where} churned."
        value = _value(query.metric, row[name])
        return f"The {label}{where} is {value} over {row['customers']:,} customers."
    group = [str(g) for g in query.group_by]
    keys = [" / ".join(str(r[g]) for g in group) for r in rows]
    spread = query.metric == Metric.share and not query.subset  # a distribution
    if query.top_k == 1:
        best = "highest" if query.order == "desc" else "lowest"
        return (
            f"By {', '.join(group)}, {keys[0]} has the {best} {label}{where}: "
            f"{_value(query.metric, rows[0][name])} "
            + (
                f"({rows[0]['customers']:,} customers)."
                if spread
                else f"of {rows[0]['customers']:,} customers."
            )
        )
    listed = "; ".join(
        f"{k} {_value(query.metric, r[name])} ({r['customers']:,} customers)"
        for k, r in zip(keys, rows, strict=True)
    )
    return f"{label.capitalize()} by {', '.join(group)}{where}: {listed}."


def scorer_text(finding: Finding) -> str:
    d = finding.data
    if d.get("what_if"):
        w = d["what_if"]
        change = ", ".join(f"{k} {v}" for k, v in w["changes"].items())
        return (
            f"With {change}, that customer's churn risk would go from {d['probability']:.3f} "
            f"to {w['probability']:.3f} ({w['difference']:+.3f})."
        )
    stated = ", ".join(f"{k} {d['customer'][k]}" for k in d["stated"]) or "a typical customer"
    verdict = "above" if d["flagged"] else "below"
    return (
        f"The churn risk of that customer ({stated}) is {d['probability']:.3f} by churn_api "
        f"model v{d['model_version']}, {verdict} its campaign threshold of {d['threshold']:.2f}."
    )


def researcher_text(finding: Finding) -> str:
    answer = str(finding.data["answer"]).strip()
    sources = "; ".join(
        f"[{c.number}] {c.source}" + (f" — {c.section}" if c.section else "")
        for c in finding.citations
    )
    # quoted and attributed: a document's words are data, never the team's own instructions
    quoted = (
        f"The documents say: {answer}"
        if answer.startswith("“")
        else (f"The documents say: “{answer}”")
    )
    return f"{quoted} (Sources: {sources})" if sources else quoted


def offer_text(finding: Finding) -> str:
    customer = finding.data["customerID"]
    if finding.data.get("queued"):
        return f"A retention offer for customer {customer} was approved and queued."
    return f"The retention offer for customer {customer} was rejected: nothing was queued."


def external_text(finding: Finding) -> str:
    return f"The {finding.data['tool']} tool says: “{str(finding.data['output']).strip()}”."


def finding_text(finding: Finding) -> str:
    if not finding.ok:
        return f"Could not answer “{finding.ask}”: {finding.error}."
    match finding.role:
        case "external":
            return external_text(finding)
        case "offer":
            return offer_text(finding)
        case "analyst":
            return analyst_text(finding)
        case "scorer":
            return scorer_text(finding)
    return researcher_text(finding)


def draft(findings: list[Finding], plan: Plan) -> str:
    if plan.failed:
        return f"The question was not answered: {plan.failed}."
    unrouted = plan.unrouted
    parts = [finding_text(f) for f in sorted(findings, key=lambda f: f.task)]
    if any(f.ok and f.role == "scorer" and f.data.get("assumed") for f in findings):
        parts.append("Customer fields the question did not give were set to the most common value.")
    parts += [f"I could not use “{r.phrase}” in “{r.ask}”: {r.reason}." for r in plan.refused]
    parts += [
        f"No role could take “{ask}”: ask about churn figures, a customer's risk, or the docs."
        for ask in unrouted
    ]
    return " ".join(parts) if parts else "The question asked nothing the team can answer."


def revise(text: str, unverified: list[str]) -> str:
    """Keep only the sentences whose figures were all verified; say what was left out."""
    sentences = [s for s in text.replace("\n", " ").split(". ") if s]
    kept = [s for s in sentences if not any(n in NUMBER.findall(s) for n in unverified)]
    note = "Some figures could not be verified against the tools' outputs and were left out."
    return (". ".join(kept).rstrip(".") + ". " + note) if kept else note

"""The deterministic planner: a question in plain words → a typed plan of sub-tasks.

Routing and tool arguments do not rest on a language model (a 135M model routes 0 of 5 questions
right even with a JSON grammar): the question is split into clauses, each clause is routed by
rules to a role, and its arguments are read off the text with vocabularies drawn from the data
contract (`core.schema`). A clause no rule takes is reported as unrouted, never guessed.
"""

from __future__ import annotations

import re
from typing import Any

from retention_agents.core.memory import REFERS_BACK
from retention_agents.core.plan import (
    AnalystTask,
    ExternalTask,
    OfferTask,
    Plan,
    ResearcherTask,
    ScorerTask,
    SubTask,
)
from retention_agents.core.schema import MEASURES, TARGET
from retention_agents.core.semantic import Filter, Metric, Query

#: Phrases naming a dimension (longest first when matched).
DIMENSION_WORDS: dict[str, str] = {
    "contract type": "Contract",
    "contract": "Contract",
    "payment method": "PaymentMethod",
    "way of paying": "PaymentMethod",
    "internet service": "InternetService",
    "internet type": "InternetService",
    "gender": "gender",
    "senior citizen": "SeniorCitizen",
    "seniority": "SeniorCitizen",
    "partner status": "Partner",
    "partner": "Partner",
    "dependents": "Dependents",
    "paperless billing": "PaperlessBilling",
    "billing": "PaperlessBilling",
    "tech support": "TechSupport",
    "online security": "OnlineSecurity",
    "online backup": "OnlineBackup",
    "device protection": "DeviceProtection",
    "streaming tv": "StreamingTV",
    "streaming movies": "StreamingMovies",
    "multiple lines": "MultipleLines",
    "phone service": "PhoneService",
}
#: Phrases naming a level of a dimension: a filter (analyst) or a stated field (scorer).
LEVEL_WORDS: list[tuple[str, str, Any]] = [
    (r"month[- ]to[- ]month", "Contract", "Month-to-month"),
    (r"(?:one|1)[- ]year", "Contract", "One year"),
    (r"(?:two|2)[- ]year", "Contract", "Two year"),
    (r"fib(?:er|re)(?: optic)?", "InternetService", "Fiber optic"),
    (r"\bdsl\b", "InternetService", "DSL"),
    (r"(?:no|without) internet", "InternetService", "No"),
    (r"electronic check", "PaymentMethod", "Electronic check"),
    (r"mailed check", "PaymentMethod", "Mailed check"),
    (r"bank transfer", "PaymentMethod", "Bank transfer (automatic)"),
    (r"credit card", "PaymentMethod", "Credit card (automatic)"),
    (r"\bseniors?\b|senior citizens?", "SeniorCitizen", "1"),
    (r"non[- ]seniors?", "SeniorCitizen", "0"),
    (r"\b(?:female|wom[ae]n)\b", "gender", "Female"),
    (r"\b(?:male|m[ae]n)\b", "gender", "Male"),
    (r"without (?:a )?partner|no partner|single", "Partner", "No"),
    (r"with (?:a )?partner", "Partner", "Yes"),
    (r"without dependents|no dependents", "Dependents", "No"),
    (r"with dependents", "Dependents", "Yes"),
    (r"without tech support|no tech support", "TechSupport", "No"),
    (r"with tech support", "TechSupport", "Yes"),
    (r"without online security|no online security", "OnlineSecurity", "No"),
    (r"with online security", "OnlineSecurity", "Yes"),
    (r"paperless", "PaperlessBilling", "Yes"),
    (r"paper bill", "PaperlessBilling", "No"),
    (r"without phone service|no phone service", "PhoneService", "No"),
]
MEASURE_WORDS: dict[str, str] = {
    "monthly charges": "MonthlyCharges",
    "monthly charge": "MonthlyCharges",
    "monthly bill": "MonthlyCharges",
    "monthly spend": "MonthlyCharges",
    "total charges": "TotalCharges",
    "total charge": "TotalCharges",
    "lifetime spend": "TotalCharges",
    "tenure": "tenure",
    "months with the company": "tenure",
}
AGGREGATE_WORDS: list[tuple[str, Metric]] = [
    (r"\b(?:average|mean)\b", Metric.mean),
    (r"\bmedian\b", Metric.median),
    (r"\b(?:total|sum of)\b", Metric.sum),
    (r"\b(?:minimum|smallest|lowest)\b", Metric.min),
    (r"\b(?:maximum|largest|highest)\b", Metric.max),
]
_COMPARE = {
    "over": "gt",
    "more than": "gt",
    "above": "gt",
    "greater than": "gt",
    "at least": "ge",
    "under": "lt",
    "less than": "lt",
    "below": "lt",
    "fewer than": "lt",
    "at most": "le",
    "up to": "le",
}
_NUMBER = r"(\d+(?:\.\d+)?)"
_COMPARE_RE = "|".join(sorted(_COMPARE, key=len, reverse=True))
NUMERIC_FILTERS: list[tuple[str, str]] = [
    (rf"tenure (?:of )?({_COMPARE_RE}) {_NUMBER}", "tenure"),
    (rf"({_COMPARE_RE}) {_NUMBER} months", "tenure"),
    (
        rf"(?:paying|monthly charges?|monthly bills?) (?:of )?({_COMPARE_RE}) \$?{_NUMBER}",
        "MonthlyCharges",
    ),
    (rf"total charges? (?:of )?({_COMPARE_RE}) \$?{_NUMBER}", "TotalCharges"),
]
MISSING_TOTAL = re.compile(r"(?:blank|missing|empty|no) total ?charges?")
CHURNED_PEOPLE = re.compile(r"\b(?:churned|churners|who (?:churned|left))\b")
STAYED_PEOPLE = re.compile(r"\b(?:who stayed|retained|non[- ]churners|still with us)\b")

SCORER_CUES = re.compile(
    r"churn risk|risk of|probability|likely (?:is it )?(?:to|that)|chance|score (?:a|this|the)"
)
WHAT_IF = re.compile(
    r"what if\b|if (?:they|he|she|this customer|the customer) (?:moved?|switched?)"
)
RESEARCH_CUES = re.compile(
    r"model card|documentation|\bdocs?\b|according to|what does .* say|how (?:is|was) .* "
    r"(?:trained|evaluated|validated|built)|explain|describe|intended use|limitations?|"
    r"\bwhy\b|readme|gate|threshold chosen|cost model"
)
RATE_CUES = re.compile(r"churn rate|churns? (?:the )?(?:most|least)|rate of churn|share .* churn")
RANK_MOST = re.compile(r"(?:churns?|churn rate) (?:the )?most|highest churn|most churn|worst")
RANK_LEAST = re.compile(r"(?:churns?|churn rate) (?:the )?least|lowest churn|least churn|best")
TOP_K = re.compile(r"\btop (\d+)\b")
COUNT_CUES = re.compile(r"how many|number of|count of|count\b")
TENURE_STATED = re.compile(
    rf"{_NUMBER} months?(?: of tenure| tenure| with| old)?|tenure of {_NUMBER}"
)
CHARGES_STATED = re.compile(
    rf"(?:paying|pays|charged|bill of|monthly charges? of) \$?{_NUMBER}"
    rf"|\$?{_NUMBER} (?:a|per) month"
)
_SPLIT = re.compile(
    r"\?\s*|;\s*|,\s+and\s+|\s+and\s+(?=(?:what|which|how|who|is|are|does|do|according)\b)"
)


def clauses(question: str) -> list[str]:
    parts = [p.strip(" ,.") for p in _SPLIT.split(question)]
    return [p for p in parts if p]


def levels(text: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for pattern, column, level in LEVEL_WORDS:
        if column not in found and re.search(pattern, text):
            found[column] = level
    return found


def grouping(text: str) -> str | None:
    """The dimension a clause groups by: `by|per|for each|across|which <dimension>`."""
    for phrase in sorted(DIMENSION_WORDS, key=len, reverse=True):
        pattern = rf"\b(?:by|per|for each|across|each|every|which|what|top \d+) (?:the )?{phrase}"
        if re.search(pattern, text) or re.match(rf"(?:the )?{phrase}s? with the", text):
            return DIMENSION_WORDS[phrase]
    return None


def measure_of(text: str) -> str | None:
    for phrase in sorted(MEASURE_WORDS, key=len, reverse=True):
        if phrase in text:
            return MEASURE_WORDS[phrase]
    return None


def filters(text: str, skip: set[str] | None = None) -> list[Filter]:
    """Filters the clause states: levels of dimensions, numeric comparisons, missing totals,
    churned or retained customers (at most three, as the semantic layer allows)."""
    out: list[Filter] = []
    for column, level in levels(text).items():
        if column not in (skip or set()):
            out.append(Filter(column=column, op="eq", value=level))
    for pattern, column in NUMERIC_FILTERS:
        if match := re.search(pattern, text):
            op, number = _COMPARE[match.group(1)], float(match.group(2))
            if not any(f.column == column for f in out):
                out.append(Filter(column=column, op=op, value=number))
    if MISSING_TOTAL.search(text):
        out.append(Filter(column="TotalCharges", op="is_missing"))
    if CHURNED_PEOPLE.search(text):
        out.append(Filter(column=TARGET, op="eq", value=1))
    elif STAYED_PEOPLE.search(text):
        out.append(Filter(column=TARGET, op="eq", value=0))
    return out[:3]


def analyst_query(text: str) -> Query | None:
    """The semantic-layer query a clause asks for, or None when it asks none."""
    measure = measure_of(text)
    dimension = grouping(text)
    group = [dimension] if dimension else []
    where = filters(text, skip=set(group))
    if RATE_CUES.search(text):
        most, least = RANK_MOST.search(text), RANK_LEAST.search(text)
        top = TOP_K.search(text)
        ranked = bool(group and (most or least or top))
        return Query(
            metric=Metric.churn_rate,
            group_by=group,
            filters=where,
            top_k=(int(top.group(1)) if top else 1) if ranked else None,
            order="asc" if least and not most else "desc",
        )
    if measure is not None:
        for pattern, metric in AGGREGATE_WORDS:
            if re.search(pattern, text) and not (
                metric == Metric.sum
                and measure == "TotalCharges"
                and "total charges" in text
                and not re.search(r"sum of|total of", text)
            ):
                return Query(metric=metric, measure=measure, filters=where, group_by=group)
        if re.search(r"\b(?:average|mean)\b", text) or "typical" in text:
            return Query(metric=Metric.mean, measure=measure, filters=where, group_by=group)
    if COUNT_CUES.search(text) or ("customers" in text and group):
        churned_count = bool(CHURNED_PEOPLE.search(text)) and bool(group)
        if churned_count:
            where = [f for f in where if f.column != TARGET]
        metric = Metric.churned if churned_count else Metric.count
        return Query(metric=metric, filters=where, group_by=group)
    return None


def guessed(clause: str) -> bool:
    """Whether the rules route a clause only by their last guess (it names customers and a
    grouping but no metric: a count is assumed), which a second router may overrule."""
    text = clause.lower()
    if OFFER.search(clause) or WHAT_IF.search(text) or SCORER_CUES.search(text):
        return False
    if RESEARCH_CUES.search(text) or RATE_CUES.search(text) or COUNT_CUES.search(text):
        return False
    query = analyst_query(text)
    return query is not None and query.metric == Metric.count


def customer_fields(text: str) -> dict[str, Any]:
    """What a clause says about one customer: contract, internet, payment, tenure, charges."""
    stated: dict[str, Any] = dict(levels(text))
    if "SeniorCitizen" in stated:
        stated["SeniorCitizen"] = int(stated["SeniorCitizen"])
    if match := TENURE_STATED.search(text):
        stated["tenure"] = int(float(match.group(1) or match.group(2)))
    if match := CHARGES_STATED.search(text):
        stated["MonthlyCharges"] = float(match.group(1) or match.group(2))
    return stated


def _what_if(text: str) -> dict[str, Any] | None:
    if not WHAT_IF.search(text):
        return None
    tail = WHAT_IF.split(text, maxsplit=1)[-1]
    changes = customer_fields(tail)
    return changes or None


OFFER = re.compile(
    r"(?:queue|send|make|give|schedule)\b.*\boffer\b.*?\b(\d{4}-[a-z]{5})\b", re.IGNORECASE
)


def external_task(clause: str, external: dict[str, str]) -> ExternalTask | None:
    """A clause that names a loaded MCP tool ("use lookup_offers: fiber discounts"): the tool
    gets the rest of the clause as its one text argument (`external`: tool → argument name)."""
    for tool, argument in external.items():
        spoken = {tool.lower(), tool.lower().replace("_", " ")}
        for name in spoken:
            if match := re.search(
                rf"\b{re.escape(name)}\b\W*(?:tool\W*)?(?:for|about|on|:)?\s*", clause.lower()
            ):
                text = clause[match.end() :].strip(" ,.:?") or clause
                return ExternalTask(ask=clause, tool=tool, argument=argument, text=text)
    return None


def route(clause: str, previous: ScorerTask | None) -> SubTask | None:  # noqa: PLR0911 (a return per route)
    if match := OFFER.search(clause):
        return OfferTask(ask=clause, customer_id=match.group(1).upper())
    text = clause.lower()
    if WHAT_IF.search(text):
        changes = _what_if(text)
        stated = customer_fields(WHAT_IF.split(text, maxsplit=1)[0])
        if previous is not None and not stated:
            stated = previous.stated
        elif not stated and REFERS_BACK.search(text):
            return None  # "that customer", and no customer known: never guessed
        if changes:
            return ScorerTask(ask=clause, stated=stated, what_if=changes)
    one_customer = re.search(r"\b(?:a|an|one|this|the) [\w\- ,$.]*customer\b", text)
    if SCORER_CUES.search(text) and one_customer and not re.search(r"\bcustomers\b", text):
        stated = customer_fields(text)
        if not stated and previous is not None and REFERS_BACK.search(text):
            stated = previous.stated
        return ScorerTask(ask=clause, stated=stated)
    if RESEARCH_CUES.search(text):
        return ResearcherTask(ask=clause, question=clause)
    query = analyst_query(text)
    if query is not None:
        return AnalystTask(ask=clause, query=query)
    return None


def plan(
    question: str,
    max_tasks: int,
    external: dict[str, str] | None = None,
    remembered: dict[str, Any] | None = None,
) -> Plan:
    """`remembered`: the customer an earlier run of this user scored ("that customer")."""
    tasks: list[SubTask] = []
    unrouted: list[str] = []
    previous = ScorerTask(ask="remembered", stated=remembered) if remembered else None
    for clause in clauses(question):
        task = (external_task(clause, external) if external else None) or route(clause, previous)
        if task is None:
            unrouted.append(clause)
            continue
        if isinstance(task, ScorerTask):
            previous = task
        tasks.append(task)
    return Plan(tasks=tasks[:max_tasks], unrouted=unrouted + [t.ask for t in tasks[max_tasks:]])


__all__ = [
    "MEASURES",
    "analyst_query",
    "clauses",
    "customer_fields",
    "filters",
    "guessed",
    "plan",
    "route",
]

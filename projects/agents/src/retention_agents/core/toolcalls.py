"""The tools as a language model sees them (`bind_tools` schemas, enums from the data contract)
and the sub-task a model's tool call becomes once its arguments pass the same validation as the
rules' (`task_from_call`): a model fills arguments, typed tools decide what runs."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from retention_agents.core.plan import AnalystTask, ResearcherTask, ScorerTask, SubTask
from retention_agents.core.semantic import Dimension, Query


class query_customers(BaseModel):  # noqa: N801 (the tool's name, as a model sees it)
    """Figures about the customer base: counts, churn rates, averages, by a group column."""

    metric: Literal["count", "churned", "churn_rate", "mean", "median", "sum", "min", "max"]
    group_by: Dimension | None = Field(None, description="a column to group the figure by")


class score_customer(BaseModel):  # noqa: N801
    """The churn risk (probability) of one customer the question describes."""

    Contract: Literal["Month-to-month", "One year", "Two year"]
    InternetService: Literal["DSL", "Fiber optic", "No"]
    MonthlyCharges: float = Field(ge=0, le=200)
    tenure: int = Field(ge=0, le=100)


class ask_docs(BaseModel):  # noqa: N801
    """A documented fact (the model card, the docs), answered with citations."""

    question: str = Field(min_length=1, max_length=200)


TOOLS = [query_customers, score_customer, ask_docs]
PROMPT = (
    "You route a retention analyst's question to exactly one tool: query_customers for figures "
    "over many customers, score_customer for one described customer's churn risk, ask_docs "
    "for what the model card or the documentation says. Fill the arguments from the question."
)


def task_from_call(clause: str, name: str, args: dict[str, Any]) -> SubTask | None:
    """A validated sub-task for a model's call, or None (an unknown tool, arguments that do not
    validate: the clause stays unrouted, never guessed)."""
    try:
        match name:
            case "query_customers":
                call = query_customers.model_validate(args)
                group = [call.group_by] if call.group_by else []
                return AnalystTask(ask=clause, query=Query(metric=call.metric, group_by=group))
            case "score_customer":
                stated = score_customer.model_validate(args).model_dump(mode="json")
                return ScorerTask(ask=clause, stated=stated)
            case "ask_docs":
                return ResearcherTask(ask=clause, question=ask_docs.model_validate(args).question)
    except ValidationError:
        return None
    return None

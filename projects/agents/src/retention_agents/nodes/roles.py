"""The roles: planner, analyst, scorer, researcher, writer and checker. A node is one small
function of the state; tool failures become findings that say what failed, never exceptions."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from retention_agents.config import AgentsSettings
from retention_agents.core import writer
from retention_agents.core.checker import check
from retention_agents.core.customer import changed, complete
from retention_agents.core.findings import Citation, Finding
from retention_agents.core.plan import AnalystTask, Plan, ResearcherTask, ScorerTask
from retention_agents.core.planner import plan as make_plan
from retention_agents.io.clients import ToolError
from retention_agents.io.warehouse import QueryTimeoutError
from retention_agents.nodes.toolbox import Toolbox
from retention_agents.state import RunState, TaskInput

StateNode = Callable[[RunState], dict[str, Any]]
TaskNode = Callable[[TaskInput], dict[str, Any]]


def _step(node: str, started: float, **details: Any) -> dict[str, Any]:
    return {"node": node, "ms": round((time.perf_counter() - started) * 1000, 2), **details}


def planner(settings: AgentsSettings) -> StateNode:
    def plan_node(state: RunState) -> dict[str, Any]:
        started = time.perf_counter()
        made = make_plan(state["question"], settings.max_subtasks)
        roles = [t.role for t in made.tasks]
        step = _step("plan", started, tasks=roles, unrouted=made.unrouted)
        return {"plan": made.model_dump(mode="json"), "trajectory": [step]}

    return plan_node


def analyst(tools: Toolbox) -> TaskNode:
    def analyst_node(item: TaskInput) -> dict[str, Any]:
        started = time.perf_counter()
        task = AnalystTask.model_validate(item["task"])
        args = task.query.model_dump(mode="json", exclude_none=True)
        try:
            result = tools.warehouse.run(task.query)
        except (QueryTimeoutError, ValueError) as exc:
            finding = Finding(
                task=item["index"],
                role="analyst",
                ask=task.ask,
                ok=False,
                error=str(exc),
                tool_calls=1,
            )
            step = _step("analyst", started, tool="query_customers", args=args, error=str(exc))
        else:
            data = {"query": args, "sql": result.sql, "rows": result.records()}
            finding = Finding(
                task=item["index"], role="analyst", ask=task.ask, ok=True, data=data, tool_calls=1
            )
            step = _step(
                "analyst",
                started,
                tool="query_customers",
                args=args,
                summary=f"{len(result.rows)} row(s)",
                sql=result.sql,
            )
        return {"findings": [finding.model_dump(mode="json")], "trajectory": [step]}

    return analyst_node


def scorer(tools: Toolbox) -> TaskNode:
    def scorer_node(item: TaskInput) -> dict[str, Any]:
        started = time.perf_counter()
        task = ScorerTask.model_validate(item["task"])
        spec = complete(task.stated, tools.typical)
        calls = 0
        try:
            calls += 1
            scored = tools.churn.predict(spec.fields)
            data: dict[str, Any] = {
                "customer": spec.fields,
                "stated": spec.stated,
                "assumed": spec.assumed,
                "probability": scored["churn_probability"],
                "threshold": scored["threshold"],
                "flagged": scored["churn"],
                "model_version": scored["model_version"],
            }
            if task.what_if:
                other = changed(spec, task.what_if, tools.typical)
                calls += 1
                again = tools.churn.predict(other.fields)
                p = again["churn_probability"]
                data["what_if"] = {
                    "changes": task.what_if,
                    "probability": p,
                    "difference": p - scored["churn_probability"],
                }
        except (ToolError, KeyError, TypeError) as exc:
            error = (
                str(exc) if isinstance(exc, ToolError) else f"churn_api: unexpected answer: {exc}"
            )
            finding = Finding(
                task=item["index"],
                role="scorer",
                ask=task.ask,
                ok=False,
                error=error,
                tool_calls=calls,
            )
            step = _step("scorer", started, tool="churn_api.predict", args=task.stated, error=error)
        else:
            finding = Finding(
                task=item["index"],
                role="scorer",
                ask=task.ask,
                ok=True,
                data=data,
                tool_calls=calls,
            )
            step = _step(
                "scorer",
                started,
                tool="churn_api.predict",
                args=task.stated,
                summary=f"p={data['probability']:.3f}",
            )
        return {"findings": [finding.model_dump(mode="json")], "trajectory": [step]}

    return scorer_node


def researcher(tools: Toolbox) -> TaskNode:
    def researcher_node(item: TaskInput) -> dict[str, Any]:
        started = time.perf_counter()
        task = ResearcherTask.model_validate(item["task"])
        try:
            answer = tools.rag.ask(task.question)
            cited = [
                Citation.model_validate(c) for c in answer.get("citations", []) if c.get("cited")
            ]
            data = {"answer": str(answer["answer"]), "supported": bool(answer.get("supported"))}
        except (ToolError, ValidationError, KeyError, TypeError, AttributeError) as exc:
            # rag_qa's answer is data: one that does not parse is a failed call, not a crash.
            error = str(exc) if isinstance(exc, ToolError) else f"rag_qa: unexpected answer: {exc}"
            finding = Finding(
                task=item["index"],
                role="researcher",
                ask=task.ask,
                ok=False,
                error=error,
                tool_calls=1,
            )
            step = _step(
                "researcher",
                started,
                tool="rag_qa.ask",
                args={"question": task.question},
                error=error,
            )
        else:
            finding = Finding(
                task=item["index"],
                role="researcher",
                ask=task.ask,
                ok=bool(data["supported"]),
                data=data,
                citations=cited,
                error=None if data["supported"] else "the documents do not say",
                tool_calls=1,
            )
            step = _step(
                "researcher",
                started,
                tool="rag_qa.ask",
                args={"question": task.question},
                summary=f"{len(cited)} citation(s)",
            )
        return {"findings": [finding.model_dump(mode="json")], "trajectory": [step]}

    return researcher_node


def _findings(state: RunState) -> list[Finding]:
    return [Finding.model_validate(f) for f in state.get("findings", [])]


def write(state: RunState) -> dict[str, Any]:
    started = time.perf_counter()
    made = Plan.model_validate(state["plan"])
    previous = state.get("check")
    if previous and not previous["ok"]:
        text = writer.revise(state["draft"], previous["unverified"])
        revisions = state.get("revisions", 0) + 1
    else:
        text, revisions = writer.draft(_findings(state), made.unrouted), state.get("revisions", 0)
    return {
        "draft": text,
        "revisions": revisions,
        "trajectory": [_step("write", started, revision=revisions)],
    }


def checker(settings: AgentsSettings) -> StateNode:
    def check_node(state: RunState) -> dict[str, Any]:
        started = time.perf_counter()
        findings = _findings(state)
        result = check(state["draft"], findings, state["question"])
        body = {
            "ok": result.ok,
            "numbers": result.numbers,
            "unverified": result.unverified,
            "uncited": result.uncited,
        }
        update: dict[str, Any] = {"check": body, "trajectory": [_step("check", started, **body)]}
        if result.ok or state.get("revisions", 0) >= settings.max_revisions:
            failed = [f for f in findings if not f.ok]
            made = Plan.model_validate(state["plan"])
            complete_ = result.ok and not failed and not made.unrouted and findings
            update["answer"] = state["draft"]
            update["status"] = (
                "answered" if complete_ else ("partial" if findings else "unanswered")
            )
        return update

    return check_node

"""The roles: planner, analyst, scorer, researcher, writer and checker. A node is one small
function of the state; tool failures become findings that say what failed, never exceptions."""

from __future__ import annotations

import asyncio
import functools
import json
import time
from collections.abc import Callable
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.types import interrupt
from pydantic import ValidationError

from retention_agents.config import AgentsSettings
from retention_agents.core import writer
from retention_agents.core.budget import allocate, skipped_reason
from retention_agents.core.checker import check
from retention_agents.core.customer import changed, complete
from retention_agents.core.findings import Citation, Finding
from retention_agents.core.memory import ANONYMOUS, facts_of, last_customer
from retention_agents.core.plan import (
    AnalystTask,
    ExternalTask,
    OfferTask,
    Plan,
    ResearcherTask,
    ScorerTask,
)
from retention_agents.core.research import scoped
from retention_agents.core.understanding.coverage import covered
from retention_agents.core.understanding.planning import plan as make_plan
from retention_agents.io.clients import ToolError
from retention_agents.io.warehouse import QueryTimeoutError
from retention_agents.nodes import steps
from retention_agents.nodes.refine import refine, reroute
from retention_agents.nodes.toolbox import Toolbox
from retention_agents.state import RunState, TaskInput

StateNode = Callable[[RunState], dict[str, Any]]
TaskNode = Callable[..., dict[str, Any]]


def _user(config: RunnableConfig) -> str:
    return str(config.get("configurable", {}).get("user_id") or ANONYMOUS)


def planner(settings: AgentsSettings, tools: Toolbox) -> TaskNode:
    def plan_node(state: RunState, config: RunnableConfig) -> dict[str, Any]:
        started = time.perf_counter()
        remembered = tools.recall(_user(config), "last_customer")
        made = make_plan(
            state["question"], settings.max_subtasks, tools.external_arguments, remembered
        )
        tokens, refined, neighbours, limits = 0, 0, 0, []
        if tools.router is not None:  # what the rules left, and what they only guessed
            made, neighbours = reroute(made, tools.router, remembered, settings.max_subtasks)
        if tools.llm is not None and made.unrouted:
            better = refine(made, tools.llm, settings.max_tokens)
            made, tokens, refined = better.plan, better.tokens, better.routed
            limits = ["tokens"] if better.out_of_tokens else []
        checked = covered(made)  # every analyst query uses what its clause names, or never runs
        uncovered, made = len(checked.refused) - len(made.refused), checked
        kept, skipped = allocate(made.tasks, settings.max_tool_calls)
        made = Plan(tasks=kept, unrouted=made.unrouted, refused=made.refused)
        reason = skipped_reason("tool_calls", settings.max_tool_calls)
        findings = [
            Finding(task=len(kept) + i, role=t.role, ask=t.ask, ok=False, error=reason)
            for i, t in enumerate(skipped)
        ]
        roles = [t.role for t in made.tasks]
        entry = steps.step(
            "plan", started, tasks=roles, unrouted=made.unrouted, skipped=len(skipped),
            remembered=bool(remembered), neighbours=neighbours, refined=refined, tokens=tokens,
            uncovered=uncovered,
        )  # fmt: skip
        return {
            "plan": made.model_dump(mode="json"),
            "findings": [f.model_dump(mode="json") for f in findings],
            "stopped": (["tool_calls"] if skipped else []) + limits,
            "tokens": tokens,
            "trajectory": [entry],
        }

    return plan_node


def _unexpected(service: str, exc: Exception) -> str:
    """A tool's answer is data: one that does not parse is a failed call, not a crash."""
    return str(exc) if isinstance(exc, ToolError) else f"{service}: unexpected answer: {exc}"


def analyst(tools: Toolbox) -> TaskNode:
    def analyst_node(item: TaskInput) -> dict[str, Any]:
        started = time.perf_counter()
        task = AnalystTask.model_validate(item["task"])
        args = task.query.model_dump(mode="json", exclude_none=True)
        report = functools.partial(steps.report, item, "analyst", task.ask, "query_customers", args)
        queries = task.query.sides() if task.query.compare else [task.query]
        try:
            results = [tools.warehouse.run(q) for q in queries]
        except (QueryTimeoutError, ValueError) as exc:
            return report(started, calls=len(queries), error=str(exc))
        sql = "; ".join(r.sql for r in results)
        data: dict[str, Any] = {"query": args, "sql": sql, "rows": results[0].records()}
        if task.query.compare:  # the difference is the tool's output, never the writer's sum
            data["sides"] = [r.records() for r in results]
            values = [(r.records() or [{}])[0].get(task.query.value_name) for r in results]
            if None not in values:
                data["difference"] = float(values[0]) - float(values[1])  # type: ignore[arg-type]
        rows = sum(len(r.rows) for r in results)
        return report(started, calls=len(queries), data=data, summary=f"{rows} row(s)", sql=sql)

    return analyst_node


def scorer(tools: Toolbox) -> TaskNode:
    def scorer_node(item: TaskInput) -> dict[str, Any]:
        started = time.perf_counter()
        task = ScorerTask.model_validate(item["task"])
        report = functools.partial(
            steps.report, item, "scorer", task.ask, "churn_api.predict", task.stated
        )
        spec = complete(task.stated, tools.typical)
        calls = 1
        try:
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
                calls += 1
                again = tools.churn.predict(changed(spec, task.what_if, tools.typical).fields)
                p = again["churn_probability"]
                data["what_if"] = {
                    "changes": task.what_if,
                    "probability": p,
                    "difference": p - scored["churn_probability"],
                }
        except (ToolError, KeyError, TypeError) as exc:
            return report(started, calls=calls, error=_unexpected("churn_api", exc))
        return report(started, calls=calls, data=data, summary=f"p={data['probability']:.3f}")

    return scorer_node


def researcher(settings: AgentsSettings, tools: Toolbox) -> TaskNode:
    def researcher_node(item: TaskInput) -> dict[str, Any]:
        started = time.perf_counter()
        task = ResearcherTask.model_validate(item["task"])
        scope = scoped(task.question, settings.research_sources)
        args: dict[str, Any] = {"question": scope.query}
        if scope.sources:
            args["sources"] = scope.sources
        report = functools.partial(steps.report, item, "researcher", task.ask, "rag_qa.ask", args)
        try:
            answer = tools.rag.ask(scope.query, scope.sources, settings.research_extractive)
            cited = [
                Citation.model_validate(c) for c in answer.get("citations", []) if c.get("cited")
            ]
            data = {"answer": str(answer["answer"]), "supported": bool(answer.get("supported"))}
        except (ToolError, ValidationError, KeyError, TypeError, AttributeError) as exc:
            return report(started, calls=1, error=_unexpected("rag_qa", exc))
        if not data["supported"]:
            return report(started, calls=1, data=data, error="the documents do not say")
        return report(
            started, calls=1, data=data, citations=cited, summary=f"{len(cited)} citation(s)"
        )

    return researcher_node


def _text_of(output: Any) -> str:
    """An MCP tool's result as text: its text content blocks joined (ids and types dropped)."""
    if isinstance(output, str):
        return output
    if isinstance(output, list) and all(isinstance(b, dict) for b in output):
        return "\n".join(str(b.get("text", "")) for b in output if b.get("type") == "text")
    return json.dumps(output, default=str)


def external(tools: Toolbox) -> TaskNode:
    def external_node(item: TaskInput) -> dict[str, Any]:
        """A tool of another MCP server: its output is data (quoted by the writer)."""
        started = time.perf_counter()
        task = ExternalTask.model_validate(item["task"])
        args = {task.argument: task.text}
        report = functools.partial(steps.report, item, "external", task.ask, task.tool, args)
        loaded = tools.external.get(task.tool)
        if loaded is None:  # a plan from before a restart with another configuration
            return report(started, calls=0, error=f"the tool {task.tool} is not loaded")
        try:  # adapters' tools are async: this worker thread runs its own loop for the call
            output = asyncio.run(loaded.tool.ainvoke(args))
        except Exception as exc:  # an MCP tool's failure is its answer: reported, not raised
            return report(started, calls=1, error=f"{task.tool}: {type(exc).__name__}: {exc}")
        text = _text_of(output)
        data = {"tool": task.tool, "output": text[:4000]}
        return report(started, calls=1, data=data, summary=f"{len(text)} characters")

    return external_node


def offer(tools: Toolbox) -> TaskNode:
    def offer_node(item: TaskInput, config: RunnableConfig) -> dict[str, Any]:
        """Ask a human first (`interrupt`), always; write only after an approval. The node runs
        again from the top when the run resumes, so the write is idempotent (one row per task)."""
        started = time.perf_counter()
        task = OfferTask.model_validate(item["task"])
        args = {"customerID": task.customer_id}
        report = functools.partial(
            steps.report, item, "offer", task.ask, "queue_retention_offer", args
        )
        if not tools.warehouse.has_customer(task.customer_id):
            return report(started, calls=0, error=f"no customer {task.customer_id}")
        decision = interrupt({"action": "queue_retention_offer", "customerID": task.customer_id})
        approved = isinstance(decision, dict) and decision.get("approve") is True
        data = {"customerID": task.customer_id, "approved": approved}
        if not approved:
            return report(started, calls=0, data=data, summary="rejected by a human")
        thread = str(config["configurable"]["thread_id"])
        wrote = tools.outbox.queue(thread, item["index"], task.customer_id)
        return report(started, calls=1, data={**data, "queued": True}, written=wrote,
                      summary="queued after approval")  # fmt: skip

    return offer_node


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
        text, revisions = writer.draft(_findings(state), made), state.get("revisions", 0)
    return {
        "draft": text,
        "revisions": revisions,
        "trajectory": [steps.step("write", started, revision=revisions)],
    }


def _remember(tools: Toolbox, config: RunnableConfig, findings: list[Finding]) -> None:
    """What the run learned, for this user's later runs (keyed, so a re-run writes nothing new)."""
    thread = str(config.get("configurable", {}).get("thread_id", ""))
    items = {k: f.model_dump(mode="json") for k, f in facts_of(thread, findings).items()}
    if (customer := last_customer(findings)) is not None:
        items["last_customer"] = customer
    tools.remember(_user(config), items)


def checker(settings: AgentsSettings, tools: Toolbox) -> TaskNode:
    def check_node(state: RunState, config: RunnableConfig) -> dict[str, Any]:
        started = time.perf_counter()
        findings = _findings(state)
        made = Plan.model_validate(state["plan"])
        result = check(state["draft"], findings, state["question"], made.failed or "")
        body = {
            "ok": result.ok,
            "numbers": result.numbers,
            "unverified": result.unverified,
            "uncited": result.uncited,
        }
        update: dict[str, Any] = {
            "check": body,
            "trajectory": [steps.step("check", started, **body)],
        }
        if result.ok or state.get("revisions", 0) >= settings.max_revisions:
            failed = [f for f in findings if not f.ok]
            complete_ = (
                result.ok and not failed and not made.unrouted and not made.refused and findings
            )
            update["answer"] = state["draft"]
            _remember(tools, config, findings)
            update["status"] = (
                "answered" if complete_ else ("partial" if findings else "unanswered")
            )
        return update

    return check_node

"""The team's Prometheus collectors, in the service's registry: per-node latency and errors, tool
calls by outcome, run outcomes and budget stops, observed from each run's trajectory."""

from __future__ import annotations

from portfolio_shared.middleware import ServiceMetrics
from retention_agents.core.result import RunResult

NODE_BUCKETS = (0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class AgentMetrics(ServiceMetrics):
    def __init__(self, namespace: str = "agents") -> None:
        super().__init__(namespace)
        self.node_seconds = self.histogram(
            "node_duration_seconds", "Time each graph node took.", ("node",), NODE_BUCKETS
        )
        self.node_errors = self.counter(
            "node_errors_total", "Steps that ended in an error, by node.", ("node",)
        )
        self.tool_calls = self.counter(
            "tool_calls_total", "Tool calls by tool and outcome (ok, error).", ("tool", "outcome")
        )
        self.retries = self.counter(
            "node_retries_total", "Node attempts that failed and were retried.", ("node",)
        )
        self.runs = self.counter("runs_total", "Runs by how they ended.", ("status",))
        self.stops = self.counter(
            "budget_stops_total", "Runs a budget stopped, by budget.", ("budget",)
        )

    def observe(self, result: RunResult, skip: int = 0) -> None:
        """Count a run's steps (past the first `skip`, already counted before a resume)."""
        for step in result.trajectory[skip:]:
            node = str(step.get("node", "?"))
            self.node_seconds.labels(node).observe(float(step.get("ms", 0.0)) / 1000)
            if step.get("attempt", 1) > 1:
                self.retries.labels(node).inc(int(step["attempt"]) - 1)
            if step.get("error"):
                self.node_errors.labels(node).inc()
            if "tool" in step:
                outcome = "error" if step.get("error") else "ok"
                self.tool_calls.labels(str(step["tool"]), outcome).inc()
        self.runs.labels(result.status).inc()
        for limit in result.stopped:
            self.stops.labels(limit).inc()

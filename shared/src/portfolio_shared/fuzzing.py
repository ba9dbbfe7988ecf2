"""Schema fuzzing for every service: schemathesis generates valid and invalid requests for each
operation of an app's OpenAPI schema and runs all of its checks on every answer (no 5xx, status
codes, content types, headers and bodies as documented, valid data accepted, invalid data
refused). Used by each project's API tests (bounded, derandomised in CI) and by `make fuzz`.

    report = fuzz_app(app, examples=25, headers={"X-API-Key": key})
    assert report.failures == [] and report.server_errors == 0
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

#: Examples per operation and generation mode: `FUZZ_EXAMPLES` overrides (`make fuzz`: 200).
DEFAULT_EXAMPLES = 25


@dataclass
class FuzzReport:
    cases: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    operations: list[str] = field(default_factory=list)

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def assert_clean(self, min_operations: int) -> None:
        """Every operation was fuzzed, no check failed, nothing answered 5xx."""
        print(self.summary())
        assert len(self.operations) >= min_operations, self.operations
        assert self.failures == [], self.failures
        assert self.server_errors == 0

    def summary(self) -> str:
        codes = ", ".join(f"{s}×{n}" for s, n in sorted(self.statuses.items()))
        return (
            f"{len(self.operations)} operations, {self.cases} cases, statuses {codes}, "
            f"{len(self.failures)} failure(s)"
        )


def _flat(exc: BaseException) -> list[str]:
    """The messages of an error and, for Hypothesis' and schemathesis' groups, of each part."""
    if isinstance(exc, BaseExceptionGroup):
        return [text for sub in exc.exceptions for text in _flat(sub)]
    return [str(exc)]


def keyed_without_limits(key: str) -> dict[str, Any]:
    """Settings updates for a fuzz run with `key`: no rate limits, since schemathesis' checks send
    bad keys on purpose (the limits and the lockout have their own tests)."""
    from pydantic import SecretStr

    return {"api_key": SecretStr(key), "rate_limit": None, "auth_failure_limit": "1000000/minute"}


def examples(default: int = DEFAULT_EXAMPLES) -> int:
    return int(os.environ.get("FUZZ_EXAMPLES", default))


def fuzz_app(
    app: Any,
    *,
    examples: int = DEFAULT_EXAMPLES,
    headers: dict[str, str] | None = None,
    skip: Iterable[str] = (),
    semantic: Iterable[str] = (),
    modes: Iterable[str] = ("positive", "negative"),
    derandomize: bool | None = None,
) -> FuzzReport:
    """Fuzz every operation of `app` (an ASGI app whose lifespan already ran, e.g. inside a
    `TestClient` block). `skip`: "METHOD /path" operations to leave out (say why at the call).
    `semantic`: operations whose schema-valid input may still break a rule JSON Schema cannot
    state (successes <= customers, a file type told by its name): their documented 4xx is not
    held against "valid data is accepted" (every other check still runs). Fixed seeds unless
    `derandomize=False` or `FUZZ_RANDOM=1` (`make fuzz`)."""
    if derandomize is None:
        derandomize = not os.environ.get("FUZZ_RANDOM")
    import schemathesis
    from hypothesis.errors import Unsatisfiable
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    schema = schemathesis.openapi.from_asgi("/openapi.json", _without_lifespan(app))
    report = FuzzReport()
    skipped, relaxed = set(skip), set(semantic)
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an invalid schema raises here
        label = f"{operation.method.upper()} {operation.path}"
        if label in skipped:
            continue
        report.operations.append(label)
        excluded = [positive_data_acceptance] if label in relaxed else None
        for mode in modes:
            strategy = operation.as_strategy(generation_mode=schemathesis.GenerationMode(mode))
            run = _property(report, strategy, headers, excluded, examples, derandomize)
            try:
                run()
            except Unsatisfiable:  # nothing to make invalid (an operation without inputs)
                continue
            except (AssertionError, BaseExceptionGroup) as exc:
                report.failures.extend(f"{label} [{mode}]: {text[:1500]}" for text in _flat(exc))
    return report


def _without_lifespan(app: Any) -> Any:
    """`app` for schemathesis' client, which runs the ASGI lifespan around every call: the
    caller's client already started the app once, so start-up and shut-down are answered here
    (a shut-down per case would close what the app holds open, and a start-up reload it)."""

    async def asgi(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            await app(scope, receive, send)
            return
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    return asgi


def _property(
    report: FuzzReport,
    strategy: Any,
    headers: dict[str, str] | None,
    excluded: list[Any] | None,
    examples: int,
    derandomize: bool,
) -> Any:
    """One Hypothesis test: draw a case, send it, count the answer, run every check on it."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @given(data=st.data())
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=derandomize,
        print_blob=True,
    )
    def run(data: st.DataObject) -> None:
        case = data.draw(strategy)
        report.cases += 1
        response = case.call(headers=headers)
        report.statuses[response.status_code] += 1
        try:
            case.validate_response(response, headers=headers, excluded_checks=excluded)
        except (Exception, BaseExceptionGroup) as exc:  # schemathesis' failure groups
            found = " | ".join(" ".join(t.split()) for t in _flat(exc))
            answer = f"{response.status_code} {response.text[:300]}"
            raise AssertionError(f"{found} — answered {answer}") from None

    return run

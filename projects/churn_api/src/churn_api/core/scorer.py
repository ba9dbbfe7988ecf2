"""Serving-time scorers: score one customer in microseconds, with per-feature contributions.

Two kinds, one interface (`Scorer`):

- `AdditiveScorer` — the champion family. The trained model is a logistic GAM: one-hot
  categoricals, spline-expanded numerics and a few named interactions, so the logit is a sum of
  per-field terms. Compiled from the fitted scikit-learn pipeline (see `core.features.compile`)
  into lookup tables and B-spline coefficients, it scores a row in pure Python — no DataFrame,
  no numpy call — and its contributions are exact: term(x) − mean term over the training data.
- `OnnxScorer` (`churn_api.io.onnx_scorer`: it loads a weight file) — any model exported to
  ONNX (the torch MLP challenger); contributions by occlusion.

Pure and standard-library only: bundles are read and written by `churn_api.io.bundle_files`.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from churn_api.core.schema import CATEGORIES, impute_total_charges

Row = Mapping[str, Any]


class Contribution(NamedTuple):  # NamedTuple: built in C, 5x cheaper than a frozen dataclass
    feature: str
    value: Any
    contribution: float  # on the logit scale; positive raises churn risk


class Scored(NamedTuple):
    probability: float
    contributions: list[Contribution]


class Scorer(Protocol):
    kind: str

    def score(self, row: Row, top_k: int) -> Scored: ...

    def score_many(self, rows: Sequence[Row], top_k: int) -> list[Scored]: ...


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _total(row: Row) -> float:
    return impute_total_charges(row["tenure"], row["MonthlyCharges"], row.get("TotalCharges"))


def numeric_input(row: Row, name: str) -> float:
    return _total(row) if name == "TotalCharges" else float(row[name])


def top_contributions(items: list[Contribution], k: int) -> list[Contribution]:
    return sorted(items, key=lambda c: -abs(c.contribution))[:k] if k > 0 else []


class BSpline1D:
    """f(z) = Σ c_j B_j,k(z), constant beyond the base interval (scikit-learn
    SplineTransformer's `extrapolation="constant"`).

    At construction the spline is converted to its piecewise-polynomial form (Taylor
    coefficients at each knot, from the spline's derivatives), so a call is one bisection and a
    Horner evaluation instead of de Boor's triangular recursion: the same function, 4x faster.
    """

    __slots__ = ("breaks", "c", "hi", "k", "lo", "n", "polys", "t")

    def __init__(self, knots: Sequence[float], coef: Sequence[float], degree: int) -> None:
        self.t, self.c, self.k = list(knots), list(coef), degree
        self.n = len(self.c)
        if len(self.t) != self.n + degree + 1:
            raise ValueError("knots and coefficients disagree on the number of basis functions")
        self.lo, self.hi = self.t[degree], self.t[self.n]
        intervals = [i for i in range(degree, self.n) if self.t[i] < self.t[i + 1]]
        self.breaks = [self.t[i] for i in intervals]
        self.polys = [self._taylor(i) for i in intervals]

    def _taylor(self, i: int) -> tuple[float, ...]:
        """Coefficients a_m (highest power first) of f on [t_i, t_i+1) in u = z − t_i:
        a_m = f^(m)(t_i+) / m!, each derivative a spline of one degree less."""
        t, c, k = self.t, self.c, self.k
        z = t[i]
        coefficients = []
        factorial = 1.0
        for m in range(k + 1):
            factorial *= max(m, 1)
            # the m-th derivative lives on knots t[m:-m]: interval i of the original is i - m
            coefficients.append(_de_boor(t, c, k, i - m, z) / factorial)
            c = [
                k * (c[j + 1] - c[j]) / (t[j + k + 1] - t[j + 1])
                if t[j + k + 1] > t[j + 1]
                else 0.0
                for j in range(len(c) - 1)
            ]
            t, k = t[1:-1], k - 1
        return tuple(reversed(coefficients))

    def __call__(self, z: float) -> float:
        z = self.lo if z < self.lo else self.hi if z > self.hi else z
        j = bisect_right(self.breaks, z) - 1
        poly = self.polys[j if j >= 0 else 0]
        u = z - self.breaks[j if j >= 0 else 0]
        value = 0.0
        for a in poly:
            value = value * u + a
        return value

    def de_boor(self, z: float) -> float:
        """The same value by de Boor's algorithm (the reference the fast form is tested on)."""
        z = self.lo if z < self.lo else self.hi if z > self.hi else z
        i = min(max(bisect_right(self.t, z) - 1, self.k), self.n - 1)
        return _de_boor(self.t, self.c, self.k, i, z)


def _de_boor(t: Sequence[float], c: Sequence[float], k: int, i: int, z: float) -> float:
    """Value at z of the degree-k spline (t, c), using knot interval i (t_i <= z <= t_i+1)."""
    d = list(c[i - k : i + 1])
    for r in range(1, k + 1):
        for j in range(k, r - 1, -1):
            left = t[j + i - k]
            alpha = (z - left) / (t[j + 1 + i - r] - left)
            d[j] = (1.0 - alpha) * d[j - 1] + alpha * d[j]
    return d[k]


@dataclass(slots=True)
class _NumericTerm:
    name: str
    log1p: bool
    mean: float
    scale: float
    spline: BSpline1D

    def __call__(self, x: float) -> float:
        v = math.log1p(x) if self.log1p else x
        return self.spline((v - self.mean) / self.scale)


@dataclass(slots=True)
class _Interaction:
    name: str
    numeric: str
    log1p: bool
    factor: float
    categorical: str
    level: Any
    weight: float

    def __call__(self, row: Row) -> float:
        if row[self.categorical] != self.level:
            return 0.0
        x = numeric_input(row, self.numeric)
        return self.weight * self.factor * (math.log1p(x) if self.log1p else x)


def _typed_categories(name: str, table: Mapping[str, float]) -> dict[Any, float]:
    """JSON keys are strings; map them back onto the schema's typed values (e.g. 0/1 ints)."""
    by_text = {str(v): v for v in CATEGORIES[name]}
    return {by_text[key]: weight for key, weight in table.items()}


@dataclass(slots=True)
class AdditiveScorer:
    intercept: float
    categorical: dict[str, dict[Any, float]]
    numeric: list[_NumericTerm]
    interactions: list[_Interaction]
    baseline: dict[str, float]
    kind: str = "additive"
    _cat_items: list[tuple[str, dict[Any, float], float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._cat_items = [(n, t, self.baseline[n]) for n, t in self.categorical.items()]

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any]) -> AdditiveScorer:
        numeric = [
            _NumericTerm(
                name,
                t["log1p"],
                t["mean"],
                t["scale"],
                BSpline1D(t["knots"], t["coef"], t["degree"]),
            )
            for name, t in spec["numeric"].items()
        ]
        interactions = [
            _Interaction(
                i["name"],
                i["numeric"],
                i["log1p"],
                i["factor"],
                i["categorical"],
                typed_level(i["categorical"], i["level"]),
                i["weight"],
            )
            for i in spec["interactions"]
        ]
        categorical = {n: _typed_categories(n, t) for n, t in spec["categorical"].items()}
        return cls(spec["intercept"], categorical, numeric, interactions, dict(spec["baseline"]))

    def _raw_terms(self, row: Row) -> tuple[float, list[tuple[float, float, str, Any]]]:
        """The logit and (|contribution|, contribution, feature, value) per term: plain tuples
        whose first field lets them be ranked without a Python key function."""
        logit = self.intercept
        out: list[tuple[float, float, str, Any]] = []
        append = out.append
        for name, table, base in self._cat_items:
            value = row[name]
            w = table[value]
            logit += w
            append((abs(w - base), w - base, name, value))
        baseline = self.baseline
        for term in self.numeric:
            x = numeric_input(row, term.name)
            raw = term(x)
            logit += raw
            w = raw - baseline[term.name]
            append((abs(w), w, term.name, x))
        for inter in self.interactions:
            raw = inter(row)
            logit += raw
            w = raw - baseline[inter.name]
            append((abs(w), w, inter.name, row[inter.categorical]))
        return logit, out

    def terms(self, row: Row) -> tuple[float, list[Contribution]]:
        """The logit and every term's contribution (term − its training mean)."""
        logit, raw = self._raw_terms(row)
        return logit, [Contribution(n, v, c) for _, c, n, v in raw]

    def score(self, row: Row, top_k: int) -> Scored:
        logit, raw = self._raw_terms(row)
        # sorted() on ~20 tuples runs in C: 0.9 µs against 4 µs for heapq.nlargest's Python loop
        top = sorted(raw, reverse=True)[:top_k] if top_k > 0 else []
        return Scored(sigmoid(logit), [Contribution(n, v, c) for _, c, n, v in top])

    def score_many(self, rows: Sequence[Row], top_k: int) -> list[Scored]:
        return [self.score(row, top_k) for row in rows]


def typed_level(name: str, level: str) -> Any:
    return {str(v): v for v in CATEGORIES[name]}[str(level)]

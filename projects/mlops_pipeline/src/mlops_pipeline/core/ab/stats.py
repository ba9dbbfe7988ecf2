"""Statistics of the champion-versus-challenger test on a binary business metric (by default
the churn rate of each arm: the share of scored customers who churned, after the retention
campaign acted on the arm's scores).

- `two_proportion_test`: the fixed-horizon pooled z-test, with a confidence interval for the
  difference; valid when it is run **once**, at the sample size planned up front;
- `sample_size_per_arm`: that plan (normal approximation, two-sided);
- `MixtureSPRT`: an always-valid sequential test (mixture SPRT, Johari et al. 2017, normal
  approximation for a difference of proportions). Its p-value can be checked after every batch
  of outcomes and stopped on at any time; Ville's inequality bounds the false-positive rate
  by alpha however often it is looked at. This is what the promotion decision uses, because
  outcomes arrive continuously and people look.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats


@dataclass(frozen=True)
class ProportionTest:
    rate_a: float
    rate_b: float
    difference: float  # rate_b - rate_a
    ci_low: float
    ci_high: float
    z: float
    p_value: float
    n_a: int
    n_b: int

    @property
    def significant(self) -> bool:
        return self.p_value < 0.05


def two_proportion_test(
    successes_a: int, n_a: int, successes_b: int, n_b: int, confidence: float = 0.95
) -> ProportionTest:
    """Pooled two-sided z-test of rate_b == rate_a, and a Wald interval for the difference."""
    if min(n_a, n_b) <= 0:
        raise ValueError("both arms need at least one observation")
    pa, pb = successes_a / n_a, successes_b / n_b
    pooled = (successes_a + successes_b) / (n_a + n_b)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    z = 0.0 if se0 == 0 else (pb - pa) / se0
    p = float(2 * stats.norm.sf(abs(z)))
    se = math.sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b)
    half = float(stats.norm.ppf(0.5 + confidence / 2)) * se
    return ProportionTest(pa, pb, pb - pa, pb - pa - half, pb - pa + half, z, p, n_a, n_b)


def sample_size_per_arm(
    baseline: float, mde: float, alpha: float = 0.05, power: float = 0.8
) -> int:
    """Customers per arm for a two-sided test of size `alpha` to detect an absolute change of
    `mde` from `baseline` with probability `power`."""
    if not 0 < baseline < 1 or not 0 < abs(mde) < 1 or not 0 < baseline + mde < 1:
        raise ValueError("baseline and baseline + mde must lie strictly between 0 and 1")
    p1, p2 = baseline, baseline + mde
    mean = (p1 + p2) / 2
    za, zb = stats.norm.ppf(1 - alpha / 2), stats.norm.ppf(power)
    n = (
        za * math.sqrt(2 * mean * (1 - mean)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    ) ** 2 / mde**2
    if not math.isfinite(n):
        raise ValueError(f"an mde of {mde:g} at alpha {alpha:g} needs more customers than exist")
    return math.ceil(float(n))


def msprt_likelihood_ratio(
    successes_a: ArrayLike,
    n_a: ArrayLike,
    successes_b: ArrayLike,
    n_b: ArrayLike,
    tau: float,
) -> NDArray[np.float64]:
    """Mixture likelihood ratio for H0: rate_a == rate_b against a N(0, tau²) mixture of
    differences, with the pooled (null) variance of the difference. Vectorised."""
    xa, na = np.asarray(successes_a, float), np.asarray(n_a, float)
    xb, nb = np.asarray(successes_b, float), np.asarray(n_b, float)
    diff = xb / nb - xa / na
    pooled = (xa + xb) / (na + nb)
    variance = np.maximum(pooled * (1 - pooled) * (1 / na + 1 / nb), 1e-12)
    t2 = tau**2
    # An overwhelming difference overflows to +inf: the ratio is unbounded, the p-value 0.
    with np.errstate(over="ignore"):
        return np.asarray(
            np.sqrt(variance / (variance + t2))
            * np.exp(diff**2 * t2 / (2 * variance * (variance + t2))),
            dtype=float,
        )


@dataclass
class MixtureSPRT:
    """Always-valid p-value, updated with the running totals of both arms."""

    tau: float = 0.03  # the scale of differences worth detecting
    alpha: float = 0.05
    p_value: float = 1.0
    looks: int = 0

    def update(self, successes_a: int, n_a: int, successes_b: int, n_b: int) -> float:
        if min(n_a, n_b) > 0:
            ratio = float(msprt_likelihood_ratio(successes_a, n_a, successes_b, n_b, self.tau))
            self.p_value = min(self.p_value, 1.0 / max(ratio, 1e-300))
            self.looks += 1
        return self.p_value

    @property
    def rejected(self) -> bool:
        return self.p_value <= self.alpha


Decision = Literal["promote", "reject", "continue", "keep_champion"]


def decide(
    test: ProportionTest,
    sequential_p: float,
    horizon: int,
    alpha: float = 0.05,
    lower_is_better: bool = True,
    require: Literal["not_worse", "better"] = "not_worse",
) -> tuple[Decision, str]:
    """The promotion decision of an A/B test on the always-valid p-value.

    A significant difference decides at once (challenger better: promote; worse: reject).
    Without one, the test continues until both arms reach `horizon` customers; then
    `not_worse` promotes (the challenger already passed the offline gate, and the test found
    no harm) and `better` keeps the champion.
    """
    challenger_better = (test.difference < 0) if lower_is_better else (test.difference > 0)
    if sequential_p <= alpha and test.difference != 0:
        if challenger_better:
            return "promote", f"challenger better (always-valid p={sequential_p:.4f})"
        return "reject", f"challenger worse (always-valid p={sequential_p:.4f})"
    if min(test.n_a, test.n_b) < horizon:
        return "continue", f"no decision yet: {min(test.n_a, test.n_b)}/{horizon} per arm"
    if require == "not_worse":
        return "promote", f"horizon reached with no significant harm (p={sequential_p:.3f})"
    return "keep_champion", f"horizon reached without a significant gain (p={sequential_p:.3f})"

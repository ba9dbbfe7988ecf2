"""One customer as churn_api's `/predict` takes it: what the question states, the rest filled
with the typical customer (most common level, median measure), kept consistent (no internet
means no internet add-ons; no phone service means no multiple lines)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from retention_agents.core.schema import DIMENSIONS

INTERNET_ADDONS = (
    "OnlineSecurity",
    "OnlineBackup",
    "DeviceProtection",
    "TechSupport",
    "StreamingTV",
    "StreamingMovies",
)


@dataclass(frozen=True)
class CustomerSpec:
    fields: dict[str, Any]  # the request body
    stated: list[str]  # fields the question gave
    assumed: list[str]  # fields taken from the typical customer


def complete(stated: dict[str, Any], typical: dict[str, Any]) -> CustomerSpec:
    fields: dict[str, Any] = {}
    for name in DIMENSIONS:
        fields[name] = stated.get(name, typical[name])
    fields["SeniorCitizen"] = int(fields["SeniorCitizen"])
    fields["tenure"] = int(stated.get("tenure", round(typical["tenure"])))
    fields["MonthlyCharges"] = float(stated.get("MonthlyCharges", typical["MonthlyCharges"]))
    # churn_api imputes a blank TotalCharges as tenure × MonthlyCharges: say nothing we do not know.
    fields["TotalCharges"] = stated.get("TotalCharges")
    if fields["InternetService"] == "No":
        for addon in INTERNET_ADDONS:
            fields[addon] = "No internet service"
    elif any(fields[a] == "No internet service" for a in INTERNET_ADDONS):
        for addon in INTERNET_ADDONS:
            if fields[addon] == "No internet service":
                fields[addon] = "No"
    if fields["PhoneService"] == "No":
        fields["MultipleLines"] = "No phone service"
    given = sorted(stated)
    assumed = sorted(k for k in fields if k not in stated and k != "TotalCharges")
    return CustomerSpec(fields, given, assumed)


def changed(spec: CustomerSpec, changes: dict[str, Any], typical: dict[str, Any]) -> CustomerSpec:
    """The same customer with `changes` applied (kept consistent the same way)."""
    stated = {k: spec.fields[k] for k in spec.stated}
    return complete({**stated, **changes}, {**typical, **spec.fields})

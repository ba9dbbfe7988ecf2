"""The drift monitor's starting reference: a CSV of the IBM Telco schema, or the reference half
of churn_api's packaged data."""

from __future__ import annotations

import pandas as pd

from churn_api.io import data as data_io
from mlops_pipeline.config import MlopsSettings
from mlops_pipeline.core.simulation.stream import split_reference


def load_reference(settings: MlopsSettings) -> pd.DataFrame:
    if settings.reference_csv is not None:
        return data_io.load(settings.reference_csv).frame
    reference, _ = split_reference(data_io.load().frame, seed=settings.seed)
    return reference

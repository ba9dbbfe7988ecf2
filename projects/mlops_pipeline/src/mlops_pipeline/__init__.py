"""mlops_pipeline: the closed loop around the churn model (see README)."""

__version__ = "0.2.0"
PROJECT = "mlops_pipeline"

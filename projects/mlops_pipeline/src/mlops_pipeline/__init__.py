"""mlops_pipeline: the closed loop around the churn model (work in progress, see README)."""

__version__ = "0.1.0"

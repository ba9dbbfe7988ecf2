"""Customer churn on the IBM Telco data: training, MLflow tracking and a fast FastAPI service."""

__version__ = "0.1.0"
PROJECT = "churn_api"

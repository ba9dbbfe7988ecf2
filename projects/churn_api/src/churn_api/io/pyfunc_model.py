"""MLflow "models from code" entry point: the logged model is this file plus the bundle, so
loading it executes reviewed source instead of unpickling an object."""

from mlflow.models import set_model

from churn_api.io.pyfunc import ChurnBundleModel

set_model(ChurnBundleModel())

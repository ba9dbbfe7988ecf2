"""mlops_pipeline: the closed loop around the churn model (see README)."""

from pathlib import Path

__version__ = "0.2.0"
PROJECT = "mlops_pipeline"
#: The shipped pipeline YAMLs (`retrain-sklearn.yaml` is `retrain.yaml` without the torch MLP;
#: `retrain-ray.yaml` is that with its search on a Ray cluster, what the RayJob runs).
CONFIGS = Path(__file__).resolve().parent / "configs"
DEFAULT_CONFIG = CONFIGS / "retrain.yaml"

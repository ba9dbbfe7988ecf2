"""Common utilities every project imports: settings, logging, integrity, MLflow, services.

Projects depend on this package; it never imports a project.
"""

__version__ = "0.1.0"

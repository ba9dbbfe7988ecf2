"""Holds the model being served and swaps it when the registry alias moves.

Loading (download, checksum, parse) runs in a worker thread; the swap is one reference
assignment, so in-flight requests finish on the model they started with and none is dropped.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from churn_api.config import ChurnSettings
from churn_api.core.scorer import Bundle, load_bundle
from churn_api.io import registry
from portfolio_shared.logging import get_logger

log = get_logger(__name__)


@dataclass(frozen=True)
class LoadedModel:
    bundle: Bundle
    version: str
    source: str
    alias: str | None
    loaded_at: str


class ModelStore:
    def __init__(self, settings: ChurnSettings) -> None:
        self.settings = settings
        self.current: LoadedModel | None = None
        self.last_error: str | None = None
        self.reloads = 0

    def load_local(self, path: Path) -> LoadedModel:
        bundle = load_bundle(path)
        version = str(
            bundle.metadata.get("version")
            or f"local:{bundle.metadata.get('run_id', 'unknown')[:8]}"
        )
        return LoadedModel(bundle, version, str(path), None, _now())

    def load_registry(self) -> LoadedModel:
        s = self.settings
        reg = registry.download_alias(s.tracking_uri, s.model_name, s.model_alias, s.cache_dir)
        bundle = load_bundle(reg.path, reg.manifest_sha256)
        return LoadedModel(
            bundle, reg.version, f"models:/{s.model_name}@{s.model_alias}", s.model_alias, _now()
        )

    def load(self) -> LoadedModel:
        """Load from the configured source (a local bundle, else the registry alias)."""
        path = self.settings.model_path
        return self.load_local(path) if path is not None else self.load_registry()

    def swap(self, model: LoadedModel) -> None:
        previous = self.current
        self.current = model
        self.last_error = None
        if previous is not None and previous.version != model.version:
            self.reloads += 1
            self._prune_cache(keep=model.bundle.path)
        log.info(
            "model loaded",
            extra={"version": model.version, "source": model.source, "kind": model.bundle.kind},
        )

    def _prune_cache(self, keep: Path) -> None:
        cache = self.settings.cache_dir
        if self.settings.model_path is not None or not cache.is_dir():
            return
        for child in cache.iterdir():
            if child.is_dir() and not keep.is_relative_to(child):
                shutil.rmtree(child, ignore_errors=True)

    async def refresh(self) -> bool:
        """Load the alias target if it differs from what is served; True when swapped."""
        s = self.settings
        try:
            if s.model_path is None and self.current is not None:
                target = await asyncio.to_thread(
                    registry.alias_version, s.tracking_uri, s.model_name, s.model_alias
                )
                if target is None or target == self.current.version:
                    return False
            elif self.current is not None:
                return False
            model = await asyncio.to_thread(self.load)
        except Exception as exc:  # keep serving the current model; report on /ready
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.warning("model load failed", extra={"error": self.last_error})
            return False
        self.swap(model)
        return True

    async def watch(self) -> None:
        """Poll the alias every `reload_interval_s` (and retry a failed first load)."""
        interval = self.settings.reload_interval_s
        while True:
            await asyncio.sleep(interval if self.current is not None else min(interval, 5.0))
            await self.refresh()


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())

"""Holds the models being served — the champion, and the challenger while an A/B test runs —
and swaps them when their registry aliases move.

Loading (download, checksum, parse) runs in a worker thread; the swap is one reference
assignment, so in-flight requests finish on the model they started with and none is dropped.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from churn_api.api.ab import AbMetrics, PredictionLog, Variant, assign
from churn_api.config import ChurnSettings
from churn_api.io.bundle_files import Bundle, load_bundle
from churn_api.io.registry import Registry
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
    def __init__(self, settings: ChurnSettings, metrics: AbMetrics | None = None) -> None:
        self.settings = settings
        self.registry = Registry(settings)
        self.current: LoadedModel | None = None  # the champion
        self.challenger: LoadedModel | None = None  # only while ab_share > 0
        self.last_error: str | None = None
        self.reloads = 0
        self.metrics = metrics
        self.log = PredictionLog(
            settings.prediction_log_dir if settings.record_predictions else None,
            settings.max_tracked_customers,
        )
        if metrics is not None:
            metrics.share.set(settings.ab_share)

    def route(self, customer_id: str | None) -> tuple[Variant, LoadedModel | None]:
        """The variant (and its model) that scores this customer."""
        challenger = self.challenger
        if challenger is None:
            return "champion", self.current
        variant = assign(customer_id, self.settings.ab_share, self.settings.ab_salt)
        return variant, challenger if variant == "challenger" else self.current

    def observe(
        self, customer_id: str | None, variant: Variant, model: LoadedModel, p: float
    ) -> bool:
        """Record a scored customer (metrics, prediction log); returns the decision."""
        flagged = p >= model.bundle.threshold
        if self.metrics is not None:
            self.metrics.observe(variant, p, flagged)
        self.log.record(customer_id, variant, model.version, p, flagged)
        return flagged

    def load_local(self, path: Path) -> LoadedModel:
        bundle = load_bundle(path)
        version = str(
            bundle.metadata.get("version")
            or f"local:{bundle.metadata.get('run_id', 'unknown')[:8]}"
        )
        return LoadedModel(bundle, version, str(path), None, _now())

    def load_registry(self, alias: str | None = None) -> LoadedModel:
        s = self.settings
        alias = alias or s.model_alias
        reg = self.registry.download(alias, s.cache_dir)
        bundle = load_bundle(reg.path, reg.manifest_sha256)
        return LoadedModel(bundle, reg.version, f"models:/{s.model_name}@{alias}", alias, _now())

    def load(self) -> LoadedModel:
        """Load from the configured source (a local bundle, else the registry alias)."""
        path = self.settings.model_path
        return self.load_local(path) if path is not None else self.load_registry()

    def swap(self, model: LoadedModel | None, variant: Variant = "champion") -> None:
        previous = self.current if variant == "champion" else self.challenger
        if variant == "champion":
            assert model is not None
            self.current = model
            self.last_error = None
        else:
            self.challenger = model
        if self.metrics is not None:
            self.metrics.serving(variant, None if model is None else model.version)
        if previous is not None and (model is None or previous.version != model.version):
            self.reloads += 1
            self._prune_cache()
        if model is not None:
            log.info(
                "model loaded",
                extra={
                    "variant": variant,
                    "version": model.version,
                    "source": model.source,
                    "kind": model.bundle.kind,
                },
            )

    def _prune_cache(self) -> None:
        """Delete downloaded bundles that no variant serves any more."""
        cache = self.settings.cache_dir
        if self.settings.model_path is not None or not cache.is_dir():
            return
        keep = [m.bundle.path for m in (self.current, self.challenger) if m is not None]
        for child in cache.iterdir():
            if child.is_dir() and not any(path.is_relative_to(child) for path in keep):
                shutil.rmtree(child, ignore_errors=True)

    async def refresh(self) -> bool:
        """Load the alias targets if they differ from what is served; True when one swapped."""
        swapped = await self._refresh_champion()
        if self.settings.model_path is None and self.current is not None:
            swapped = await self._refresh_challenger() or swapped
        return swapped

    async def _refresh_challenger(self) -> bool:
        s = self.settings
        try:
            target = None
            if s.ab_share > 0:
                target = await asyncio.to_thread(self.registry.version, s.challenger_alias)
            if target is None:
                if self.challenger is None:
                    return False
                self.swap(None, "challenger")  # alias removed (or A/B off): champion only
                return True
            if self.challenger is not None and target == self.challenger.version:
                return False
            model = await asyncio.to_thread(self.load_registry, s.challenger_alias)
        except Exception as exc:  # keep the current split; report on /ready
            self.last_error = f"challenger: {type(exc).__name__}: {exc}"
            log.warning("challenger load failed", extra={"error": self.last_error})
            return False
        self.swap(model, "challenger")
        return True

    async def _refresh_champion(self) -> bool:
        s = self.settings
        try:
            if s.model_path is None and self.current is not None:
                target = await asyncio.to_thread(self.registry.version, s.model_alias)
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
        """Write the buffered prediction log every `log_flush_s`, and poll the aliases every
        `reload_interval_s` (retrying a failed first load sooner) unless that is 0."""
        loops = [self._flush_every()]
        if self.settings.reload_interval_s > 0:
            loops.append(self._poll_every())
        await asyncio.gather(*loops)

    async def _poll_every(self) -> None:
        interval = self.settings.reload_interval_s
        while True:
            await asyncio.sleep(interval if self.current is not None else min(interval, 5.0))
            await self.refresh()

    async def _flush_every(self) -> None:
        while True:
            await asyncio.sleep(self.settings.log_flush_s)
            await self.flush()

    async def flush(self) -> None:
        try:
            await asyncio.to_thread(self.log.flush)
        except OSError as exc:
            log.warning("prediction log not written", extra={"error": str(exc)})


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())

"""The audit's allow-list is reviewed: every entry says why, and is looked at again by its date."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

AUDIT = Path(__file__).resolve().parents[2] / "infra" / "security" / "audit.py"


def _audit() -> object:
    if not AUDIT.is_file():
        pytest.skip("infra/security is not part of this checkout (a copied-out project)")
    spec = importlib.util.spec_from_file_location("audit", AUDIT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_allow_list_is_reviewed() -> None:
    _audit().allowlist()  # type: ignore[attr-defined]


def test_an_unreasoned_or_overdue_entry_is_refused(tmp_path: Path) -> None:
    audit = _audit()
    bare = tmp_path / "bare.toml"
    bare.write_text('[[ignore]]\nid = "PYSEC-1"\npackage = "x"\n')
    with pytest.raises(ValueError, match="lacks"):
        audit.allowlist(bare)  # type: ignore[attr-defined]
    overdue = tmp_path / "overdue.toml"
    past = dt.date.today() - dt.timedelta(days=1)
    overdue.write_text(
        f'[[ignore]]\nid = "PYSEC-1"\npackage = "x"\nreason = "r"\nreview_by = {past}\n'
    )
    with pytest.raises(ValueError, match="due for review"):
        audit.allowlist(overdue)  # type: ignore[attr-defined]

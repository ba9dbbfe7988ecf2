"""A/B assignment and the prediction log (no model needed)."""

import json
from pathlib import Path

import pytest

from churn_api.api.ab import PredictionLog, assign, bucket


def test_assignment_is_sticky_and_matches_the_share() -> None:
    ids = [f"{i:04d}-CUST" for i in range(20_000)]
    first = [assign(i, 0.3, "salt") for i in ids]
    assert first == [assign(i, 0.3, "salt") for i in ids]
    share = first.count("challenger") / len(ids)
    assert share == pytest.approx(0.3, abs=0.015)


def test_raising_the_share_only_moves_champion_customers() -> None:
    ids = [f"id-{i}" for i in range(5_000)]
    low = {i for i in ids if assign(i, 0.1, "s") == "challenger"}
    high = {i for i in ids if assign(i, 0.5, "s") == "challenger"}
    assert low <= high
    assert len(high) > 3 * len(low)


def test_a_new_salt_reshuffles() -> None:
    ids = [f"id-{i}" for i in range(2_000)]
    a = [assign(i, 0.5, "one") for i in ids]
    b = [assign(i, 0.5, "two") for i in ids]
    agreement = sum(x == y for x, y in zip(a, b, strict=True)) / len(ids)
    assert 0.4 < agreement < 0.6


def test_no_id_or_no_share_means_champion() -> None:
    assert assign(None, 0.9, "s") == "champion"
    assert assign("", 0.9, "s") == "champion"
    assert assign("x", 0.0, "s") == "champion"
    assert 0.0 <= bucket("s", "x") < 1.0


def test_log_joins_outcomes_to_the_latest_prediction(tmp_path: Path) -> None:
    log = PredictionLog(tmp_path, max_tracked=2)
    log.record("a", "champion", "1", 0.9, True)
    log.record("b", "challenger", "2", 0.1, False)
    log.record("a", "challenger", "2", 0.2, False)  # a's latest prediction wins
    log.record("c", "champion", "1", 0.5, True)  # evicts b (bounded memory)
    log.record(None, "champion", "1", 0.5, True)  # counted, not joinable
    joined, unknown = log.join([("a", True), ("b", False), ("zz", True)])
    assert [j["variant"] for j in joined] == ["challenger"]
    assert unknown == ["b", "zz"]
    assert log.counts["champion"].predictions == 3
    assert log.counts["challenger"].churned_unflagged == 1
    assert log.flush() == 5
    lines = (tmp_path / "predictions.jsonl").read_text().splitlines()
    assert [json.loads(x)["customerID"] for x in lines] == ["a", "b", "a", "c", None]
    outcome = json.loads((tmp_path / "outcomes.jsonl").read_text())
    assert outcome == {
        "customerID": "a",
        "variant": "challenger",
        "version": "2",
        "p": 0.2,
        "flagged": False,
        "churned": True,
    }


def test_log_without_a_folder_keeps_counts_only() -> None:
    log = PredictionLog(None, max_tracked=100)
    log.record("a", "champion", "1", 0.9, True)
    assert log.flush() == 0
    assert log.join([("a", False)])[0][0]["flagged"] is True


def test_a_new_process_replays_the_logs_and_cuts_a_torn_line(tmp_path: Path) -> None:
    log = PredictionLog(tmp_path, max_tracked=100)
    log.record("a", "challenger", "2", 0.8, True)
    log.record("b", "champion", "1", 0.1, False)
    log.record(None, "champion", "1", 0.7, True)
    log.flush()
    log.join([("a", True)])
    with (tmp_path / "predictions.jsonl").open("a") as handle:  # what a kill mid-write leaves
        handle.write('{"ts": 1.0, "customerID": "c", "varia')

    again = PredictionLog(tmp_path, max_tracked=100)
    assert {v: c.as_dict() for v, c in again.counts.items()} == {
        v: c.as_dict() for v, c in log.counts.items()
    }
    assert not (tmp_path / "predictions.jsonl").read_bytes().endswith(b'"varia')
    joined, unknown = again.join([("b", False), ("c", True)])  # b was scored before the restart
    assert [j["customerID"] for j in joined] == ["b"]
    assert unknown == ["c"]
    again.record("d", "champion", "1", 0.3, False)
    again.flush()
    third = PredictionLog(tmp_path, max_tracked=100)
    assert third.counts["champion"].predictions == 3
    assert third.counts["champion"].outcomes == 1
    assert third.counts["challenger"].churned == 1

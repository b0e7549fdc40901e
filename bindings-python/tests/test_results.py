"""One result style: every result is a typed, immutable object with ``to_dict()``
(plain Python values, money as ``Decimal``) and ``to_json()`` (the same as JSON text,
money as exact decimal strings), keyed alike."""

from __future__ import annotations

import dataclasses
import datetime
import json
from decimal import Decimal
from typing import Any

import pytest

import iuran

from conftest import ROOT, SAMPLE

POLICIES = ROOT / "examples" / "policies"


def as_json_values(value: Any) -> Any:
    """What to_dict's values are in JSON: decimals and dates as text."""
    if isinstance(value, dict):
        return {k: as_json_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json_values(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def same_in_both(result: Any) -> dict[str, Any]:
    """to_dict() and to_json() hold the same answer; the dict is returned."""
    d = result.to_dict()
    assert isinstance(d, dict)
    assert json.loads(result.to_json()) == as_json_values(d)
    return dict(d)


@pytest.fixture(scope="module")
def pemalang() -> iuran.Policy:
    return iuran.Policy.from_file(POLICIES / "pemalang-2025.toml")


@pytest.fixture(scope="module")
def tegal() -> iuran.Policy:
    return iuran.Policy.from_file(POLICIES / "tegal-2025.toml")


def test_a_decision_as_dict_and_json(pemalang: iuran.Policy) -> None:
    # 2 months × Rp 16,800 (JKK 1% of Rp 1,000,000 + JKM Rp 6,800).
    d = pemalang.evaluate(
        {"nik": "3327010111700001", "birth_date": "1970-11-01", "regency": "3327", "sector": "Petani Padi"}
    )
    plain = same_in_both(d)
    assert plain["eligible"] is True and plain["total_cost"] == Decimal(33_600)
    assert plain["monthly_contribution"] == Decimal(16_800) and plain["months"] == 2
    assert len(plain["breakdown"]) == 4
    first = plain["breakdown"][0]
    assert first == same_in_both(d.breakdown[0])
    assert (first["programme"], first["amount"], first["income_basis"]) == ("JKK", Decimal(10_000), Decimal(1_000_000))
    assert isinstance(first["factor"], Decimal)
    no = pemalang.evaluate(
        {"nik": "3327010211700002", "birth_date": "1970-11-02", "regency": "3327", "sector": "Petani Padi"}
    )
    reason = same_in_both(no)["reasons"][0]
    assert reason == same_in_both(no.reasons[0])
    assert reason["code"] == "age_below_minimum"
    assert reason["context"] == {"age": "54", "minimum": "55", "on": "2025-11-01"}
    assert reason["message_en"] == "aged 54 on 2025-11-01, below the minimum age of 55"


def test_a_summary_as_dict_and_json(tegal: iuran.Policy) -> None:
    summary = tegal.evaluate_csv(SAMPLE).summary
    plain = same_in_both(summary)
    assert plain["total_cost"] == summary.total_cost and plain["rows"] == 3000
    assert sum(plain["by_month"].values()) == summary.total_cost
    for source, total in summary.by_funding_source.items():
        assert plain["by_funding_source"][source] == same_in_both(total)
        assert plain["by_funding_source"][source]["cost"] == total.cost


def test_lints_and_planning_results_as_dict_and_json(tegal: iuran.Policy) -> None:
    lints = iuran.Policy.from_file(POLICIES / "trenggalek-2025.toml").lint() + tegal.lint()
    for lint in lints:
        assert same_in_both(lint)["code"] == lint.code
    capacity = iuran.Policy.from_file(POLICIES / "trenggalek-2025.toml").capacity(2_090_000_000)
    plain = same_in_both(capacity)
    # Rp 2.09 bn for 12 months at Rp 16,800: 10,367 workers, Rp 12,800 left.
    assert (plain["workers"], plain["unspent"]) == (10_367, Decimal(12_800))
    assert plain["cost"]["monthly_contribution"] == Decimal(16_800)
    schedule = tegal.schedule(tegal.evaluate_csv(SAMPLE).summary, 2)
    plain = same_in_both(schedule)
    assert isinstance(plain["tranches"][0]["due"], datetime.date)
    assert sum(t["total"] for t in plain["tranches"]) == schedule.total
    report = iuran.quality_report(SAMPLE, as_of="2025-09-01")
    assert same_in_both(report)["rows"] == 3000


def test_results_are_immutable(tegal: iuran.Policy) -> None:
    d = tegal.evaluate({})
    with pytest.raises(AttributeError):
        d.eligible = True  # type: ignore[misc]
    capacity = tegal.capacity(1_000_000)
    with pytest.raises(dataclasses.FrozenInstanceError):
        capacity.workers = 1  # type: ignore[misc]


def test_every_result_type_has_the_same_style() -> None:
    results = [
        iuran.Decision, iuran.Reason, iuran.Charge, iuran.Summary, iuran.SourceTotal, iuran.Lint,
        iuran.Capacity, iuran.Requirement, iuran.Schedule, iuran.Payment, iuran.WorkerCost,
        iuran.Roadmap, iuran.RoadmapYear, iuran.Illustration, iuran.BenefitItem,
        iuran.QualityReport, iuran.UnknownSector, iuran.Comparison,
    ]  # fmt: skip
    for kind in results:
        assert callable(getattr(kind, "to_dict", None)), kind
        assert callable(getattr(kind, "to_json", None)), kind
        # The JSON reading is the library's own, not a second way to build results.
        assert not hasattr(kind, "from_json"), kind

"""The planning functions beyond the golden cases: hand-worked figures from the
published budgets (shared/domain/RULES.md), money types, defaults and bad arguments.
The golden cases (test_golden.py) check the same functions against the shared files."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

import iuran

from conftest import ROOT

POLICIES = ROOT / "examples" / "policies"


@pytest.fixture(scope="module")
def trenggalek() -> iuran.Policy:
    return iuran.Policy.from_file(POLICIES / "trenggalek-2025.toml")


@pytest.fixture(scope="module")
def tegal() -> iuran.Policy:
    return iuran.Policy.from_file(POLICIES / "tegal-2025.toml")


def test_trenggalek_budget_buys_10367_workers(trenggalek: iuran.Policy) -> None:
    # Rp 2.09 bn for 12 months at Rp 16,800: 2,090,000,000 // 201,600 = 10,367,
    # leaving 2,090,000,000 - 10,367 × 201,600 = 12,800.
    for budget in (2_090_000_000, Decimal("2090000000"), "Rp 2.090.000.000"):
        c = trenggalek.capacity(budget)
        assert (c.workers, c.spent, c.unspent) == (10_367, Decimal("2089987200"), Decimal("12800"))
        assert c.cost.monthly_contribution == Decimal(16_800) and c.cost.months == 12
        assert all(type(v) is Decimal for v in (c.budget, c.spent, c.unspent, c.cost.total))


def test_requirement_of_the_published_10000_recipients(trenggalek: iuran.Policy) -> None:
    # 10,000 × 16,800 × 12 = 2,016,000,000 (RULES.md, Trenggalek 2025).
    r = trenggalek.requirement(10_000)
    assert r.budget == Decimal("2016000000")
    assert len(r.by_month) == 12 and set(r.by_month.values()) == {Decimal("168000000")}


def test_money_is_never_a_float(trenggalek: iuran.Policy) -> None:
    with pytest.raises(TypeError, match="never a float"):
        trenggalek.capacity(1.5e9)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        trenggalek.roadmap(baseline_year=2025, workforce=10, target_year=2030, target_percent=50.0)  # type: ignore[arg-type]
    with pytest.raises(iuran.ArgumentError) as caught:
        trenggalek.capacity("1,5 miliar")
    assert (caught.value.code, caught.value.field) == ("argument", "budget")
    with pytest.raises(iuran.ArgumentError) as caught:
        trenggalek.capacity(-1)
    assert caught.value.field == "budget"


def test_schedule_defaults_to_one_transfer_a_month(tegal: iuran.Policy) -> None:
    csv = (
        "nik,birth_date,regency,sector\n"
        "3328011203700001,1970-03-12,3328,Petani Tembakau\n"
        "3328021203700001,1970-03-12,3328,Nelayan\n"
    ).encode()
    summary = tegal.evaluate_csv(csv).summary
    s = tegal.schedule(summary)
    # Two workers × Rp 16,800 for Sep–Dec 2025, due by the 15th of each month.
    assert [p.first_month for p in s.tranches] == ["2025-09", "2025-10", "2025-11", "2025-12"]
    assert [p.due for p in s.tranches][0] == datetime.date(2025, 9, 15)
    assert {p.total for p in s.months} == {Decimal(33_600)}
    assert s.total == Decimal(134_400) == summary.total_cost
    with pytest.raises(iuran.ArgumentError) as caught:
        tegal.schedule(summary, 5)
    assert caught.value.field == "tranches"


def test_roadmap_names_a_bad_field(trenggalek: iuran.Policy) -> None:
    with pytest.raises(iuran.ArgumentError) as caught:
        trenggalek.roadmap(baseline_year=2025, workforce=400_000, target_year=2024, target_percent=80)
    assert caught.value.field == "target_year"
    with pytest.raises(iuran.ArgumentError, match="`path`") as caught:
        trenggalek.roadmap(baseline_year=2025, workforce=1, target_year=2030, target_percent=1, path="zigzag")
    assert "line 1" not in str(caught.value)


def test_roadmap_reaches_its_target(trenggalek: iuran.Policy) -> None:
    r = trenggalek.roadmap(
        baseline_year=2025, baseline_percent="26.30", workforce=400_000,
        target_year=2045, target_percent="83.29", subsidy_share_percent=50,
    )
    assert (r.years[0].year, r.years[-1].year) == (2025, 2045)
    # 83.29% of 400,000 = 333,160 members in 2045.
    assert r.years[-1].members == 333_160
    assert r.total_subsidy == sum((y.subsidy_budget for y in r.years), Decimal(0))


def test_benefits_in_both_languages(tegal: iuran.Policy) -> None:
    b = tegal.benefits(month=1, work_accident=True)
    assert b.covered and b.total == sum((i.amount for i in b.items), Decimal(0))
    names = {i.code: (i.name("id"), i.name("en")) for i in b.items}
    assert all(id_ and en for id_, en in names.values())
    with pytest.raises(ValueError):
        b.items[0].name("fr")


def test_quality_report_of_an_excel_bnba_list() -> None:
    xlsx = ROOT / "bindings-wasm" / "tests" / "fixtures" / "bnba-tegal-3.xlsx"
    from_path = iuran.quality_report(xlsx, as_of="2025-11-22")
    from_bytes = iuran.quality_report(xlsx.read_bytes(), as_of=datetime.date(2025, 11, 22))
    assert from_path == from_bytes
    assert from_path.rows == 3 and from_path.as_of == "2025-11-22"
    with pytest.raises(iuran.ArgumentError):
        iuran.quality_report(xlsx, as_of="22/13/2025")
    with pytest.raises(iuran.IoError):
        iuran.quality_report(ROOT / "no-such-roster.csv")

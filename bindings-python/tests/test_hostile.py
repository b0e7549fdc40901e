"""Hostile input through the Python package: every failure is an ``IuranError`` (a
wrong Python type may be a ``TypeError``), never a ``PanicException``, an
``OverflowError``, a pyarrow error or a crash; deep or cyclic data is refused; floats
that are not numbers never reach a money field; and the text the package writes itself
(messages, reprs) never shows a NIK unmasked."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iuran

from conftest import ROOT, SAMPLE

NIK = "3328011203700001"
MASKED = "3328********0001"

# JKK 1% of the declared income + JKM Rp 6,800, one month (the golden case
# income-declared.json: 1% × 2,500,000 + 6,800 = 31,800).
DECLARED = """
id = "declared"
name = "Declared income"
regency = "3328"
fiscal_year = 2025
[coverage]
start = "2025-09"
months = 1
income = "declared"
[[funding]]
id = "apbd"
kind = "APBD"
"""


def _worker(i: int, income: str) -> dict[str, str]:
    return {
        "nik": f"332801120370000{i}",
        "birth_date": "1970-03-12",
        "sex": "L",
        "regency": "3328",
        "sector": "Nelayan",
        "declared_income": income,
    }


def test_no_panic_crosses_into_python() -> None:
    """An income of 10^21 overflowed the column kernel's 64-bit totals: a
    PanicException (not an Exception) from summarize_table and compare. Now either a
    clear IuranError or the right money: each row 1% × 10^21 + 6,800, worked by hand,
    or refused with a reason; the total the sum of the rows."""
    policy = iuran.Policy.from_toml(DECLARED)
    workers = [_worker(i, str(10**21)) for i in (1, 2, 3)]
    table = pd.DataFrame(workers)
    by_hand = Decimal(10**19 + 6_800)
    try:
        summary = policy.summarize_table(table)
    except iuran.IuranError:
        pass
    else:
        rows = [policy.evaluate(w) for w in workers]
        for d in rows:
            assert d.total_cost == by_hand or (not d.eligible and d.reasons)
        assert summary.total_cost == sum((d.total_cost for d in rows), Decimal(0))
    try:
        totals = iuran.compare(policy, [iuran.Scenario("same")], table).to_pandas()
    except iuran.IuranError:
        pass
    else:
        assert (totals["total_cost"] == summary.total_cost).all()


def test_internal_error_is_in_the_hierarchy() -> None:
    assert issubclass(iuran.InternalError, iuran.IuranError)
    assert iuran.InternalError("x").code == "internal"


def test_integers_out_of_range_are_argument_errors(tegal: iuran.Policy) -> None:
    for workers in (10**40, -1):
        with pytest.raises(iuran.ArgumentError) as caught:
            tegal.requirement(workers)
        assert caught.value.field == "workers"
    summary = tegal.evaluate_csv(SAMPLE).summary
    for tranches in (10**30, -1):
        with pytest.raises(iuran.ArgumentError) as caught:
            tegal.schedule(summary, tranches)
        assert caught.value.field == "tranches"
    # Python will not write an int of more than 4,300 digits: still an ArgumentError.
    with pytest.raises(iuran.ArgumentError):
        tegal.benefits(month=10**5000)
    with pytest.raises(iuran.ArgumentError):
        tegal.roadmap(baseline_year=2025, workforce=10, target_year=2030, target_percent=10**5000)
    with pytest.raises(TypeError):
        tegal.requirement(2.5)  # type: ignore[arg-type]


def test_an_object_column_holding_a_huge_int_is_a_column_error(tegal: iuran.Policy) -> None:
    table = pd.DataFrame(
        {
            "nik": [NIK],
            "birth_date": ["1970-03-12"],
            "regency": ["3328"],
            "sector": ["nelayan"],
            "declared_income": pd.Series([10**30], dtype=object),
        }
    )
    with pytest.raises(iuran.ColumnError) as caught:
        tegal.evaluate_table(table)
    assert caught.value.field == "declared_income"


def test_a_table_arrow_cannot_carry_is_a_roster_error(tegal: iuran.Policy) -> None:
    """polars' Int128 cannot cross the Arrow C interface, and an object whose
    __arrow_c_stream__ answers nonsense is no table: both raised ValueError."""
    import polars as pl

    frame = pl.DataFrame(
        {
            "nik": [NIK],
            "birth_date": ["1970-03-12"],
            "regency": ["3328"],
            "sector": ["nelayan"],
            "declared_income": pl.Series([10**30], dtype=pl.Int128),
        }
    )
    with pytest.raises(iuran.RosterError, match="table cannot be read"):
        tegal.evaluate_table(frame)

    class NotAStream:
        def __arrow_c_stream__(self, requested_schema: object = None) -> object:
            return 5

    with pytest.raises(iuran.RosterError, match="table cannot be read"):
        tegal.evaluate_table(NotAStream())


def test_an_int_too_long_to_write_is_refused_by_field(tegal: iuran.Policy) -> None:
    with pytest.raises(iuran.RecordError) as caught:
        tegal.evaluate({"nik": NIK, "declared_income": 10**5000})
    assert caught.value.field == "declared_income"
    with pytest.raises(iuran.PolicyError) as caught_policy:
        iuran.Policy.from_dict({**tegal.spec, "fiscal_year": 10**5000})
    assert caught_policy.value.field == "fiscal_year"


def test_a_budget_that_is_not_a_number_says_so(tegal: iuran.Policy) -> None:
    for value in (Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("sNaN")):
        with pytest.raises(iuran.ArgumentError, match="not a number") as caught:
            tegal.capacity(value)
        assert caught.value.field == "budget"
    with pytest.raises(iuran.ArgumentError, match="too large"):
        tegal.capacity(Decimal("1e40"))


def test_comparison_money_beyond_decimal128_18_is_a_column_error(tegal: iuran.Policy) -> None:
    """A total that does not fit the money columns' decimal128(18, 0) (here the wrapped
    2^64 figure compare once gave for one worker with an income of 10^21) is refused
    as evaluate_table refuses it, not a pyarrow ArrowInvalid; the exact figure stays
    readable."""
    data: dict[str, Any] = json.loads(iuran.compare(tegal, [iuran.Scenario("same")], SAMPLE).to_json())
    data["base"]["total_cost"] = "3106511852580923968"
    comparison = iuran.Comparison._from_json(json.dumps(data))
    for to_table in (comparison.to_arrow, comparison.to_polars, comparison.to_pandas):
        with pytest.raises(iuran.ColumnError) as caught:
            to_table("totals")
        assert caught.value.column == "total_cost"
    assert comparison.total_cost("base") == Decimal("3106511852580923968")
    assert comparison.to_dict()["base"]["total_cost"] == Decimal("3106511852580923968")
    # One rupiah less than 10^18 still fits.
    data["base"]["total_cost"] = str(10**18 - 1)
    assert iuran.Comparison._from_json(json.dumps(data)).to_pandas().loc["base", "total_cost"] == Decimal(10**18 - 1)
    with pytest.raises(iuran.ArgumentError):
        comparison.to_arrow("nothing")


DEEP_AND_CYCLIC = textwrap.dedent(
    """
    import iuran
    deep = []
    for _ in range(20_000):
        deep = [deep]
    looped = []
    looped.append(looped)
    mapping = {}
    mapping["self"] = mapping
    for label, value in [("deep", deep), ("list", looped), ("dict", mapping)]:
        calls = [
            ("set", lambda: iuran.Scenario("x").set("eligibility.sectors", value)),
            ("add", lambda: iuran.Scenario("x").add("eligibility.sectors", value)),
            ("policy", lambda: iuran.Policy.from_dict({"id": "p", "eligibility": value})),
            ("scenario", lambda: iuran.Scenario.from_dict({"name": "y", "set": {"a": value}})),
        ]
        for name, call in calls:
            try:
                call()
                print(label, name, "accepted")
            except iuran.ScenarioError as e:
                print(label, name, "ScenarioError", e.message)
            except iuran.PolicyError as e:
                print(label, name, "PolicyError", e.message)
    """
)


def test_deep_or_cyclic_data_is_refused_not_a_crash() -> None:
    """A list nested 20,000 deep, or a list or dict containing itself, crashed the
    interpreter (a stack overflow): run in a child process so a crash is a failure
    here, not the end of the test run."""
    done = subprocess.run(
        [sys.executable, "-c", DEEP_AND_CYCLIC], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert len(lines) == 12, done.stdout
    for line in lines:
        label, call, kind, message = line.split(" ", 3)
        assert kind == ("PolicyError" if call == "policy" else "ScenarioError"), line
        if label == "deep":
            assert "nested more than 64 levels deep" in message, line
        else:
            assert "contains itself" in message, line


def _nested(depth: int, leaf: Any, kinds: list[bool]) -> Any:
    value = leaf
    for i in range(depth):
        value = {"k": value} if kinds[i % len(kinds)] else [value]
    return value


@settings(max_examples=60, deadline=None)
@given(
    depth=st.integers(min_value=0, max_value=200),
    kinds=st.lists(st.booleans(), min_size=1, max_size=8),
    leaf=st.one_of(st.none(), st.integers(), st.text(max_size=5), st.booleans()),
)
def test_random_nesting_is_accepted_or_refused_by_depth(depth: int, kinds: list[bool], leaf: Any) -> None:
    """Any nesting up to 64 levels crosses to the core (which judges the value);
    deeper is a ScenarioError saying so. Nothing else is raised."""
    try:
        iuran.Scenario("x").set("eligibility.sectors", _nested(depth, leaf, kinds))
    except iuran.ScenarioError as e:
        assert depth > 64 and "nested more than 64 levels deep" in e.message
    else:
        assert depth <= 64


def test_text_that_is_not_unicode_is_an_argument_error(tegal: iuran.Policy) -> None:
    """A str holding a lone surrogate (what os.fsdecode leaves for undecodable bytes)
    raised UnicodeEncodeError from every str argument."""
    lone = "\ud800"
    calls = [
        lambda: iuran.Scenario(lone),
        lambda: iuran.Policy.from_toml(lone),
        lambda: iuran.Scenario.from_json(lone),
        lambda: iuran.Scenario("x").set(lone, 1),
        lambda: tegal.capacity(1, source=lone),
        lambda: iuran.quality_report(b"nik\n", as_of=lone),
    ]
    for call in calls:
        with pytest.raises(iuran.ArgumentError, match="lone surrogate"):
            call()
    with pytest.raises(iuran.RecordError, match="lone surrogate"):
        tegal.evaluate({"nik": lone})
    with pytest.raises(iuran.ScenarioError, match="lone surrogate"):
        iuran.Scenario("x").set("name", lone)
    with pytest.raises(iuran.ArgumentError, match="lone surrogate"):
        tegal.capacity(lone)
    with pytest.raises(iuran.ColumnError, match="lone surrogate"):
        tegal.evaluate_table(pd.DataFrame({"nik": [NIK]}), columns={"sector": lone})


_HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.just(10**5000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["\ud800", NIK, "1e9", "Rp 1.000", "NaN", "inf", "-1", "2025-13-45"]),
    st.binary(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=3),
)

_CALLS = {
    "capacity": lambda p, v: p.capacity(v),
    "requirement": lambda p, v: p.requirement(v),
    "schedule": lambda p, v: p.schedule(p.evaluate_csv(SAMPLE).summary, v),
    "evaluate nik": lambda p, v: p.evaluate({"nik": v}),
    "evaluate income": lambda p, v: p.evaluate({"declared_income": v, "birth_date": v}),
    "evaluate key": lambda p, v: p.evaluate({v: "1"}),
    "from_dict": lambda p, v: iuran.Policy.from_dict({**p.spec, "fiscal_year": v}),
    "from_dict budget": lambda p, v: iuran.Policy.from_dict(
        {**p.spec, "funding": [{**p.spec["funding"][0], "budget": v}]}
    ),
    "scenario set": lambda p, v: iuran.Scenario("x").set("coverage.months", v).apply(p),
    "scenario from_dict": lambda p, v: iuran.Scenario.from_dict({"name": "x", "set": {"coverage": v}}).apply(p),
    "scenario name": lambda p, v: iuran.Scenario(v),
    "from_toml": lambda p, v: iuran.Policy.from_toml(v),
    "benefits": lambda p, v: p.benefits(month=v),
    "roadmap": lambda p, v: p.roadmap(baseline_year=2025, workforce=v, target_year=2030, target_percent=v),
    "quality": lambda p, v: iuran.quality_report(v if isinstance(v, bytes) else b"nik\n", as_of=v),
    "message": lambda p, v: p.evaluate({}).reasons[0].message(v),
    "to_arrow": lambda p, v: iuran.compare(p, [], SAMPLE).to_arrow(v),
    "explain_rows": lambda p, v: p.explain_rows(
        pd.DataFrame({"nik": [1.5], "birth_date": ["1970-03-12"], "regency": [3328], "sector": ["x"]}), [v]
    ),
}


@settings(max_examples=300, deadline=None)
@given(call=st.sampled_from(sorted(_CALLS)), value=_HOSTILE)
def test_any_value_in_any_argument_is_an_iuran_error_or_a_type_error(
    tegal: iuran.Policy, call: str, value: Any
) -> None:
    try:
        _CALLS[call](tegal, value)
    except (iuran.IuranError, TypeError):
        pass


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_budgets_of_inf_or_nan_are_refused(tegal: iuran.Policy, value: float) -> None:
    """A float `inf` or `nan` became JSON `null`, read as "no budget": the ceiling
    silently gone. Now refused naming the field, from a dict and from a scenario."""
    spec = tegal.spec
    spec["funding"][0]["budget"] = value
    with pytest.raises(iuran.PolicyError) as caught:
        iuran.Policy.from_dict(spec)
    assert caught.value.field == "funding[0].budget" and "not a number" in caught.value.message
    with pytest.raises(iuran.ScenarioError) as caught_scenario:
        iuran.Scenario("x").set("funding.dbhcht.budget", value)
    assert caught_scenario.value.field == "set.funding.dbhcht.budget"
    with pytest.raises(iuran.ScenarioError):
        iuran.Scenario.from_dict({"name": "x", "set": {"funding.dbhcht.budget": value}})
    # A finite float is refused by the core, which says how to write the amount.
    spec["funding"][0]["budget"] = 1.5e9
    with pytest.raises(iuran.PolicyError, match="write it as a string"):
        iuran.Policy.from_dict(spec)


def test_text_the_package_writes_masks_niks(tegal: iuran.Policy) -> None:
    """A table read without its header row has a worker's cells as column names; a
    worker mapping may carry a NIK as a key; a scenario may be named with one; a reason
    or a quality report may quote one. None shows it whole."""
    headerless = pd.read_csv(io.StringIO(f"{NIK},1970-03-12,3328,nelayan\n3328015003800002,1980-03-10,3328,nelayan\n"))
    with pytest.raises(iuran.ColumnError) as caught:
        tegal.evaluate_table(headerless)
    assert NIK not in str(caught.value) and MASKED in str(caught.value)
    with pytest.raises(iuran.ColumnError) as caught:
        iuran.compare(tegal, [], headerless)
    assert NIK not in str(caught.value)
    with pytest.raises(iuran.RecordError) as caught_record:
        tegal.evaluate({NIK: "x"})
    assert NIK not in str(caught_record.value) and MASKED in str(caught_record.value)
    assert repr(iuran.Scenario(NIK)) == f"Scenario(name='{MASKED}')"
    # A NIK typed into the birth-date column: the reason quotes the value.
    decision = tegal.evaluate({"nik": "3328015003800002", "birth_date": NIK, "regency": "3328", "sector": "nelayan"})
    assert [r.code for r in decision.reasons] == ["invalid_value"]
    assert NIK not in repr(decision.reasons) and NIK not in repr(decision)
    roster = f"nik,birth_date,regency,sector\n3328015003800002,1980-03-10,3328,{NIK}\n".encode()
    report = iuran.quality_report(roster, as_of="2025-09-01")
    assert [u.rows for u in report.unknown_sectors] == [1]
    assert NIK not in repr(report) and MASKED in repr(report)


# The core's own serde form (Decision.to_json(), Comparison.to_json()) quotes roster values as
# the core writes them: masking them is the core's. Strict, so each marker must go once
# the core masks that text.


def test_decision_json_masks_niks(tegal: iuran.Policy) -> None:
    decision = tegal.evaluate({"nik": "3328015003800002", "birth_date": NIK, "regency": "3328", "sector": "nelayan"})
    assert NIK not in decision.to_json()


def test_comparison_data_masks_niks(tegal: iuran.Policy) -> None:
    roster = f"nik,birth_date,regency,district,sector\n3328015003800002,1980-03-10,3328,{NIK},nelayan\n".encode()
    comparison = iuran.compare(tegal, [iuran.Scenario("same")], roster)
    assert NIK not in comparison.to_json()


def test_table_totals_are_the_sum_of_the_rows_at_extreme_incomes() -> None:
    """At the largest income Decimal holds, summarize_table gave a negative total while
    evaluate gives each row its own figure (or refuses it): the totals must be the sum
    of the rows, or an IuranError."""
    policy = iuran.Policy.from_toml(DECLARED)
    workers = [_worker(i, "79228162514264337593543950335") for i in (1, 2, 3)]
    try:
        summary = policy.summarize_table(pd.DataFrame(workers))
    except iuran.IuranError:
        return
    assert summary.total_cost == sum((policy.evaluate(w).total_cost for w in workers), Decimal(0))

"""What-if scenarios and their comparison: building scenarios in code, errors naming
the scenario field, DataFrames with exact money, and the properties of issue 7 (a
variant equal to the base changes nothing; deltas are sums of per-worker changes;
comparing k variants equals k evaluations). The hand-worked deltas are the golden case
golden/compare-tegal-what-if.json (test_golden.py)."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import iuran

from conftest import ROOT, SAMPLE

SCENARIOS = ROOT / "examples" / "scenarios"


@pytest.fixture(scope="module")
def tegal() -> iuran.Policy:
    return iuran.Policy.from_file(ROOT / "examples" / "policies" / "tegal-2025.toml")


def test_a_scenario_built_in_code_equals_its_file(tegal: iuran.Policy) -> None:
    from_file = iuran.Scenario.from_file(SCENARIOS / "usia-50-65.toml")
    in_code = iuran.Scenario(from_file.name, from_file.description).set("eligibility.age", {"min": 50, "max": 65})
    # The file nests `eligibility.age` as TOML does; both make the same policy.
    assert in_code.apply(tegal).spec == from_file.apply(tegal).spec
    assert pickle.loads(pickle.dumps(in_code)) == in_code
    assert pickle.loads(pickle.dumps(from_file)) == from_file
    wider = in_code.apply(tegal)
    assert wider.spec["eligibility"]["age"]["min"] == 50
    # The base is untouched: Tegal publishes no age band.
    assert "age" not in tegal.spec["eligibility"]


def test_scenario_errors_name_the_field(tegal: iuran.Policy) -> None:
    with pytest.raises(iuran.ScenarioError) as caught:
        iuran.Scenario("x").set("eligibility.no_such_field", 1).apply(tegal)
    assert caught.value.code == "scenario" and "eligibility.no_such_field" in (caught.value.field or "")
    assert isinstance(caught.value, iuran.PolicyError)
    with pytest.raises(iuran.ScenarioError):
        iuran.Scenario.from_toml("name = \"x\"\n[set\n")
    with pytest.raises(TypeError):
        iuran.compare(tegal, ["usia-50-65.toml"], SAMPLE)  # type: ignore[list-item]


def test_the_same_policy_changes_nothing(tegal: iuran.Policy) -> None:
    c = iuran.compare(tegal, [iuran.Scenario("sama"), tegal], SAMPLE)
    totals = c.totals
    assert list(totals.index) == ["base", "sama", tegal.id]
    assert (totals["total_cost_delta"] == Decimal(0)).all()
    assert (totals["eligible_delta"] == 0).all()
    assert c.changes.empty


def test_comparison_frames_are_exact_and_agree_with_evaluations(tegal: iuran.Policy) -> None:
    april = iuran.Scenario.from_file(SCENARIOS / "mulai-april.toml")
    jkm = iuran.Scenario.from_file(SCENARIOS / "jkm-7500.toml")
    c = iuran.compare(tegal, [april, jkm], SAMPLE)
    totals = c.totals
    assert str(totals["total_cost"].dtype) == "decimal128(18, 0)[pyarrow]"
    # k variants compared = k separate evaluations of the same file.
    for name, policy in [("base", tegal), (april.name, april.apply(tegal)), (jkm.name, jkm.apply(tegal))]:
        summary = policy.evaluate_csv(SAMPLE).summary
        assert totals.loc[name, "total_cost"] == summary.total_cost
        assert totals.loc[name, "eligible"] == summary.eligible
        assert c.total_cost(name) == summary.total_cost
    # Each variant's delta is the sum of its workers' changes.
    changes = c.changes
    for name in (april.name, jkm.name):
        assert changes.loc[name, "cost_delta"].sum() == totals.loc[name, "total_cost_delta"]
    by_month = c.by("month")
    assert by_month.loc["base", "cost"].sum() == totals.loc["base", "total_cost"]
    by_source = c.by("source")
    assert by_source.loc[jkm.name, "cost"].sum() == totals.loc[jkm.name, "total_cost"]
    # No NIK leaves unmasked.
    assert all("*" in n for n in changes["nik"].dropna())
    with pytest.raises(ValueError):
        c.by("village")


def test_tables_of_every_kind_compare_alike(tegal: iuran.Policy) -> None:
    wider = iuran.Scenario.from_file(SCENARIOS / "usia-50-65.toml")
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    from_pandas = iuran.compare(tegal, [wider], frame)
    from_polars = iuran.compare(tegal, [wider], pl.from_pandas(frame))
    from_arrow = iuran.compare(tegal, [wider], pa.Table.from_pandas(frame, preserve_index=False))
    assert from_pandas.data == from_polars.data == from_arrow.data
    assert from_pandas.rows == len(frame)

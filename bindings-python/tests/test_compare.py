"""What-if scenarios and their comparison: building scenarios in code, errors naming
the scenario field, DataFrames with exact money, and the properties of issue 7 (a
variant equal to the base changes nothing; deltas are sums of per-worker changes;
comparing k variants equals k evaluations). The hand-worked deltas are the golden case
golden/compare-tegal-what-if.json (test_golden.py)."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
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
    totals = c.to_pandas()
    assert list(totals.index) == ["base", "sama", tegal.id]
    assert (totals["total_cost_delta"] == Decimal(0)).all()
    assert (totals["eligible_delta"] == 0).all()
    assert c.to_pandas("changes").empty
    assert c.to_arrow("changes").num_rows == 0 and c.to_polars("changes").is_empty()


def test_comparison_frames_are_exact_and_agree_with_evaluations(tegal: iuran.Policy) -> None:
    april = iuran.Scenario.from_file(SCENARIOS / "mulai-april.toml")
    jkm = iuran.Scenario.from_file(SCENARIOS / "jkm-7500.toml")
    c = iuran.compare(tegal, [april, jkm], SAMPLE)
    totals = c.to_pandas("totals")
    assert str(totals["total_cost"].dtype) == "decimal128(18, 0)[pyarrow]"
    # k variants compared = k separate evaluations of the same file.
    for name, policy in [("base", tegal), (april.name, april.apply(tegal)), (jkm.name, jkm.apply(tegal))]:
        summary = policy.evaluate_csv(SAMPLE).summary
        assert totals.loc[name, "total_cost"] == summary.total_cost
        assert totals.loc[name, "eligible"] == summary.eligible
        assert c.total_cost(name) == summary.total_cost
    # Each variant's delta is the sum of its workers' changes.
    changes = c.to_pandas("changes")
    for name in (april.name, jkm.name):
        assert changes.loc[name, "cost_delta"].sum() == totals.loc[name, "total_cost_delta"]
    by_month = c.to_pandas("month")
    assert by_month.loc["base", "cost"].sum() == totals.loc["base", "total_cost"]
    by_source = c.to_pandas("source")
    assert by_source.loc[jkm.name, "cost"].sum() == totals.loc[jkm.name, "total_cost"]
    # No NIK leaves unmasked.
    assert all("*" in n for n in changes["nik"].dropna())
    with pytest.raises(ValueError):
        c.to_pandas("village")


def test_tables_of_every_kind_compare_alike(tegal: iuran.Policy) -> None:
    wider = iuran.Scenario.from_file(SCENARIOS / "usia-50-65.toml")
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    from_pandas = iuran.compare(tegal, [wider], frame)
    from_polars = iuran.compare(tegal, [wider], pl.from_pandas(frame))
    from_arrow = iuran.compare(tegal, [wider], pa.Table.from_pandas(frame, preserve_index=False))
    assert from_pandas.to_dict() == from_polars.to_dict() == from_arrow.to_dict()
    assert from_pandas.rows == len(frame)


TABLES = ["totals", "source", "sector", "district", "month", "changes"]


@pytest.mark.parametrize("table", TABLES)
def test_every_table_is_the_same_in_every_library(tegal: iuran.Policy, table: str) -> None:
    """to_arrow, to_polars and to_pandas lay out the same rows and values; money is an
    exact decimal in each."""
    april = iuran.Scenario.from_file(SCENARIOS / "mulai-april.toml")
    c = iuran.compare(tegal, [april], SAMPLE)
    arrow = c.to_arrow(table)
    assert isinstance(arrow, pa.Table) and arrow.num_rows > 0
    polars = c.to_polars(table)
    assert isinstance(polars, pl.DataFrame)
    assert polars.columns == arrow.column_names
    assert polars.to_dicts() == arrow.to_pylist()
    frame = c.to_pandas(table)
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == arrow.num_rows
    money = [n for n in arrow.column_names if "cost" in n]
    assert money and all(arrow.schema.field(n).type == pa.decimal128(18, 0) for n in money)
    assert all(polars.schema[n] == pl.Decimal(18, 0) for n in money)


def test_the_comparison_as_dict_and_json(tegal: iuran.Policy) -> None:
    april = iuran.Scenario.from_file(SCENARIOS / "mulai-april.toml")
    c = iuran.compare(tegal, [april], SAMPLE)
    d = c.to_dict()
    assert d["base"]["total_cost"] == c.total_cost("base") and isinstance(d["base"]["total_cost"], Decimal)
    month = next(iter(d["base"]["by_month"].values()))
    assert isinstance(month, Decimal)
    assert json.loads(c.to_json())["base"]["total_cost"] == str(c.total_cost("base"))
    assert d["variants"][0]["totals"]["name"] == april.name == c.names[1]
    with pytest.raises(AttributeError):
        c.rows = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        iuran.Comparison()


def test_tables_without_pandas_import_no_pandas() -> None:
    """A polars or pyarrow user never pays for pandas: importing iuran, comparing and
    laying out every table with to_arrow and to_polars leave pandas unimported."""
    script = f"""
import sys
import iuran
tegal = iuran.Policy.from_file({str(ROOT / "examples" / "policies" / "tegal-2025.toml")!r})
april = iuran.Scenario.from_file({str(SCENARIOS / "mulai-april.toml")!r})
c = iuran.compare(tegal, [april], {str(SAMPLE)!r})
for table in {TABLES!r}:
    c.to_arrow(table)
    c.to_polars(table)
c.to_dict()
assert "pandas" not in sys.modules, "pandas was imported"
c.to_pandas()
assert "pandas" in sys.modules
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr

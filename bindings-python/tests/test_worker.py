"""One worker: values translated to the text the core reads, decisions read back with
money as Decimal, and nothing personal in a repr."""

from __future__ import annotations

import datetime
import json
import pickle
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iuran

from conftest import ROOT

PEMALANG = ROOT / "examples" / "policies" / "pemalang-2025.toml"
WORKER = {
    "nik": "3328011203700001",
    "name": "Siti Aminah",
    "birth_date": "1970-03-12",
    "sex": "L",
    "regency": "3328",
    "sector": "Petani Tembakau",
}


def test_an_eligible_worker(tegal: iuran.Policy) -> None:
    d = tegal.evaluate(WORKER)
    assert d.eligible and d.reasons == [] and d.reason_codes == ""
    assert d.funding_source == "dbhcht" and d.sector == "tobacco_farmer"
    assert d.monthly_contribution == Decimal("16800") and isinstance(d.monthly_contribution, Decimal)
    assert d.months == 4
    assert d.total_cost == Decimal("67200")
    assert [c.month for c in d.breakdown] == ["2025-09", "2025-09", "2025-10", "2025-10", "2025-11", "2025-11", "2025-12", "2025-12"]
    assert sum((c.amount for c in d.breakdown), Decimal(0)) == d.total_cost
    charge = d.breakdown[0]
    assert charge.programme in ("JKK", "JKM") and charge.rate_id and charge.reference
    assert isinstance(charge.factor, Decimal) and isinstance(charge.income_basis, Decimal)
    assert json.loads(d.to_json())["total_cost"] == "67200"


def test_reasons_in_both_languages(tegal: iuran.Policy) -> None:
    d = iuran.Policy.from_file(PEMALANG).evaluate(
        {"nik": "3327010211700002", "birth_date": "02-11-1970", "regency": "3327", "sector": "Petani Padi"}
    )
    (r,) = d.reasons
    assert r.code == "age_below_minimum"
    assert r.message_en == r.message("en") == "aged 54 on 2025-11-01, below the minimum age of 55"
    assert r.message() == r.message("id") == r.message_id
    assert r.message_id.startswith("usia 54 tahun")
    assert r.context == {"age": "54", "minimum": "55", "on": "2025-11-01"}
    with pytest.raises(ValueError, match="unknown language"):
        r.message("fr")


def test_python_values_become_the_text_the_core_reads(tegal: iuran.Policy) -> None:
    as_text = tegal.evaluate({**WORKER, "declared_income": "1500000", "active_member": "false", "welfare_decile": "3"})
    for typed in (
        {
            "nik": 3328011203700001,
            "birth_date": datetime.date(1970, 3, 12),
            "regency": 3328,
            "declared_income": Decimal("1.5E+6"),
            "active_member": False,
            "welfare_decile": 3,
        },
        {
            "birth_date": datetime.datetime(1970, 3, 12, 23, 59),
            "regency": np.int64(3328),
            "declared_income": Decimal("1500000.00"),
            "welfare_decile": np.uint8(3),
            "active_member": 0,
        },
        {"birth_date": pd.Timestamp("1970-03-12"), "sex": np.str_("L")},
    ):
        assert tegal.evaluate({**WORKER, **typed}) == tegal.evaluate({**WORKER, **{k: v for k, v in typed.items()}})
        got = tegal.evaluate({**WORKER, **typed})
        assert (got.eligible, got.total_cost) == (as_text.eligible, as_text.total_cost)


def test_unreadable_values_are_reasons_not_errors(tegal: iuran.Policy) -> None:
    d = tegal.evaluate({**WORKER, "declared_income": Decimal("NaN"), "welfare_decile": 11, "birth_date": "31-02-1970"})
    assert not d.eligible
    fields = [r.context.get("field") for r in d.reasons if r.code == "invalid_value"]
    assert fields == ["birth_date", "declared_income", "welfare_decile"]
    assert tegal.evaluate({**WORKER, "declared_income": Decimal("1000.5")}).reasons[0].code == "invalid_value"
    assert tegal.evaluate({"nik": None}).reason_codes == "missing_field"
    assert tegal.evaluate({}).reason_codes == "missing_field"


@pytest.mark.parametrize(
    ("worker", "field"),
    [
        ({"declared_income": 1500000.0}, "declared_income"),
        ({"welfare_decile": np.float64(3)}, "welfare_decile"),
        ({"nik": b"3328011203700001"}, "nik"),
        ({"sector": ["Petani"]}, "sector"),
        ({"birthdate": "1970-03-12"}, "birthdate"),
        ({"active_member": np.bool_(True)}, "active_member"),
    ],
)
def test_records_that_cannot_be_translated(tegal: iuran.Policy, worker: dict[str, Any], field: str) -> None:
    with pytest.raises(iuran.RecordError) as e:
        tegal.evaluate({**WORKER, **worker})
    assert e.value.field == field and e.value.code == "record"
    assert isinstance(e.value, TypeError) and isinstance(e.value, iuran.IuranError)
    assert f"`{field}`" in str(e.value)


def test_non_mappings_are_type_errors(tegal: iuran.Policy) -> None:
    for bad in (None, [("nik", "x")], "nik", 3):
        with pytest.raises(TypeError):
            tegal.evaluate(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        tegal.evaluate({1: "x"})  # type: ignore[dict-item]


def test_reprs_never_show_a_nik_or_a_name(tegal: iuran.Policy) -> None:
    nik = WORKER["nik"]
    for worker in (WORKER, {**WORKER, "nik": nik[:-1] + "X"}, {**WORKER, "birth_date": "1970-03-13"}):
        d = tegal.evaluate(worker)
        shown = repr(d) + repr(d.reasons) + repr(d.breakdown) + d.to_json()
        shown += " ".join(r.message("en") + r.message("id") + str(r.context) for r in d.reasons)
        assert "01120370" not in shown and "Siti" not in shown, shown
    assert "tegal-2025" in repr(tegal)


def test_policies_build_every_way_and_round_trip() -> None:
    p = iuran.Policy.from_file(PEMALANG)
    assert p.id == "pemalang-2025" and p.months == ["2025-11", "2025-12"]
    for again in (
        iuran.Policy.from_dict(p.spec),
        iuran.Policy.from_json(json.dumps(p.spec)),
        iuran.Policy.from_toml(p.to_toml()),
        pickle.loads(pickle.dumps(p)),
    ):
        assert again.spec == p.spec
    assert [lint.code for lint in p.lint()] == [lint.code for lint in iuran.Policy.from_dict(p.spec).lint()]
    lint = p.lint()[0]
    assert lint.message("en") == lint.message_en and lint.message() == lint.message_id and lint.field
    spec = dict(p.spec)
    spec["funding"] = [{**spec["funding"][0], "budget": Decimal("1000000")}]
    assert iuran.Policy.from_dict(spec).spec["funding"][0]["budget"] == "1000000"
    with pytest.raises(TypeError):
        iuran.Policy(None)  # type: ignore[arg-type]


def test_policy_errors_name_the_field() -> None:
    with pytest.raises(iuran.PolicyError) as e:
        iuran.Policy.from_toml('id = "x"\nname = "x"\nregency = "3328"\nfiscal_year = 2025\ncoverage = { start = "2025-09", months = 0 }\n[[funding]]\nid = "a"\nkind = "APBD"\n')
    assert (e.value.code, e.value.field) == ("policy_field", "coverage.months")
    assert "`coverage.months`" in str(e.value)
    with pytest.raises(iuran.PolicyError) as e:
        iuran.Policy.from_json("{")
    assert e.value.code == "policy_syntax" and e.value.field is None
    with pytest.raises(iuran.IoError) as io:
        iuran.Policy.from_file(ROOT / "no-such-policy.toml")
    assert io.value.code == "io" and isinstance(io.value, OSError)
    with pytest.raises(TypeError):
        iuran.Policy.from_dict({"id": {1, 2}})


def test_evaluate_csv_takes_paths_and_bytes(tegal: iuran.Policy) -> None:
    path = ROOT / "examples" / "data" / "sample-tegal-2025.csv"
    by_path = tegal.evaluate_csv(path)
    by_str = tegal.evaluate_csv(str(path))
    by_bytes = tegal.evaluate_csv(path.read_bytes())
    assert by_path.csv == by_str.csv == by_bytes.csv
    assert len(by_path) == 3000 == by_path.summary.rows
    assert by_path.csv.decode().splitlines()[0].endswith(",".join((*iuran.OUTPUT_COLUMNS, iuran.EXTRA_CELLS)))
    with pytest.raises(TypeError, match="bytes"):
        tegal.evaluate_csv("nik,birth_date\n1,2\n")


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"nik,birth_date,regency,sector\n3328011203700001,1970-03-12,3328,Nel\xffayan\n", 2),
        (b"\xff\xfe", 1),
        (b"nik,name\n1,x\n", 1),
        (b"", None),
    ],
)
def test_unreadable_roster_files(tegal: iuran.Policy, data: bytes, line: int | None) -> None:
    with pytest.raises(iuran.RosterError) as e:
        tegal.evaluate_csv(data)
    assert e.value.code == "roster" and e.value.line == line
    assert not isinstance(e.value, iuran.ColumnError)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300))
def test_no_bytes_make_evaluate_csv_panic(data: bytes) -> None:
    policy = iuran.Policy.from_file(PEMALANG)
    try:
        result = policy.evaluate_csv(b"nik,birth_date,regency,sector\n" + data)
    except iuran.RosterError:
        return
    assert len(result.decisions) == result.summary.rows


@settings(max_examples=200, deadline=None)
@given(
    worker=st.dictionaries(
        st.sampled_from(list(iuran.FIELDS)),
        st.one_of(st.none(), st.text(max_size=30), st.integers(), st.booleans(), st.dates(), st.decimals(allow_nan=True)),
    )
)
def test_no_worker_makes_evaluate_panic(worker: dict[str, Any]) -> None:
    d = iuran.Policy.from_file(PEMALANG).evaluate(worker)
    assert d.total_cost >= 0 and d.eligible == (d.reasons == [])
    assert sum((c.amount for c in d.breakdown), Decimal(0)) == d.total_cost


def test_a_taxonomy_text_adds_occupations_and_errors_name_its_field() -> None:
    # Kab. Tegal 2025 covers fishers; "Pencari Ikan Kali" is not a built-in text.
    policy_text = (ROOT / "examples/policies/tegal-2025.toml").read_text()
    extra = '[[alias]]\nsector = "fisher"\ntexts = ["pencari ikan kali"]\n'
    worker = {"nik": "3328010101700001", "birth_date": "1970-01-01", "regency": "3328", "sector": "Pencari Ikan Kali"}
    assert iuran.Policy.from_toml(policy_text).evaluate(worker).reason_codes == "unknown_sector"
    for policy in (
        iuran.Policy.from_toml(policy_text, taxonomy=extra),
        iuran.Policy.from_file(ROOT / "examples/policies/tegal-2025.toml", taxonomy=extra),
    ):
        d = policy.evaluate(worker)
        # 4 months × Rp 16,800, from APBD (the fishers' source).
        assert (d.eligible, d.total_cost, d.funding_source) == (True, Decimal("67200"), "apbd")
    with pytest.raises(iuran.IuranError) as e:
        iuran.Policy.from_toml(policy_text, taxonomy='[[alias]]\nsector = "fisher"\ntexts = ["nelayan", "petani tembakau"]\n')
    assert e.value.field == "alias[0].texts[1]"

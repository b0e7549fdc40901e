"""``evaluate_table(outputs=..., threads=...)``: only the decision columns asked for, the
reasons as a dictionary of reason sets, and the same answers on any number of threads
(the kernel writes each share of rows straight into the Arrow buffers)."""

from __future__ import annotations

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import iuran

from test_tables import sample_text



@pytest.fixture(scope="module")
def unbudgeted(tegal: iuran.Policy) -> iuran.Policy:
    spec = tegal.spec
    for f in spec["funding"]:
        f.pop("budget", None)
    return iuran.Policy.from_dict(spec)


def big(rows: int) -> pa.Table:
    """The sample roster repeated to at least ``rows`` rows: several kernel chunks, so
    two threads each get a share, with the sample's duplicate NIKs across the shares."""
    one = sample_text()
    return pa.concat_tables([one] * (rows // one.num_rows + 1)).combine_chunks()


def test_outputs_are_the_columns_asked_for_in_the_core_order(unbudgeted: iuran.Policy) -> None:
    table = sample_text()
    full = unbudgeted.evaluate_table(table)
    out = unbudgeted.evaluate_table(table, outputs=["total_cost", "eligible"])
    assert out.column_names == table.column_names + ["eligible", "total_cost"]
    assert out["eligible"].equals(full["eligible"])
    assert out["total_cost"].equals(full["total_cost"])
    # None asked for: the table as it was.
    assert unbudgeted.evaluate_table(table, outputs=[]).column_names == table.column_names
    # A column of the table named like a decision column not asked for is no clash.
    renamed = table.append_column("reasons", pa.array(["x"] * table.num_rows))
    assert unbudgeted.evaluate_table(renamed, outputs=["eligible"]).column_names[-2:] == ["reasons", "eligible"]
    with pytest.raises(iuran.ColumnError):
        unbudgeted.evaluate_table(renamed, outputs=["reasons"])


def test_outputs_in_pandas_and_polars(unbudgeted: iuran.Policy) -> None:
    table = sample_text()
    full = unbudgeted.evaluate_table(table)
    df = unbudgeted.evaluate_table(table.to_pandas(), outputs=["total_cost"])
    assert list(df.columns)[-1] == "total_cost" and "eligible" not in df.columns
    assert pa.array(df["total_cost"].array).equals(full["total_cost"].combine_chunks())
    pf = unbudgeted.evaluate_table(pl.from_arrow(table), outputs=["months", "eligible"])
    assert pf.columns[-2:] == ["eligible", "months"]
    assert pf["months"].to_list() == full["months"].to_pylist()


def test_outputs_are_checked(tegal: iuran.Policy) -> None:
    table = sample_text()
    with pytest.raises(iuran.ArgumentError, match="not a decision column"):
        tegal.evaluate_table(table, outputs=["eligible", "cost"])
    with pytest.raises(TypeError):
        tegal.evaluate_table(table, outputs="eligible")  # type: ignore[arg-type]
    # With budget ceilings (the whole-outcome path) the selection holds too.
    out = tegal.evaluate_table(table, outputs=["waiting_position"])
    assert out.column_names[-1] == "waiting_position"
    assert out["waiting_position"].equals(tegal.evaluate_table(table)["waiting_position"])


def test_reasons_are_a_dictionary_of_reason_sets(unbudgeted: iuran.Policy) -> None:
    table = pa.table({
        "nik": ["3328011203700001", "3328015003800002", "3328011203700001", None],
        "birth_date": ["1970-03-12", "1980-03-10", "1970-03-12", "1970-03-12"],
        "regency": ["3328", "3328", "3328", "3328"],
        "sector": ["Petani Tembakau", "nelayan", "nelayan", "pedagang"],
    })
    out = unbudgeted.evaluate_table(table)
    reasons = out["reasons"].combine_chunks()
    assert pa.types.is_dictionary(reasons.type)
    # Worked out by hand: two eligible rows (no reasons), the repeated NIK, and the row
    # with no NIK whose occupation is not covered.
    assert reasons.to_pylist() == ["", "", "duplicate_nik", "missing_field;sector_not_covered"]
    # Each distinct set once, in the order first seen.
    assert reasons.dictionary.to_pylist() == ["", "duplicate_nik", "missing_field;sector_not_covered"]
    assert reasons.indices.to_pylist() == [0, 0, 1, 2]
    df = unbudgeted.evaluate_table(table.to_pandas())
    assert isinstance(df["reasons"].dtype, pd.CategoricalDtype)
    assert list(df["reasons"].cat.categories) == reasons.dictionary.to_pylist()
    pf = unbudgeted.evaluate_table(pl.from_arrow(table))
    assert pf["reasons"].dtype in (pl.Categorical, pl.Enum) or isinstance(pf["reasons"].dtype, (pl.Categorical, pl.Enum))
    assert pf["reasons"].cast(pl.String).to_list() == reasons.to_pylist()


@pytest.mark.parametrize("ceilings", [False, True])
def test_threads_give_the_same_answers(tegal: iuran.Policy, unbudgeted: iuran.Policy, ceilings: bool) -> None:
    policy = tegal if ceilings else unbudgeted
    table = big(70_000)
    one = policy.evaluate_table(table, threads=1, with_sector=True)
    for threads in (2, 3, None):
        many = policy.evaluate_table(table, threads=threads, with_sector=True)
        assert many.equals(one), threads
    # The dictionaries too: the same values in the same order as one thread's.
    for name in ("reasons", "funding_source", "sector_code"):
        a = one[name].combine_chunks()
        b = policy.evaluate_table(table, threads=2, with_sector=True)[name].combine_chunks()
        assert a.dictionary.equals(b.dictionary) and a.indices.equals(b.indices)
    # And the totals agree with the rows.
    summary = policy.summarize_table(table)
    assert summary.rows == table.num_rows
    total = sum(v for v in one["total_cost"].to_pylist())
    assert summary.total_cost == total


def test_threads_are_checked(tegal: iuran.Policy) -> None:
    table = sample_text()
    with pytest.raises(iuran.ArgumentError):
        tegal.evaluate_table(table, threads=0)
    with pytest.raises(TypeError):
        tegal.evaluate_table(table, threads=1.5)  # type: ignore[arg-type]


def test_input_layouts_give_the_answers_of_text(unbudgeted: iuran.Policy) -> None:
    """Every layout a reader hands over answers as the same values as text: large and
    view strings, dictionaries with any integer key width, timestamps and date64 birth
    dates, nullable integers."""
    import datetime as dt

    niks = ["3328011203700001", "3328015003800002", None, "3328011203700001"]
    births = [dt.date(1970, 3, 12), dt.date(1980, 3, 10), None, dt.date(1970, 3, 12)]
    sectors = ["Petani Tembakau", "nelayan", "pedagang", "nelayan"]
    incomes = [1_500_000, None, 2_000_000, 900_000]
    text = pa.table({
        "nik": pa.array(niks),
        "birth_date": pa.array([b.isoformat() if b else None for b in births]),
        "regency": pa.array(["3328"] * 4),
        "sector": pa.array(sectors),
        "declared_income": pa.array([str(i) if i is not None else None for i in incomes]),
    })
    want = unbudgeted.evaluate_table(text).select(list(iuran.OUTPUT_COLUMNS))
    layouts = {
        "large_string": {"nik": pa.array(niks, pa.large_string()), "sector": pa.array(sectors, pa.large_string())},
        "string_view": {"nik": pa.array(niks, pa.string_view()), "sector": pa.array(sectors, pa.string_view())},
        "date32": {"birth_date": pa.array(births, pa.date32())},
        "date64": {"birth_date": pa.array(births, pa.date64())},
        "timestamp[ms]": {"birth_date": pa.array(births, pa.date32()).cast(pa.timestamp("ms"))},
        "timestamp[ns, tz]": {"birth_date": pa.array(births, pa.date32()).cast(pa.timestamp("ns")).cast(pa.timestamp("ns", "Asia/Jakarta"))},
        "int64 with nulls": {"declared_income": pa.array(incomes, pa.int64())},
        "int32 with nulls": {"declared_income": pa.array(incomes, pa.int32())},
        "uint32 with nulls": {"declared_income": pa.array(incomes, pa.uint32())},
    }
    for width in (pa.int8(), pa.int16(), pa.int32(), pa.int64(), pa.uint8(), pa.uint16()):
        layouts[f"dictionary<{width}>"] = {
            "sector": pa.array(sectors).dictionary_encode().cast(pa.dictionary(width, pa.string())),
            "regency": pa.array(["3328"] * 4).dictionary_encode().cast(pa.dictionary(width, pa.string())),
        }
    for name, columns in layouts.items():
        table = text
        for column, array in columns.items():
            table = table.set_column(table.schema.get_field_index(column), column, array)
        got = unbudgeted.evaluate_table(table).select(list(iuran.OUTPUT_COLUMNS))
        assert got.equals(want), name
        assert unbudgeted.evaluate_table(table, threads=2).select(list(iuran.OUTPUT_COLUMNS)).equals(want), name
    # pandas' nullable integers and datetimes.
    df = text.to_pandas()
    df["declared_income"] = pd.array(incomes, dtype="Int64")
    df["birth_date"] = pd.to_datetime(df["birth_date"])
    df["sector"] = df["sector"].astype("category")
    got = pa.table(unbudgeted.evaluate_table(df)[list(iuran.OUTPUT_COLUMNS)])
    assert got["total_cost"].equals(want["total_cost"]) and got["reasons"].to_pylist() == want["reasons"].to_pylist()

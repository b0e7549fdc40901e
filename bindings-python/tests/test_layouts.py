"""The layouts pandas, polars and pyarrow produce, read in place: each gives the answers
of the same roster written as plain text, worked out by hand below.

Tegal 2025 covers September to December 2025 at Rp 16,800 a month and excludes
active members; no age band, no decile ceiling."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import iuran

# Seven workers. Row 1 was born on the last day before 1970 (a timestamp of that day
# is negative and not a whole number of days); row 2's birth date is left to her NIK;
# row 5 repeats row 0's NIK; row 6's decile is no decile.
NIK = [
    "3328011203700001",
    "3328013112690004",
    "3328015003800002",
    "3328011203700005",
    "3328011203700006",
    "3328011203700001",
    "3328011203700007",
]
BIRTH = [dt.date(1970, 3, 12), dt.date(1969, 12, 31), None] + [dt.date(1970, 3, 12)] * 4
SEX = ["L", "L", "P", "L", "L", "L", "L"]
REGENCY = [3328, 3328, 3328, 3328, 3327, 3328, 3328]
SECTOR = ["Petani Tembakau", "Nelayan", "Nelayan", None, "Nelayan", "Petani Tembakau", "Nelayan"]
INCOME = [1_500_000, None, 0, 2_000_000, 1_000_000, 1_500_000, 900_000]
MEMBER = [False, False, True, False, False, False, None]
DECILE = [3, None, 5, 1, 2, 3, 11]
# Row 1 chose her own cover from October (a date stands for its month).
COVER_FROM = [None, dt.date(2025, 10, 15), None, None, None, None, None]

REASONS = ["", "", "already_member", "missing_field", "outside_region", "duplicate_nik", "invalid_value"]
# Four months at Rp 16,800; row 1 three (October to December).
TOTAL = [67_200, 50_400, 0, 0, 0, 0, 0]
N = len(NIK)


def text(values: list[Any]) -> pa.Array:
    """A column as plain text, as a CSV gives it."""
    def cell(v: Any) -> Any:
        if v is None:
            return None
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(v)

    return pa.array([cell(v) for v in values], pa.string())


def plain() -> dict[str, pa.Array]:
    return {
        "nik": text(NIK),
        "birth_date": text(BIRTH),
        "sex": text(SEX),
        "regency": text(REGENCY),
        "sector": text(SECTOR),
        "declared_income": text(INCOME),
        "active_member": text(MEMBER),
        "welfare_decile": text(DECILE),
        "cover_from": text(COVER_FROM),
    }


def answers(out: Any) -> tuple[list[str], list[int]]:
    if isinstance(out, pd.DataFrame):
        return list(out["reasons"].astype(str)), [int(v) for v in out["total_cost"]]
    if isinstance(out, pl.DataFrame):
        return out["reasons"].cast(pl.String).to_list(), [int(v) for v in out["total_cost"].to_list()]
    return [str(r) for r in out["reasons"].to_pylist()], [int(v) for v in out["total_cost"].to_pylist()]


def test_the_plain_text_roster_gives_the_worked_out_answers(tegal: iuran.Policy) -> None:
    assert answers(tegal.evaluate_table(pa.table(plain()))) == (REASONS, TOTAL)


# -- one column at a time, in each layout ------------------------------------------------


def late(d: dt.date | None) -> dt.datetime | None:
    """The last second of the day: a timestamp that is not a whole number of days
    (before 1970, a negative one, which floor division puts on its own day)."""
    return None if d is None else dt.datetime(d.year, d.month, d.day, 23, 59, 59)


def dictionary(values: list[Any], keys: pa.DataType, value_type: pa.DataType) -> pa.Array:
    distinct = sorted({v for v in values if v is not None})
    codes = [None if v is None else distinct.index(v) for v in values]
    return pa.DictionaryArray.from_arrays(pa.array(codes, keys), pa.array(distinct, value_type))


KEYS = [pa.int8(), pa.int16(), pa.int32(), pa.int64(), pa.uint8(), pa.uint16(), pa.uint32(), pa.uint64()]
INTS = [pa.int8(), pa.int16(), pa.int32(), pa.int64(), pa.uint8(), pa.uint16(), pa.uint32(), pa.uint64()]

LAYOUTS: dict[str, list[tuple[str, Callable[[], pa.Array]]]] = {
    "nik": [("string_view", lambda: pa.array(NIK, pa.string_view())),
            ("large_string", lambda: pa.array(NIK, pa.large_string()))],
    "sex": [("string_view", lambda: pa.array(SEX, pa.string_view()))]
    + [(f"dictionary<{k}>", lambda k=k: dictionary(SEX, k, pa.string())) for k in KEYS],
    "sector": [("string_view", lambda: pa.array(SECTOR, pa.string_view()))]
    + [
        (f"dictionary<{k}, {v}>", lambda k=k, v=v: dictionary(SECTOR, k, v))
        for k in KEYS
        for v in (pa.string(), pa.large_string(), pa.string_view())
    ],
    "regency": [(str(t), lambda t=t: pa.array(REGENCY, t))
                for t in INTS if t not in (pa.int8(), pa.uint8())]
    + [("dictionary<int8, string_view>", lambda: dictionary([str(r) for r in REGENCY], pa.int8(), pa.string_view()))],
    "birth_date": [(f"timestamp[{u}]", lambda u=u: pa.array([late(d) for d in BIRTH], pa.timestamp(u)))
                   for u in ("s", "ms", "us", "ns")]
    + [("date64", lambda: pa.array(BIRTH, pa.date64())),
       # The civil date in the timestamp's own zone: midnight in Jakarta is 17:00 the
       # day before in UTC.
       ("timestamp[s, Asia/Jakarta]", lambda: pa.array(
           [None if d is None else pd.Timestamp(dt.datetime(d.year, d.month, d.day)).tz_localize("Asia/Jakarta") for d in BIRTH],
           pa.timestamp("s", tz="Asia/Jakarta")))],
    "declared_income": [(str(t), lambda t=t: pa.array(INCOME, t))
                        for t in (pa.int32(), pa.int64(), pa.uint32(), pa.uint64())],
    "welfare_decile": [(str(t), lambda t=t: pa.array(DECILE, t)) for t in INTS],
    "active_member": [(str(t), lambda t=t: pa.array([None if m is None else int(m) for m in MEMBER], t))
                      for t in INTS]
    + [("text ya/tidak", lambda: pa.array([None if m is None else ("ya" if m else "tidak") for m in MEMBER])),
       ("dictionary<int8, string> of yes/no",
        lambda: dictionary([None if m is None else ("Ya" if m else "Tidak") for m in MEMBER], pa.int8(), pa.string()))],
    "cover_from": [("date32", lambda: pa.array(COVER_FROM, pa.date32())),
                   ("date64", lambda: pa.array(COVER_FROM, pa.date64()))]
    + [(f"timestamp[{u}]", lambda u=u: pa.array([late(d) for d in COVER_FROM], pa.timestamp(u)))
       for u in ("s", "ms", "us", "ns")]
    + [("string_view 2025-10", lambda: pa.array([None if d is None else d.strftime("%Y-%m") for d in COVER_FROM],
                                               pa.string_view()))],
}

CASES = [(field, name, make) for field, layouts in LAYOUTS.items() for name, make in layouts]


@pytest.mark.parametrize(("field", "name", "make"), CASES, ids=[f"{f}:{n}" for f, n, _ in CASES])
def test_each_layout_reads_as_its_text(tegal: iuran.Policy, field: str, name: str, make: Callable[[], pa.Array]) -> None:
    columns = plain()
    columns[field] = make()
    assert answers(tegal.evaluate_table(pa.table(columns))) == (REASONS, TOTAL)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries({field: st.sampled_from(range(len(layouts) + 1)) for field, layouts in LAYOUTS.items()}),
       st.integers(1, N))
def test_any_mix_of_layouts_reads_as_text(tegal: iuran.Policy, choice: dict[str, int], cut: int) -> None:
    """Every column in any of its layouts (or as text), in two record batches: the same
    answers."""
    columns = plain()
    for field, i in choice.items():
        if i < len(LAYOUTS[field]):
            columns[field] = LAYOUTS[field][i][1]()
    table = pa.table(columns)
    batches = pa.Table.from_batches(table.slice(0, cut).to_batches() + table.slice(cut).to_batches())
    assert answers(tegal.evaluate_table(batches)) == (REASONS, TOTAL)


# -- hostile cells ----------------------------------------------------------------------


def test_timestamp_extremes_and_dictionary_keys_out_of_range_are_row_reasons(tegal: iuran.Policy) -> None:
    columns = plain()
    # Nanosecond timestamps span 1677–2262: the extremes are outside the years read.
    extremes = pa.array([np.iinfo(np.int64).min + 1, -1, None, 0, 0, 0, np.iinfo(np.int64).max], pa.int64())
    columns["birth_date"] = extremes.cast(pa.timestamp("ns"))
    out = answers(tegal.evaluate_table(pa.table(columns)))
    assert out[0][0] == "invalid_value" and out[0][6] == "invalid_value"
    # -1 ns is 1969-12-31, row 1's birth date.
    assert out[0][1] == ""
    # Seconds whose day no 32-bit count holds: unreadable, not an error for the table.
    seconds = pa.array([np.iinfo(np.int64).min, -1, None, 0, 0, 0, np.iinfo(np.int64).max], pa.int64())
    columns["birth_date"] = seconds.cast(pa.timestamp("s"))
    out = answers(tegal.evaluate_table(pa.table(columns)))
    assert out[0][0] == "invalid_value" and out[0][6] == "invalid_value" and out[0][1] == ""
    # An income past every limit is that row's unreadable value, not the column's error.
    columns = plain()
    columns["declared_income"] = pa.array([2**64 - 1, None, 0, 1, 1, 1, 1], pa.uint64())
    assert answers(tegal.evaluate_table(pa.table(columns)))[0][:2] == ["invalid_value", ""]
    # Dictionary keys outside their values read as missing.
    columns = plain()
    columns["sector"] = pa.DictionaryArray.from_arrays(
        pa.array([0, 1, 1, 5, 1, -3, 1], pa.int8()), pa.array(["Petani Tembakau", "Nelayan"]), safe=False
    )
    out = answers(tegal.evaluate_table(pa.table(columns)))
    assert out[0][3] == "missing_field" and "missing_field" in out[0][5]
    assert out[0][:3] == REASONS[:3]


# -- pandas and polars as analysts make them ---------------------------------------------


def pandas_frame() -> pd.DataFrame:
    birth = pd.to_datetime([late(d) for d in BIRTH]).astype("datetime64[ns]")  # with NaT
    return pd.DataFrame(
        {
            "nik": pd.array(NIK, dtype="string"),
            "birth_date": birth,
            "sex": pd.Categorical(SEX),
            "regency": pd.array(REGENCY, dtype="Int16"),
            "sector": pd.Categorical(SECTOR),
            "declared_income": pd.array(INCOME, dtype="Int64"),
            "active_member": pd.array(MEMBER, dtype="boolean"),
            "welfare_decile": pd.array(DECILE, dtype="Int8"),
            "cover_from": pd.to_datetime(COVER_FROM),
        }
    )


def test_pandas_frames_read_in_place(tegal: iuran.Policy) -> None:
    df = pandas_frame()
    assert df["sector"].cat.codes.dtype == np.int8
    assert df["birth_date"].dtype == "datetime64[ns]"
    assert answers(tegal.evaluate_table(df)) == (REASONS, TOTAL)
    # numpy dtypes where no value is missing, booleans and flags as text, object text.
    df2 = df.copy()
    df2["nik"] = df2["nik"].astype(object)
    df2["regency"] = np.array(REGENCY, dtype=np.int32)
    df2["active_member"] = [None if m is None else ("ya" if m else "tidak") for m in MEMBER]
    df2["birth_date"] = df2["birth_date"].astype("datetime64[s]")
    df2["sex"] = df2["sex"].astype(str)
    assert answers(tegal.evaluate_table(df2)) == (REASONS, TOTAL)
    # The caller's frame comes back with its own columns untouched.
    out = tegal.evaluate_table(df)
    assert list(out.columns[: len(df.columns)]) == list(df.columns)
    assert (out["sector"].cat.codes == df["sector"].cat.codes).all()


def test_pandas_categorical_codes_of_int16_and_repeated_labels(tegal: iuran.Policy) -> None:
    df = pandas_frame()
    # Over 127 categories: pandas widens the codes to int16.
    categories = [f"x{i}" for i in range(300)] + ["Petani Tembakau", "Nelayan"]
    df["sector"] = pd.Categorical(SECTOR, categories=categories)
    assert df["sector"].cat.codes.dtype == np.int16
    assert answers(tegal.evaluate_table(df)) == (REASONS, TOTAL)
    # An index with repeated labels: positions, not labels, decide the rows.
    df.index = [0] * N
    assert answers(tegal.evaluate_table(df)) == (REASONS, TOTAL)


def test_a_pandas_column_that_cannot_be_converted_is_named(tegal: iuran.Policy) -> None:
    df = pandas_frame()
    df["declared_income"] = pd.Series([1, "x", 2.5, None, 1, 1, 1], dtype=object)
    with pytest.raises(iuran.ColumnError, match="declared_income"):
        tegal.evaluate_table(df)
    df = pandas_frame()
    df.columns = ["nik", "birth_date", "sex", "regency", "sector", "sector", "active_member", "welfare_decile", "cover_from"]
    with pytest.raises(iuran.ColumnError, match="more than once"):
        tegal.evaluate_table(df)


def test_polars_frames_read_in_place(tegal: iuran.Policy) -> None:
    df = pl.DataFrame(
        {
            "nik": NIK,
            "birth_date": pl.Series([late(d) for d in BIRTH], dtype=pl.Datetime("us")),
            "sex": pl.Series(SEX, dtype=pl.Categorical),
            "regency": pl.Series(REGENCY, dtype=pl.Int32),
            "sector": pl.Series(SECTOR, dtype=pl.Categorical),
            "declared_income": pl.Series(INCOME, dtype=pl.Int32),
            "active_member": pl.Series(MEMBER, dtype=pl.Boolean),
            "welfare_decile": pl.Series(DECILE, dtype=pl.Int8),
            "cover_from": pl.Series(COVER_FROM, dtype=pl.Date),
        }
    )
    assert answers(tegal.evaluate_table(df)) == (REASONS, TOTAL)
    df2 = df.with_columns(
        pl.col("birth_date").dt.cast_time_unit("ns"),
        pl.col("sector").cast(pl.Enum(["Petani Tembakau", "Nelayan"])),
        pl.col("cover_from").cast(pl.Datetime("ms")),
    )
    assert answers(tegal.evaluate_table(df2)) == (REASONS, TOTAL)

"""explode_reasons: one row per (row, reason) of an evaluated table, for pandas, polars
and pyarrow, against rows worked out by hand."""

from __future__ import annotations

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import iuran

# Kab. Tegal 2025: regency 3328; tobacco farmers, clove and food-crop farmers and
# fishers; active members excluded.
ROWS = {
    "nik": ["3328011203700001", "3328011203700001", "3327011203700002", "3328015003800002", "3328015003800003"],
    "birth_date": ["1970-03-12", "1970-03-12", "1970-03-12", "1980-03-10", "1980-03-10"],
    "regency": ["3328", "3328", "3327", "3328", "3328"],
    "sector": ["Petani Tembakau", "Petani Tembakau", "pedagang", "nelayan", "nelayan"],
    "active_member": ["tidak", "tidak", "tidak", "ya", "tidak"],
}
# Row 0: covered. Row 1: the NIK of row 0 again. Row 2: a trader (not a sector Tegal
# pays for) living in Kab. Pemalang (3327), two reasons in the core's order (sector
# before region). Row 3: already an active member. Row 4: covered.
CODES = [
    (1, "duplicate_nik"),
    (2, "sector_not_covered"),
    (2, "outside_region"),
    (3, "already_member"),
]
EN = [
    (1, "Duplicate NIK"),
    (2, "Occupation not covered"),
    (2, "Lives outside the regency"),
    (3, "Already a member"),
]
ID = [
    (1, "NIK ganda"),
    (2, "Pekerjaan bukan sasaran program"),
    (2, "Berdomisili di luar kabupaten/kota"),
    (3, "Sudah peserta aktif"),
]


def pairs(out: object) -> list[tuple[int, str]]:
    if isinstance(out, pd.DataFrame):
        assert list(out.columns) == ["row", "reason"]
        assert str(out["row"].dtype) == "int64" and isinstance(out["reason"].dtype, pd.CategoricalDtype)
        return [(int(r), str(c)) for r, c in zip(out["row"], out["reason"])]
    if isinstance(out, pl.DataFrame):
        assert out.columns == ["row", "reason"]
        assert out.schema["row"] == pl.Int64 and out.schema["reason"] == pl.Categorical
        return list(zip(out["row"].to_list(), out["reason"].cast(pl.String).to_list()))
    assert isinstance(out, pa.Table)
    assert out.column_names == ["row", "reason"]
    assert out.schema.field("row").type == pa.int64() and pa.types.is_dictionary(out.schema.field("reason").type)
    return list(zip(out["row"].to_pylist(), out["reason"].to_pylist()))


@pytest.mark.parametrize("kind", ["pandas", "polars", "pyarrow", "batch"])
def test_one_row_per_reason_by_hand(tegal: iuran.Policy, kind: str) -> None:
    table: object = {
        "pandas": lambda: pd.DataFrame(ROWS),
        "polars": lambda: pl.DataFrame(ROWS),
        "pyarrow": lambda: pa.table(ROWS),
        "batch": lambda: pa.RecordBatch.from_pydict(ROWS),
    }[kind]()
    result = tegal.evaluate_table(table)
    assert pairs(iuran.explode_reasons(result)) == CODES
    assert pairs(iuran.explode_reasons(result, as_="messages", lang="en")) == EN
    assert pairs(iuran.explode_reasons(result, as_="messages")) == ID
    out = iuran.explode_reasons(result)
    assert isinstance(out, pa.Table if kind == "batch" else type(result))


def test_every_row_of_the_sample_in_every_library(tegal: iuran.Policy) -> None:
    """The long table has each row's codes in order, and none for an eligible row."""
    from conftest import SAMPLE
    import pyarrow.csv as pacsv

    names = SAMPLE.read_text(encoding="utf-8").split("\n", 1)[0].strip().split(",")
    sample = pacsv.read_csv(SAMPLE, convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}))
    evaluated = tegal.evaluate_csv(SAMPLE)
    expected = [(i, c) for i, d in enumerate(evaluated.decisions) for c in (d.reason_codes.split(";") if d.reason_codes else [])]
    assert len(expected) > 1000
    for table in (sample, sample.to_pandas(), pl.from_arrow(sample)):
        assert pairs(iuran.explode_reasons(tegal.evaluate_table(table))) == expected


def test_arguments_and_tables_it_refuses(tegal: iuran.Policy) -> None:
    result = tegal.evaluate_table(pa.table(ROWS))
    with pytest.raises(iuran.ArgumentError, match="as_"):
        iuran.explode_reasons(result, as_="labels")
    with pytest.raises(iuran.ArgumentError, match="lang"):
        iuran.explode_reasons(result, as_="messages", lang="fr")
    with pytest.raises(iuran.ColumnError, match="reasons"):
        iuran.explode_reasons(pa.table(ROWS))
    with pytest.raises(TypeError, match="explode_reasons takes"):
        iuran.explode_reasons([1, 2])  # type: ignore[type-var]
    # A plain text column (a table written to CSV and read back) reads the same.
    plain = result.set_column(result.schema.get_field_index("reasons"), "reasons", result["reasons"].cast(pa.string()))
    assert pairs(iuran.explode_reasons(plain)) == CODES

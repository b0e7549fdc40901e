"""Tables as people load them: the example rosters read by pandas, polars and pyarrow
with no dtype arguments, and the same rosters with empty optional columns and empty
cells (which pandas turns into float64), must give the answers the file path gives
(``Policy.evaluate_csv``), row by row."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import iuran

from conftest import ROOT

ROSTERS = sorted((ROOT / "examples" / "data").glob("*.csv"))
OPTIONAL = ("sex", "district", "declared_income", "welfare_decile")


def answers_of_file(policy: iuran.Policy, path: Path) -> list[tuple[Any, ...]]:
    """Each row's answer as the file path gives it."""
    return [
        (d.eligible, d.reason_codes, d.funding_source, d.monthly_contribution, d.months, d.total_cost, waiting(d))
        for d in policy.evaluate_csv(path).decisions
    ]


def waiting(d: iuran.Decision) -> Any:
    """A decision's place on the waiting list (a reason's context), or None."""
    return next((int(r.context["position"]) for r in d.reasons if r.code == "budget_exhausted"), None)


def answers_of_table(out: Any) -> list[tuple[Any, ...]]:
    """Each row's answer from a table ``evaluate_table`` returned (any library)."""
    if isinstance(out, pd.DataFrame):
        columns = {c: [None if pd.isna(v) else v for v in out[c].tolist()] for c in iuran.OUTPUT_COLUMNS}
    elif isinstance(out, pl.DataFrame):
        columns = {c: out[c].to_list() for c in iuran.OUTPUT_COLUMNS}
    else:
        columns = {c: out[c].to_pylist() for c in iuran.OUTPUT_COLUMNS}
    rows = zip(*(columns[c] for c in iuran.OUTPUT_COLUMNS))
    return [
        (bool(e), str(r), s, Decimal(m), int(n), Decimal(t), None if w is None else int(w))
        for e, r, m, n, t, s, w in rows
    ]


def rewrite(source: Path, target: Path, change: Callable[[int, dict[str, str]], None]) -> Path:
    """The roster at ``source`` with a ``declared_income`` column added and each row
    changed by ``change(index, row)``, written to ``target``."""
    with source.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0]) + ["declared_income"]
    with target.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        for i, row in enumerate(rows):
            row["declared_income"] = ""
            change(i, row)
            w.writerow(row)
    return target


def messy(source: Path, target: Path, every: int) -> Path:
    """The roster with its optional columns as many rosters have them: ``sex`` and
    ``district`` empty on every row, an empty ``declared_income`` column, a
    ``welfare_decile`` empty on some rows, and some NIKs empty (pandas reads such
    columns as float64)."""

    def change(i: int, row: dict[str, str]) -> None:
        row.update(sex="", district="")
        if i % every == 0:
            row["welfare_decile"] = ""
        if i % (every * 3) == 1:
            row["nik"] = ""

    return rewrite(source, target, change)


def with_incomes(source: Path, target: Path) -> Path:
    """The roster with a declared income on some rows (whole rupiah) and none on the
    others: pandas reads the column as float64."""

    def change(i: int, row: dict[str, str]) -> None:
        row["declared_income"] = "" if i % 4 == 0 else str(1_000_000 + 250_000 * (i % 7))

    return rewrite(source, target, change)


NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")


def to_xlsx(source: Path, target: Path) -> Path:
    """The roster as a spreadsheet office software would have typed it: cells that
    look like numbers stored as numbers (NIKs and codes included), the rest as text,
    empty cells left empty."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    with source.open(encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.reader(f)):
            cells: list[Any] = []
            for cell in row:
                if i == 0 or not NUMBER.fullmatch(cell):
                    cells.append(cell if cell else None)
                elif re.fullmatch(r"-?\d+", cell):
                    cells.append(int(cell))
                else:
                    cells.append(float(cell))
            sheet.append(cells)
    book.save(target)
    return target


def polars_read_csv(path: Path) -> pl.DataFrame:
    # polars guesses a column's type from its first 100 rows and fails on a later
    # cell that does not fit (the sample's `3.32817E+15` NIK after integer ones);
    # reading the whole file first is polars' own remedy, not a type hint.
    return pl.read_csv(path, infer_schema_length=None)


CSV_READERS: dict[str, Callable[[Path], Any]] = {
    "pandas.read_csv": pd.read_csv,
    "polars.read_csv": polars_read_csv,
    "pyarrow.csv.read_csv": pacsv.read_csv,
}
XLSX_READERS: dict[str, Callable[[Path], Any]] = {
    "pandas.read_excel": lambda p: pd.read_excel(p, engine="openpyxl"),
    "polars.read_excel": pl.read_excel,
}


@pytest.fixture(scope="module")
def rosters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example rosters as they are, and the same with empty optional columns and
    cells, and with incomes on some rows; each also as a spreadsheet."""
    folder = tmp_path_factory.mktemp("rosters")
    out: dict[str, Path] = {}
    for path in ROSTERS:
        out[path.name] = path
        out[f"messy-{path.name}"] = messy(path, folder / f"messy-{path.name}", every=5)
    sample = ROOT / "examples" / "data" / "sample-tegal-2025.csv"
    out["incomes.csv"] = with_incomes(sample, folder / "incomes.csv")
    for name, path in list(out.items()):
        out[name.replace(".csv", ".xlsx")] = to_xlsx(path, folder / name.replace(".csv", ".xlsx"))
    return out


def test_the_example_rosters_are_what_people_load() -> None:
    """The examples exercise what this file is about: pandas reads the sample's NIKs
    as float64 (an Excel-mangled cell), and empty optional columns as float64 all NaN."""
    assert len(ROSTERS) >= 2
    sample = pd.read_csv(ROOT / "examples" / "data" / "sample-tegal-2025.csv")
    assert sample["nik"].dtype == "float64"


@pytest.mark.parametrize("reader", list(CSV_READERS))
@pytest.mark.parametrize("roster", [p.name for p in ROSTERS] + [f"messy-{p.name}" for p in ROSTERS] + ["incomes.csv"])
def test_csv_readers_agree_with_the_file(tegal: iuran.Policy, rosters: dict[str, Path], reader: str, roster: str) -> None:
    path = rosters[roster]
    table = CSV_READERS[reader](path)
    if roster.startswith("messy") and reader == "pandas.read_csv":
        # What the issue is about: no dtype arguments, float64 columns.
        assert table["sex"].dtype == "float64" and table["declared_income"].dtype == "float64"
        assert table["welfare_decile"].dtype == "float64" and table["nik"].dtype == "float64"
    assert answers_of_table(tegal.evaluate_table(table)) == answers_of_file(tegal, path)


@pytest.mark.parametrize("reader", list(XLSX_READERS))
@pytest.mark.parametrize("roster", ["sample-tegal-2025.xlsx", "messy-tegal-2025-budget.xlsx", "incomes.xlsx"])
def test_spreadsheet_readers_agree_with_the_file(
    tegal: iuran.Policy, rosters: dict[str, Path], reader: str, roster: str
) -> None:
    path = rosters[roster]
    table = XLSX_READERS[reader](path)
    assert answers_of_table(tegal.evaluate_table(table)) == answers_of_file(tegal, path)


def test_a_float_nik_is_read_cell_by_cell(tegal: iuran.Policy) -> None:
    """A NIK column pandas made float64: a whole number below 2^53 is its digits; any
    other value is that row's invalid_nik, never a column error."""
    df = pd.DataFrame(
        {
            "nik": [3328011203700001.0, None, 3328011203700001.5, 2.0**53 + 2],
            "birth_date": ["1970-03-12"] * 4,
            "regency": [3328.0] * 4,
            "sector": ["nelayan"] * 4,
        }
    )
    assert df["nik"].dtype == "float64"
    out = tegal.evaluate_table(df)
    assert list(out["reasons"].astype(str)) == ["", "missing_field", "invalid_nik", "invalid_nik"]
    assert [Decimal(v) for v in out["total_cost"]] == [Decimal(67200), 0, 0, 0]


def test_a_float_income_with_a_fraction_is_refused(tegal: iuran.Policy) -> None:
    df = pd.DataFrame(
        {
            "nik": ["3328011203700001", "3328015003800002"],
            "birth_date": ["1970-03-12", "1980-03-10"],
            "regency": ["3328", "3328"],
            "sector": ["nelayan", "nelayan"],
            "declared_income": [1_500_000.0, 1_500_000.5],
        }
    )
    with pytest.raises(iuran.ColumnError) as e:
        tegal.evaluate_table(df)
    assert e.value.field == "declared_income" and e.value.column == "declared_income"
    assert "row 1" in str(e.value) and "money is never a float" in str(e.value)
    df["declared_income"] = [1_500_000.0, None]
    assert list(tegal.evaluate_table(df)["eligible"]) == [True, True]


def test_a_column_with_no_values_is_missing_whatever_its_type(tegal: iuran.Policy) -> None:
    """pandas gives float64 all NaN, pyarrow ``null``, polars ``String`` of nulls:
    each is a missing value on every row, as an absent column is."""
    base = {
        "nik": ["3328011203700001", "3328015003800002"],
        "birth_date": ["1970-03-12", "1980-03-10"],
        "regency": ["3328", "3328"],
        "sector": ["nelayan", "nelayan"],
    }
    expected = list(tegal.evaluate_table(pa.table(base))["reasons"].to_pylist())
    empty = {f: [float("nan")] * 2 for f in ("sex", "district", "declared_income", "welfare_decile", "active_member")}
    df = pd.DataFrame({**base, **empty})
    assert all(df[f].dtype == "float64" for f in empty)
    assert list(tegal.evaluate_table(df)["reasons"].astype(str)) == expected
    nulls = pa.table({**base, **{f: pa.nulls(2) for f in empty}})
    assert tegal.evaluate_table(nulls)["reasons"].to_pylist() == expected


@pytest.mark.parametrize("reader", list(CSV_READERS))
def test_comparisons_of_tables_as_read_agree_with_the_file(tegal: iuran.Policy, rosters: dict[str, Path], reader: str) -> None:
    april = iuran.Scenario.from_file(ROOT / "examples" / "scenarios" / "mulai-april.toml")
    path = rosters["messy-sample-tegal-2025.csv"]
    from_file = iuran.compare(tegal, [april], path).to_dict()
    from_table = iuran.compare(tegal, [april], CSV_READERS[reader](path)).to_dict()
    for v in from_file["variants"]:
        for c in v["changes"]:
            c.pop("line", None)
    assert from_table == from_file


def test_a_row_read_from_a_float_is_explained_as_such(tegal: iuran.Policy) -> None:
    """explain_rows says in words what evaluate_table's codes say: a NIK the reader
    stored as a float it cannot read is explained as that, not as a typing mistake."""
    df = pd.DataFrame(
        {
            "nik": [3328011203700001.0, 2.0**53 + 2, None],
            "birth_date": ["1970-03-12"] * 3,
            "regency": [3328, 3328, 3328],
            "sector": ["nelayan"] * 3,
        }
    )
    ok, float_nik, missing = tegal.explain_rows(df, [0, 1, 2])
    assert ok.eligible and ok.total_cost == Decimal(67_200)
    assert [r.code for r in float_nik.reasons] == ["invalid_nik"]
    assert float_nik.reasons[0].context["kind"] == "float"
    assert "stored the NIK as a floating-point number" in float_nik.reasons[0].message("en")
    assert "angka pecahan" in float_nik.reasons[0].message("id")
    assert [r.code for r in missing.reasons] == ["missing_field"]
    # The same answers as the table's columns.
    out = tegal.evaluate_table(df)
    assert [d.reason_codes for d in (ok, float_nik, missing)] == list(out["reasons"].astype(str))
    with pytest.raises(iuran.ArgumentError):
        tegal.explain_rows(df, [3])
    with pytest.raises(iuran.ArgumentError):
        tegal.explain_rows(df, [-1])

"""Benchmark: ``Policy.evaluate_table`` on 10⁶ rows, end to end (not run by the tests).

What it measures, on one synthetic roster of N rows (``iuran synth --seed 7``, the
Kab. Tegal 2025 policy, every column read as text as written) — best of ``--repeat``:

1. ``iuran`` from pandas: ``policy.evaluate_table(df)``, a pandas DataFrame in, the
   same DataFrame plus the decision columns out (Arrow conversion both ways included).
2. The same rules hand-written in vectorised pandas (below: NIK checks, date parsing,
   sector aliases from the core's own taxonomy file, domicile, membership, budget
   ceilings in roster order, cost), the
   way an analyst would write them, producing the same columns.
3. ``iuran`` from pyarrow: ``policy.evaluate_table(table)`` on a pyarrow Table (and
   from polars, whose strings arrive as string views and are cast once).
4. Two threads, each evaluating the pyarrow table (the GIL is released: on two cores
   the pair should take well under twice one call).
5. The core's own throughput on Arrow columns, with no Python at all
   (``bench/core_throughput.rs``: ``Policy::evaluate_columns``).

Every run's answer is checked: the total cost against the core's explained path over
the file, and the hand-written rules against iuran row by row (the share that agrees
is printed; the hand-written version is an approximation — which is the point).

Needs a release build of the package (``maturin develop --release`` or
``pip install ./bindings-python``) and the bench requirements (pandas, pyarrow)::

    python bindings-python/bench/bench.py            # 10⁶ rows
    python bindings-python/bench/bench.py --rows 100000 --repeat 5
"""

from __future__ import annotations

import argparse
from concurrent.futures import ThreadPoolExecutor
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

import iuran
from iuran import _native

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
POLICY = ROOT / "examples" / "policies" / "tegal-2025.toml"
SECTORS = ROOT / "core" / "data" / "sectors.toml"
NIK_SOURCE = ROOT / "core" / "src" / "nik.rs"


def roster(rows: int) -> Path:
    """The synthetic roster, made once by the core's `synth` and kept (gitignored)."""
    path = HERE / f"roster-{rows}.csv"
    if not path.exists():
        subprocess.run(
            ["cargo", "run", "--quiet", "--release", "-p", "iuran-cli", "--", "synth",
             "--seed", "7", "--rows", str(rows), "--out", str(path)],
            cwd=ROOT, check=True,
        )
    return path


def best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    fastest, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = run()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest, out


# -- the Tegal rules by hand, vectorised pandas ----------------------------------------

TEGAL_SECTORS = {"tobacco_farmer": "dbhcht", "clove_farmer": "dbhcht", "food_crop_farmer": "dbhcht", "fisher": "apbd"}
MONTHLY = 10_000 + 6_800  # JKK 1% of Rp 1,000,000 + JKM Rp 6,800
MONTHS = 4
COVER_START = pd.Timestamp("2025-09-01")
BUDGETS = {"dbhcht": 480_211_200, "apbd": 67_200_000}  # each pays a flat Rp 67,200 a worker
YES = {"true", "ya", "y", "yes", "1", "aktif", "t"}
NO = {"false", "tidak", "n", "no", "0", "tidak aktif", "f", "bukan"}
MALE = {"l", "lk", "laki-laki", "laki laki", "lakilaki", "pria", "m", "male"}
FEMALE = {"p", "pr", "perempuan", "wanita", "f", "female"}


def normalise(s: pd.Series) -> pd.Series:
    return s.str.lower().str.replace(r"[\W_]+", " ", regex=True).str.strip()


def sector_aliases() -> dict[str, str]:
    data = tomllib.loads(SECTORS.read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}
    for sector in data.get("sector", []):
        for text in [sector["code"], sector["name_id"], sector["name_en"], *sector.get("aliases", [])]:
            aliases[re.sub(r"[\W_]+", " ", text.lower()).strip()] = sector["code"]
    for extra in data.get("alias", []):
        for text in extra["texts"]:
            aliases[re.sub(r"[\W_]+", " ", text.lower()).strip()] = extra["sector"]
    return aliases


def provinces() -> set[int]:
    block = NIK_SOURCE.read_text(encoding="utf-8").split("PROVINCE_CODES: &[u8] = &[", 1)[1].split("];", 1)[0]
    return {int(n) for n in re.findall(r"^\s*(\d+),", block, re.M)}


def parse_dates(s: pd.Series) -> pd.Series:
    s = s.str.strip()
    out = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d"):
        out = out.fillna(pd.to_datetime(s, format=fmt, errors="coerce"))
    return out.where((out.dt.year >= 1850) & (out.dt.year <= 2200))


def by_hand(df: pd.DataFrame, aliases: dict[str, str], known_provinces: set[int]) -> pd.DataFrame:
    reasons: dict[str, pd.Series] = {}
    blank = lambda col: df[col].str.strip().fillna("") == ""  # noqa: E731

    # Fields that cannot be read.
    birth = parse_dates(df["birth_date"])
    birth = birth.where(birth <= COVER_START)  # born after cover starts: unreadable
    bad_birth = ~blank("birth_date") & birth.isna()
    sex_text = df["sex"].str.strip().str.lower()
    sex_female = sex_text.isin(FEMALE)
    bad_sex = ~blank("sex") & ~(sex_text.isin(MALE) | sex_female)
    member_text = df["active_member"].str.strip().str.lower()
    bad_member = ~blank("active_member") & ~member_text.isin(YES | NO)
    decile = pd.to_numeric(df["welfare_decile"].str.strip(), errors="coerce")
    bad_decile = ~blank("welfare_decile") & ~decile.between(1, 10)
    reasons["invalid_value"] = bad_birth | bad_sex | bad_member | bad_decile

    # Identity: NIK checks, duplicates, agreement with birth date and sex.
    nik = df["nik"].str.strip().str.lstrip("'").str.replace(r"\.0$", "", regex=True)
    digits = nik.str.replace(r"(?<=\d)[ .\-](?=\d)", "", regex=True)
    is16 = digits.str.fullmatch(r"\d{16}").fillna(False)
    d16 = digits.where(is16, "0000000000000000")
    province = d16.str[0:2].astype(int)
    raw_day = d16.str[6:8].astype(int)
    month = d16.str[8:10].astype(int)
    year2 = d16.str[10:12].astype(int)
    day = raw_day.where(raw_day <= 40, raw_day - 40)
    days_in_month = pd.Series(np.select(
        [month == 2, month.isin([4, 6, 9, 11])], [np.where(year2 % 4 == 0, 29, 28), 30], 31
    ), index=df.index)
    valid_nik = (
        is16 & province.isin(known_provinces) & month.between(1, 12)
        & (raw_day.between(1, 31) | raw_day.between(41, 71)) & (day <= days_in_month)
        & (d16.str[12:16] != "0000")
    )
    missing_nik = blank("nik")
    reasons["invalid_nik"] = ~missing_nik & ~valid_nik
    key = digits.where(valid_nik, df["nik"].str.strip())
    reasons["duplicate_nik"] = ~missing_nik & key.duplicated()
    reasons["nik_birth_date_mismatch"] = valid_nik & birth.notna() & (
        (birth.dt.day != day) | (birth.dt.month != month) | (birth.dt.year % 100 != year2)
    )
    declared_sex = ~blank("sex") & ~bad_sex
    reasons["nik_sex_mismatch"] = valid_nik & declared_sex & (sex_female != (raw_day > 40))

    # Sector, domicile, membership.
    sector = normalise(df["sector"]).map(aliases)
    missing_sector = blank("sector")
    reasons["unknown_sector"] = ~missing_sector & sector.isna()
    reasons["sector_not_covered"] = sector.notna() & ~sector.isin(list(TEGAL_SECTORS))
    regency = df["regency"].str.replace(r"[\s.]", "", regex=True).str.lower()
    reasons["outside_region"] = ~blank("regency") & (regency != "3328")
    reasons["already_member"] = member_text.isin(YES)
    # No birth date declared: the NIK's own date stands in, when the NIK is valid.
    reasons["missing_field"] = missing_nik | (blank("birth_date") & ~valid_nik) | missing_sector | blank("regency")

    order = ["missing_field", "invalid_value", "invalid_nik", "nik_birth_date_mismatch", "nik_sex_mismatch",
             "duplicate_nik", "unknown_sector", "sector_not_covered", "outside_region", "already_member"]
    codes = pd.Series("", index=df.index)
    for code in order:
        codes = codes + np.where(reasons[code], code + ";", "")
    codes = codes.str.rstrip(";")
    # Budget ceilings: with one source per sector and one price, the first workers in
    # roster order are funded while the source's budget lasts; the rest wait.
    source = sector.map(TEGAL_SECTORS).where(codes == "")
    rank = source.groupby(source).cumcount()
    room = source.map({s: b // (MONTHLY * MONTHS) for s, b in BUDGETS.items()})
    waiting = source.notna() & (rank >= room)
    codes = codes.mask(waiting, "budget_exhausted")
    eligible = codes == ""
    out = df.copy(deep=False)
    out["eligible"] = eligible
    out["reasons"] = codes
    out["monthly_contribution"] = np.where(eligible, MONTHLY, 0)
    out["months"] = np.where(eligible, MONTHS, 0)
    out["total_cost"] = np.where(eligible, MONTHLY * MONTHS, 0)
    out["funding_source"] = source.where(eligible)
    return out


# -- the run -------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-core", action="store_true", help="do not build and run the Rust example")
    args = parser.parse_args()
    if getattr(_native, "BUILD", "release") != "release":
        sys.exit("this is a debug build of iuran: install a release build (maturin develop --release)")

    path = roster(args.rows)
    policy = iuran.Policy.from_file(POLICY)
    names = path.read_text(encoding="utf-8").split("\n", 1)[0].strip().split(",")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}))
    rows = len(df)
    truth = policy.evaluate_csv(path).summary  # the explained path, for the checks
    print(f"{rows:,} rows; {truth.eligible:,} eligible; total Rp {truth.total_cost:,}")

    results: dict[str, float] = {}

    seconds, out = best(args.repeat, lambda: policy.evaluate_table(df))
    assert out["total_cost"].sum() == truth.total_cost and len(out) == rows
    results["iuran, pandas in/out"] = seconds

    aliases, known = sector_aliases(), provinces()
    seconds, hand = best(max(1, args.repeat - 1), lambda: by_hand(df, aliases, known))
    results["hand-written vectorised pandas"] = seconds
    agree_eligible = float((hand["eligible"].to_numpy() == out["eligible"].to_numpy(dtype=bool)).mean())
    agree_reasons = float((hand["reasons"].to_numpy() == out["reasons"].to_numpy(dtype=object)).mean())

    seconds, arrow_out = best(args.repeat, lambda: policy.evaluate_table(table))
    assert pa.compute.sum(arrow_out["total_cost"]).as_py() == truth.total_cost
    results["iuran, pyarrow in/out"] = seconds

    frame = pl.from_arrow(table)
    seconds, polars_out = best(args.repeat, lambda: policy.evaluate_table(frame))
    assert polars_out["total_cost"].sum() == truth.total_cost
    results["iuran, polars in/out"] = seconds

    def two_threads() -> None:
        with ThreadPoolExecutor(max_workers=2) as pool:
            for out in pool.map(lambda _: policy.evaluate_table(table), range(2)):
                assert pa.compute.sum(out["total_cost"]).as_py() == truth.total_cost

    seconds, _ = best(args.repeat, two_threads)
    results["iuran, pyarrow, 2 calls on 2 threads"] = seconds / 2  # per call

    if not args.skip_core:
        done = subprocess.run(
            ["cargo", "run", "--quiet", "--release", "-p", "iuran-python", "--example", "core_throughput",
             "--", str(path), str(POLICY)],
            cwd=ROOT, check=True, capture_output=True, text=True,
        )
        figures = dict(line.split("=", 1) for line in done.stdout.split())
        results["core alone (Rust, Arrow columns)"] = float(figures["core_seconds"])
        results["binding's Rust side (no Python)"] = float(figures["binding_rust_seconds"])

    print()
    print(f"{'':40} {'seconds':>9} {'rows/s':>12}")
    for name, seconds in results.items():
        print(f"{name:40} {seconds:9.3f} {rows / seconds:12,.0f}")
    print()
    pandas_in = results["iuran, pandas in/out"]
    print(f"iuran from pandas vs hand-written pandas: {results['hand-written vectorised pandas'] / pandas_in:.1f}x faster")
    if "core alone (Rust, Arrow columns)" in results:
        core = results["core alone (Rust, Arrow columns)"]
        print(f"iuran from pandas vs the core alone:      {pandas_in / core:.2f}x the core's time")
        print(f"iuran from pyarrow vs the core alone:     {results['iuran, pyarrow in/out'] / core:.2f}x the core's time")
    print(f"hand-written rules agree with iuran on eligibility for {agree_eligible:.2%} of rows, on reasons for {agree_reasons:.2%}")


if __name__ == "__main__":
    main()

"""The issue-6 workload, once per tool: the implementations the harness compares.

Every implementation reads the same rows (the raw files that ``iuran-compare generate``
writes from the seeded generator in ``benches/src/lib.rs``) and answers, per row,
whether the worker is eligible and the monthly contribution (0 when not), plus the
yearly budget (12 × the sum). Money is integers throughout: int64 arrays in numpy,
pandas and polars, Python ints in the loop, OpenFisca's integer variables, ZEN's
decimals (which come back to Python as ints).

Each implementation is ``prepare(data) -> inputs`` (untimed: the table a user of that
tool would already hold), ``run(inputs) -> result`` (timed) and
``answers(result) -> (eligible, monthly, total)`` (untimed: for the agreement check).

The rules (from the issue): eligible if age in completed years on 2025-01-01 is 55 to
65 inclusive, sector in the six covered ones, regency 3323, not already a member.
Monthly contribution: 1% of max(income, Rp 1,000,000) rounded down, plus Rp 6,800.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

# -- the workload -----------------------------------------------------------------------

SECTORS = [  # as in benches/src/lib.rs: the first six are covered
    "Petani Tembakau", "Petani Cengkeh", "Buruh Tani Tembakau", "Buruh Pabrik Rokok",
    "Petani Padi", "Nelayan", "Pedagang", "Ojek Online", "Buruh Bangunan", "Guru Ngaji",
    "Industri Rumahan", "Sopir",
]
COVERED = SECTORS[:6]
SEXES = ["L", "P"]
REGENCIES = ["3323", "3324"]
TARGET_REGENCY = "3323"
REFERENCE = dt.date(2025, 1, 1)  # the policy's coverage start: age is taken on this day
AGE_MIN, AGE_MAX = 55, 65
INCOME_FLOOR = 1_000_000
JKK_PERCENT_DIVISOR = 100  # 1%
JKM = 6_800
MONTHS = 12
UNIX_ORDINAL = dt.date(1970, 1, 1).toordinal()

# Bytes each row carries in the core's input layout: date32, three dictionary keys
# (int32), int64 income, one bit of membership.
INPUT_BYTES_PER_ROW = 4 + 3 * 4 + 8 + 1 / 8
# And the answers the harness checks: eligible (1 byte), monthly and total (8 + 8).
OUTPUT_BYTES_PER_ROW = 1 + 8 + 8


@dataclass
class Data:
    """The raw columns of the first ``n`` rows."""

    n: int
    birth_days: np.ndarray  # int32, days since 1970-01-01
    sex: np.ndarray  # int32 keys into SEXES
    sector: np.ndarray  # int32 keys into SECTORS
    regency: np.ndarray  # int32 keys into REGENCIES
    income: np.ndarray  # int64 whole rupiah
    member_bits: np.ndarray  # uint8, one bit a row (little-endian bit order, Arrow's)

    @property
    def member(self) -> np.ndarray:
        return np.unpackbits(self.member_bits, bitorder="little")[: self.n].astype(bool)


def load(folder: Path, n: int | None = None) -> Data:
    def raw(name: str, dtype: str) -> np.ndarray:
        return np.fromfile(folder / name, dtype=dtype)

    birth = raw("birth_days.i32", "<i4")
    n = len(birth) if n is None else n
    bits = raw("member.bits", "u1")
    return Data(
        n=n,
        birth_days=birth[:n].copy(),
        sex=raw("sex.i32", "<i4")[:n].copy(),
        sector=raw("sector.i32", "<i4")[:n].copy(),
        regency=raw("regency.i32", "<i4")[:n].copy(),
        income=raw("income.i64", "<i8")[:n].copy(),
        member_bits=bits[: (n + 7) // 8].copy(),
    )


def reference(folder: Path, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The Rust core's answers (written by ``iuran-compare run``), first ``n`` rows."""
    eligible = np.fromfile(folder / "eligible.u8", dtype="u1")[:n].astype(bool)
    monthly = np.fromfile(folder / "monthly.i64", dtype="<i8")[:n]
    return eligible, monthly


def birth_window(reference: dt.date = REFERENCE) -> tuple[int, int]:
    """Ages AGE_MIN..AGE_MAX on ``reference`` as birth days (since 1970-01-01):
    ``after < birth <= latest``. A 29 February anniversary falls on 1 March."""

    def years_before(years: int) -> dt.date:
        try:
            return reference.replace(year=reference.year - years)
        except ValueError:  # 29 February in a common year
            return dt.date(reference.year - years, 3, 1) - dt.timedelta(days=1)

    latest = years_before(AGE_MIN)  # turned AGE_MIN on or before the reference day
    after = years_before(AGE_MAX + 1)  # turned AGE_MAX + 1 on or before it: too old
    return after.toordinal() - UNIX_ORDINAL, latest.toordinal() - UNIX_ORDINAL


# -- tables a user would hold -------------------------------------------------------------


def arrow_table(d: Data) -> Any:
    """The workload as a pyarrow Table in the core's own layouts (date32, dictionaries
    with int32 keys, int64, boolean bits), plus the ``nik`` column the table path
    requires, all null (the policy has ``require_nik = false``)."""
    import pyarrow as pa

    def dictionary(keys: np.ndarray, values: list[str]) -> Any:
        return pa.DictionaryArray.from_arrays(pa.array(keys, pa.int32()), pa.array(values, pa.string()))

    return pa.table({
        "nik": pa.nulls(d.n),
        "birth_date": pa.array(d.birth_days, pa.int32()).view(pa.date32()),
        "sex": dictionary(d.sex, SEXES),
        "sector": dictionary(d.sector, SECTORS),
        "regency": dictionary(d.regency, REGENCIES),
        "declared_income": pa.array(d.income, pa.int64()),
        "active_member": pa.Array.from_buffers(pa.bool_(), d.n, [None, pa.py_buffer(d.member_bits)]),
    })


def pandas_frame(d: Data) -> Any:
    """The workload as an analyst's pandas DataFrame: datetime64 birth dates,
    categoricals for the coded text, int64 income, bool membership (and ``nik``, all
    null, as a pyarrow-backed column)."""
    import pandas as pd
    import pyarrow as pa

    return pd.DataFrame({
        "nik": pd.arrays.ArrowExtensionArray(pa.nulls(d.n)),
        "birth_date": d.birth_days.astype("datetime64[D]").astype("datetime64[s]"),
        "sex": pd.Categorical.from_codes(d.sex, SEXES),
        "sector": pd.Categorical.from_codes(d.sector, SECTORS),
        "regency": pd.Categorical.from_codes(d.regency, REGENCIES),
        "declared_income": d.income,
        "active_member": d.member,
    }, copy=False)


def polars_frame(d: Data) -> Any:
    """The workload as a polars DataFrame (Date, Categorical, Int64, Boolean)."""
    import polars as pl
    import pyarrow as pa

    table = arrow_table(d)
    # `nik` all null as text: a polars Null column crosses the Arrow C interface with a
    # buffer arrow-rs refuses ("The datatype Null doesn't expect buffer at index 0").
    table = table.set_column(0, "nik", pa.nulls(d.n, pa.string()))
    return pl.from_arrow(table)


# -- iuran --------------------------------------------------------------------------------


def _iuran_policy() -> Any:
    import iuran

    here = Path(__file__).resolve().parent
    lib = (here.parent / "src" / "lib.rs").read_text(encoding="utf-8")
    toml = lib.split('pub const POLICY: &str = r#"', 1)[1].split('"#;', 1)[0]
    return iuran.Policy.from_toml(toml)


def _iuran_answers_arrow(eligible: Any, monthly: Any, total_cost: Any) -> tuple[np.ndarray, np.ndarray, int]:
    import pyarrow as pa
    import pyarrow.compute as pc

    def plain(a: Any) -> Any:
        return a.combine_chunks() if isinstance(a, pa.ChunkedArray) else a

    e = plain(eligible).to_numpy(zero_copy_only=False).astype(bool)
    m = plain(pc.cast(monthly, pa.int64())).to_numpy(zero_copy_only=False)
    t = pc.sum(pc.cast(total_cost, pa.int64())).as_py() or 0
    return e, m, int(t)


def iuran_pandas() -> Impl:
    policy = _iuran_policy()

    def answers(out: Any) -> tuple[np.ndarray, np.ndarray, int]:
        import pyarrow as pa

        return _iuran_answers_arrow(
            pa.array(out["eligible"].array), pa.array(out["monthly_contribution"].array),
            pa.array(out["total_cost"].array),
        )

    return Impl(pandas_frame, policy.evaluate_table, answers)


def iuran_pandas_arrow() -> Impl:
    """As ``iuran_pandas``, on a DataFrame whose columns are pyarrow-backed
    (``pd.ArrowDtype``: date32, dictionaries): no conversion on the way in."""
    import pandas as pd

    base = iuran_pandas()

    def prepare(d: Data) -> Any:
        return arrow_table(d).to_pandas(types_mapper=pd.ArrowDtype)

    return Impl(prepare, base.run, base.answers)


def iuran_polars() -> Impl:
    policy = _iuran_policy()

    def answers(out: Any) -> tuple[np.ndarray, np.ndarray, int]:
        return _iuran_answers_arrow(
            out["eligible"].to_arrow(), out["monthly_contribution"].to_arrow(), out["total_cost"].to_arrow()
        )

    return Impl(polars_frame, policy.evaluate_table, answers)


def iuran_pyarrow() -> Impl:
    policy = _iuran_policy()

    def answers(out: Any) -> tuple[np.ndarray, np.ndarray, int]:
        return _iuran_answers_arrow(out["eligible"], out["monthly_contribution"], out["total_cost"])

    return Impl(arrow_table, policy.evaluate_table, answers)


def _iuran_outputs(base: Callable[[], Impl], library: str) -> Impl:
    """As ``base``, with ``outputs=["eligible", "total_cost"]``: the two answers the
    harness checks, no other decision column built (the monthly contribution is the
    total over the twelve months, exactly)."""
    import pyarrow as pa

    policy = _iuran_policy()
    impl = base()

    def run(table: Any) -> Any:
        return policy.evaluate_table(table, outputs=["eligible", "total_cost"])

    def answers(out: Any) -> tuple[np.ndarray, np.ndarray, int]:
        if library == "pandas":
            e, t = pa.array(out["eligible"].array), pa.array(out["total_cost"].array)
        elif library == "polars":
            e, t = out["eligible"].to_arrow(), out["total_cost"].to_arrow()
        else:
            e, t = out["eligible"], out["total_cost"]
        eligible, total_each, total = _iuran_answers_arrow(e, t, t)
        return eligible, total_each // MONTHS, total

    return Impl(impl.prepare, run, answers)


def iuran_pyarrow_outputs() -> Impl:
    return _iuran_outputs(iuran_pyarrow, "pyarrow")


def iuran_pandas_outputs() -> Impl:
    return _iuran_outputs(iuran_pandas, "pandas")


# -- by hand ------------------------------------------------------------------------------


def python_loop() -> Impl:
    """One row at a time, the way a script would: dates as ``datetime.date``, text as
    ``str``, money as ``int``."""

    def prepare(d: Data) -> Any:
        fromordinal = dt.date.fromordinal
        births = [fromordinal(int(x) + UNIX_ORDINAL) for x in d.birth_days]
        sex = [SEXES[k] for k in d.sex.tolist()]
        sector = [SECTORS[k] for k in d.sector.tolist()]
        regency = [REGENCIES[k] for k in d.regency.tolist()]
        return list(zip(births, sex, sector, regency, d.income.tolist(), d.member.tolist()))

    covered = set(COVERED)
    ref_y, ref_md = REFERENCE.year, (REFERENCE.month, REFERENCE.day)

    def run(rows: list[tuple]) -> Any:
        eligible, monthly, total = [], [], 0
        for birth, _sex, sector, regency, income, member in rows:
            age = ref_y - birth.year - ((birth.month, birth.day) > ref_md)
            ok = AGE_MIN <= age <= AGE_MAX and sector in covered and regency == TARGET_REGENCY and not member
            m = max(income, INCOME_FLOOR) // JKK_PERCENT_DIVISOR + JKM if ok else 0
            eligible.append(ok)
            monthly.append(m)
            total += m
        return eligible, monthly, MONTHS * total

    def answers(out: Any) -> tuple[np.ndarray, np.ndarray, int]:
        e, m, t = out
        return np.array(e, dtype=bool), np.array(m, dtype=np.int64), t

    return Impl(prepare, run, answers)


def pandas_vectorised() -> Impl:
    """Hand-written vectorised pandas on the same DataFrame iuran is given: age from the
    date's parts, ``isin`` for the sectors, int64 arithmetic for money."""
    ref_y, ref_md = REFERENCE.year, REFERENCE.month * 100 + REFERENCE.day

    def run(df: Any) -> Any:
        birth = df["birth_date"].dt
        age = ref_y - birth.year - ((birth.month * 100 + birth.day) > ref_md).astype("int64")
        eligible = (
            age.between(AGE_MIN, AGE_MAX) & df["sector"].isin(COVERED)
            & (df["regency"] == TARGET_REGENCY) & ~df["active_member"]
        )
        monthly = (df["declared_income"].clip(lower=INCOME_FLOOR) // JKK_PERCENT_DIVISOR + JKM).where(eligible, 0)
        out = df.copy(deep=False)
        out["eligible"] = eligible
        out["monthly_contribution"] = monthly
        out["total_cost"] = monthly * MONTHS
        return out, int(out["total_cost"].sum())

    def answers(out: Any) -> tuple[np.ndarray, np.ndarray, int]:
        df, total = out
        return df["eligible"].to_numpy(bool), df["monthly_contribution"].to_numpy(np.int64), total

    return Impl(pandas_frame, run, answers)


def polars_expressions() -> Impl:
    """Polars expressions on the same polars DataFrame iuran is given."""
    import polars as pl

    ref_y, ref_md = REFERENCE.year, REFERENCE.month * 100 + REFERENCE.day
    birth = pl.col("birth_date")
    age = ref_y - birth.dt.year().cast(pl.Int64) - (
        (birth.dt.month().cast(pl.Int64) * 100 + birth.dt.day().cast(pl.Int64)) > ref_md
    ).cast(pl.Int64)
    eligible = (
        age.is_between(AGE_MIN, AGE_MAX) & pl.col("sector").is_in(COVERED)
        & (pl.col("regency") == TARGET_REGENCY) & ~pl.col("active_member")
    )
    monthly = pl.when(eligible).then(
        pl.col("declared_income").clip(lower_bound=INCOME_FLOOR) // JKK_PERCENT_DIVISOR + JKM
    ).otherwise(0).cast(pl.Int64)

    def run(df: Any) -> Any:
        out = df.with_columns(eligible.alias("eligible"), monthly.alias("monthly_contribution")).with_columns(
            (pl.col("monthly_contribution") * MONTHS).alias("total_cost")
        )
        return out, int(out["total_cost"].sum())

    def answers(out: Any) -> tuple[np.ndarray, np.ndarray, int]:
        df, total = out
        return df["eligible"].to_numpy().astype(bool), df["monthly_contribution"].to_numpy().astype(np.int64), total

    return Impl(polars_frame, run, answers)


def numpy_arrays() -> Impl:
    """numpy on the raw columns: the age band as a birth-day window, the sectors as a
    lookup table over the codes, int64 money."""
    after, latest = birth_window()
    covered = np.array([s in COVERED for s in SECTORS])
    target = REGENCIES.index(TARGET_REGENCY)

    def prepare(d: Data) -> Any:
        return d.birth_days, d.sector, d.regency, d.income, d.member

    def run(cols: Any) -> Any:
        birth, sector, regency, income, member = cols
        eligible = (birth > after) & (birth <= latest) & covered[sector] & (regency == target) & ~member
        monthly = np.where(eligible, np.maximum(income, INCOME_FLOOR) // JKK_PERCENT_DIVISOR + JKM, 0)
        total_cost = monthly * MONTHS
        return eligible, monthly, int(total_cost.sum())

    def answers(out: Any) -> tuple[np.ndarray, np.ndarray, int]:
        return out

    return Impl(prepare, run, answers)


# -- OpenFisca ------------------------------------------------------------------------------


def openfisca() -> Impl:
    """A minimal OpenFisca tax-benefit system: one entity (the worker), parameters
    indexed by the date they take effect, and the workload's formulas as variables.
    A simulation is built, its inputs set and ``monthly_contribution`` calculated for
    the month 2025-01 on every run (what a user does for each new roster)."""
    from openfisca_core.entities import build_entity
    from openfisca_core.indexed_enums import Enum
    from openfisca_core.parameters import ParameterNode
    from openfisca_core.periods import DateUnit
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    Worker = build_entity(key="worker", plural="workers", label="Worker", is_person=True)
    Sector = Enum("Sector", {f"s{i}": name for i, name in enumerate(SECTORS)})
    MONTH = DateUnit.MONTH

    class birth_date(Variable):
        value_type = dt.date
        entity = Worker
        definition_period = DateUnit.ETERNITY

    class sector(Variable):
        value_type = Enum
        possible_values = Sector
        default_value = Sector.s6
        entity = Worker
        definition_period = MONTH

    class regency(Variable):
        value_type = int
        entity = Worker
        definition_period = MONTH

    class declared_income(Variable):
        value_type = int
        entity = Worker
        definition_period = MONTH

    class active_member(Variable):
        value_type = bool
        entity = Worker
        definition_period = MONTH

    class age(Variable):
        value_type = int
        entity = Worker
        definition_period = MONTH

        def formula(worker, period, parameters):
            birth = worker("birth_date", period)
            year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
            month = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
            day = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1
            start = period.start
            return start.year - year - ((month * 100 + day) > (start.month * 100 + start.day))

    class eligible(Variable):
        value_type = bool
        entity = Worker
        definition_period = MONTH

        def formula(worker, period, parameters):
            p = parameters(period).subsidy
            a = worker("age", period)
            return (
                (a >= p.age.min) & (a <= p.age.max) & p.covered_sector[worker("sector", period)]
                & (worker("regency", period) == p.regency) & ~worker("active_member", period)
            )

    class monthly_contribution(Variable):
        value_type = int
        entity = Worker
        definition_period = MONTH

        def formula(worker, period, parameters):
            p = parameters(period).contribution
            income = worker("declared_income", period).astype(np.int64)
            base = np.maximum(income, np.int64(p.income_floor))
            amount = base * np.int64(p.jkk_rate_basis_points) // 10_000 + np.int64(p.jkm)
            return np.where(worker("eligible", period), amount, 0)

    def dated(*pairs: tuple[str, Any]) -> dict:
        return {"values": {start: {"value": value} for start, value in pairs}}

    parameters = {
        "subsidy": {
            "age": {"min": dated(("2025-01-01", AGE_MIN)), "max": dated(("2025-01-01", AGE_MAX))},
            "regency": dated(("2025-01-01", int(TARGET_REGENCY))),
            "covered_sector": {f"s{i}": dated(("2025-01-01", s in COVERED)) for i, s in enumerate(SECTORS)},
        },
        "contribution": {  # dated: the floor changed on 2025-01-01 (the earlier one is illustrative)
            "income_floor": dated(("2024-01-01", 900_000), ("2025-01-01", INCOME_FLOOR)),
            "jkk_rate_basis_points": dated(("2015-07-01", 100)),
            "jkm": dated(("2015-07-01", JKM)),
        },
    }

    class System(TaxBenefitSystem):
        def __init__(self) -> None:
            super().__init__([Worker])
            for v in (birth_date, sector, regency, declared_income, active_member, age, eligible,
                      monthly_contribution):
                self.add_variable(v)
            self.parameters = ParameterNode("", data=parameters)

    system = System()
    period = f"{REFERENCE.year}-{REFERENCE.month:02d}"

    def prepare(d: Data) -> Any:
        return (
            d.n,
            d.birth_days.astype("datetime64[D]"),
            d.sector.astype(np.int16),
            np.where(d.regency == 0, int(REGENCIES[0]), int(REGENCIES[1])),
            d.income,
            d.member,
        )

    def run(inputs: Any) -> Any:
        n, birth, sector_codes, regency_codes, income, member = inputs
        sim = SimulationBuilder().build_default_simulation(system, n)
        sim.set_input("birth_date", period, birth)
        sim.set_input("sector", period, sector_codes)
        sim.set_input("regency", period, regency_codes)
        sim.set_input("declared_income", period, income)
        sim.set_input("active_member", period, member)
        monthly = sim.calculate("monthly_contribution", period)
        eligible_ = sim.calculate("eligible", period)
        return eligible_, monthly, MONTHS * int(monthly.sum(dtype=np.int64))

    def answers(out: Any) -> tuple[np.ndarray, np.ndarray, int]:
        e, m, t = out
        return np.asarray(e, bool), np.asarray(m, np.int64), t

    return Impl(prepare, run, answers)


# -- GoRules ZEN ----------------------------------------------------------------------------


def zen_graph() -> dict:
    """The workload as a JDM decision graph: an expression node for the age, a decision
    table for eligibility, an expression node for the contribution."""
    sectors = "[" + ", ".join(f"'{s}'" for s in COVERED) + "]"
    ref = REFERENCE.isoformat()

    def node(id_: str, type_: str, x: int, content: dict | None = None) -> dict:
        n = {"id": id_, "type": type_, "name": id_, "position": {"x": x, "y": 0}}
        if content is not None:
            n["content"] = {"inputField": None, "outputPath": None, "executionMode": "single", **content}
        return n

    return {
        "nodes": [
            node("worker", "inputNode", 0),
            node("age", "expressionNode", 200, {"passThrough": True, "expressions": [
                {"id": "age", "key": "age", "value": f"d('{ref}').diff(d(birth_date), 'year')"},
            ]}),
            node("eligibility", "decisionTableNode", 400, {
                "hitPolicy": "first", "passThrough": True,
                "inputs": [
                    {"id": "age", "name": "Age", "field": "age"},
                    {"id": "sector", "name": "Sector", "field": "sector"},
                    {"id": "regency", "name": "Regency", "field": "regency"},
                    {"id": "member", "name": "Member", "field": "active_member"},
                ],
                "outputs": [{"id": "eligible", "name": "Eligible", "field": "eligible"}],
                "rules": [
                    {"_id": "yes", "age": f"[{AGE_MIN}..{AGE_MAX}]", "sector": sectors,
                     "regency": f"'{TARGET_REGENCY}'", "member": "false", "eligible": "true"},
                    {"_id": "no", "age": "", "sector": "", "regency": "", "member": "", "eligible": "false"},
                ],
            }),
            node("contribution", "expressionNode", 600, {"passThrough": False, "expressions": [
                {"id": "e", "key": "eligible", "value": "eligible"},
                {"id": "m", "key": "monthly_contribution",
                 "value": f"eligible ? floor(max([declared_income, {INCOME_FLOOR}]) / {JKK_PERCENT_DIVISOR}) + {JKM} : 0"},
            ]}),
            node("decision", "outputNode", 800),
        ],
        "edges": [
            {"id": f"e{i}", "sourceId": a, "targetId": b, "type": "edge"}
            for i, (a, b) in enumerate([("worker", "age"), ("age", "eligibility"),
                                        ("eligibility", "contribution"), ("contribution", "decision")])
        ],
    }


def _zen_records(d: Data) -> list[dict]:
    births = [dt.date.fromordinal(int(x) + UNIX_ORDINAL).isoformat() for x in d.birth_days]
    return [
        {"birth_date": b, "sex": SEXES[s], "sector": SECTORS[k], "regency": REGENCIES[r],
         "declared_income": i, "active_member": m}
        for b, s, k, r, i, m in zip(births, d.sex.tolist(), d.sector.tolist(), d.regency.tolist(),
                                    d.income.tolist(), d.member.tolist())
    ]


def _zen_answers(results: list[dict]) -> tuple[np.ndarray, np.ndarray, int]:
    e = np.array([bool(r["eligible"]) for r in results], dtype=bool)
    m = np.array([int(r["monthly_contribution"]) for r in results], dtype=np.int64)
    return e, m, MONTHS * int(m.sum())


def zen_record() -> Impl:
    """ZEN, one ``ZenDecision.evaluate`` a worker (the decision compiled once)."""
    import zen

    decision = zen.ZenEngine().create_decision(json.dumps(zen_graph()))

    def run(records: list[dict]) -> Any:
        results = [decision.evaluate(r)["result"] for r in records]
        total = sum(int(r["monthly_contribution"]) for r in results)
        return results, MONTHS * total

    return Impl(_zen_records, run, lambda out: _zen_answers(out[0])[:2] + (out[1],))


def zen_batch() -> Impl:
    """ZEN's batch mode: ``ZenEngine.evaluate_batch`` over every worker at once."""
    import zen

    engine = zen.ZenEngine({"loader": {"type": "static", "content": {"bench": zen_graph()}}})

    def prepare(d: Data) -> Any:
        return [{"key": "bench", "context": r} for r in _zen_records(d)]

    def run(requests: list[dict]) -> Any:
        out = engine.evaluate_batch(requests)
        results = []
        for r in out:
            if not r.get("success"):
                raise RuntimeError(f"zen batch: {r.get('error')}")
            results.append(r["data"]["result"])
        total = sum(int(r["monthly_contribution"]) for r in results)
        return results, MONTHS * total

    return Impl(prepare, run, lambda out: _zen_answers(out[0])[:2] + (out[1],))


# -- the list ----------------------------------------------------------------------------------


@dataclass
class Impl:
    prepare: Callable[[Data], Any]
    run: Callable[[Any], Any]
    answers: Callable[[Any], tuple[np.ndarray, np.ndarray, int]]


# name: (factory, description, largest size run; None = every size)
IMPLEMENTATIONS: dict[str, tuple[Callable[[], Impl], str, int | None]] = {
    "iuran-pandas": (iuran_pandas, "iuran `Policy.evaluate_table` on a pandas DataFrame (DataFrame out)", None),
    "iuran-pandas-arrow": (iuran_pandas_arrow, "the same, on a DataFrame of pyarrow-backed columns (`pd.ArrowDtype`)", None),
    "iuran-polars": (iuran_polars, "iuran `Policy.evaluate_table` on a polars DataFrame (DataFrame out)", None),
    "iuran-pyarrow": (iuran_pyarrow, "iuran `Policy.evaluate_table` on a pyarrow Table (Table out)", None),
    "iuran-pyarrow-outputs": (iuran_pyarrow_outputs, "iuran `evaluate_table(outputs=[\"eligible\", \"total_cost\"])` on a pyarrow Table", None),
    "iuran-pandas-outputs": (iuran_pandas_outputs, "the same on a pandas DataFrame", None),
    "rust-core": (None, "iuran Rust core, `Policy::evaluate_columns`, one thread (`iuran-compare run`)", None),  # type: ignore[dict-item]
    "python-loop": (python_loop, "plain Python loop over row tuples (`datetime.date`, `str`, `int`)", 1_000_000),
    "pandas": (pandas_vectorised, "vectorised pandas on the same DataFrame (int64 money)", None),
    "polars": (polars_expressions, "polars expressions on the same polars DataFrame", None),
    "numpy": (numpy_arrays, "numpy on the raw columns (birth-day window, sector lookup table)", None),
    "openfisca": (openfisca, "OpenFisca-Core: one entity, dated parameters, 3 formulas; simulation built per run", None),
    "zen-batch": (zen_batch, "GoRules ZEN `evaluate_batch` of a JDM graph (expression, decision table, expression)", 100_000),
    "zen-record": (zen_record, "GoRules ZEN `ZenDecision.evaluate` per record, same graph", 10_000),
}

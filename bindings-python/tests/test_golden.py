"""Every case in golden/ (the folder the Rust and JavaScript tests run too), checked
exactly, with the semantics of core/tests/golden.rs: workers through `evaluate` and
through `evaluate_table` on a one-row table; rosters through `evaluate_csv` and through
`evaluate_table` on the CSV read by pyarrow with every column as text (summary, and
each row's reason codes and money); checks compare the error's code and field, or the
lint codes; the planning functions (capacity, requirement, schedule, roadmap,
benefits, quality) through their typed results, read back into the golden files' plain
form and compared as a subset, as the JavaScript runner does."""

from __future__ import annotations

import io
import json
import dataclasses
import datetime
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import iuran

from conftest import ROOT

CASES = sorted((ROOT / "golden").glob("*.json"))
PLANNING = ("capacity", "requirement", "schedule", "quality", "roadmap", "benefits")
KINDS = ("worker", "roster", "check", "compare", *PLANNING)


def load(path: Path) -> dict[str, Any]:
    case: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for key in ("name", "reference", "policy", "input", "expected"):
        assert key in case, f"{path.name}: missing `{key}`"
    return case


def policies(spec: dict[str, Any]) -> list[iuran.Policy]:
    """The case's policy, built every way the spec allows (each may raise)."""
    if "file" in spec:
        return [iuran.Policy.from_file(ROOT / spec["file"])]
    if "toml" in spec:
        return [iuran.Policy.from_toml(spec["toml"])]
    if "json" in spec:
        return [iuran.Policy.from_json(json.dumps(spec["json"])), iuran.Policy.from_dict(spec["json"])]
    raise AssertionError("policy must have `file`, `toml` or `json`")


def expand(template: str, n: int) -> str:
    """Each run of `#` becomes the copy number, zero-padded to the run's width."""
    return re.sub(r"#+", lambda m: str(n).zfill(len(m.group())), template)


def roster_csv(roster: dict[str, Any]) -> str:
    if "csv" in roster:
        text: str = roster["csv"]
        return text
    # The first ten canonical columns always; a later one when a record names it.
    fields = [
        f
        for i, f in enumerate(iuran.FIELDS)
        if i < 10 or any(f in group["record"] for group in roster["groups"])
    ]
    lines = [",".join(fields)]
    for group in roster["groups"]:
        for n in range(1, group["count"] + 1):
            lines.append(",".join(expand(group["record"].get(f) or "", n) for f in fields))
    return "\n".join(lines) + "\n"


def test_the_golden_folder_holds_the_shared_cases() -> None:
    assert len(CASES) >= 25


def check_decision(d: iuran.Decision, exp: dict[str, Any]) -> None:
    assert d.eligible is exp["eligible"]
    assert [r.code for r in d.reasons] == exp["reasons"]
    if "funding_source" in exp:
        assert d.funding_source == exp["funding_source"]
    for money in ("monthly_contribution", "total_cost"):
        if money in exp:
            got = getattr(d, money)
            assert isinstance(got, Decimal)
            assert str(got) == exp[money] and got == Decimal(exp[money])
    if "months" in exp:
        assert d.months == exp["months"]
    if "excluded_months" in exp:
        assert [r.code for r in d.excluded_months] == exp["excluded_months"]
    for code, context in exp.get("context", {}).items():
        reason = next((r for r in [*d.reasons, *d.excluded_months] if r.code == code), None)
        for key, want in context.items():
            got = reason.context.get(key, "") if reason else ""
            assert got == want, f"context {code}.{key}"
    for item in exp.get("breakdown", []):
        charge = next(
            (c for c in d.breakdown if c.month == item["month"] and c.programme == item["programme"]),
            None,
        )
        assert charge is not None, f"breakdown {item['month']} {item['programme']} absent"
        assert isinstance(charge.amount, Decimal)
        assert str(charge.amount) == item["amount"]
        assert charge.adjustments == item["adjustments"]


def check_bulk_record(p: iuran.Policy, record: dict[str, str], exp: dict[str, Any]) -> None:
    """The same worker as a one-row table (every canonical column, text)."""
    table = pa.table({f: pa.array([record.get(f)], pa.string()) for f in iuran.FIELDS})
    out = p.evaluate_table(table)
    assert out.num_rows == 1
    assert out["reasons"][0].as_py() == ";".join(exp["reasons"])
    assert out["eligible"][0].as_py() is exp["eligible"]
    if "total_cost" in exp:
        assert out.schema.field("total_cost").type == pa.decimal128(18, 0)
        assert str(out["total_cost"][0].as_py()) == exp["total_cost"]


def read_as_text(text: str) -> pa.Table:
    """A roster CSV read by pyarrow, every column as text, delimiter found as the core
    finds it (more `;` than `,` in the first line)."""
    data = text.encode("utf-8")
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    names = first.strip().split(delimiter)
    return pacsv.read_csv(
        io.BytesIO(data),
        parse_options=pacsv.ParseOptions(delimiter=delimiter),
        convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}),
    )


def check_roster(p: iuran.Policy, roster: dict[str, Any], exp: dict[str, Any]) -> None:
    text = roster_csv(roster)
    result = p.evaluate_csv(text.encode("utf-8"))
    s = result.summary
    assert (s.rows, s.eligible, s.ineligible) == (exp["rows"], exp["eligible"], exp["ineligible"])
    assert isinstance(s.total_cost, Decimal) and str(s.total_cost) == exp["total_cost"]
    if "by_funding_source" in exp:
        got = {k: (t.workers, str(t.cost)) for k, t in s.by_funding_source.items()}
        want = {k: (t["workers"], t["cost"]) for k, t in exp["by_funding_source"].items()}
        assert got == want
    if "by_reason" in exp:
        assert s.by_reason == exp["by_reason"]
    for month, want in exp.get("by_month", {}).items():
        assert str(s.by_month.get(month, "")) == want, f"by_month {month}"
    decisions = result.decisions
    if "row_reasons" in exp:
        assert [[r.code for r in d.reasons] for d in decisions] == exp["row_reasons"]
    if "waiting_positions" in exp:
        waiting = [
            next((int(r.context["position"]) for r in d.reasons if r.code == "budget_exhausted"), None)
            for d in decisions
        ]
        assert waiting == exp["waiting_positions"]
    if "funding_sources" in exp:
        assert [d.funding_source for d in decisions] == exp["funding_sources"]
    assert sum((d.total_cost for d in decisions), Decimal(0)) == s.total_cost
    if "lines" in exp:
        assert result.lines == exp["lines"]
    assert len(result.lines) == len(decisions)
    if "output" in exp:
        assert result.csv.decode("utf-8") == exp["output"]
    # The output file: rows in = rows out, decision columns appended.
    out_lines = result.csv.decode("utf-8").split("\n")[:-1]
    assert len(out_lines) == len(decisions) + 1
    columns = (*iuran.OUTPUT_COLUMNS, iuran.EXTRA_CELLS)
    assert out_lines[0].endswith(",".join(columns)) or out_lines[0].endswith(";".join(columns))

    # The bulk path: malformed rows are a CSV matter, not a column one.
    if any(r.code == "malformed_row" for d in decisions for r in d.reasons):
        return
    table = read_as_text(text)
    assert table.num_rows == len(decisions)
    out = p.evaluate_table(table)
    assert p.summarize_table(table) == s
    got_rows = list(
        zip(
            out["reasons"].to_pylist(),
            [str(v) for v in out["total_cost"].to_pylist()],
            [str(v) for v in out["monthly_contribution"].to_pylist()],
        )
    )
    want_rows = [(d.reason_codes, str(d.total_cost), str(d.monthly_contribution)) for d in decisions]
    assert got_rows == want_rows
    if "funding_sources" in exp:
        assert out["funding_source"].to_pylist() == exp["funding_sources"]
    if "waiting_positions" in exp:
        assert out["waiting_position"].to_pylist() == exp["waiting_positions"]


def check_policy(spec: dict[str, Any], exp: dict[str, Any]) -> None:
    if "error" in exp:
        builders = []
        if "file" in spec:
            builders.append(lambda: iuran.Policy.from_file(ROOT / spec["file"]))
        if "toml" in spec:
            builders.append(lambda: iuran.Policy.from_toml(spec["toml"]))
        if "json" in spec:
            builders.append(lambda: iuran.Policy.from_json(json.dumps(spec["json"])))
            builders.append(lambda: iuran.Policy.from_dict(spec["json"]))
        for build in builders:
            with pytest.raises(iuran.IuranError) as caught:
                build()
            assert caught.value.code == exp["error"]["code"]
            assert caught.value.field == exp["error"]["field"], str(caught.value)
            assert isinstance(caught.value, ValueError)
    else:
        for p in policies(spec):
            assert [lint.code for lint in p.lint()] == exp["lints"]


def plain(value: Any) -> Any:
    """A typed result in the golden files' plain form: money as decimal strings, dates
    as ISO text, a payment's months as `from`/`to`."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        d = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, iuran.Payment):
            d["from"], d["to"] = d.pop("first_month"), d.pop("last_month")
        return d
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def subset(got: Any, want: Any, at: str, errs: list[str]) -> None:
    """Every key of `want` has the same value in `got`; `{"3": ...}` against a list
    checks its element 3."""
    if isinstance(want, dict) and isinstance(got, dict):
        for k, v in want.items():
            subset(got.get(k), v, f"{at}.{k}", errs)
    elif isinstance(want, dict) and isinstance(got, list):
        for k, v in want.items():
            i = int(k)
            subset(got[i] if i < len(got) else None, v, f"{at}[{i}]", errs)
    elif isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        for i, (g, w) in enumerate(zip(got, want)):
            subset(g, w, f"{at}[{i}]", errs)
    elif got != want:
        errs.append(f"{at}: got {got!r}, want {want!r}")


def run_planning(p: iuran.Policy, kind: str, source: dict[str, Any]) -> Any:
    if kind == "capacity":
        c = p.capacity(source["budget"], source=source.get("source"), sector=source.get("sector"))
        assert c.workers * c.cost.total == c.spent and c.spent + c.unspent == c.budget
        return {**plain(c), "cost_per_worker": str(c.cost.total)}
    if kind == "requirement":
        r = p.requirement(source["workers"], source=source.get("source"), sector=source.get("sector"))
        assert sum(r.by_month.values(), Decimal(0)) == r.budget
        return plain(r)
    if kind == "schedule":
        summary = p.evaluate_csv(roster_csv(source["roster"]).encode("utf-8")).summary
        s = p.schedule(summary, source.get("tranches"))
        assert s.total == summary.total_cost == sum((t.total for t in s.tranches), Decimal(0))
        return plain(s)
    if kind == "roadmap":
        return plain(p.roadmap(**source))
    if kind == "benefits":
        return plain(p.benefits(**source))
    if kind == "quality":
        report = iuran.quality_report(roster_csv(source["roster"]).encode("utf-8"), as_of=source["as_of"])
        return plain(report)
    raise AssertionError(f"unknown kind {kind}")


def check_planning(p: iuran.Policy, kind: str, source: dict[str, Any], exp: dict[str, Any]) -> None:
    if "error" in exp:
        with pytest.raises(iuran.IuranError) as caught:
            run_planning(p, kind, source)
        assert (caught.value.code, caught.value.field) == (exp["error"]["code"], exp["error"].get("field"))
        return
    errs: list[str] = []
    subset(run_planning(p, kind, source), exp, kind, errs)
    assert not errs, "\n".join(errs)


def scenario(spec: dict[str, Any]) -> iuran.Scenario:
    if "file" in spec:
        return iuran.Scenario.from_file(ROOT / spec["file"])
    if "toml" in spec:
        return iuran.Scenario.from_toml(spec["toml"])
    return iuran.Scenario.from_dict(spec["json"])


def check_compare(p: iuran.Policy, source: dict[str, Any], exp: dict[str, Any]) -> None:
    """The file path and the table path; both agree with the expectation, and with
    each other but for the file's line numbers."""
    variants = [scenario(s) for s in source["scenarios"]]
    text = roster_csv(source["roster"])
    # The core's JSON form, as the golden file writes it.
    from_file = json.loads(iuran.compare(p, variants, text.encode("utf-8")).to_json())
    errs: list[str] = []
    subset(from_file, exp, "compare", errs)
    assert not errs, "\n".join(errs)
    from_table = json.loads(iuran.compare(p, variants, read_as_text(text)).to_json())
    for v in from_file["variants"]:
        for c in v["changes"]:
            c.pop("line", None)
    assert from_table == from_file
    # Deltas are the sums of the per-worker changes.
    for v in from_file["variants"]:
        assert Decimal(v["delta"]["total_cost"]) == sum((Decimal(c["cost_delta"]) for c in v["changes"]), Decimal(0))


@pytest.mark.parametrize("path", CASES, ids=[c.stem for c in CASES])
def test_golden(path: Path) -> None:
    case = load(path)
    source, exp = case["input"], case["expected"]
    kinds = [k for k in source if k in KINDS]
    assert len(kinds) == 1, f"one known kind of input, found {list(source)}"
    kind = kinds[0]
    if kind in PLANNING:
        for p in policies(case["policy"]):
            check_planning(p, kind, source[kind], exp)
        return
    if kind == "check":
        check_policy(case["policy"], exp)
        return
    if kind == "compare":
        for p in policies(case["policy"]):
            check_compare(p, source["compare"], exp)
        return
    for p in policies(case["policy"]):
        if kind == "worker":
            record = source["worker"]
            check_decision(p.evaluate(record), exp)
            check_bulk_record(p, record, exp)
        else:
            check_roster(p, source["roster"], exp)

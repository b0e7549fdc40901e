// The JavaScript surface of the package: names, errors, money as strings, rosters as
// columns. Every expected figure is one the golden cases or the README state.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { addDecimal } from "./decimal.mjs";
import { coreSummary, firstLine } from "./core.mjs";

const require = createRequire(import.meta.url);
const iuran = require("../pkg/node/iuran_wasm.js");
const { Policy } = iuran;

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const policyText = (name) => readFileSync(join(root, "examples", "policies", `${name}.toml`), "utf8");
const pemalang = Policy.fromToml(policyText("pemalang-2025"));
const tegal = Policy.fromToml(policyText("tegal-2025"));
const tegalCsv = readFileSync(join(root, "examples", "data", "tegal-2025-budget.csv"));
const sampleCsv = readFileSync(join(root, "examples", "data", "sample-tegal-2025.csv"));

/** Calls `f` and returns what it threw. */
function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail("expected an error");
}

/** Every money-looking value anywhere in `value`, with its path. */
function moneyFields(value, path = "", out = []) {
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    if (Array.isArray(value)) value.forEach((v, i) => moneyFields(v, `${path}[${i}]`, out));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (/cost|contribution|amount|basis|budget|factor|byMonth/i.test(k)) out.push([`${path}.${k}`, v]);
      moneyFields(v, `${path}.${k}`, out);
    }
  }
  return out;
}

const ageBelow = {
  nik: "3327010211700002",
  birthDate: "1970-11-02",
  sex: "L",
  regency: "3327",
  sector: "Petani Padi",
};

/** A distinct valid NIK for row `i` (district 01, 02, … of Kab. Tegal, born 12-03-1970, serials 0001–9999). */
const nik = (i) => `3328${String(1 + Math.floor(i / 9999)).padStart(2, "0")}120370${String(1 + (i % 9999)).padStart(4, "0")}`;

test("version is the crate's", () => {
  const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
  const version = /\[workspace\.package\][^[]*?version = "([^"]+)"/s.exec(cargo)[1];
  assert.equal(iuran.version(), version);
});

test("not eligible is an answer with reasons in Indonesian by default, English on request", () => {
  const id = pemalang.evaluate(ageBelow);
  assert.equal(id.eligible, false);
  assert.deepEqual(id.reasons, [
    {
      code: "age_below_minimum",
      message: "usia 54 tahun pada 2025-11-01, di bawah batas minimal 55 tahun",
      context: { age: "54", minimum: "55", on: "2025-11-01" },
    },
  ]);
  assert.equal(id.fundingSource, null);
  assert.equal(id.sector, "food_crop_farmer");
  assert.deepEqual([id.monthlyContribution, id.months, id.totalCost, id.breakdown], ["0", 0, "0", []]);
  const en = pemalang.evaluate(ageBelow, { lang: "en" });
  assert.equal(en.reasons[0].message, "aged 54 on 2025-11-01, below the minimum age of 55");
  assert.deepEqual(pemalang.evaluate(ageBelow, { lang: "id" }), id);
});

test("an eligible worker: camelCase fields, money as decimal strings, every charge", () => {
  const d = pemalang.evaluate({ ...ageBelow, nik: "3327010111700001", birthDate: "01-11-1970" });
  assert.equal(d.eligible, true);
  assert.equal(d.fundingSource, "dbhcht");
  assert.equal(d.monthlyContribution, "16800");
  assert.equal(d.months, 2);
  assert.equal(d.totalCost, "33600");
  assert.deepEqual(
    d.breakdown.map((c) => [c.month, c.programme, c.amount]),
    [
      ["2025-11", "JKK", "10000"],
      ["2025-11", "JKM", "6800"],
      ["2025-12", "JKK", "10000"],
      ["2025-12", "JKM", "6800"],
    ],
  );
  assert.deepEqual(Object.keys(d.breakdown[0]), [
    "month",
    "programme",
    "rateId",
    "rate",
    "incomeBasis",
    "adjustments",
    "factor",
    "amount",
    "reference",
  ]);
  assert.equal(d.breakdown[0].incomeBasis, "1000000");
  assert.equal(d.breakdown[0].factor, "1");
  assert.match(d.breakdown[0].reference, /PP 44\/2015/);
});

test("money never becomes a JavaScript number", () => {
  const d = pemalang.evaluate({ ...ageBelow, birthDate: "1970-11-01", nik: "3327010111700001" });
  const r = tegal.evaluateRoster(sampleCsv, { lang: "id", firstRows: 5 });
  const found = [...moneyFields(d), ...moneyFields(r.summary), ...moneyFields(r.firstRows), ...moneyFields(tegal.spec())];
  assert.ok(found.length > 20);
  for (const [path, v] of found) {
    if (v && typeof v === "object") {
      for (const x of Object.values(v)) assert.equal(typeof x, "string", path);
    } else {
      assert.equal(typeof v, "string", `${path} is ${typeof v}`);
      assert.match(v, /^-?\d+(\.\d+)?$/, path);
    }
  }
  for (const column of [r.rows.totalCost, r.rows.monthlyContribution]) {
    assert.ok(column.every((v) => typeof v === "string" && /^\d+$/.test(v)));
  }
  // A declared income with a fraction stays exact: 1% of 2,555,555 = 25,555.55, billed 25,555.
  const declared = Policy.fromToml(
    'id = "d"\nname = "d"\nregency = "3328"\nfiscal_year = 2025\n[coverage]\nstart = "2025-09"\nmonths = 1\nincome = "declared"\n[[funding]]\nid = "apbd"\nkind = "APBD"\n',
  );
  const x = declared.evaluate({
    nik: "3328011203700001",
    birthDate: "1970-03-12",
    regency: "3328",
    sector: "Nelayan",
    declaredIncome: "Rp 2.555.555",
  });
  assert.equal(x.breakdown[0].incomeBasis, "2555555");
  assert.equal(x.breakdown[0].amount, "25555");
});

test("errors are IuranError objects with a code, and the field or line", () => {
  const syntax = thrown(() => Policy.fromToml("id = "));
  assert.ok(syntax instanceof Error);
  assert.equal(syntax.name, "IuranError");
  assert.equal(syntax.code, "policy_syntax");
  assert.equal(syntax.field, undefined);
  assert.match(syntax.message, /^policy is not valid toml: /);

  const field = thrown(() =>
    Policy.fromToml('id = "x"\nname = "x"\nregency = "3328"\nfiscal_year = 2025\ncoverage = { start = "2025-09", months = 0 }\n[[funding]]\nid = "a"\nkind = "APBD"\n'),
  );
  assert.deepEqual([field.name, field.code, field.field], ["IuranError", "policy_field", "coverage.months"]);
  assert.equal(field.message, "policy field `coverage.months`: must be between 1 and 60, found 0");

  const json = thrown(() => Policy.fromJson("{"));
  assert.equal(json.code, "policy_syntax");

  const roster = thrown(() => tegal.evaluateRoster("nik,name\n1,2\n"));
  assert.deepEqual([roster.name, roster.code, roster.field, roster.line], ["IuranError", "roster", "birth_date", 1]);
  assert.match(roster.message, /^roster line 1, column `birth_date`: required column is missing/);

  const empty = thrown(() => tegal.evaluateRoster(""));
  assert.equal(empty.code, "roster");

  // A roster without its header row: the error names what is missing and never repeats
  // the first row, which holds a NIK and a name.
  const headerless = thrown(() => tegal.evaluateRoster("3328011505800001,Joko Santoso,1980-05-15,3328,nelayan\n"));
  assert.deepEqual([headerless.code, headerless.line], ["roster", 1]);
  assert.match(headerless.message, /required column is missing/);
  assert.doesNotMatch(headerless.message, /3328011505800001|Joko/);
  // A NIK-like value in another column is masked wherever a reason echoes it.
  const echoed = tegal.evaluateRoster("nik,birth_date,regency,sector\n3328011505800001,1980-05-15,3328,3328011505800002\n", {
    lang: "en",
    firstRows: 1,
  });
  const text = JSON.stringify(echoed.firstRows[0].decision.reasons);
  assert.match(text, /unknown_sector/);
  assert.doesNotMatch(text, /3328011505800002/);
});

test("arguments of the wrong shape are invalid_argument, and never echo a NIK", () => {
  const unknown = thrown(() => pemalang.evaluate({ ...ageBelow, birth_date: "1970-11-02" }));
  assert.deepEqual([unknown.name, unknown.code, unknown.field], ["IuranError", "invalid_argument", "birth_date"]);
  assert.match(unknown.message, /unknown field; expected one of nik, name, birthDate/);

  const number = thrown(() => pemalang.evaluate({ ...ageBelow, nik: 3327010211700002 }));
  assert.deepEqual([number.code, number.field], ["invalid_argument", "nik"]);
  assert.doesNotMatch(number.message, /3327/);

  const notObject = thrown(() => pemalang.evaluate("3327010211700002"));
  assert.deepEqual([notObject.code, notObject.field], ["invalid_argument", "worker"]);
  assert.doesNotMatch(notObject.message, /3327/);

  const lang = thrown(() => pemalang.evaluate(ageBelow, { lang: "fr" }));
  assert.deepEqual([lang.code, lang.field], ["invalid_argument", "lang"]);
  // Optional arguments are one object: a positional value or an unknown name says so.
  const positional = thrown(() => pemalang.evaluate(ageBelow, "en"));
  assert.deepEqual([positional.code, positional.field], ["invalid_argument", "options"]);
  const misspelt = thrown(() => tegal.evaluateRoster(sampleCsv, { firstrows: 3 }));
  assert.deepEqual([misspelt.code, misspelt.field], ["invalid_argument", "firstrows"]);
  assert.match(misspelt.message, /expected `lang` or `firstRows`/);
  const wrongType = thrown(() => tegal.schedule(tegal.evaluateRoster(sampleCsv).summary, { tranches: "two" }));
  assert.deepEqual([wrongType.code, wrongType.field], ["invalid_argument", "tranches"]);

  const rosterType = thrown(() => tegal.evaluateRoster(42));
  assert.deepEqual([rosterType.code, rosterType.field], ["invalid_argument", "roster"]);

  // null and undefined count as absent: the core reports what is missing.
  const d = pemalang.evaluate({ nik: null, birthDate: undefined, regency: "3327", sector: "Petani Padi" });
  assert.deepEqual(
    d.reasons.map((r) => [r.code, r.context.field]),
    [
      ["missing_field", "nik"],
      ["missing_field", "birth_date"],
    ],
  );
});

test("a roster from text and from bytes gives the same answer; columns for every row", () => {
  const fromBytes = tegal.evaluateRoster(tegalCsv);
  const fromText = tegal.evaluateRoster(tegalCsv.toString("utf8"));
  assert.deepEqual(fromText.summary, fromBytes.summary);
  assert.equal(fromText.csv, fromBytes.csv);
  const s = fromBytes.summary;
  assert.deepEqual(
    [s.rows, s.eligible, s.ineligible, s.totalCost],
    [8146, 8146, 0, "547411200"],
  );
  const month = (amount) => ({ "2025-09": amount, "2025-10": amount, "2025-11": amount, "2025-12": amount });
  assert.deepEqual(s.byFundingSource, {
    apbd: { workers: 1000, cost: "67200000", byMonth: month("16800000") },
    dbhcht: { workers: 7146, cost: "480211200", byMonth: month("120052800") },
  });
  assert.deepEqual(s.byMonth, {
    "2025-09": "136852800",
    "2025-10": "136852800",
    "2025-11": "136852800",
    "2025-12": "136852800",
  });
  const r = fromBytes.rows;
  assert.ok(r.line instanceof Uint32Array && r.eligible instanceof Uint8Array && r.months instanceof Uint32Array);
  for (const column of Object.values(r)) assert.equal(column.length, 8146);
  assert.deepEqual([r.line[0], r.line[8145]], [2, 8147]);
  assert.equal(r.totalCost.reduce(addDecimal, "0"), s.totalCost);
  assert.deepEqual(fromBytes.firstRows, []);
  assert.deepEqual(fromBytes.examples, {});
  assert.equal(fromBytes.csv.split("\n").filter(Boolean).length, 8147);
});

test("a roster with data problems: every reason counted, the first row of each explained", () => {
  const r = tegal.evaluateRoster(sampleCsv, { lang: "en", firstRows: 3 });
  const s = r.summary;
  // The core's own answer for the same files, from the Rust command-line program.
  const core = coreSummary("examples/policies/tegal-2025.toml", "examples/data/sample-tegal-2025.csv");
  assert.deepEqual([s.rows, s.eligible, s.ineligible, s.totalCost], [core.rows, core.eligible, core.ineligible, core.total_cost]);
  assert.deepEqual(s.byReason, core.by_reason);
  for (const [id, t] of Object.entries(core.by_funding_source)) {
    assert.deepEqual([s.byFundingSource[id].workers, s.byFundingSource[id].cost], [t.workers, t.cost]);
  }
  assert.ok(s.eligible > 1000 && s.byReason.duplicate_nik > 0, "the sample has both eligible workers and data problems");
  assert.deepEqual(Object.keys(r.examples), Object.keys(s.byReason));
  // The first active member in the file is the first `already_member` example.
  const text = sampleCsv.toString("utf8");
  assert.equal(r.examples.already_member.line, firstLine(text, "active_member", (v) => v === "ya"));
  assert.equal(r.examples.already_member.decision.reasons[0].message, "already an active BPJS Ketenagakerjaan member");
  // The first NIK seen twice.
  const seen = new Set();
  const dup = text.split("\n").findIndex((l, i) => i > 0 && l && (seen.has(l.split(",")[0]) || !seen.add(l.split(",")[0])));
  assert.equal(r.examples.duplicate_nik.line, dup + 1);
  assert.equal(r.firstRows.length, 3);
  assert.deepEqual(
    r.firstRows.map((x) => x.line),
    [2, 3, 4],
  );
  assert.equal(r.firstRows[0].record.name, "Joko Handayani");
  assert.equal(r.firstRows[0].record.birthDate, "2003-06-06");
  // Rows in = rows out; eligible flags agree with the summary.
  assert.equal(r.rows.eligible.reduce((a, b) => a + b, 0), s.eligible);
  const counted = {};
  for (const codes of r.rows.reasons) for (const c of new Set(codes.split(";").filter(Boolean))) counted[c] = (counted[c] || 0) + 1;
  assert.deepEqual(counted, s.byReason);
});

test("lints, spec and months", () => {
  assert.deepEqual(
    pemalang.lint().map((l) => l.code),
    ["short_cover_funeral_only", "age_at_registration_limit", "dbhcht_outside_tobacco"],
  );
  assert.equal(pemalang.lint({ lang: "en" })[1].message, "upper age 65: BPU members must register before age 65 (single source, unverified)");
  assert.equal(pemalang.lint({ lang: "en" })[1].field, "eligibility.age.max");
  assert.deepEqual(pemalang.months(), ["2025-11", "2025-12"]);
  const spec = tegal.spec();
  assert.equal(spec.id, "tegal-2025");
  assert.equal(spec.fiscal_year, 2025);
  assert.equal(spec.funding[0].budget, "480211200");
  // The spec reads back as the same policy.
  const again = Policy.fromJson(JSON.stringify(spec));
  assert.deepEqual(again.spec(), spec);
  assert.deepEqual(again.evaluateRoster(tegalCsv).summary, tegal.evaluateRoster(tegalCsv).summary);
  again.free();
});

test("the taxonomy lists groups and sectors by code, named in either language", () => {
  const id = iuran.taxonomy();
  const en = iuran.taxonomy({ lang: "en" });
  assert.ok(id.sectors.length > 10);
  assert.deepEqual(
    id.sectors.map((s) => s.code),
    en.sectors.map((s) => s.code),
  );
  const farmer = en.sectors.find((s) => s.code === "tobacco_farmer");
  assert.deepEqual(farmer, { code: "tobacco_farmer", group: "tobacco", name: "Tobacco farmer" });
  assert.equal(id.sectors.find((s) => s.code === "tobacco_farmer").name, "Petani tembakau");
  assert.ok(id.groups.some((g) => g.code === "tobacco"));
  // A sector code is accepted as a worker's occupation.
  const d = tegal.evaluate({ nik: "3328011203700001", birthDate: "1970-03-12", regency: "3328", sector: "tobacco_farmer" });
  assert.equal(d.eligible, true);
});

test("a freed policy is gone", () => {
  const p = Policy.fromToml(policyText("temanggung-2025"));
  p.free();
  assert.throws(() => p.months());
});

test("the declarations name no `any`", () => {
  for (const dir of ["node", "web"]) {
    for (const file of ["iuran_wasm.d.ts", "iuran_wasm_bg.wasm.d.ts"]) {
      const code = readFileSync(join(root, "bindings-wasm", "pkg", dir, file), "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "");
      assert.doesNotMatch(code, /\bany\b/, `${dir}/${file}`);
    }
  }
});

// ---- planning, quality, benefits, spreadsheets ------------------------------------

const trenggalek = Policy.fromToml(policyText("trenggalek-2025"));
const CSR_2026 =
  'id = "pp50-csr"\nname = "PP 50/2025 check, paid by CSR"\nregency = "3328"\nfiscal_year = 2026\n' +
  'coverage = { start = "2026-01", months = 12 }\n[[funding]]\nid = "csr"\nkind = "CSR"\n';
const fixture = (name) => readFileSync(join(root, "bindings-wasm", "tests", "fixtures", name));

test("capacity: a budget as people write it; the core asks for a sector when cost depends on it", () => {
  // RULES.md §8: 2,090,000,000 ÷ (16,800 × 12) = 10,367 workers, Rp 12,800 left.
  for (const text of ["2090000000", "2.090.000.000", "Rp 2.090.000.000", " 2,090,000,000 "]) {
    const c = trenggalek.capacity(text);
    assert.deepEqual([c.budget, c.workers, c.spent, c.unspent], ["2090000000", 10367, "2089987200", "12800"], text);
  }
  const c = trenggalek.capacity("2090000000", { source: "dbhcht" });
  assert.deepEqual(c.cost, {
    source: "dbhcht",
    sector: null,
    monthlyContribution: "16800",
    months: 12,
    total: "201600",
    byMonth: Object.fromEntries(trenggalek.months().map((m) => [m, "16800"])),
  });
  const csr = Policy.fromToml(CSR_2026);
  const needsSector = thrown(() => csr.capacity("1000000"));
  assert.deepEqual([needsSector.name, needsSector.code, needsSector.field], ["IuranError", "argument", "sector"]);
  assert.match(needsSector.message, /^argument `sector`: workers paid by `csr` cost differently by sector/);
  // PP 50/2025: an ojol driver costs 12 × 8,400 = 100,800 from a CSR payer in 2026.
  const ojol = csr.capacity("1.000.000", { sector: "ojol" });
  assert.deepEqual([ojol.workers, ojol.cost.total, ojol.cost.sector, ojol.unspent], [9, "100800", "ojol", "92800"]);
  // Trenggalek's DBHCHT pagu is Rp 2,090,000,000: exactly that is within it, a rupiah
  // more is not; the CSR source has no pagu.
  assert.deepEqual([c.sourceBudget, c.exceedsSourceBudget], ["2090000000", false]);
  assert.equal(trenggalek.capacity("2090000001").exceedsSourceBudget, true);
  assert.deepEqual([ojol.sourceBudget, ojol.exceedsSourceBudget], [null, false]);
  const notRupiah = thrown(() => trenggalek.capacity("1.5"));
  assert.deepEqual([notRupiah.code, notRupiah.field], ["argument", "budget"]);
  const noSource = thrown(() => trenggalek.capacity("100", { source: "apbd" }));
  assert.deepEqual([noSource.code, noSource.field], ["argument", "source"]);
  csr.free();
});

test("requirement: what N workers need, in total and per month", () => {
  const r = tegal.requirement(1000, { source: "apbd" });
  assert.equal(r.budget, "67200000");
  assert.equal(r.workers, 1000);
  assert.deepEqual(r.byMonth, { "2025-09": "16800000", "2025-10": "16800000", "2025-11": "16800000", "2025-12": "16800000" });
  for (const bad of [-1, 1.5, Number.NaN, 2 ** 60]) {
    const e = thrown(() => tegal.requirement(bad));
    assert.deepEqual([e.code, e.field], ["invalid_argument", "workers"], String(bad));
  }
});

test("schedule: the summary of evaluateRoster goes back in; months and tranches are the core's", () => {
  const { summary } = tegal.evaluateRoster(tegalCsv);
  const s = tegal.schedule(summary, { tranches: 3 });
  // Rp 547,411,200 over four months: 136,852,800 a month; 2 + 1 + 1 months.
  assert.equal(s.total, "547411200");
  assert.deepEqual(
    s.tranches.map((t) => [t.from, t.to, t.due, t.total]),
    [
      ["2025-09", "2025-10", "2025-09-15", "273705600"],
      ["2025-11", "2025-11", "2025-11-15", "136852800"],
      ["2025-12", "2025-12", "2025-12-15", "136852800"],
    ],
  );
  assert.deepEqual(s.months[0].bySource, { apbd: "16800000", dbhcht: "120052800" });
  assert.equal(s.months.length, 4);
  assert.match(s.reference, /\S/);
  // A summary that went through JSON (e.g. postMessage or storage) is the same summary.
  assert.deepEqual(tegal.schedule(JSON.parse(JSON.stringify(summary)), { tranches: 3 }), s);
  for (const [tranches, code] of [
    [0, "argument"],
    [5, "argument"],
    [1.5, "invalid_argument"],
  ]) {
    const e = thrown(() => tegal.schedule(summary, { tranches }));
    assert.deepEqual([e.code, e.field], [code, "tranches"], String(tranches));
  }
  const badSummary = thrown(() => tegal.schedule({ rows: "many" }, { tranches: 1 }));
  assert.deepEqual([badSummary.code, badSummary.field], ["invalid_argument", "summary"]);
  const badMonth = thrown(() => tegal.schedule({ ...summary, byMonth: { "2025-9": "1" } }, { tranches: 1 }));
  assert.deepEqual([badMonth.code, badMonth.field], ["invalid_argument", "summary.byMonth"]);
});

test("roadmap: camelCase in and out, percentages as decimal strings, the core's defaults", () => {
  const r = trenggalek.roadmap({
    baselineYear: 2025,
    baselinePercent: "26.30",
    workforce: 400000,
    targetYear: 2045,
    targetPercent: "83.29",
    subsidySharePercent: "50",
  });
  assert.equal(r.years.length, 21);
  assert.deepEqual(r.years[1], {
    year: 2026,
    workforce: 400000,
    coveragePercent: "29.1495",
    members: 116598,
    additionalMembers: 11398,
    subsidisedMembers: 5699,
    costPerWorker: "201600",
    subsidyBudget: "1148918400",
  });
  // The input as the core read it, with its defaults filled in.
  assert.deepEqual(r.input, {
    baselineYear: 2025,
    baselinePercent: "26.30",
    workforce: 400000,
    workforceGrowthPercent: "0",
    targetYear: 2045,
    targetPercent: "83.29",
    path: "linear",
    subsidySharePercent: "50",
  });
  assert.equal(r.totalSubsidy, r.years.map((y) => y.subsidyBudget).reduce(addDecimal, "0"));
  const float = thrown(() => trenggalek.roadmap({ ...r.input, targetPercent: 83.29 }));
  assert.deepEqual([float.code, float.field], ["invalid_argument", "targetPercent"]);
  assert.match(float.message, /not exact/);
  const snake = thrown(() => trenggalek.roadmap({ ...r.input, target_year: 2045 }));
  assert.deepEqual([snake.code, snake.field], ["invalid_argument", "target_year"]);
  const missing = thrown(() => trenggalek.roadmap({ baselineYear: 2025 }));
  assert.deepEqual([missing.code, missing.field], ["invalid_argument", "input"]);
  assert.match(missing.message, /missing field `workforce`/);
  const range = thrown(() => trenggalek.roadmap({ ...r.input, targetYear: 2024 }));
  assert.deepEqual([range.code, range.field], ["argument", "targetYear"]);
  assert.deepEqual([thrown(() => trenggalek.roadmap(null)).code, thrown(() => trenggalek.roadmap([])).field], ["invalid_argument", "input"]);
});

test("benefits: what the family would receive, labelled in either language", () => {
  // RULES.md §5: a non-work death within the first 3 months pays only the funeral benefit.
  const id = pemalang.benefits({ workAccident: false, month: 2, children: ["sd"] });
  assert.equal(id.covered, true);
  assert.equal(id.total, "10000000");
  assert.deepEqual(id.items.map((i) => [i.code, i.name, i.amount]), [["funeral", "Biaya pemakaman", "10000000"]]);
  assert.match(id.notes[0], /^meninggal dalam 3 bulan pertama kepesertaan/);
  const en = pemalang.benefits({ workAccident: false, month: 2 }, { lang: "en" });
  assert.equal(en.items[0].name, "Funeral benefit");
  assert.match(en.notes[0], /^death within the first 3 months of membership/);
  const outside = pemalang.benefits({ workAccident: false, month: 3 });
  assert.deepEqual([outside.covered, outside.total, outside.items], [false, "0", []]);
  // A work accident: 48 × 1,000,000 + 12,000,000 + 10,000,000, plus two scholarships.
  const jkk = trenggalek.benefits({ workAccident: true, month: 1, children: ["sd", "sma", "smp"] }, { lang: "en" });
  assert.equal(jkk.total, "74500000");
  assert.deepEqual(jkk.items.map((i) => i.code), ["jkk_lump_sum", "periodic", "funeral", "scholarship_year", "scholarship_year"]);
  const levels = iuran.schoolLevels();
  assert.deepEqual(levels.map((l) => l.code), ["tk", "sd", "smp", "sma", "university"]);
  assert.equal(iuran.schoolLevels({ lang: "en" }).find((l) => l.code === "university").name, "university");
  const unknown = thrown(() => trenggalek.benefits({ workAccident: true, month: 1, children: ["paud"] }));
  assert.deepEqual([unknown.code, unknown.field], ["argument", "children"]);
  const shape = thrown(() => trenggalek.benefits({ workAccident: "yes", month: 1 }));
  assert.deepEqual([shape.code, shape.field], ["invalid_argument", "workAccident"]);
});

test("quality report: the file's own row numbers for every finding", () => {
  const csv = [
    "nik,name,birth_date,sex,regency,sector",
    "3328011203700001,A,1970-03-12,L,3328,Nelayan", // line 2: duplicate of line 4
    "3328011203700002,B,1970-03-12,L,3328,", // line 3: no sector
    "3328011203700001,C,1970-03-12,L,3328,Nelayan", // line 4
    "3328011203700004,D,31-02-1970,L,3328,Nelayan", // line 5: no such date
    "3.32801E+15,E,1970-03-12,L,3328,Wiraswasta", // line 6: NIK as Excel wrote it; unknown occupation
    "3328011203700006,F,1970-03-12,L,3328,Petani Padi", // line 7: clean
  ].join("\n");
  const q = iuran.qualityReport(csv, "2025-11-22");
  assert.deepEqual(q, {
    rows: 6,
    cleanRows: 1,
    asOf: "2025-11-22",
    malformedRows: [],
    missing: { sector: [3] },
    unreadable: { birth_date: [5] },
    invalidNik: { exponent: [6] },
    nikBirthDateMismatch: [],
    nikSexMismatch: [],
    duplicateNiks: [[2, 4]],
    unknownSectors: [{ text: "Wiraswasta", rows: 1 }],
    futureBirthDates: [],
    ageOver120: [],
    // Written by hand from the core's catalogue (iuran::quality::heading).
    headings: {
      "missing.sector": "Pekerjaan belum diisi",
      "unreadable.birth_date": "Tanggal lahir tidak dapat dibaca",
      "invalid_nik.exponent": "NIK tertulis 3,3E+15: ketik ulang sebagai teks",
      duplicate_niks: "NIK ganda (baris dengan NIK yang sama)",
      unknown_sectors: "Pekerjaan tidak ada dalam daftar sektor (jumlah baris)",
    },
  });
  assert.equal(iuran.qualityReport(csv, "2025-11-22", { lang: "en" }).headings["missing.sector"], "Occupation not filled in");
  assert.deepEqual(iuran.qualityReport(Buffer.from(csv), "2025-11-22"), q);
  // The core's words for a page: reason labels, templates, field names; regency names.
  const en = iuran.messageCatalogue({ lang: "en" });
  assert.equal(en.reasons.age_below_minimum.label, "Below the minimum age");
  assert.equal(en.reasons.missing_field.template, "{field_en} is not filled in");
  assert.equal(iuran.messageCatalogue().fields.birth_date, "tanggal lahir");
  assert.equal(iuran.regionName("3328"), "Kabupaten Tegal");
  assert.equal(iuran.regionName("9999"), undefined);
  // A workbook's rows are numbered as Excel numbers them.
  const book = iuran.qualityReport(fixture("bnba-tegal-3.xlsx"), "2025-11-22");
  assert.deepEqual([book.rows, book.cleanRows], [3, 3]);
  const future = iuran.qualityReport(csv, "1970-03-11");
  assert.deepEqual(future.futureBirthDates, [2, 3, 4, 6, 7]); // line 5's date cannot be read
  const asOf = thrown(() => iuran.qualityReport(csv, "yesterday"));
  assert.deepEqual([asOf.code, asOf.field], ["invalid_argument", "asOf"]);
  assert.equal(thrown(() => iuran.qualityReport("nik\n1\n", "2025-11-22")).code, "roster");
});

test("an .xlsx BNBA list gives the same decisions as the same people in CSV", async () => {
  const { workbook } = await import("./fixtures/make-bnba-xlsx.mjs");
  assert.ok(workbook().equals(fixture("bnba-tegal-3.xlsx")), "the fixture is what make-bnba-xlsx.mjs writes");
  const book = tegal.evaluateRoster(fixture("bnba-tegal-3.xlsx"), { lang: "en", firstRows: 3 });
  const csv = tegal.evaluateRoster(fixture("bnba-tegal-3.csv"), { lang: "en", firstRows: 3 });
  assert.deepEqual(book.summary, csv.summary);
  // Hand-checked: two eligible at 4 × 16,800, Agus lives in Kota Tegal.
  assert.deepEqual(
    [book.summary.eligible, book.summary.totalCost, book.summary.byReason],
    [2, "134400", { outside_region: 1 }],
  );
  assert.deepEqual([...book.rows.line], [4, 5, 6]);
  assert.deepEqual([...csv.rows.line], [2, 3, 4]);
  assert.deepEqual(book.firstRows.map((r) => r.record), csv.firstRows.map((r) => r.record));
  assert.equal(book.firstRows[0].record.nik, "3328011203700001"); // a number cell, all 16 digits
  assert.equal(book.firstRows[0].record.birthDate, "1970-03-12"); // a date cell
  assert.deepEqual(book.rows.fundingSource, ["dbhcht", "apbd", null]);
  assert.match(book.csv.split("\n")[0], /^No,NIK,Nama Lengkap,Tanggal Lahir,.*,eligible,reasons,/);
  const broken = thrown(() => tegal.evaluateRoster(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0])));
  assert.deepEqual([broken.name, broken.code], ["IuranError", "roster"]);
  assert.match(broken.message, /is not a readable \.xlsx workbook/);
});

test("parseRupiah reads amounts as people write them, through the core", () => {
  assert.equal(iuran.parseRupiah("Rp 2.090.000.000"), "2090000000");
  assert.equal(iuran.parseRupiah("1,500,000"), "1500000");
  assert.equal(iuran.parseRupiah("16.800,00"), "16800");
  assert.equal(iuran.parseRupiah("1.5"), undefined);
  assert.equal(iuran.parseRupiah("dua juta"), undefined);
});

test("planning money is never a JavaScript number either", () => {
  const results = [
    trenggalek.capacity("2090000000"),
    tegal.requirement(10),
    tegal.schedule(tegal.evaluateRoster(sampleCsv).summary, { tranches: 2 }),
    pemalang.benefits({ workAccident: true, month: 1, children: ["sd"] }),
    trenggalek.roadmap({ baselineYear: 2025, baselinePercent: "26.30", workforce: 400000, targetYear: 2030, targetPercent: "40" }),
  ];
  const MONEY = new Set(["monthlyContribution", "total", "byMonth", "budget", "spent", "unspent", "amount", "bySource", "costPerWorker", "subsidyBudget", "totalSubsidy", "coveragePercent"]);
  const found = [];
  const walk = (v, path) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (MONEY.has(k)) found.push([`${path}.${k}`, x]);
        else walk(x, `${path}.${k}`);
      }
    }
  };
  results.forEach((r, i) => walk(r, `[${i}]`));
  assert.ok(found.length > 30, `${found.length}`);
  for (const [path, v] of found) {
    for (const x of v && typeof v === "object" ? Object.values(v) : [v]) {
      assert.equal(typeof x, "string", path);
      assert.match(x, /^-?\d+(\.\d+)?$/, path);
    }
  }
});

const scenarioText = (name) => readFileSync(join(root, "examples", "scenarios", `${name}.toml`), "utf8");

test("compare: nine months from April on the published Tegal roster, when the budgets bind", () => {
  // DBHCHT Rp 480,211,200 / 151,200 = 3,176 workers exactly; APBD 67,200,000 / 151,200 =
  // 444 (Rp 67,132,800): 3,620 funded, Rp 547,344,000, Rp 67,200 less than the base.
  const c = tegal.compare([scenarioText("mulai-april"), scenarioText("jkm-7500")], tegalCsv, { maxChanges: 5 });
  assert.equal(c.rows, 8146);
  assert.equal(c.base.totalCost, "547411200");
  const [april, jkm] = c.variants;
  assert.equal(april.totals.name, "Mulai April, 9 bulan");
  assert.equal(april.totals.funded, 3620);
  assert.equal(april.totals.waiting, 4526);
  assert.equal(april.totals.totalCost, "547344000");
  assert.equal(april.delta.totalCost, "-67200");
  assert.equal(april.delta.bySource.dbhcht.cost, "0");
  assert.equal(april.changeCounts.funded_to_waiting, 4526);
  assert.equal(april.changes.length, 5);
  assert.equal(april.changes[0].kind, "cost_changed");
  assert.equal(april.changes[0].costDelta, "84000");
  assert.match(april.changes[0].nik, /^\d{4}\*{8}\d{4}$/);
  assert.equal(jkm.totals.totalCost, "547400000");
  // Money is a string everywhere in the result, never a number (the counts per reason
  // code and kind of change, such as `budget_exhausted` and `cost_changed`, are counts).
  for (const [path, v] of moneyFields(c)) {
    if (typeof v !== "object" && !/\.(byReason|changeCounts)\./.test(path)) assert.equal(typeof v, "string", path);
  }
});

test("compare: a JSON scenario, and a bad one names its field", () => {
  const json = JSON.stringify({ name: "50+", set: { "eligibility.age": { min: 50 } } });
  const c = tegal.compare([json], sampleCsv);
  assert.ok(c.variants[0].delta.eligible < 0);
  // By default every changed worker is listed, as in Rust and Python.
  const counted = Object.values(c.variants[0].changeCounts).reduce((a, b) => a + b, 0);
  assert.equal(c.variants[0].changes.length, counted);
  const e = thrown(() => tegal.compare(["name = 'bad'\n[set]\ncoverage.months = 99\n"], sampleCsv));
  assert.equal(e.name, "IuranError");
  assert.equal(e.code, "scenario");
  assert.equal(e.field, "set.coverage.months");
  assert.equal(e.message, "scenario `bad` field `set.coverage.months`: must be between 1 and 60, found 99");
});

test("a taxonomy text adds occupations; its errors name its field", () => {
  // Kab. Tegal 2025 covers fishers; "Pencari Ikan Kali" is not a built-in text.
  const worker = { nik: "3328010101700001", birthDate: "1970-01-01", regency: "3328", sector: "Pencari Ikan Kali" };
  assert.deepEqual(tegal.evaluate(worker).reasons.map((r) => r.code), ["unknown_sector"]);
  const taxonomy = '[[alias]]\nsector = "fisher"\ntexts = ["pencari ikan kali"]\n';
  const d = Policy.fromToml(policyText("tegal-2025"), { taxonomy }).evaluate(worker);
  // 4 months × Rp 16,800, from APBD (the fishers' source).
  assert.deepEqual([d.eligible, d.totalCost, d.fundingSource], [true, "67200", "apbd"]);
  const e = thrown(() =>
    Policy.fromToml(policyText("tegal-2025"), { taxonomy: '[[alias]]\nsector = "fisher"\ntexts = ["nelayan", "petani tembakau"]\n' }),
  );
  assert.deepEqual([e.code, e.field], ["data", "alias[0].texts[1]"]);
  const unknown = thrown(() => Policy.fromToml(policyText("tegal-2025"), { sectors: "" }));
  assert.equal(unknown.code, "invalid_argument");
});

// evaluateRosterColumns: what the calculator's Web Worker uses. Typed arrays, keys into
// small tables, money as whole rupiah in BigInt64Arrays, progress after each chunk.

/** The typed rows as evaluateRoster spells them (text per row), to compare the two. */
function spelt(rows) {
  const n = rows.line.length;
  const text = (v) => v.toString();
  return {
    line: [...rows.line],
    eligible: [...rows.eligible].map(Boolean),
    reasons: [...rows.reasons].map((k) => rows.reasonSets[k].join(";")),
    sector: [...rows.sector].map((k) => rows.sectors[k]),
    fundingSource: [...rows.fundingSource].map((k) => rows.fundingSources[k]),
    monthlyContribution: [...rows.monthlyContribution].map(text),
    months: [...rows.months],
    totalCost: [...rows.totalCost].map(text),
    waitingPosition: [...rows.waitingPosition].map((p) => (p === 0 ? null : p)),
    n,
  };
}

test("evaluateRosterColumns: typed arrays, worked out by hand on four rows", () => {
  const csv =
    "nik,birth_date,regency,sector\n" +
    "3328011203700001,1970-03-12,3328,Petani Tembakau\n" + // covered, DBHCHT: 4 × Rp 16,800
    "3328015003800002,1980-03-10,3328,nelayan\n" + // covered, APBD (DBHCHT is for tobacco)
    "3328011203700001,1970-03-12,3328,Petani Tembakau\n" + // the NIK of line 2 again
    ",1990-01-01,3328,nelayan\n"; // no NIK
  const r = tegal.evaluateRosterColumns(csv, { lang: "en", firstRows: 4 });
  const rows = r.rows;
  assert.ok(rows.line instanceof Uint32Array);
  assert.ok(rows.eligible instanceof Uint8Array);
  assert.ok(rows.reasons instanceof Uint32Array);
  assert.ok(rows.monthlyContribution instanceof BigInt64Array);
  assert.ok(rows.totalCost instanceof BigInt64Array);
  assert.deepEqual([...rows.line], [2, 3, 4, 5]);
  assert.deepEqual([...rows.eligible], [1, 1, 0, 0]);
  assert.deepEqual([...rows.totalCost], [67200n, 67200n, 0n, 0n]);
  assert.deepEqual([...rows.monthlyContribution], [16800n, 16800n, 0n, 0n]);
  assert.deepEqual([...rows.months], [4, 4, 0, 0]);
  assert.deepEqual([...rows.waitingPosition], [0, 0, 0, 0]);
  assert.deepEqual(rows.reasonSets[0], []);
  assert.deepEqual(
    [...rows.reasons].map((k) => rows.reasonSets[k]),
    [[], [], ["duplicate_nik"], ["missing_field"]],
  );
  assert.equal(rows.reasonSets.length, 3); // each distinct set once
  assert.deepEqual(
    [...rows.fundingSource].map((k) => rows.fundingSources[k]),
    ["dbhcht", "apbd", null, null],
  );
  assert.equal(rows.sectors[0], null);
  assert.deepEqual(r.summary, tegal.evaluateRoster(csv).summary);
  assert.equal(r.summary.totalCost, "134400");
  assert.equal(r.firstRows.length, 4);
  assert.equal(r.firstRows[2].decision.reasons[0].message, "same NIK as row 2");
  assert.deepEqual(Object.keys(r.examples), ["duplicate_nik", "missing_field"]);
  assert.equal(r.examples.duplicate_nik.line, 4);
  assert.equal("csv" in r, false);
});

test("evaluateRosterColumns answers every row as evaluateRoster does (CSV, budgets, .xlsx)", () => {
  const fixture = (name) => readFileSync(join(root, "bindings-wasm", "tests", "fixtures", name));
  // 1,500 fishers: APBD's Rp 67,200,000 pays 1,000 of them at 4 × Rp 16,800; 500 wait.
  let fishers = "nik,birth_date,regency,sector\n";
  for (let i = 0; i < 1500; i++) fishers += `${nik(i)},1970-03-12,3328,nelayan\n`;
  const cases = [
    [tegal, sampleCsv],
    [tegal, tegalCsv], // budget ceilings
    [tegal, fishers], // budget ceilings with a waiting list
    [pemalang, sampleCsv],
    [tegal, fixture("bnba-tegal-3.xlsx")],
  ];
  let waiting = 0;
  for (const [policy, roster] of cases) {
    for (const lang of ["id", "en"]) {
      const old = policy.evaluateRoster(roster, { lang, firstRows: 7 });
      const now = policy.evaluateRosterColumns(roster, { lang, firstRows: 7 });
      const rows = spelt(now.rows);
      assert.equal(rows.n, old.summary.rows);
      for (const k of Object.keys(old.rows)) {
        assert.deepEqual(rows[k], k === "line" || k === "months" ? [...old.rows[k]] : k === "eligible" ? [...old.rows[k]].map(Boolean) : old.rows[k], k);
      }
      assert.deepEqual(now.summary, old.summary);
      assert.deepEqual(now.firstRows, old.firstRows);
      assert.deepEqual(now.examples, old.examples);
      assert.equal(now.rows.totalCost.reduce((a, b) => a + b, 0n).toString(), now.summary.totalCost);
      waiting += now.rows.waitingPosition.filter((p) => p > 0).length;
    }
    assert.equal(policy.evaluateRosterCsv(roster), policy.evaluateRoster(roster).csv);
  }
  assert.equal(waiting, 2 * 500); // in both languages
});

test("evaluateRosterColumns tells onProgress after each chunk of rows, then once decided", () => {
  let csv = "nik,birth_date,regency,sector\n";
  for (let i = 0; i < 40_000; i++) csv += `${nik(i)},1970-03-12,3328,nelayan\n`;
  const seen = [];
  const r = tegal.evaluateRosterColumns(csv, {}, (p) => seen.push(p));
  assert.equal(r.summary.rows, 40_000);
  // The core reads 16,384 rows at a time: three chunks, then the decision.
  assert.deepEqual(seen.map((p) => [p.pass, p.passes, p.rows]), [[1, 2, 16384], [1, 2, 32768], [1, 2, 40000], [2, 2, 40000]]);
  assert.ok(seen.slice(0, 3).every((p) => typeof p.expectedRows === "number" && p.expectedRows > 30_000));
  assert.equal(seen[3].expectedRows, 40_000);
  assert.equal(seen[3].fraction, 1);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i].fraction >= seen[i - 1].fraction);
  assert.ok(seen[0].fraction > 0 && seen[2].fraction <= 0.5);
  // An exception in the callback reaches the caller, as thrown.
  const oops = new Error("stop");
  assert.equal(thrown(() => tegal.evaluateRosterColumns(csv, {}, () => { throw oops; })), oops);
  // Without a callback, and with the errors of evaluateRoster.
  assert.equal(tegal.evaluateRosterColumns(csv).summary.rows, 40_000);
  assert.equal(thrown(() => tegal.evaluateRosterColumns("nik,name\n1,2\n")).code, "roster");
  assert.equal(thrown(() => tegal.evaluateRosterColumns(csv, { firstrows: 3 })).code, "invalid_argument");
});

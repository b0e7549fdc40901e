// Runs every case in golden/ (the folder the Rust and Python tests run too) through the
// WebAssembly package and checks the result exactly. Mirrors core/tests/golden.rs: every
// kind of case runs, none is skipped.
//
// The one translation: the package names fields in camelCase (`cleanRows`) where the
// core's JSON, which `expected` is written against, says `clean_rows`. So an expected
// key is looked up under its camelCase spelling when the result has one, else as
// written (map keys such as months, source ids and column names are not renamed), and
// an argument error's field is compared in camelCase too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { rawJson } from "./raw-json.mjs";
import { addDecimal } from "./decimal.mjs";

const require = createRequire(import.meta.url);
const { Policy, qualityReport } = require("../pkg/node/iuran_wasm.js");

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The canonical field names, in the order output files use (core `worker::FIELDS`). */
const FIELDS = [
  "nik",
  "name",
  "birth_date",
  "sex",
  "regency",
  "district",
  "sector",
  "declared_income",
  "active_member",
  "welfare_decile",
  "dtsen",
  "cover_from",
  "cover_to",
];
/** A core name as serde's `camelCase` spells it: `age_over_120` → `ageOver120`. */
const camel = (name) => name.replace(/_(.)/g, (_, c) => c.toUpperCase());
/** An object's keys in camelCase (one level: the core's flat argument structs). */
const camelKeys = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), v]));

function cases() {
  const dir = join(root, "golden");
  return readdirSync(dir)
    .filter((f) => extname(f) === ".json")
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), "utf8");
      return { file: f.replace(/\.json$/, ""), text, value: JSON.parse(text) };
    });
}

/** The policy of a case: from a file (JSON by extension, else TOML), TOML text, or JSON. */
function policy(spec, caseText) {
  if (typeof spec.file === "string") {
    const text = readFileSync(join(root, spec.file), "utf8");
    return extname(spec.file).toLowerCase() === ".json" ? Policy.fromJson(text) : Policy.fromToml(text);
  }
  if (typeof spec.toml === "string") return Policy.fromToml(spec.toml);
  if (spec.json !== undefined) {
    // The value's own text, so numbers keep how they were written (1.5e9 stays a float).
    return Policy.fromJson(rawJson(caseText, ["policy", "json"]));
  }
  throw new Error("policy must have `file`, `toml` or `json`");
}

/** Replace each run of `#` with the copy number, zero-padded to the run's width. */
function expand(template, n) {
  return template.replace(/#+/g, (run) => String(n).padStart(run.length, "0"));
}

/** A roster input as CSV text. */
function rosterCsv(input) {
  if (typeof input.csv === "string") return input.csv;
  // The first ten canonical columns always; a later one when a record names it.
  const fields = FIELDS.filter((f, i) => i < 10 || input.groups.some((g) => f in g.record));
  let out = `${fields.join(",")}\n`;
  for (const g of input.groups) {
    for (let n = 1; n <= g.count; n++) {
      const cells = fields.map((f) => (typeof g.record[f] === "string" ? expand(g.record[f], n) : ""));
      out += `${cells.join(",")}\n`;
    }
  }
  return out;
}

function money(v) {
  assert.equal(typeof v, "string", "money is a string in golden files");
  return v;
}

function checkDecision(d, exp) {
  const errs = [];
  const eq = (what, got, want) => {
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      errs.push(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
  };
  eq("eligible", d.eligible, exp.eligible);
  eq("reasons", d.reasons.map((r) => r.code), exp.reasons);
  if ("funding_source" in exp) eq("funding_source", d.fundingSource, exp.funding_source);
  if ("monthly_contribution" in exp) {
    eq("monthly_contribution", d.monthlyContribution, money(exp.monthly_contribution));
  }
  if ("months" in exp) eq("months", d.months, exp.months);
  if ("total_cost" in exp) eq("total_cost", d.totalCost, money(exp.total_cost));
  if ("excluded_months" in exp) {
    eq("excluded_months", d.excludedMonths.map((r) => r.code), exp.excluded_months);
  }
  for (const [code, kv] of Object.entries(exp.context || {})) {
    const reason = [...d.reasons, ...d.excludedMonths].find((r) => r.code === code);
    for (const [k, want] of Object.entries(kv)) {
      eq(`context ${code}.${k}`, (reason && reason.context[k]) ?? "", want);
    }
  }
  for (const item of exp.breakdown || []) {
    const c = d.breakdown.find((x) => x.month === item.month && x.programme === item.programme);
    if (!c) {
      eq(`breakdown ${item.month} ${item.programme}`, "absent", "present");
      continue;
    }
    eq(`breakdown ${item.month} ${item.programme} amount`, c.amount, money(item.amount));
    eq(`breakdown ${item.month} ${item.programme} adjustments`, c.adjustments, item.adjustments);
  }
  return errs;
}

function checkRoster(p, input, exp) {
  const csv = rosterCsv(input);
  // Waiting positions and the reasons of each row are the explanation: explain every
  // row when they are asked for.
  const result = p.evaluateRoster(csv, { lang: "en", firstRows: exp.waiting_positions || exp.row_reasons ? 1 << 30 : 0 });
  const s = result.summary;
  const errs = [];
  const eq = (what, got, want) => {
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      errs.push(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
  };
  const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  eq("rows", s.rows, exp.rows);
  eq("eligible", s.eligible, exp.eligible);
  eq("ineligible", s.ineligible, exp.ineligible);
  eq("total_cost", s.totalCost, money(exp.total_cost));
  if (exp.by_funding_source) {
    const want = Object.fromEntries(
      Object.entries(exp.by_funding_source).map(([k, t]) => [k, { workers: t.workers, cost: money(t.cost) }]),
    );
    const got = Object.fromEntries(
      Object.entries(s.byFundingSource).map(([k, t]) => [k, { workers: t.workers, cost: t.cost }]),
    );
    eq("by_funding_source", sorted(got), sorted(want));
  }
  if (exp.by_reason) eq("by_reason", sorted(s.byReason), sorted(exp.by_reason));
  for (const [m, want] of Object.entries(exp.by_month || {})) {
    eq(`by_month ${m}`, s.byMonth[m] ?? "", money(want));
  }
  if (exp.row_reasons) {
    eq("row_reasons", result.firstRows.map(({ decision }) => decision.reasons.map((r) => r.code)), exp.row_reasons);
  }
  if (exp.waiting_positions) {
    const got = result.firstRows.map(({ decision }) => {
      const r = decision.reasons.find((x) => x.code === "budget_exhausted");
      return r ? Number(r.context.position) : null;
    });
    eq("waiting_positions", got, exp.waiting_positions);
  }
  if (exp.funding_sources) eq("funding_sources", [...result.rows.fundingSource], exp.funding_sources);
  if (exp.lines) eq("lines", [...result.rows.line], exp.lines);
  if (exp.waiting_positions) eq("waiting positions (columns)", result.rows.waitingPosition, exp.waiting_positions);
  if (exp.output) eq("output", result.csv, exp.output);
  // Whatever the case, a total is the sum of its rows.
  eq("sum of rows", result.rows.totalCost.reduce(addDecimal, "0"), s.totalCost);
  return errs;
}

/** The value of `key` (a core name) in a result: under its camelCase name, else as is. */
function field(got, key) {
  const c = camel(key);
  if (c !== key && Object.hasOwn(got, c)) return got[c];
  return Object.hasOwn(got, key) ? got[key] : null;
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** Compare the values `want` names with the result, exactly (core/tests/golden.rs `subset`). */
function subset(got, want, at, errs) {
  if (isObject(got) && isObject(want)) {
    for (const [k, v] of Object.entries(want)) subset(field(got, k), v, `${at}.${k}`, errs);
  } else if (Array.isArray(got) && isObject(want)) {
    // `{"3": {...}}` checks element 3 of an array.
    for (const [k, v] of Object.entries(want)) {
      const i = Number(k);
      assert.ok(Number.isInteger(i) && i >= 0, `array index ${k}`);
      subset(got[i] ?? null, v, `${at}[${i}]`, errs);
    }
  } else if (Array.isArray(got) && Array.isArray(want) && got.length === want.length) {
    got.forEach((g, i) => subset(g, want[i], `${at}[${i}]`, errs));
  } else if (!isDeepStrictEqual(got ?? null, want)) {
    errs.push(`${at}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
}

/**
 * A comparison: the policy and each scenario (`{ file }` or `{ toml }`) on one roster
 * (core/tests/golden.rs `check_compare`), every change kept; the changes' `costDelta`
 * add up to the total delta.
 */
function checkCompare(p, input, exp) {
  const scenarios = input.scenarios.map((s) => (s.file ? readFileSync(join(root, s.file), "utf8") : s.toml));
  const result = p.compare(scenarios, rosterCsv(input.roster));
  const errs = [];
  subset(result, exp, "compare", errs);
  for (const v of result.variants) {
    const sum = v.changes.map((c) => c.costDelta).reduce(addDecimal, "0");
    if (sum !== v.delta.totalCost) errs.push(`${v.totals.name}: changes add up to ${sum}, delta ${v.delta.totalCost}`);
  }
  return errs;
}

/** Planning cases: capacity, requirement, schedule, roadmap, benefits, quality. */
function checkPlanning(p, kind, input, exp) {
  let result;
  let error;
  try {
    switch (kind) {
      case "capacity":
        result = p.capacity(input.budget, { source: input.source, sector: input.sector });
        result.cost_per_worker = result.cost.total;
        break;
      case "requirement":
        result = p.requirement(input.workers, { source: input.source, sector: input.sector });
        break;
      case "schedule":
        result = p.schedule(p.evaluateRoster(rosterCsv(input.roster)).summary, { tranches: input.tranches });
        break;
      case "roadmap":
        result = p.roadmap(camelKeys(input));
        break;
      case "benefits":
        result = p.benefits(camelKeys(input));
        break;
      case "quality":
        result = qualityReport(rosterCsv(input.roster), input.as_of);
        break;
      default:
        throw new Error(`unknown kind ${kind}`);
    }
  } catch (e) {
    if (e.name !== "IuranError") throw e;
    error = e;
  }
  const errs = [];
  if (error && exp.error) {
    const want = exp.error;
    if (error.code !== want.code || (error.field ?? null) !== (want.field == null ? null : camel(want.field))) {
      errs.push(`error: got ${error.code} ${error.field} (${error.message}), want ${JSON.stringify(want)}`);
    }
  } else if (error) {
    errs.push(`unexpected error: ${error.message}`);
  } else if (exp.error) {
    errs.push("expected an error");
  } else {
    subset(result, exp, kind, errs);
  }
  return errs;
}

function checkPolicy(make, exp) {
  let p;
  try {
    p = make();
  } catch (e) {
    if (!exp.error) return [`unexpected error: ${e.message}`];
    const errs = [];
    if (e.name !== "IuranError") errs.push(`error name: got ${e.name}`);
    if (e.code !== exp.error.code) errs.push(`error code: got ${e.code}, want ${exp.error.code}`);
    if ((e.field ?? null) !== (exp.error.field ?? null)) {
      errs.push(`error field: got ${e.field}, want ${exp.error.field} (${e.message})`);
    }
    return errs;
  }
  if (exp.error) return ["expected an error, the policy compiled"];
  if (!exp.lints) return ["check case needs `error` or `lints`"];
  const got = p.lint().map((l) => l.code);
  return JSON.stringify(got) === JSON.stringify(exp.lints)
    ? []
    : [`lints: got ${JSON.stringify(got)}, want ${JSON.stringify(exp.lints)}`];
}

const all = cases();

test("the golden folder holds the shared cases", () => {
  assert.ok(all.length >= 25, `found ${all.length}`);
});

const PLANNING = ["capacity", "requirement", "schedule", "quality", "roadmap", "benefits"];
const KINDS = ["worker", "roster", "check", "compare", ...PLANNING];

for (const { file, text, value: c } of all) {
  test(`golden ${file}`, () => {
    for (const key of ["name", "reference", "policy", "input", "expected"]) {
      assert.ok(key in c, `missing \`${key}\``);
    }
    const { input, expected } = c;
    const kinds = Object.keys(input).filter((k) => KINDS.includes(k));
    assert.equal(kinds.length, 1, `one known kind of input, found ${JSON.stringify(Object.keys(input))}`);
    const planning = PLANNING.find((k) => k in input);
    let errs;
    if (planning) {
      const p = policy(c.policy, text);
      try {
        errs = checkPlanning(p, planning, input[planning], expected);
      } finally {
        p.free();
      }
    } else if (input.check !== undefined) {
      errs = checkPolicy(() => policy(c.policy, text), expected);
    } else if (input.compare !== undefined) {
      const p = policy(c.policy, text);
      try {
        errs = checkCompare(p, input.compare, expected);
      } finally {
        p.free();
      }
    } else {
      const p = policy(c.policy, text);
      try {
        if (input.worker !== undefined) {
          const worker = Object.fromEntries(Object.entries(input.worker).map(([k, v]) => [camel(k), v]));
          errs = checkDecision(p.evaluate(worker), expected);
        } else {
          errs = checkRoster(p, input.roster, expected);
        }
      } finally {
        p.free();
      }
    }
    assert.deepEqual(errs, [], `${c.name}\n${errs.join("\n")}`);
  });
}

test("the runner's comparison is the core's: subsets, array indexes, exact values", () => {
  const errs = [];
  subset({ yearsList: [1, { cleanRows: 2, by_x: "3" }] }, { years_list: { 1: { clean_rows: 2, by_x: "3" } } }, "r", errs);
  assert.deepEqual(errs, []);
  subset({ a: [1, 2] }, { a: [1] }, "r", errs);
  subset({ a: "1" }, { a: 1 }, "r", errs);
  subset({}, { a: null, b: 0 }, "r", errs);
  assert.deepEqual(errs, ["r.a: got [1,2], want [1]", 'r.a: got "1", want 1', "r.b: got null, want 0"]);
  assert.equal(camel("age_over_120"), "ageOver120");
});

test("expand numbers runs of hashes", () => {
  assert.equal(expand("332801120370####", 7), "3328011203700007");
  assert.equal(expand("a##b#", 3), "a03b3");
  assert.equal(expand("none", 3), "none");
});

// Size and speed of the WebAssembly package (not part of the tests):
//
//   node bindings-wasm/bench.mjs [roster.csv]
//
// - the .wasm: as cargo built it, after wasm-bindgen + wasm-opt -Oz, and gzipped;
// - a 100,000-row synthetic roster (`iuran synth --rows 100000 --seed 1`, made with
//   cargo if the file is missing) under the Kab. Tegal 2025 policy, evaluated in Node
//   (`evaluateRoster`: read, decide, output CSV, summary, columns to JavaScript; and
//   `evaluateRosterColumns`: the same without the output file, as typed arrays) and in
//   the calculator page in headless Chromium, where its Web Worker calls
//   `evaluateRosterColumns`; the page's longest gap between animation frames
//   (requestAnimationFrame timestamps, from the file chosen to the data-quality
//   findings shown) shows whether the page stays responsive;
// - the data-quality report of the same roster (`qualityReport`), in Node and as the
//   page shows it after the summary.
//
// Every run checks its answer (row count, and the total equals the sum of the rows).
// Needs a build first: bash bindings-wasm/scripts/build.sh (or test.sh).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { addDecimal } from "./tests/decimal.mjs";
import { serve } from "./tests/server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const ROWS = 100_000;
const RUNS = 5;
const rosterPath = process.argv[2] || join(tmpdir(), "roster100k.csv");
const policyText = readFileSync(join(root, "examples", "policies", "tegal-2025.toml"), "utf8");

const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const ms = (n) => `${n.toFixed(0)} ms`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (!existsSync(rosterPath)) {
  console.log(`making ${rosterPath} with iuran synth …`);
  execFileSync(
    "cargo",
    ["run", "--release", "-q", "-p", "iuran-cli", "--", "synth", "--rows", String(ROWS), "--seed", "1", "--out", rosterPath],
    { cwd: root, stdio: "inherit" },
  );
}
const roster = readFileSync(rosterPath);

// ---- size -------------------------------------------------------------------------
const targetDir = JSON.parse(
  execFileSync("cargo", ["metadata", "--format-version", "1", "--no-deps"], { cwd: root, encoding: "utf8" }),
).target_directory;
const raw = statSync(join(targetDir, "wasm32-unknown-unknown", "release", "iuran_wasm.wasm")).size;
const optimised = readFileSync(join(here, "pkg", "web", "iuran_wasm_bg.wasm"));
const gzipped = gzipSync(optimised, { level: 9 }).length;

// ---- Node -------------------------------------------------------------------------
function check(result) {
  assert.equal(result.summary.rows, ROWS);
  assert.equal(result.rows.totalCost.reduce(addDecimal, "0"), result.summary.totalCost);
}
const require = createRequire(import.meta.url);
const { Policy, qualityReport } = require("./pkg/node/iuran_wasm.js");
const policy = Policy.fromToml(policyText);
const nodeRuns = [];
let summary;
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  const result = policy.evaluateRoster(roster, { lang: "id", firstRows: 50 });
  nodeRuns.push(performance.now() - t);
  check(result);
  summary = result.summary;
}
// What the calculator's Worker calls: typed arrays, no output file.
const columnRuns = [];
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  const result = policy.evaluateRosterColumns(roster, { lang: "id", firstRows: 50 });
  columnRuns.push(performance.now() - t);
  assert.equal(result.summary.rows, ROWS);
  assert.equal(result.rows.totalCost.reduce((a, b) => a + b, 0n).toString(), result.summary.totalCost);
  assert.deepEqual(result.summary, summary);
}
const worker = { nik: "3328011203700001", birthDate: "1970-03-12", regency: "3328", sector: "Petani Tembakau" };
const singleN = 20_000;
let t = performance.now();
for (let i = 0; i < singleN; i++) assert.equal(policy.evaluate(worker).totalCost, "67200");
const single = ((performance.now() - t) / singleN) * 1000;
const qualityRuns = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  const q = qualityReport(roster, "2025-11-22");
  qualityRuns.push(performance.now() - t0);
  assert.equal(q.rows, ROWS);
}

// ---- Chromium ---------------------------------------------------------------------
const server = await serve(join(root, "examples", "web"));
const profile = mkdtempSync(join(tmpdir(), "iuran-bench-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1200, height: 900 },
});
const browserRuns = [];
try {
  const page = context.pages()[0] || (await context.newPage());
  const pageStart = Date.now();
  await page.goto(`${server.url}/index.html`);
  await page.waitForSelector("#status[data-ready=true]", { timeout: 60_000 });
  const pageReady = Date.now() - pageStart;
  await page.check(`#programme input[value="tegal-2025.toml"]`); // a radio card
  await page.waitForFunction(() => document.querySelector("#policy-name").textContent.includes("Tegal"));
  for (let i = 0; i < RUNS; i++) {
    await page.evaluate(() => {
      document.querySelector("#roster-status").textContent = "";
      const w = window;
      w.__frames = [];
      w.__watch = true;
      const tick = (now) => {
        w.__frames.push(now);
        if (w.__watch) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      w.__start = performance.now();
    });
    await page.setInputFiles("#roster-file", []); // so that the same file counts as a new choice
    await page.setInputFiles("#roster-file", rosterPath);
    await page.waitForFunction(() => /Selesai/.test(document.querySelector("#roster-status").textContent), null, {
      timeout: 120_000,
    });
    const shown = await page.evaluate(() => performance.now() - window.__start);
    await page.waitForFunction(
      () => !document.querySelector("#quality").hidden && /^100\.000 baris diperiksa/.test(document.querySelector("#quality-summary").textContent),
      null,
      { timeout: 120_000 },
    );
    const r = await page.evaluate(() => {
      const w = window;
      w.__watch = false;
      const f = w.__frames;
      let gap = 0;
      for (let k = 1; k < f.length; k++) gap = Math.max(gap, f[k] - f[k - 1]);
      return {
        wall: performance.now() - w.__start,
        gap,
        rows: document.querySelector("#s-rows").textContent,
        total: document.querySelector("#s-total").textContent,
        status: document.querySelector("#roster-status").textContent,
      };
    });
    r.quality = r.wall;
    r.wall = shown;
    console.log(`browser run ${i + 1}: ${r.status} (${r.wall.toFixed(0)} ms; quality shown at ${r.quality.toFixed(0)} ms)`);
    assert.equal(r.rows, "100.000");
    browserRuns.push(r);
  }
  browserRuns.pageReady = pageReady;
} finally {
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}

// ---- report -----------------------------------------------------------------------
const secs = (text) => Number(/dalam ([\d,]+) detik/.exec(text)[1].replace(",", ".")) * 1000;
const inWorker = browserRuns.map((r) => secs(r.status));
const lines = [
  `| measure | value |`,
  `|---|---|`,
  `| \`.wasm\` from cargo (release) | ${kb(raw)} |`,
  `| after wasm-bindgen + \`wasm-opt -Oz\` | ${kb(optimised.length)} |`,
  `| … gzipped (\`gzip -9\`) | ${kb(gzipped)} |`,
  `| Node: one worker, \`policy.evaluate\` | ${single.toFixed(0)} µs |`,
  `| Node: 100,000 rows, first run (code not yet optimised by V8) | ${ms(nodeRuns[0])} |`,
  `| Node: 100,000 rows, median of the next ${RUNS - 1} | ${ms(median(nodeRuns.slice(1)))} |`,
  `| Node: 100,000 rows as typed arrays (\`evaluateRosterColumns\`, what the calculator's Worker calls), median of the next ${RUNS - 1} | ${ms(median(columnRuns.slice(1)))} |`,
  `| Chromium: page ready (load, compile the example policies) | ${ms(browserRuns.pageReady)} |`,
  `| Chromium: 100,000 rows in the Web Worker, first run | ${ms(inWorker[0])} |`,
  `| Chromium: 100,000 rows in the Web Worker, median of the next ${RUNS - 1} | ${ms(median(inWorker.slice(1)))} |`,
  `| Node: data-quality report of the 100,000 rows, median of ${RUNS} | ${ms(median(qualityRuns))} |`,
  `| Chromium: file chosen → summary shown, first / median | ${ms(browserRuns[0].wall)} / ${ms(median(browserRuns.slice(1).map((r) => r.wall)))} |`,
  `| Chromium: file chosen → data-quality findings shown, first / median | ${ms(browserRuns[0].quality)} / ${ms(median(browserRuns.slice(1).map((r) => r.quality)))} |`,
  `| Chromium: longest gap between animation frames meanwhile | ${ms(Math.max(...browserRuns.map((r) => r.gap)))} |`,
];
console.log(`\n${ROWS.toLocaleString("en")} rows, ${kb(roster.length)} (${rosterPath}); Kab. Tegal 2025 policy:`);
console.log(`eligible ${summary.eligible}, total Rp ${summary.totalCost}\n`);
console.log(lines.join("\n"));

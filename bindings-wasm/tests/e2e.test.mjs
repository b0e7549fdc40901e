// End-to-end test of the calculator page (examples/web) in headless Chromium: Debian's
// /usr/bin/chromium driven by playwright-core (which never downloads a browser).
//
// Served from a tiny static server on 127.0.0.1, then opened from file:// as from a USB
// stick. Screenshots go to bindings-wasm/test-output/screenshots (printed below); with
// IURAN_UPDATE_SCREENSHOT=1 the roster screenshot is also copied to docs/calculator.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";
import { codeBlock } from "./readme.mjs";
import { coreSummary, firstLine } from "./core.mjs";

const here = dirname(dirname(fileURLToPath(import.meta.url))); // bindings-wasm
const root = dirname(here);
const web = join(root, "examples", "web");
const shots = join(here, "test-output", "screenshots");
const downloads = join(here, "test-output", "downloads");
const tegalCsv = join(root, "examples", "data", "tegal-2025-budget.csv");
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let server;
let context;
let profile;
let page;
const problems = []; // console errors, page errors, requests that leave the machine

function watch(p, allowedPrefix) {
  p.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  p.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  p.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(allowedPrefix) && !url.startsWith("blob:") && !url.startsWith("data:")) {
      problems.push(`request outside the page's folder: ${url}`);
    }
  });
}

async function shot(name, options = {}) {
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path, fullPage: true, ...options });
  return path;
}

async function ready(p) {
  await p.waitForSelector("#status[data-ready=true]", { timeout: 30_000 });
}

async function checkWorker(p, { nik, birthDate, sex, sector }) {
  await p.fill("#w-nik", nik);
  await p.fill("#w-birth", birthDate);
  await p.selectOption("#w-sex", sex);
  await p.fill("#w-sector-text", sector);
  const before = await p.evaluate(() => document.querySelector("#verdict").textContent);
  await p.click("#check");
  await p.waitForFunction(
    (old) => {
      const r = document.querySelector("#single-result");
      return !r.hidden && document.querySelector("#verdict").textContent !== old;
    },
    before,
  );
}

before(async () => {
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  mkdirSync(downloads, { recursive: true });
  console.log(`screenshots: ${shots}`);
  server = await serve(web);
  profile = mkdtempSync(join(tmpdir(), "iuran-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ARGS,
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
  });
  page = context.pages()[0] || (await context.newPage());
  watch(page, server.url);
  await page.goto(`${server.url}/index.html`);
  await ready(page);
});

after(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test("opens in Indonesian with the five example programmes", async () => {
  assert.equal(await page.getAttribute("html", "lang"), "id");
  assert.equal(await page.textContent("h1"), "Kalkulator bantuan iuran BPJS Ketenagakerjaan");
  const options = await page.$$eval("#programme option", (os) => os.map((o) => o.value));
  assert.deepEqual(options, [
    "jember-2025.toml",
    "pemalang-2025.toml",
    "tegal-2025.toml",
    "temanggung-2025.toml",
    "trenggalek-2025.toml",
  ]);
  const sectors = await page.$$eval("#w-sector-pick option", (os) => os.length);
  assert.ok(sectors > 10, `sector picker has ${sectors} options`);
});

test("one worker: a Pemalang worker aged 54 on 2025-11-01 is below the minimum age", async () => {
  await page.selectOption("#programme", "pemalang-2025.toml");
  await page.waitForFunction(() => document.querySelector("#policy-name").textContent.includes("Pemalang"));
  assert.equal(await page.inputValue("#w-regency"), "3327");
  const lints = await page.textContent("#lint-list");
  assert.match(lints, /short_cover_funeral_only/);
  await checkWorker(page, {
    nik: "3327010211700002",
    birthDate: "02-11-1970",
    sex: "L",
    sector: "Petani Padi",
  });
  assert.equal(await page.textContent("#verdict"), "✘ Tidak memenuhi syarat");
  const reasons = await page.textContent("#reasons");
  assert.match(reasons, /usia 54 tahun pada 2025-11-01, di bawah batas minimal 55 tahun/);
  assert.match(reasons, /age_below_minimum/);
  assert.equal(await page.textContent("#r-total"), "Rp 0");
  await shot("1-worker-not-eligible");
});

test("one worker: turning 55 on the first day of cover is eligible, with the breakdown", async () => {
  await checkWorker(page, {
    nik: "3327010111700001",
    birthDate: "1970-11-01",
    sex: "L",
    sector: "Petani Padi",
  });
  assert.equal(await page.textContent("#verdict"), "✔ Memenuhi syarat");
  assert.equal(await page.textContent("#r-monthly"), "Rp 16.800");
  assert.equal(await page.textContent("#r-months"), "2");
  assert.equal(await page.textContent("#r-total"), "Rp 33.600");
  const rows = await page.$$eval("#breakdown tbody tr", (trs) =>
    trs.map((tr) => [...tr.cells].map((c) => c.textContent)),
  );
  assert.equal(rows.length, 4);
  assert.deepEqual(rows[0].slice(0, 6), ["November 2025", "JKK", "1%", "Rp 1.000.000", "—", "Rp 10.000"]);
  assert.deepEqual(rows[1].slice(0, 6), ["November 2025", "JKM", "Rp 6800", "Rp 1.000.000", "—", "Rp 6.800"]);
  await shot("2-worker-eligible");
});

test("roster: the Kab. Tegal 2025 budget roster costs Rp 547.411.200", async () => {
  await page.selectOption("#programme", "tegal-2025.toml");
  await page.waitForFunction(() => document.querySelector("#policy-name").textContent.includes("Tegal"));
  await page.setInputFiles("#roster-file", tegalCsv);
  await page.waitForFunction(() => /Selesai/.test(document.querySelector("#roster-status").textContent), null, {
    timeout: 60_000,
  });
  console.log(`roster status: ${await page.textContent("#roster-status")}`);
  assert.equal(await page.textContent("#s-rows"), "8.146");
  assert.equal(await page.textContent("#s-eligible"), "8.146");
  assert.equal(await page.textContent("#s-ineligible"), "0");
  assert.equal(await page.textContent("#s-total"), "Rp 547.411.200");
  const sources = await page.$$eval("#by-source tbody tr", (trs) =>
    trs.map((tr) => [...tr.cells].map((c) => c.textContent)),
  );
  assert.deepEqual(sources, [
    ["APBD Kabupaten Tegal TA 2025", "1.000", "Rp 67.200.000", "Rp 67.200.000"],
    ["DBHCHT Kabupaten Tegal TA 2025", "7.146", "Rp 480.211.200", "Rp 480.211.200"],
  ]);
  const months = await page.$$eval("#by-month tbody tr", (trs) => trs.map((tr) => tr.cells[0].textContent));
  assert.deepEqual(months, ["September 2025", "Oktober 2025", "November 2025", "Desember 2025"]);
  assert.equal(await page.$$eval("#first-rows tbody tr", (trs) => trs.length), 50);
  await shot("3-roster");
});

test("roster: the results CSV downloads with every row plus the header", async () => {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  assert.equal(download.suggestedFilename(), "tegal-2025-budget-hasil.csv");
  const path = join(downloads, download.suggestedFilename());
  await download.saveAs(path);
  const lines = readFileSync(path, "utf8").split("\n").filter((l) => l !== "");
  assert.equal(lines.length, 8146 + 1);
  assert.equal(
    lines[0],
    "nik,name,birth_date,sex,regency,district,sector,active_member,welfare_decile,eligible,reasons,monthly_contribution,months,total_cost,funding_source",
  );
  assert.match(lines[1], /,true,,16800,4,67200,dbhcht$/);
});

test("roster: the 3,000-row sample with data problems shows every reason with an example", async () => {
  await page.setInputFiles("#roster-file", join(root, "examples", "data", "sample-tegal-2025.csv"));
  await page.waitForFunction(() => /3\.000 baris/.test(document.querySelector("#roster-status").textContent));
  // The core's own answer for the same files, from the Rust command-line program,
  // as the page writes numbers in Indonesian.
  const core = coreSummary("examples/policies/tegal-2025.toml", "examples/data/sample-tegal-2025.csv");
  const id = (n) => Number(n).toLocaleString("id-ID");
  assert.equal(await page.textContent("#s-rows"), "3.000");
  assert.equal(await page.textContent("#s-eligible"), id(core.eligible));
  assert.equal(await page.textContent("#s-ineligible"), id(core.ineligible));
  assert.equal(await page.textContent("#s-total"), `Rp ${id(core.total_cost)}`);
  const reasons = Object.fromEntries(
    await page.$$eval("#by-reason tbody tr", (trs) => trs.map((tr) => [tr.cells[0].textContent, tr.cells.item(2).textContent])),
  );
  const firstMember = firstLine(readFileSync(join(root, "examples", "data", "sample-tegal-2025.csv"), "utf8"), "active_member", (v) => v === "ya");
  assert.match(reasons.already_member, new RegExp(`^mis\\. baris ${firstMember}: sudah menjadi peserta aktif BPJS Ketenagakerjaan$`));
  assert.match(reasons.duplicate_nik, /^mis\. baris 89: NIK sama dengan baris 56$/);
  const top = await page.evaluate(() => document.querySelector("#roster-title").getBoundingClientRect().top + window.scrollY);
  const docs = await shot("3-roster-sample", { clip: { x: 0, y: top - 24, width: 1200, height: 1180 } });
  if (process.env.IURAN_UPDATE_SCREENSHOT === "1") {
    copyFileSync(docs, join(root, "docs", "calculator.png"));
  }
});

test("switching to English changes the texts, messages and number format", async () => {
  await page.selectOption("#programme", "pemalang-2025.toml");
  await page.waitForFunction(() => /Selesai/.test(document.querySelector("#roster-status").textContent));
  await checkWorker(page, {
    nik: "3327010211700002",
    birthDate: "02-11-1970",
    sex: "L",
    sector: "Petani Padi",
  });
  await page.click("#lang-en");
  await page.waitForFunction(() => /Done/.test(document.querySelector("#roster-status").textContent));
  await page.waitForFunction(() => /below the minimum age/.test(document.querySelector("#reasons").textContent));
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal(await page.getAttribute("#lang-en", "aria-pressed"), "true");
  assert.equal(await page.textContent("h1"), "BPJS Ketenagakerjaan contribution subsidy calculator");
  assert.equal(await page.textContent("#verdict"), "✘ Not eligible");
  assert.match(await page.textContent("#reasons"), /aged 54 on 2025-11-01, below the minimum age of 55/);
  assert.match(await page.textContent("#lint-list"), /months of cover: a non-work death/);
  // The roster was re-run against Pemalang (a 55-65 programme) in English.
  assert.match(await page.textContent("#by-reason"), /age_below_minimum/);
  assert.match(await page.textContent("#by-reason"), /e\.g\. line \d+: aged \d+ on 2025-11-01, below the minimum age of 55/);
  assert.equal(await page.textContent("#s-rows"), "3,000");
  await shot("4-english");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot("5-phone");
  await shot("5-phone-top", { fullPage: false });
  await page.evaluate(() => document.querySelector("#single-title").scrollIntoView());
  await shot("5-phone-worker", { fullPage: false });
  await page.setViewportSize({ width: 1200, height: 900 });
});

test("an Excel file gets a clear 'not yet supported' message", async () => {
  await page.setInputFiles("#roster-file", {
    name: "bnba.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]),
  });
  await page.waitForSelector("#roster-error:not([hidden])");
  assert.match(await page.textContent("#roster-error"), /not yet supported/);
});

test("an unreadable roster and a bad policy file show the core's error with its code", async () => {
  await page.setInputFiles("#roster-file", {
    name: "wrong.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("nik,name\n3328011203700001,X\n"),
  });
  await page.waitForFunction(() => /column `birth_date`/.test(document.querySelector("#roster-error").textContent));
  assert.match(await page.textContent("#roster-error"), /code: roster, field: birth_date, line: 1/);
  await page.setInputFiles("#policy-file", {
    name: "bad.toml",
    mimeType: "text/plain",
    buffer: Buffer.from('id = "x"\nname = "x"\nregency = "3328"\nfiscal_year = 2025\ncoverage = { start = "2025-09", months = 0 }\n[[funding]]\nid = "a"\nkind = "APBD"\n'),
  });
  await page.waitForSelector("#policy-error:not([hidden])");
  assert.match(await page.textContent("#policy-error"), /code: policy_field, field: coverage\.months/);
});

test("her own JSON policy file loads and its warnings show", async () => {
  const json = JSON.stringify({
    id: "own",
    name: "My village programme",
    regency: "3328",
    fiscal_year: 2025,
    coverage: { start: "2025-11", months: 3 },
    funding: [{ id: "desa", kind: "APBDes", public_payer: false, budget: "5000000" }],
  });
  await page.setInputFiles("#policy-file", { name: "own.json", mimeType: "application/json", buffer: Buffer.from(json) });
  await page.waitForFunction(() => document.querySelector("#policy-name").textContent === "My village programme");
  assert.equal(await page.isHidden("#policy-error"), true);
  assert.match(await page.textContent("#lint-list"), /short_cover_funeral_only/);
  assert.match(await page.inputValue("#programme"), /^own:/);
});

test("works opened straight from the folder (file://), as from a USB stick", async () => {
  const local = await context.newPage();
  const url = pathToFileURL(join(web, "index.html")).href;
  watch(local, pathToFileURL(web).href);
  await local.goto(url);
  await ready(local);
  await local.selectOption("#programme", "pemalang-2025.toml");
  await local.waitForFunction(() => document.querySelector("#policy-name").textContent.includes("Pemalang"));
  await checkWorker(local, {
    nik: "3327010211700002",
    birthDate: "02-11-1970",
    sex: "L",
    sector: "Petani Padi",
  });
  assert.match(await local.textContent("#reasons"), /di bawah batas minimal 55/);
  await local.close();
});

test("the README's browser snippet runs against pkg/web", async () => {
  const dir = join(here, "test-output", "web-snippet");
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(here, "pkg", "web"), join(dir, "pkg"), { recursive: true });
  copyFileSync(join(root, "examples", "policies", "pemalang-2025.toml"), join(dir, "pemalang-2025.toml"));
  writeFileSync(join(dir, "snippet.mjs"), codeBlock("In the browser"));
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "iuran-wasm/web": "./pkg/iuran_wasm.js" } }</script>
<p id="answer"></p><script type="module" src="snippet.mjs"></script>`,
  );
  const snippetServer = await serve(dir);
  const p = await context.newPage();
  watch(p, snippetServer.url);
  try {
    await p.goto(`${snippetServer.url}/index.html`);
    await p.waitForFunction(() => document.querySelector("#answer").textContent !== "");
    assert.equal(await p.textContent("#answer"), "usia 54 tahun pada 2025-11-01, di bawah batas minimal 55 tahun");
  } finally {
    await p.close();
    await snippetServer.close();
  }
});

test("no console errors, no request outside the page's folder", () => {
  assert.deepEqual(problems, []);
  assert.ok(server.requests.every((u) => !u.includes("..")));
  const size = statSync(join(shots, "3-roster-sample.png")).size;
  assert.ok(size < 300_000, `screenshot is ${size} bytes`);
});

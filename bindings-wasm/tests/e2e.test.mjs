// End-to-end test of the calculator page (examples/web) in headless Chromium: Debian's
// /usr/bin/chromium driven by playwright-core (which never downloads a browser).
//
// Served from a tiny static server on 127.0.0.1, then opened from file:// as from a USB
// stick. Screenshots go to bindings-wasm/test-output/screenshots (printed below); the
// screenshots committed under docs/screenshots come from layout.test.mjs.
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
const fixtures = join(here, "tests", "fixtures");
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

/** Choose an example programme (a radio card) and wait until it is the one in use. */
async function choose(p, file, name) {
  await p.check(`#programme input[value="${file}"]`);
  await p.waitForFunction((n) => document.querySelector("#policy-name").textContent.includes(n), name);
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
    viewport: { width: 1280, height: 900 },
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

/** A distinct valid NIK for row `i` (district 01, 02, … of Kab. Tegal, born 12-03-1970, serials 0001–9999). */
const nik = (i) => `3328${String(1 + Math.floor(i / 9999)).padStart(2, "0")}120370${String(1 + (i % 9999)).padStart(4, "0")}`;

test("opens in Indonesian with every example programme", async () => {
  assert.equal(await page.getAttribute("html", "lang"), "id");
  assert.equal(await page.textContent("h1"), "Kalkulator bantuan iuran BPJS Ketenagakerjaan");
  const options = await page.$$eval("#programme input", (os) => os.map((o) => o.value));
  assert.deepEqual(options, [
    "jember-2025.toml",
    "pemalang-2025.toml",
    "tegal-2025.toml",
    "temanggung-2025.toml",
    "trenggalek-2025-decree.toml",
    "trenggalek-2025.toml",
  ]);
  const sectors = await page.$$eval("#w-sector-pick option", (os) => os.length);
  assert.ok(sectors > 10, `sector picker has ${sectors} options`);
});

test("one worker: a Pemalang worker aged 54 on 2025-11-01 is below the minimum age", async () => {
  await choose(page, "pemalang-2025.toml", "Pemalang");
  assert.equal(await page.inputValue("#w-regency"), "3327");
  assert.equal(await page.textContent("#policy-regency"), "Kabupaten Pemalang (3327)");
  const lints = await page.textContent("#lint-list");
  assert.match(lints, /cakupan 2 bulan: kematian bukan karena kecelakaan kerja/);
  assert.doesNotMatch(lints, /short_cover_funeral_only/);
  assert.match(await page.textContent("#lint-codes"), /short_cover_funeral_only/);
  await checkWorker(page, {
    nik: "3327010211700002",
    birthDate: "02-11-1970",
    sex: "L",
    sector: "Petani Padi",
  });
  assert.equal(await page.textContent("#verdict"), "✘ Tidak memenuhi syarat");
  const reasons = await page.textContent("#reasons");
  assert.match(reasons, /usia 54 tahun pada 2025-11-01, di bawah batas minimal 55 tahun/);
  assert.doesNotMatch(reasons, /age_below_minimum/);
  assert.equal(await page.textContent("#reason-codes"), "age_below_minimum");
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
  // The rate is grouped like every other amount.
  assert.deepEqual(rows[1].slice(0, 6), ["November 2025", "JKM", "Rp 6.800", "Rp 1.000.000", "—", "Rp 6.800"]);
  await shot("2-worker-eligible");
});

test("what the family would receive: Rp 10.000.000 for a non-work death in month 2 of Pemalang", async () => {
  assert.equal(await page.isVisible("#benefits"), true);
  const months = await page.$$eval("#b-month option", (os) => os.map((o) => o.textContent));
  assert.deepEqual(months, ["Bulan ke-1 (November 2025)", "Bulan ke-2 (Desember 2025)"]);
  const levels = await page.$$eval("#b-child-1 option", (os) => os.map((o) => o.value));
  assert.deepEqual(levels, ["", "tk", "sd", "smp", "sma", "university"]);
  await page.selectOption("#b-month", "2");
  // RULES.md §5 / Permenaker 1/2025: within the first 3 months of JKM only the funeral
  // benefit, Rp 10,000,000, is paid.
  await page.waitForFunction(() => document.querySelector("#b-total").textContent === "Rp 10.000.000");
  const items = await page.$$eval("#b-items tbody tr", (trs) => trs.map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent]));
  assert.deepEqual(items, [["Biaya pemakaman", "Rp 10.000.000"]]);
  assert.match(await page.textContent("#b-notes"), /meninggal dalam 3 bulan pertama kepesertaan: hanya biaya pemakaman/);
  // A work accident in month 1, a child in primary school: 48 × Rp 1,000,000 +
  // Rp 12,000,000 + Rp 10,000,000 + one year of SD scholarship, Rp 1,500,000.
  await page.selectOption("#b-month", "1");
  await page.check("#b-cause-jkk");
  await page.selectOption("#b-child-1", "sd");
  await page.waitForFunction(() => document.querySelector("#b-total").textContent === "Rp 71.500.000");
  assert.equal(await page.$$eval("#b-items tbody tr", (trs) => trs.length), 4);
  await shot("2-worker-benefits");
  // By keyboard: the month one down (a work accident pays whatever the month), then the
  // cause one up, to "not a work accident": month 2 again, the funeral benefit only.
  await page.focus("#b-month");
  await page.keyboard.press("ArrowDown");
  // A customisable select (appearance: base-select) opens its list on the arrow key:
  // then the next option and Enter, as a keyboard user does.
  if (await page.evaluate(() => document.querySelector("#b-month").matches(":open"))) {
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
  }
  await page.waitForFunction(() => document.querySelector("#b-month").value === "2");
  await page.focus("#b-cause-jkk");
  await page.keyboard.press("ArrowUp");
  await page.waitForFunction(() => document.querySelector("#b-total").textContent === "Rp 10.000.000");
  assert.equal(await page.isChecked("#b-cause-jkm"), true);
  assert.match(await page.textContent("#b-notes"), /beasiswa|hanya biaya pemakaman/);
  await page.selectOption("#b-child-1", "");
});

test("one worker: her own months of cover cut Pemalang's two months to one, and a reversed pair is explained", async () => {
  // Pemalang covers November and December 2025 at Rp 16.800 a month; covered only up to
  // November 2025, the worker who turns 55 on 1 November costs one month.
  await page.fill("#w-nik", "3327010111700001");
  await page.fill("#w-birth", "1970-11-01");
  await page.selectOption("#w-sex", "L");
  await page.fill("#w-sector-text", "Petani Padi");
  await page.fill("#w-cover-to", "2025-11");
  await page.click("#check");
  await page.waitForFunction(() => document.querySelector("#r-months").textContent === "1");
  assert.equal(await page.textContent("#verdict"), "✔ Memenuhi syarat");
  assert.equal(await page.textContent("#r-months"), "1");
  assert.equal(await page.textContent("#r-total"), "Rp 16.800");
  assert.equal(await page.$$eval("#breakdown tbody tr", (trs) => trs.length), 2);
  // From December 2025 to November 2025: the first month is after the last.
  await page.fill("#w-cover-from", "2025-12");
  await page.click("#check");
  await page.waitForFunction(() => document.querySelector("#verdict").textContent === "✘ Tidak memenuhi syarat");
  assert.match(await page.textContent("#reasons"), /bulan awal tanggungan \(2025-12\) sesudah bulan akhirnya \(2025-11\)/);
  assert.equal(await page.textContent("#reason-codes"), "cover_reversed");
  assert.equal(await page.textContent("#r-total"), "Rp 0");
  await page.fill("#w-cover-from", "");
  await page.fill("#w-cover-to", "");
});

test("budget: Trenggalek's Rp 2.090.000.000 covers 10.367 workers with Rp 12.800 left", async () => {
  await choose(page, "trenggalek-2025.toml", "Trenggalek");
  assert.deepEqual(await page.$$eval("#g-source input", (os) => os.map((o) => [o.value, o.checked])), [["dbhcht", true]]);
  // Typed the way people write it; the core reads it (RULES.md §8).
  await page.fill("#g-amount", "2.090.000.000");
  await page.press("#g-amount", "Enter");
  await page.waitForSelector("#budget-result:not([hidden])");
  assert.equal(await page.textContent("#g-workers"), "10.367");
  assert.equal(await page.textContent("#g-per-worker"), "Rp 201.600");
  assert.equal(await page.textContent("#g-per-worker-note"), "iuran bulan pertama Rp 16.800; 12 bulan");
  assert.equal(await page.textContent("#g-spent"), "Rp 2.089.987.200");
  assert.equal(await page.textContent("#g-left"), "Rp 12.800");
  assert.equal(await page.isHidden("#g-sector-field"), true);
  await shot("6-budget");
  await page.fill("#g-amount", "dua milyar");
  await page.click("#g-check");
  await page.waitForSelector("#budget-error:not([hidden])");
  assert.match(await page.textContent("#budget-error .error-lead"), /^Anggaran tidak terbaca sebagai jumlah rupiah/);
  assert.match(await page.textContent("#budget-error details"), /is not an amount of rupiah.*\(kode: argument, kolom: budget\)/);
});

test("budget: when the cost depends on the sector the core says so, and a sector picker appears", async () => {
  // PP 50/2025: a CSR payer in 2026 pays less for transport workers than for farmers.
  const csr = 'id = "csr-2026"\nname = "Program CSR 2026"\nregency = "3328"\nfiscal_year = 2026\n' +
    'coverage = { start = "2026-01", months = 12 }\n[[funding]]\nid = "csr"\nkind = "CSR"\n';
  await page.setInputFiles("#policy-file", { name: "csr.toml", mimeType: "text/plain", buffer: Buffer.from(csr) });
  await page.waitForFunction(() => document.querySelector("#policy-name").textContent === "Program CSR 2026");
  assert.equal(await page.isHidden("#budget-result"), true);
  await page.fill("#g-amount", "1.000.000");
  await page.click("#g-check");
  await page.waitForSelector("#g-sector-field:not([hidden])");
  assert.match(await page.textContent("#budget-error .error-lead"), /berbeda menurut sektor: pilih sektornya/);
  assert.match(await page.textContent("#budget-error details"), /cost differently by sector.*\(kode: argument, kolom: sector\)/);
  assert.equal(await page.evaluate(() => document.activeElement.id), "g-sector");
  await page.selectOption("#g-sector", "ojol");
  await page.click("#g-check");
  await page.waitForSelector("#budget-result:not([hidden])");
  // 12 × Rp 8,400 = Rp 100,800 a driver: 9 drivers, Rp 92,800 left.
  assert.equal(await page.textContent("#g-workers"), "9");
  assert.equal(await page.textContent("#g-per-worker"), "Rp 100.800");
  assert.equal(await page.textContent("#g-left"), "Rp 92.800");
  assert.equal(await page.isHidden("#budget-error"), true);
});

test("roster: the Kab. Tegal 2025 budget roster costs Rp 547.411.200", async () => {
  await choose(page, "tegal-2025.toml", "Tegal");
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
  await page.waitForSelector("#quality:not([hidden])");
  assert.match(await page.textContent("#quality-summary"), /^8\.146 baris diperiksa .*; 8\.146 baris tanpa temuan\.$/);
  await shot("3-roster");
});

test("roster: the payment schedule by month and in tranches, due by the 15th", async () => {
  const cells = (id) => page.$$eval(`#${id} tbody tr`, (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  // Rp 547,411,200 over 4 months: Rp 136,852,800 a month (DBHCHT 120,052,800, APBD 16,800,000).
  assert.deepEqual((await cells("by-month"))[0], [
    "September 2025",
    "15 September 2025",
    "Rp 16.800.000",
    "Rp 120.052.800",
    "Rp 136.852.800",
  ]);
  assert.deepEqual(await cells("by-tranche"), [
    ["Tahap 1", "September 2025 – Desember 2025", "15 September 2025", "Rp 67.200.000", "Rp 480.211.200", "Rp 547.411.200"],
  ]);
  await page.fill("#tranches", "3");
  await page.press("#tranches", "Enter");
  await page.waitForFunction(() => document.querySelectorAll("#by-tranche tbody tr").length === 3);
  // 2 + 1 + 1 months: 2 × 136,852,800 = 273,705,600 due with September.
  assert.deepEqual(
    (await cells("by-tranche")).map((r) => [r[0], r[1], r[2], r[5]]),
    [
      ["Tahap 1", "September 2025 – Oktober 2025", "15 September 2025", "Rp 273.705.600"],
      ["Tahap 2", "November 2025", "15 November 2025", "Rp 136.852.800"],
      ["Tahap 3", "Desember 2025", "15 Desember 2025", "Rp 136.852.800"],
    ],
  );
  await page.fill("#tranches", "5");
  await page.press("#tranches", "Enter");
  await page.waitForSelector("#schedule-error:not([hidden])");
  assert.match(await page.textContent("#schedule-error"), /must be from 1 to the 4 covered months, found 5 \(kode: argument, kolom: tranches\)/);
  await page.fill("#tranches", "1");
  await page.press("#tranches", "Enter");
  await page.waitForSelector("#schedule-error", { state: "hidden" });
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
    "nik,name,birth_date,sex,regency,district,sector,active_member,welfare_decile,eligible,reasons,monthly_contribution,months,total_cost,funding_source,waiting_position,extra_cells",
  );
  assert.match(lines[1], /,true,,16800,4,67200,dbhcht,,$/);
});

test("roster: the 3,000-row sample with data problems shows every reason with an example", async () => {
  // The progress bar the page shows while the Worker reads and decides.
  await page.evaluate(() => {
    window.__progress = [];
    const bar = document.querySelector("#roster-progress");
    window.__watchProgress = new MutationObserver(() => window.__progress.push([bar.value, bar.hidden]));
    window.__watchProgress.observe(bar, { attributes: true, attributeFilter: ["value", "hidden"] });
  });
  await page.setInputFiles("#roster-file", join(root, "examples", "data", "sample-tegal-2025.csv"));
  await page.waitForFunction(() => /3\.000 baris/.test(document.querySelector("#roster-status").textContent));
  const progress = await page.evaluate(() => {
    window.__watchProgress.disconnect();
    return window.__progress;
  });
  // Shown at 0, then after the one chunk of rows read (pass 1 of 2: up to half, as the
  // file's size suggests), then decided; hidden when done.
  const shown = [...new Set(progress.filter(([, hidden]) => !hidden).map(([v]) => v))];
  assert.equal(shown.length, 3, JSON.stringify(progress));
  assert.deepEqual([shown[0], shown[2]], [0, 1]);
  assert.ok(shown[1] > 0.4 && shown[1] <= 0.5, JSON.stringify(progress));
  assert.equal(progress.at(-1)[1], true);
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
  // Each reason by its plain label; the codes in the details box below the table.
  assert.match(reasons["Sudah peserta aktif"], new RegExp(`^mis\\. baris ${firstMember}: sudah menjadi peserta aktif BPJS Ketenagakerjaan$`));
  assert.match(reasons["NIK ganda"], /^mis\. baris 89: NIK sama dengan baris 56$/);
  assert.match(await page.textContent("#by-reason-codes"), /NIK ganda = duplicate_nik/);
  assert.doesNotMatch(await page.textContent("#by-reason tbody"), /[a-z]+_[a-z]+/);
  // The data-quality findings come after the summary.
  await page.waitForFunction(() => /^3\.000 baris diperiksa/.test(document.querySelector("#quality-summary").textContent));
  assert.match(await page.textContent("#quality-table"), /NIK ganda \(baris dengan NIK yang sama\)\d+56 = 89;/);
  const top = await page.evaluate(() => document.querySelector("#roster-title").getBoundingClientRect().top + window.scrollY);
  await shot("3-roster-sample", { clip: { x: 0, y: top - 24, width: 1280, height: 1560 } });
});

test("the Worker posts progress after each chunk, then every row as typed arrays moved to the page", async () => {
  let csv = "nik,birth_date,regency,sector\n";
  for (let i = 0; i < 40_000; i++) csv += `${nik(i)},1970-03-12,3328,nelayan\n`;
  const policy = readFileSync(join(root, "examples", "policies", "tegal-2025.toml"), "utf8");
  const got = await page.evaluate(
    async ({ csv, policy }) => {
      const worker = new Worker(URL.createObjectURL(new Blob([self.IURAN_WORKER_SOURCE], { type: "text/javascript" })));
      const messages = [];
      const ask = (id, op, args, transfer) =>
        new Promise((resolve) => {
          worker.onmessage = (e) => {
            messages.push(e.data);
            if (!e.data.progress) resolve(e.data);
          };
          worker.postMessage({ id, op, args }, transfer || []);
        });
      await ask(1, "policy", { text: policy, format: "toml", lang: "en" });
      const bytes = new TextEncoder().encode(csv);
      const done = await ask(2, "roster", { bytes, lang: "en", firstRows: 2 }, [bytes.buffer]);
      const file = await ask(3, "csv", {});
      worker.terminate();
      const rows = done.result.rows;
      return {
        ok: done.ok,
        progress: messages.filter((m) => m.id === 2 && m.progress).map((m) => [m.progress.pass, m.progress.rows, m.progress.fraction]),
        answerLast: messages.findIndex((m) => m.id === 2 && !m.progress) === messages.filter((m) => m.id <= 2).length - 1,
        kinds: Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.constructor.name])),
        sent: bytes.byteLength, // 0: the roster's bytes moved to the Worker
        rows: rows.line.length,
        first: [rows.eligible[0], rows.totalCost[0].toString(), rows.fundingSources[rows.fundingSource[0]]],
        sum: rows.totalCost.reduce((a, b) => a + b, 0n).toString(),
        eligible: rows.eligible.reduce((a, b) => a + b, 0),
        waiting: rows.waitingPosition.filter((p) => p > 0).length,
        reasonSets: rows.reasonSets,
        summary: done.result.summary,
        fileLines: file.result.split("\n").filter(Boolean).length,
      };
    },
    { csv, policy },
  );
  assert.equal(got.ok, true);
  // Three chunks of 16,384 rows read (pass 1 of 2), then decided.
  assert.deepEqual(got.progress.map(([pass, rows]) => [pass, rows]), [[1, 16384], [1, 32768], [1, 40000], [2, 40000]]);
  assert.equal(got.progress.at(-1)[2], 1);
  assert.ok(got.answerLast);
  assert.equal(got.sent, 0);
  assert.deepEqual(got.kinds, {
    line: "Uint32Array",
    eligible: "Uint8Array",
    reasons: "Uint32Array",
    reasonSets: "Array",
    sector: "Uint8Array",
    sectors: "Array",
    fundingSource: "Uint8Array",
    fundingSources: "Array",
    monthlyContribution: "BigInt64Array",
    months: "Uint32Array",
    totalCost: "BigInt64Array",
    waitingPosition: "Uint32Array",
  });
  assert.equal(got.rows, 40_000);
  // A fisher aged 55 in Kab. Tegal: 4 months × Rp 16,800, paid by APBD (DBHCHT is for tobacco).
  assert.deepEqual(got.first, [1, "67200", "apbd"]);
  // The budgets run out: the rest wait, and the totals are the sums of the rows.
  assert.equal(got.sum, got.summary.totalCost);
  assert.equal(got.eligible, got.summary.eligible);
  // APBD's Rp 67,200,000 pays for 1,000 fishers; the other 39,000 wait.
  assert.deepEqual([got.eligible, got.waiting, got.sum], [1000, 39_000, "67200000"]);
  assert.deepEqual(got.reasonSets, [[], ["budget_exhausted"]]);
  assert.equal(got.fileLines, 40_001);
});

test("switching to English changes the texts, messages and number format", async () => {
  await choose(page, "pemalang-2025.toml", "Pemalang");
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
  assert.match(await page.textContent("#by-reason"), /Below the minimum age/);
  assert.match(await page.textContent("#by-reason"), /e\.g\. line \d+: aged \d+ on 2025-11-01, below the minimum age of 55/);
  assert.equal(await page.textContent("#s-rows"), "3,000");
  assert.match(await page.textContent("#quality-summary"), /^3,000 rows checked \(ages as of \d+ [A-Z][a-z]+ \d{4}\); [\d,]+ rows without findings\.$/);
  assert.equal(await page.textContent("#by-tranche thead th:first-child"), "Tranche");
  assert.equal(await page.textContent("#g-check"), "Calculate");
  await shot("4-english");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot("5-phone");
  await shot("5-phone-top", { fullPage: false });
  await page.evaluate(() => document.querySelector("#single-title").scrollIntoView());
  await shot("5-phone-worker", { fullPage: false });
  await page.evaluate(() => document.querySelector("#budget-title").scrollIntoView());
  await shot("5-phone-budget", { fullPage: false });
  await page.evaluate(() => document.querySelector("#quality").scrollIntoView());
  await shot("5-phone-quality", { fullPage: false });
  await page.setViewportSize({ width: 1280, height: 900 });
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
  assert.match(await page.textContent("#lint-codes"), /short_cover_funeral_only/);
  assert.match(await page.$eval("#programme input:checked", (i) => i.value), /^own:/);
});

/** The roster's summary cards and the lines of its first rows, once `n` rows are done. */
async function rosterShown(rows) {
  await page.waitForFunction((n) => new RegExp(`(Selesai|Done): ${n} `).test(document.querySelector("#roster-status").textContent), rows);
  return {
    cards: await page.$$eval("#roster-result .stat-value", (vs) => vs.slice(0, 4).map((v) => v.textContent)),
    lines: await page.$$eval("#first-rows tbody tr", (trs) => trs.map((tr) => tr.cells[0].textContent)),
  };
}

test("an Excel BNBA list (.xlsx) gives the same answer as the same people in CSV", async () => {
  await page.click("#lang-id");
  await page.waitForFunction(() => document.documentElement.lang === "id");
  await choose(page, "tegal-2025.toml", "Tegal");
  await page.setInputFiles("#roster-file", join(fixtures, "bnba-tegal-3.xlsx"));
  const book = await rosterShown(3);
  assert.equal(await page.isHidden("#roster-error"), true);
  // Hand-checked (tests/fixtures/make-bnba-xlsx.mjs): two eligible at 4 × Rp 16,800, one
  // outside the regency; Excel numbers the data rows 4 to 6.
  assert.deepEqual(book.cards, ["3", "2", "1", "Rp 134.400"]);
  assert.deepEqual(book.lines, ["4", "5", "6"]);
  await page.waitForSelector("#quality:not([hidden])");
  assert.match(await page.textContent("#quality-summary"), /^3 baris diperiksa .*; 3 baris tanpa temuan\.$/);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  assert.equal(download.suggestedFilename(), "bnba-tegal-3-hasil.csv");
  await page.setInputFiles("#roster-file", join(fixtures, "bnba-tegal-3.csv"));
  const csv = await rosterShown(3);
  assert.deepEqual(csv.cards, book.cards);
  assert.deepEqual(csv.lines, ["2", "3", "4"]);
  // A file that only looks like a workbook: the core's error, with its code.
  await page.setInputFiles("#roster-file", {
    name: "rusak.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]),
  });
  await page.waitForSelector("#roster-error:not([hidden])");
  assert.match(await page.textContent("#roster-error"), /is not a readable \.xlsx workbook.*\(kode: roster\)/);
  assert.equal(await page.isHidden("#roster-result"), true);
});

test("data quality: a hand-made messy CSV shows each finding with the file's row numbers", async () => {
  const messy = [
    "nik,nama,tanggal lahir,jenis kelamin,kode kabupaten,pekerjaan",
    "3328011203700001,A,1970-03-12,L,3328,Nelayan", // 2: same NIK as line 5
    "3328011203700002,B,1970-03-12,L,3328,", // 3: no occupation
    "3328011203700003,C,1970-03-12,L,,Nelayan", // 4: no regency
    "3328011203700001,D,1970-03-12,L,3328,Nelayan", // 5
    "3328011203700005,E,31-02-1970,L,3328,Nelayan", // 6: no such date
    "3.32801E+15,F,1970-03-12,L,3328,Wiraswasta", // 7: NIK as Excel shows it; unknown occupation
    "3328011203700007,G,1970-03-13,P,3328,wiraswasta", // 8: NIK says born 12th, male
    "3328011203700008,H,1970-03-12,L,3328,Petani Padi,extra", // 9: one cell too many
    "3328011203700009,I,1970-03-12,L,3328,Petani Padi", // 10: clean
  ].join("\n");
  await page.setInputFiles("#roster-file", { name: "berantakan.csv", mimeType: "text/csv", buffer: Buffer.from(messy) });
  await rosterShown(9);
  await page.waitForFunction(() => /^9 baris diperiksa/.test(document.querySelector("#quality-summary").textContent));
  assert.match(await page.textContent("#quality-summary"), /; 1 baris tanpa temuan\.$/);
  const findings = await page.$$eval("#quality-table tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(findings, [
    ["Jumlah sel tidak sama dengan judul kolom", "1", "9"],
    ["Kode kabupaten/kota domisili belum diisi", "1", "4"],
    ["Pekerjaan belum diisi", "1", "3"],
    ["Tanggal lahir tidak dapat dibaca", "1", "6"],
    ["NIK tertulis 3,3E+15: ketik ulang sebagai teks", "1", "7"],
    ["Tanggal lahir tidak cocok dengan NIK", "1", "8"],
    ["Jenis kelamin tidak cocok dengan NIK", "1", "8"],
    ["NIK ganda (baris dengan NIK yang sama)", "2", "2 = 5"],
    ["Pekerjaan tidak ada dalam daftar sektor (jumlah baris)", "2", "“Wiraswasta” (2)"],
  ]);
  const top = await page.evaluate(() => document.querySelector("#quality").getBoundingClientRect().top + window.scrollY);
  await shot("7-quality", { clip: { x: 0, y: top - 16, width: 1280, height: 420 } });
});

test("works opened straight from the folder (file://), as from a USB stick", async () => {
  const local = await context.newPage();
  const url = pathToFileURL(join(web, "index.html")).href;
  watch(local, pathToFileURL(web).href);
  await local.goto(url);
  await ready(local);
  await choose(local, "pemalang-2025.toml", "Pemalang");
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

test("compare scenarios: the four Tegal what-ifs on the 3,000-row sample, with a chart", async () => {
  await choose(page, "tegal-2025.toml", "Tegal");
  await page.setInputFiles("#roster-file", join(root, "examples", "data", "sample-tegal-2025.csv"));
  await page.waitForFunction(() => !document.querySelector("#compare").disabled, null, { timeout: 60_000 });
  assert.equal(await page.$$eval(".scenario-pick:checked", (b) => b.length), 4);
  await page.click("#compare");
  await page.waitForSelector("#compare-result:not([hidden])", { timeout: 60_000 });
  const rows = await page.$$eval("#compare-table tbody tr", (trs) =>
    trs.map((tr) => [...tr.cells].map((c) => c.textContent)),
  );
  // The same figures as `iuran compare` on this roster (core/tests, examples/cli/tests).
  assert.deepEqual(rows[0], ["Kebijakan dasar (tegal-2025)", "1.404", "1.404", "0", "Rp 94.348.800", ""]);
  assert.equal(rows.length, 5);
  const jkm = rows.find((r) => r[0].startsWith("JKM"));
  assert.deepEqual(jkm.slice(1), ["1.404", "1.404", "0", "Rp 98.280.000", "+Rp 3.931.200"]);
  const older = rows.find((r) => r[0].startsWith("Usia"));
  assert.deepEqual(older.slice(1), ["504", "504", "0", "Rp 33.868.800", "-Rp 60.480.000"]);
  // The chart: two bars per scenario, the longest cost bar for the nine-month start.
  const bars = await page.$$eval("#compare-chart rect.bar-cost", (rs) =>
    rs.map((r) => [r.getAttribute("data-cost"), Number(r.getAttribute("width"))]),
  );
  assert.equal(bars.length, 5);
  assert.equal(await page.$$eval("#compare-chart rect.bar-funded", (rs) => rs.length), 5);
  const widest = bars.reduce((a, b) => (b[1] > a[1] ? b : a));
  assert.equal(widest[0], "212284800");
  assert.match(await page.textContent("#compare-changes"), /900 pekerja berubah/);
  await shot("compare");
  // English, without computing again.
  await page.click("#lang-en");
  await page.waitForFunction(() => /900 workers change/.test(document.querySelector("#compare-changes").textContent));
  assert.equal(await page.textContent("#compare-table tbody tr td"), "Base policy (tegal-2025)");
  await page.click("#lang-id");
  await page.waitForFunction(() => /pekerja berubah/.test(document.querySelector("#compare-changes").textContent));
});

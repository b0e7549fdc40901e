// The calculator as a village official uses it, on a phone (360×800, touch, device scale
// 2) and on a desktop (1280×900): every step — choose a programme, check one worker,
// a budget, the 3,000-row sample roster, compare scenarios, English and back — with
// assertions on element boxes after each step:
//
//   - nothing scrolls sideways; on the phone every table cell is inside the screen
//     (each table row reads as a card), on the desktop no table needs to scroll;
//   - no cell, caption or figure is clipped, and an amount of money is on one line;
//   - every tap target is at least 44×44 px; a checkbox or radio is a small box with
//     its label beside it (not a full-width box with the label underneath);
//   - no select cuts the text of its chosen option;
//   - the step badges stay round;
//   - after switching language no rendered text is left in the other language (checked
//     against the page's own texts and the core's message catalogue), and the status
//     line says what is true.
//
// One full-page screenshot per step per width, and one per section once every section
// is filled in, go to test-output/layout/; with IURAN_UPDATE_SCREENSHOTS=1 they are
// also copied to docs/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";

const require = createRequire(import.meta.url);
const here = dirname(dirname(fileURLToPath(import.meta.url))); // bindings-wasm
const root = dirname(here);
const web = join(root, "examples", "web");
const shots = join(here, "test-output", "layout");
const docs = join(root, "docs", "screenshots");
const update = process.env.IURAN_UPDATE_SCREENSHOTS === "1";
const sample = join(root, "examples", "data", "sample-tegal-2025.csv");
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
const SIZES = [
  { name: "360", viewport: { width: 360, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  { name: "1280", viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
];

// Pictures at CSS size, as JPEG: small enough to keep in the repository.
const PICTURE = { scale: "css", type: "jpeg", quality: 60 };
let browser;
let server;

before(async () => {
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  if (update) mkdirSync(docs, { recursive: true });
  server = await serve(web);
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Problems with the boxes of what is on screen now (runs in the page). */
function audit(phone) {
  const out = [];
  const vw = document.documentElement.clientWidth;
  const shown = (e) =>
    e.getClientRects().length > 0 &&
    e.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true }) &&
    !e.closest(".visually-hidden") &&
    !(e.closest("details:not([open])") && !e.closest("summary"));
  const what = (e) =>
    `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${e.className ? `.${String(e.className).split(" ")[0]}` : ""} “${(e.textContent || e.value || "").trim().slice(0, 40)}”`;
  if (document.documentElement.scrollWidth > vw + 1) {
    const wide = [...document.querySelectorAll("body *")]
      .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > vw + 1)
      .filter((e) => ![...e.children].some((c) => c.getClientRects().length && c.getBoundingClientRect().right > vw + 1))
      .slice(0, 3)
      .map(what);
    out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px wide in ${vw} px (${wide.join("; ")})`);
  }
  // Tap targets.
  const targets = document.querySelectorAll(
    "button, select, input:not([type=radio]):not([type=checkbox]), label.pick, label.check, .choice label, summary, .lang button",
  );
  for (const e of targets) {
    if (!shown(e)) continue;
    const r = e.getBoundingClientRect();
    if (r.height < 43.5 || r.width < 43.5) out.push(`target ${what(e)} is ${r.width.toFixed(1)}×${r.height.toFixed(1)} px`);
  }
  // A checkbox or radio: a small box, its label on the same line to its right.
  for (const box of document.querySelectorAll("input[type=radio], input[type=checkbox]")) {
    if (!shown(box)) continue;
    const r = box.getBoundingClientRect();
    if (r.width > 28 || r.height > 28) out.push(`box ${what(box.closest("label") || box)} is ${r.width.toFixed(0)}×${r.height.toFixed(0)} px`);
    const text = box.nextElementSibling;
    if (!text) {
      out.push(`box ${what(box.closest("label") || box)} has no label beside it`);
      continue;
    }
    const t = text.getClientRects()[0];
    const sameLine = t && t.top < r.bottom && t.bottom > r.top;
    if (!t || t.left < r.right || !sameLine) out.push(`the label of ${what(box.closest("label") || box)} is not beside its box`);
  }
  // A select shows the whole text of its chosen option.
  const canvas = document.createElement("canvas").getContext("2d");
  for (const sel of document.querySelectorAll("select")) {
    if (!shown(sel) || !sel.selectedOptions[0]) continue;
    const cs = getComputedStyle(sel);
    if (cs.appearance === "base-select") {
      // Its text wraps: nothing may overflow the box.
      if (sel.scrollHeight > sel.clientHeight + 1 || sel.scrollWidth > sel.clientWidth + 1) {
        out.push(`select ${what(sel)} overflows (${sel.scrollWidth}×${sel.scrollHeight} in ${sel.clientWidth}×${sel.clientHeight})`);
      }
      continue;
    }
    canvas.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const need = canvas.measureText(sel.selectedOptions[0].textContent).width;
    const room = sel.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20; // the arrow
    if (need > room) out.push(`select ${what(sel)} cuts “${sel.selectedOptions[0].textContent}” (${need.toFixed(0)} px in ${room.toFixed(0)} px)`);
  }
  // Cells, captions, figures: not clipped, inside the screen; tables do not scroll on
  // the desktop; on the phone every column of a table is in view.
  for (const c of document.querySelectorAll("td, th, caption, .stat-value, .facts dd, .verdict, label, legend, h2, p")) {
    if (!shown(c) || (phone && c.closest("thead"))) continue;
    if (c.scrollWidth > c.clientWidth + 1) {
      out.push(`${what(c)} is clipped (${c.scrollWidth} px in ${c.clientWidth} px)`);
    }
    const r = c.getBoundingClientRect();
    if (r.right > vw + 0.5 || r.left < -0.5) out.push(`${what(c)} is outside the screen (${r.left.toFixed(0)}–${r.right.toFixed(0)} of ${vw})`);
  }
  // On the phone a cell's label (its ::before) must fit its column or wrap inside it,
  // never run into the value.
  if (phone) {
    for (const td of document.querySelectorAll("table.stack td[data-label]")) {
      if (!shown(td)) continue;
      const before = getComputedStyle(td, "::before");
      if (before.content === "none" || getComputedStyle(td).display !== "grid") continue;
      canvas.font = `${before.fontWeight} ${before.fontSize} ${before.fontFamily}`;
      const column = parseFloat(getComputedStyle(td).gridTemplateColumns.split(" ")[0]);
      if (before.whiteSpace.startsWith("nowrap") && canvas.measureText(td.dataset.label).width > column + 0.5) {
        out.push(`the label “${td.dataset.label}” runs into its value in ${what(td)}`);
      }
    }
  }
  for (const wrap of document.querySelectorAll(".table-wrap")) {
    if (shown(wrap) && wrap.scrollWidth > wrap.clientWidth + 1) out.push(`table ${what(wrap.querySelector("table"))} scrolls sideways`);
  }
  // Money on one line: every "Rp …" in the amounts, cards, facts and budgets.
  for (const e of document.querySelectorAll("td.num, .stat-value, .facts dd, .benefit-total strong, .budget, .stat-note, .note-warn, .changes li")) {
    if (!shown(e)) continue;
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (const m of n.textContent.matchAll(/[+-]?\u2060?Rp\s[\d.,]*\d/g)) {
        const range = document.createRange();
        range.setStart(n, m.index);
        range.setEnd(n, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) out.push(`amount “${m[0]}” in ${what(e)} breaks over ${lines.size} lines`);
      }
    }
  }
  // Step badges stay round.
  for (const s of document.querySelectorAll(".step")) {
    const r = s.getBoundingClientRect();
    if (Math.abs(r.width - r.height) > 0.5) out.push(`step badge ${s.textContent} is ${r.width.toFixed(1)}×${r.height.toFixed(1)} px`);
  }
  return out;
}

/** The rendered text of the page (what a person sees or a screen reader reads). */
function renderedText() {
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const e = n.parentElement;
    // Names as a policy or a file writes them (class "proper") are not translated.
    if (!e || !n.textContent.trim() || e.closest("script, style, [hidden], .proper")) continue;
    if (e.closest("details:not([open])") && !e.closest("summary")) continue;
    if (!e.closest(".visually-hidden") && e.getClientRects().length === 0) continue;
    if (e.closest("option") || e.closest(".visually-hidden") || e.checkVisibility({ visibilityProperty: true })) parts.push(n.textContent.trim());
  }
  for (const sel of document.querySelectorAll("select")) if (sel.selectedOptions[0]) parts.push(sel.selectedOptions[0].textContent);
  parts.push(document.title);
  return parts.join("\n");
}

/** Every fixed text of a language: the page's own (including the fixed parts of its
 *  templates) and the core's catalogue (reason labels and message templates, field
 *  names, data-quality headings). */
async function texts(page, lang) {
  const core = require("../pkg/node/iuran_wasm.js");
  const cat = core.messageCatalogue({ lang });
  const messy = [
    "nik,birth_date,regency,sector,sex",
    "3328011203700001,1970-03-12,3328,Nelayan,L",
    "3328011203700001,31-02-1970,,,X,extra",
    "3.32801E+15,2090-01-01,3328,Wiraswasta,P",
    "332801120370000,1800-01-01,3328,Nelayan,P",
    "3328011203700009,1970-03-13,3328,Nelayan,P",
  ].join("\n");
  const headings = Object.values(core.qualityReport(messy, "2025-11-22", { lang }).headings);
  const fragments = (template) => template.split(/\{[a-z_]+\}/).map((f) => f.trim()).filter(Boolean);
  const page_ = await page.evaluate((l) => {
    const out = [];
    const walk = (v) => {
      if (typeof v === "string") out.push(v);
      else if (typeof v === "function") {
        const body = /`([^`]*)`/.exec(v.toString());
        if (body) out.push(...body[1].split(/\$\{[^}]*\}/));
      } else if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    walk(window.IURAN_UI[l]);
    return out;
  }, lang);
  const all = [
    ...page_,
    ...Object.values(cat.reasons).flatMap((r) => [r.label, ...fragments(r.template)]),
    ...Object.values(cat.fields),
    ...headings,
  ];
  return [...new Set(all.map((s) => s.trim().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")).filter((s) => s.length >= 2))];
}

/** The texts of the other language found on the page. */
async function strays(page, lang) {
  const other = lang === "id" ? "en" : "id";
  const mine = new Set(await texts(page, lang));
  const theirs = (await texts(page, other)).filter((s) => !mine.has(s) && /\p{L}{2}/u.test(s));
  const text = await page.evaluate(renderedText);
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return theirs.filter((s) => new RegExp(`(^|[^\\p{L}])${escape(s)}($|[^\\p{L}])`, "u").test(text));
}

for (const size of SIZES) {
  const phone = size.name === "360";
  test(`every step at ${size.viewport.width}×${size.viewport.height}${phone ? " (touch, scale 2)" : ""}: readable boxes, one language, a screenshot each`, async () => {
    const context = await browser.newContext({
      viewport: size.viewport,
      deviceScaleFactor: size.deviceScaleFactor,
      isMobile: size.isMobile,
      hasTouch: size.hasTouch,
    });
    const page = await context.newPage();
    const problems = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    let step = 0;
    const check = async (name) => {
      step += 1;
      const found = await page.evaluate(audit, phone);
      const file = `${size.name}-${step}-${name}.jpg`;
      await page.screenshot({ path: join(shots, file), fullPage: true, ...PICTURE });
      if (update) copyFileSync(join(shots, file), join(docs, file));
      assert.deepEqual(found, [], `${name} at ${size.name} px`);
    };
    const tap = (selector) => (phone ? page.tap(selector) : page.click(selector));
    try {
      await page.goto(`${server.url}/index.html`);
      await page.waitForSelector("#status[data-ready=true]", { timeout: 60_000 });
      assert.equal(await page.textContent("#status"), "Siap.");

      // 1. Choose a programme: Trenggalek's long name is shown whole.
      await tap('#programme input[value="trenggalek-2025.toml"]');
      await page.waitForFunction(() => /Trenggalek/.test(document.querySelector("#policy-name").textContent));
      assert.equal(await page.textContent("#policy-regency"), "Kabupaten Trenggalek (3503)");
      const lints = await page.textContent("#lint-list");
      assert.doesNotMatch(lints, /`|dbhcht_outside_tobacco/);
      await check("programme");

      // 2. Check one worker: Pemalang, turning 55 on the first day of cover.
      await tap('#programme input[value="pemalang-2025.toml"]');
      await page.waitForFunction(() => /Pemalang/.test(document.querySelector("#policy-name").textContent));
      await page.fill("#w-nik", "3327010111700001");
      await page.fill("#w-birth", "1970-11-01");
      await page.selectOption("#w-sex", "L");
      await page.selectOption("#w-sector-pick", "food_crop_farmer").catch(() => page.fill("#w-sector-text", "Petani Padi"));
      await tap("#check");
      await page.waitForFunction(() => document.querySelector("#verdict").textContent === "✔ Memenuhi syarat");
      await page.waitForSelector("#benefits:not([hidden])");
      assert.equal(await page.textContent("#r-total"), "Rp 33.600");
      await check("worker");

      // 3. Budget: Tegal's DBHCHT line with more than its pagu (Rp 480.211.200).
      await tap('#programme input[value="tegal-2025.toml"]');
      await page.waitForFunction(() => /Tegal/.test(document.querySelector("#policy-name").textContent));
      await tap('#g-source input[value="dbhcht"]');
      await page.fill("#g-amount", "2.090.000.000");
      await tap("#g-check");
      await page.waitForSelector("#budget-result:not([hidden])");
      // 2,090,000,000 ÷ 67,200 = 31,101 workers; the pagu alone, 480,211,200 ÷ 67,200 = 7,146.
      assert.equal(await page.textContent("#g-workers"), "31.101");
      assert.equal(
        await page.textContent("#g-pagu-note"),
        "Anggaran ini melebihi pagu sumber dana ini (Rp\u00a0480.211.200); pagu itu cukup untuk 7.146 pekerja.",
      );
      await check("budget");

      // 4. The 3,000-row sample roster.
      await page.setInputFiles("#roster-file", sample);
      await page.waitForFunction(() => /Selesai: 3\.000 baris/.test(document.querySelector("#roster-status").textContent), null, { timeout: 60_000 });
      await page.waitForFunction(() => /^3\.000 baris diperiksa/.test(document.querySelector("#quality-summary").textContent));
      // The first 50 rows start folded; opened, they are readable too.
      await tap("#first-rows-summary");
      await page.waitForSelector("#first-rows-box[open]");
      assert.deepEqual(await page.evaluate(audit, phone), [], `first rows at ${size.name} px`);
      await tap("#first-rows-summary");
      await check("roster");

      // 5. Compare the four example scenarios.
      await tap("#compare");
      await page.waitForSelector("#compare-result:not([hidden])", { timeout: 60_000 });
      await check("compare");
      // One picture per section as it stands now (every section filled in).
      const sections = await page.$$("main section.card");
      for (const [i, section] of sections.entries()) {
        const file = `${size.name}-section-${i + 1}.jpg`;
        await section.screenshot({ path: join(shots, file), ...PICTURE });
        if (update) copyFileSync(join(shots, file), join(docs, file));
      }

      // 6. English: every text in English, the status line ready, then back. First, the
      // check itself can fail: the Indonesian page, read as if it had to be English.
      const control = await strays(page, "en");
      assert.ok(control.length > 30 && control.includes("Total biaya"), `control found only ${control.join(" | ")}`);
      await tap("#lang-en");
      await page.waitForFunction(() => /Done: 3,000 rows/.test(document.querySelector("#roster-status").textContent), null, { timeout: 60_000 });
      await page.waitForFunction(() => /workers change/.test(document.querySelector("#compare-changes").textContent));
      await page.waitForFunction(() => /Age over|rows checked/.test(document.querySelector("#quality").textContent));
      assert.equal(await page.textContent("#status"), "Ready.");
      assert.deepEqual(await strays(page, "en"), [], "Indonesian left on the English page");
      assert.match(await page.textContent("#compare-examples"), /Aged 50–65/);
      assert.equal(await page.$eval("#b-child-1 option:nth-child(3)", (o) => o.textContent), "Primary school");
      await check("english");
      await tap("#lang-id");
      await page.waitForFunction(() => /Selesai: 3\.000 baris/.test(document.querySelector("#roster-status").textContent), null, { timeout: 60_000 });
      await page.waitForFunction(() => /pekerja berubah/.test(document.querySelector("#compare-changes").textContent));
      await page.waitForFunction(() => /baris diperiksa/.test(document.querySelector("#quality-summary").textContent));
      assert.equal(await page.textContent("#status"), "Siap.");
      assert.deepEqual(await strays(page, "id"), [], "English left on the Indonesian page");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

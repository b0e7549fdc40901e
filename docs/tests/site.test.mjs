// The built site (docs/book, from docs/build.sh) opened in headless Chromium from
// file://, as a reader without internet would: Debian's /usr/bin/chromium driven by
// playwright-core (the WebAssembly package's dev dependency; it never downloads a
// browser).
//
// Every page of both books, at a phone width (360 px) and a desktop width (1280 px):
// no console error, no page error, no request leaving the site's folder, every image
// loaded, every link to a file that exists (and to an anchor that exists), and the
// language switch present, visible and pointing at the same page in the other book.
// The calculator page loads its WebAssembly core from file:// without an error.
//
// Screenshots go to docs/book/screenshots; with IURAN_UPDATE_SCREENSHOT=1 the start
// pages' are also copied to docs/screenshots/ (shown in the README).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const docs = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(docs);
const book = join(docs, "book");
const shots = join(book, "screenshots");
const { chromium } = createRequire(join(root, "bindings-wasm", "package.json"))("playwright-core");
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
const WIDTHS = [360, 1280];
const bookUrl = pathToFileURL(book).href;

let context;
let profile;

function htmlPages(lang) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!["fonts", "css", "FontAwesome", "fonts", "images", "notebook_files"].includes(e.name)) walk(p);
      } else if (e.name.endsWith(".html") && e.name !== "toc.html") out.push(p); // toc.html: mdBook's sidebar for readers without JavaScript
    }
  };
  walk(join(book, lang));
  return out.sort();
}

/** Open `file` at `width`; returns what a reader would trip over, the links and the ids. */
async function visit(file, width) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(bookUrl) && !url.startsWith("data:") && !url.startsWith("blob:")) {
      problems.push(`request outside the site: ${url}`);
    }
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  const found = await page.evaluate(() => ({
    images: [...document.images].map((i) => ({ src: i.src, ok: i.complete && i.naturalWidth > 0 })),
    links: [...document.querySelectorAll("a[href]")].map((a) => a.href),
    ids: [...document.querySelectorAll("[id], a[name]")].map((e) => e.id || e.getAttribute("name")),
    switchHref: document.querySelector("#lang-switch")?.href ?? null,
  }));
  const switchBox = await page.locator("#lang-switch").boundingBox().catch(() => null);
  return { page, problems, ...found, switchVisible: !!switchBox && switchBox.width > 0 };
}

before(async () => {
  assert.ok(existsSync(join(book, "id", "index.html")), "build the site first: bash docs/build.sh");
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), "iuran-docs-chromium-"));
  context = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", headless: true, args: ARGS });
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test("the site's front page opens the Indonesian book", async () => {
  // It redirects at once (a meta refresh), so it is not read like the other pages.
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(pathToFileURL(join(book, "index.html")).href);
  await page.waitForURL(/\/id\/index\.html$/);
  await page.waitForLoadState("load");
  assert.equal(await page.getAttribute("html", "lang"), "id");
  assert.deepEqual(problems, []);
  await page.close();
});

for (const lang of ["id", "en"]) {
  test(`every ${lang} page at ${WIDTHS.join(" and ")} px: no error, broken link or missing image`, async () => {
    const other = lang === "id" ? "en" : "id";
    const anchors = []; // [from, file, fragment]
    const ids = new Map(); // file → Set of ids
    const files = htmlPages(lang);
    assert.ok(files.length >= 15, `${files.length} pages in ${lang}`);
    const trouble = [];
    for (const file of files) {
      for (const width of WIDTHS) {
        const v = await visit(file, width);
        const name = `${relative(book, file)} @ ${width}px`;
        trouble.push(...v.problems.map((p) => `${name}: ${p}`));
        for (const img of v.images) if (!img.ok) trouble.push(`${name}: image not loaded: ${img.src}`);
        for (const href of v.links) {
          const url = new URL(href);
          if (url.protocol !== "file:") {
            trouble.push(`${name}: link leaves the site: ${href}`);
            continue;
          }
          const target = fileURLToPath(url);
          if (!existsSync(target)) trouble.push(`${name}: broken link: ${relative(book, target)}`);
          else if (url.hash.length > 1) anchors.push([name, target, decodeURIComponent(url.hash.slice(1))]);
        }
        if (!v.switchHref) trouble.push(`${name}: no language switch`);
        else {
          const target = fileURLToPath(new URL(v.switchHref));
          const want = join(book, other, relative(join(book, lang), file));
          if (target !== want) trouble.push(`${name}: the language switch points to ${relative(book, target)}`);
          if (!v.switchVisible) trouble.push(`${name}: the language switch is not visible`);
        }
        ids.set(file, new Set(v.ids));
        if (file.endsWith(`${lang}/index.html`) || file.endsWith("notebook.html")) {
          const shot = join(shots, `${lang}-${relative(join(book, lang), file).replace(/\.html$/, "")}-${width}.png`);
          await v.page.screenshot({ path: shot, fullPage: width === 360 ? false : true });
        }
        await v.page.close();
      }
    }
    for (const [from, file, fragment] of anchors) {
      const known = ids.get(file);
      if (known && !known.has(fragment)) trouble.push(`${from}: no anchor #${fragment} in ${relative(book, file)}`);
    }
    assert.deepEqual(trouble, []);
  });
}

test("the notebook page shows its charts", async () => {
  for (const lang of ["id", "en"]) {
    const v = await visit(join(book, lang, "notebook.html"), 1280);
    const charts = v.images.filter((i) => i.src.includes("notebook_files/"));
    assert.ok(charts.length >= 5, `${lang}: ${charts.length} charts`);
    assert.ok(charts.every((c) => c.ok));
    await v.page.close();
  }
});

test("the calculator works from the site, offline, in both widths", async () => {
  for (const width of WIDTHS) {
    const v = await visit(join(book, "kalkulator", "index.html"), width);
    await v.page.waitForSelector("#status[data-ready=true]", { timeout: 120_000 });
    // One worker through the WebAssembly core: Pemalang, aged 54 on the first day.
    await v.page.check(`#programme input[value="pemalang-2025.toml"]`);
    await v.page.waitForFunction(() => document.querySelector("#policy-name").textContent.includes("Pemalang"));
    await v.page.fill("#w-nik", "3327010211700002");
    await v.page.fill("#w-birth", "02-11-1970");
    await v.page.fill("#w-sector-text", "Petani Padi");
    await v.page.click("#check");
    await v.page.waitForFunction(() => /54 tahun/.test(document.querySelector("#reasons")?.textContent ?? ""));
    await v.page.screenshot({ path: join(shots, `kalkulator-${width}.png`) });
    assert.deepEqual(v.problems, []);
    await v.page.close();
  }
});

after(() => {
  if (process.env.IURAN_UPDATE_SCREENSHOT === "1") {
    mkdirSync(join(docs, "screenshots"), { recursive: true });
    for (const name of ["id-index-1280.png", "id-index-360.png", "en-index-1280.png"]) {
      copyFileSync(join(shots, name), join(docs, "screenshots", name));
    }
  }
});

// The code blocks of the site's hand-written pages, and how each kind is run.
//
//   ```console   `$ command` lines, each followed by the output it must print; a line
//                that is only `…` stands for any number of lines. A command may fail
//                (non-zero exit) only when its output shows a line starting `error:`.
//   ```sh        run with bash -euo pipefail; must succeed.
//   ```sh,setup  an install step (building the program from source): not run — the tests
//                build the same things themselves — but every path it names must exist.
//   ```python    run by the Python test environment's interpreter; must succeed.
//   ```js        run by Node as an ES module with `iuran-wasm` resolvable; must succeed.
//   ```rust      compiled and run as doc tests of docs/gen (`cargo test -p iuran-docs`).
//
// Every page's blocks run in order in one fresh folder holding a link to `examples/`,
// so a page can make a file in one block and use it in the next. Blocks of any other
// kind (text, toml, csv, json) are not run; a runnable-looking kind not listed here
// (bash, shell, py, javascript, ts) is an error, so that nothing is skipped by accident.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** Pages written at build time (not hand-written, not run). */
export const GENERATED = new Set([
  "notebook.md",
  "reference/reasons.md",
  "reference/rates.md",
  "reference/sectors.md",
  "reference/cli.md",
  "reference/python.md",
  "reference/typescript.md",
]);

const RUN = new Set(["console", "sh", "sh,setup", "python", "js", "rust"]);
const QUIET = new Set(["text", "toml", "csv", "json", "pycon", ""]);

/** Hand-written Markdown pages of a book's `src`, as paths relative to it. */
export function pages(src) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".md") && e.name !== "SUMMARY.md") {
        const rel = relative(src, p).split("\\").join("/");
        if (!GENERATED.has(rel)) out.push(rel);
      }
    }
  };
  walk(src);
  return out.sort();
}

/** The fenced code blocks of a Markdown text: `{ info, code, line }`. */
export function blocks(text) {
  const out = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, , fence, info] = open;
    const body = [];
    let j = i + 1;
    while (j < lines.length && !lines[j].trim().startsWith(fence)) body.push(lines[j++]);
    out.push({ info: info.trim(), code: body.join("\n") + "\n", line: i + 1 });
    i = j;
  }
  return out;
}

/** Check a block's kind; returns the kind to run, or null for a block that is not run. */
export function kind(info) {
  if (RUN.has(info)) return info;
  if (QUIET.has(info)) return null;
  throw new Error(`code block kind \`${info}\`: use console, sh, sh,setup, python, js, rust (run) or text, toml, csv, json (not run)`);
}

/** A console block's commands with their expected output lines. */
export function commands(code) {
  const out = [];
  for (const line of code.replace(/\n$/, "").split("\n")) {
    if (line.startsWith("$ ")) out.push({ command: line.slice(2), expected: [] });
    else if (out.length === 0) throw new Error(`console block must start with \`$ \`: ${line}`);
    else out.at(-1).expected.push(line);
  }
  return out;
}

/** Whether `actual` lines match `expected` lines, where a `…` line matches any run. */
export function matches(expected, actual) {
  const e = expected.map((l) => l.trimEnd());
  const a = actual.map((l) => l.trimEnd());
  const memo = new Map();
  const go = (i, j) => {
    const key = i * (a.length + 1) + j;
    if (memo.has(key)) return memo.get(key);
    let r;
    if (i === e.length) r = j === a.length;
    else if (e[i] === "…") r = go(i + 1, j) || (j < a.length && go(i, j + 1));
    else r = j < a.length && e[i] === a[j] && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/** Read a page. */
export function read(src, page) {
  return readFileSync(join(src, page), "utf8");
}

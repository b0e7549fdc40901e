// Runs every code block of the guide (both books), as docs/tests/snippets.mjs describes.
//
// Needs: the `iuran` program (IURAN_BIN, default $CARGO_TARGET_DIR/debug/iuran), the
// Python test environment with the iuran wheel (IURAN_PY, default
// bindings-python/.venv-test/bin/python) and the WebAssembly package's Node build
// (bindings-wasm/pkg/node). docs/test.sh provides all three.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { blocks, commands, kind, matches, pages, read } from "./snippets.mjs";

const docs = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(docs);
const target = process.env.CARGO_TARGET_DIR || join(root, "target");
const iuran = process.env.IURAN_BIN || join(target, "debug", "iuran");
const python = process.env.IURAN_PY || join(root, "bindings-python", ".venv-test", "bin", "python");
const jsDir = join(root, "bindings-wasm", "test-output", "docs-snippets"); // inside the package: `iuran-wasm` resolves to it

function workdir() {
  const dir = mkdtempSync(join(tmpdir(), "iuran-docs-"));
  symlinkSync(join(root, "examples"), join(dir, "examples"));
  const bin = join(dir, ".bin");
  mkdirSync(bin);
  symlinkSync(iuran, join(bin, "iuran"));
  return { dir, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } };
}

function run(file, args, { dir, env }, input) {
  const r = spawnSync(file, args, { cwd: dir, env, input, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return r;
}

// `IURAN_BLESS=1` writes what a command now prints into the page instead of failing:
// for a deliberate change of output, reviewed with `git diff` before committing. A
// shown output cut with `…` keeps its cut: as many first and last lines as before.
const bless = process.env.IURAN_BLESS === "1";

function rewrite(file, command, expected, actual) {
  const cut = expected.indexOf("…");
  let lines = actual;
  if (cut >= 0) {
    const tail = expected.length - 1 - expected.lastIndexOf("…");
    lines = [...actual.slice(0, cut), "…", ...(tail > 0 ? actual.slice(-tail) : [])];
  }
  const text = readFileSync(file, "utf8");
  const was = `$ ${command}\n${expected.join("\n")}`;
  const now = `$ ${command}\n${lines.join("\n")}`;
  assert.ok(text.includes(was), `${file}: cannot find the output of \`${command}\` to rewrite`);
  writeFileSync(file, text.replace(was, now));
}

function show(r) {
  return `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

for (const lang of ["id", "en"]) {
  const src = join(docs, "site", lang, "src");
  for (const page of pages(src)) {
    const runnable = blocks(read(src, page)).filter((b) => kind(b.info) && b.info !== "rust");
    if (runnable.length === 0) continue;
    test(`${lang}/${page}: every code block runs`, () => {
      const ctx = workdir();
      try {
        for (const b of runnable) {
          const where = `${lang}/${page}:${b.line}`;
          if (b.info === "sh,setup") {
            for (const m of b.code.matchAll(/(?:--path\s+|\s)(\.\/[\w./-]+|examples\/[\w./-]+|bindings-[\w./-]+)/g)) {
              assert.ok(existsSync(join(root, m[1])), `${where}: the setup step names ${m[1]}, which does not exist`);
            }
          } else if (b.info === "sh") {
            const r = run("bash", ["-euo", "pipefail", "-c", b.code], ctx);
            assert.equal(r.status, 0, `${where}: shell block failed\n${show(r)}`);
          } else if (b.info === "console") {
            for (const { command, expected } of commands(b.code)) {
              const r = run("bash", ["-o", "pipefail", "-c", `{ ${command}\n} 2>&1`], ctx);
              const actual = r.stdout === "" ? [] : r.stdout.replace(/\n$/, "").split("\n");
              const failed = r.status !== 0;
              assert.ok(
                !failed || expected.some((l) => l.startsWith("error:")),
                `${where}: \`${command}\` failed but its shown output has no \`error:\` line\n${show(r)}`,
              );
              if (bless && !matches(expected, actual)) {
                rewrite(join(src, page), command, expected, actual);
                continue;
              }
              assert.ok(
                matches(expected, actual),
                `${where}: \`${command}\` printed something else than the page shows\n--- page\n${expected.join("\n")}\n--- actual\n${r.stdout}`,
              );
            }
          } else if (b.info === "python") {
            const r = run(python, ["-"], ctx, b.code);
            assert.equal(r.status, 0, `${where}: Python block failed\n${show(r)}`);
          } else if (b.info === "js") {
            mkdirSync(jsDir, { recursive: true });
            const file = join(jsDir, `${lang}-${page.replaceAll("/", "-")}-${b.line}.mjs`);
            writeFileSync(file, b.code);
            const r = run(process.execPath, [file], ctx);
            assert.equal(r.status, 0, `${where}: JavaScript block failed\n${show(r)}`);
          }
        }
      } finally {
        rmSync(ctx.dir, { recursive: true, force: true });
      }
    });
  }
}

test("the matcher: `…` stands for any run of lines, nothing else is loose", () => {
  assert.ok(matches(["a", "…", "d"], ["a", "b", "c", "d"]));
  assert.ok(matches(["a", "…"], ["a"]));
  assert.ok(!matches(["a", "d"], ["a", "b", "d"]));
  assert.ok(!matches(["a", "…", "x"], ["a", "b", "c"]));
  assert.deepEqual(commands("$ one\nout 1\n$ two\n"), [
    { command: "one", expected: ["out 1"] },
    { command: "two", expected: [] },
  ]);
  assert.throws(() => kind("bash"), /use console, sh/);
});

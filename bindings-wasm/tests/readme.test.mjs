// Executes the README quick starts exactly as written, from the repository root:
// this package's "Quick start (Node)" block, and every ```js block of the repository's
// README that imports "iuran-wasm". `iuran-wasm` resolves to this package by its own
// name (package self-reference).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { codeBlock, rootNodeBlocks } from "./readme.mjs";

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const dir = join(here, "test-output");

function run(name, code) {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, code);
  return execFileSync(process.execPath, [file], { cwd: dirname(here), encoding: "utf8" });
}

test("the package README's quick start runs", () => {
  assert.equal(run("readme-quick-start", codeBlock("Quick start")), "quick start ok\n");
});

rootNodeBlocks().forEach((code, i) => {
  test(`the repository README's JavaScript block ${i + 1} runs`, () => {
    run(`root-readme-${i + 1}`, code);
  });
});

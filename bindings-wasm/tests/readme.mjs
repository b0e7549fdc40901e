// The READMEs' JavaScript code blocks.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(dirname(fileURLToPath(import.meta.url))); // bindings-wasm
const packageReadme = join(here, "README.md");
const rootReadme = join(dirname(here), "README.md");

/** The first ```js block after the heading of this package's README that starts with `heading`. */
export function codeBlock(heading) {
  const text = readFileSync(packageReadme, "utf8");
  const at = text.indexOf(`\n## ${heading}`);
  if (at < 0) throw new Error(`README.md has no heading "${heading}"`);
  const m = /```js\n([\s\S]*?)```/.exec(text.slice(at));
  if (!m) throw new Error(`no js block under "${heading}"`);
  return m[1];
}

/** The ```js blocks of the repository's README that use this package in Node. */
export function rootNodeBlocks() {
  const text = readFileSync(rootReadme, "utf8");
  return [...text.matchAll(/```js\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .filter((code) => /from "iuran-wasm"/.test(code));
}

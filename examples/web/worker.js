// The calculator's Web Worker: holds the WebAssembly module and the chosen policy, and
// answers the page's requests, so that a 100,000-row roster never blocks the page.
//
// It runs as one script built by bindings-wasm/scripts/build-web.mjs: wasm-bindgen's
// glue (the `wasm_bindgen` global) and `IURAN_WASM_BASE64` come first. Everything here
// only passes values between the page and the binding: every decision, message and
// amount comes from the iuran core.
/* global wasm_bindgen, IURAN_WASM_BASE64 */
"use strict";

let policy = null; // the compiled Policy in use
let roster = null; // the bytes of the last roster (CSV or .xlsx), to re-run it
let summary = null; // the summary of the last roster evaluated, for its payment schedule
let csv = null; // the results file of the last roster, written when first downloaded

function decodeBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const ready = wasm_bindgen({ module_or_path: decodeBase64(IURAN_WASM_BASE64) });

function errorObject(e) {
  return {
    name: e && e.name ? e.name : "Error",
    code: e && e.code ? e.code : "internal",
    field: e && e.field !== undefined ? e.field : null,
    line: e && e.line !== undefined ? e.line : null,
    message: e && e.message ? e.message : String(e),
  };
}

function describe(p, lang) {
  return { spec: p.spec(), months: p.months(), lints: p.lint({ lang }) };
}

const handlers = {
  init() {
    return { version: wasm_bindgen.version() };
  },
  taxonomy({ lang }) {
    return wasm_bindgen.taxonomy({ lang });
  },
  // Compile a policy and make it the one in use; on error the previous one stays.
  policy({ text, format, lang }) {
    const next =
      format === "json" ? wasm_bindgen.Policy.fromJson(text) : wasm_bindgen.Policy.fromToml(text);
    if (policy) policy.free();
    policy = next;
    return describe(policy, lang);
  },
  // Compile a policy only to read its name (for the programme list).
  peek({ text }) {
    const p = wasm_bindgen.Policy.fromToml(text);
    try {
      return p.spec();
    } finally {
      p.free();
    }
  },
  describe({ lang }) {
    return describe(policy, lang);
  },
  evaluate({ worker, lang }) {
    return policy.evaluate(worker, { lang });
  },
  // Evaluate a roster; without `bytes`, the last one again (e.g. in another language).
  // The core reads the CSV a chunk of rows at a time and tells `progress` after each;
  // every row's answer comes back as typed arrays (money as whole rupiah in
  // BigInt64Arrays, reason sets as keys into a small table), whose buffers move to the
  // page without a copy.
  roster({ bytes, lang, firstRows }, { progress, transfer }) {
    if (bytes) roster = bytes;
    if (!roster) throw new Error("no roster loaded");
    const started = performance.now();
    summary = null;
    csv = null;
    const result = policy.evaluateRosterColumns(roster, { lang, firstRows }, progress);
    summary = result.summary;
    result.elapsedMs = performance.now() - started;
    for (const column of Object.values(result.rows)) {
      if (ArrayBuffer.isView(column)) transfer.push(column.buffer);
    }
    return result;
  },
  // The results file of the last roster (the input rows with the decision columns),
  // written by the core when it is first asked for.
  csv() {
    if (!roster) throw new Error("no roster loaded");
    if (csv === null) csv = policy.evaluateRosterCsv(roster);
    return csv;
  },
  // The data-quality report of the last roster, ages judged on `asOf`.
  quality({ asOf, lang }) {
    return wasm_bindgen.qualityReport(roster, asOf, { lang });
  },
  // The core's words in a language: reason labels and templates, field names.
  catalogue({ lang }) {
    return wasm_bindgen.messageCatalogue({ lang });
  },
  // A regency's or city's name by its code, or null.
  regionName({ code }) {
    return wasm_bindgen.regionName(code) ?? null;
  },
  // The payment schedule of the last roster evaluated, in `tranches` tranches.
  schedule({ tranches }) {
    return policy.schedule(summary, { tranches });
  },
  // Compare scenarios (TOML or JSON texts) with the policy in use on the last roster.
  compare({ scenarios, maxChanges }) {
    if (!roster) throw new Error("no roster loaded");
    return policy.compare(scenarios, roster, { maxChanges });
  },
  capacity({ budget, source, sector }) {
    return policy.capacity(budget, { source, sector });
  },
  benefits({ query, lang }) {
    return policy.benefits(query, { lang });
  },
  schoolLevels({ lang }) {
    return wasm_bindgen.schoolLevels({ lang });
  },
};

// Besides its one answer, a request may get progress messages `{ id, progress }` first.
self.onmessage = async (event) => {
  const { id, op, args } = event.data;
  try {
    await ready;
    const context = { progress: (progress) => self.postMessage({ id, progress }), transfer: [] };
    const result = handlers[op](args || {}, context);
    self.postMessage({ id, ok: true, result }, context.transfer);
  } catch (e) {
    self.postMessage({ id, ok: false, error: errorObject(e) });
  }
};

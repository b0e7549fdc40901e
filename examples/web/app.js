// The calculator page. It collects what the user types or drops, hands it to the Web
// Worker (worker.js, which runs the iuran core compiled to WebAssembly), and shows the
// answers. It decides nothing itself: every eligibility rule, message, amount and total
// comes from the core. The only things done here are presentation: labels in two
// languages, digit grouping of amounts the core computed, and month names.
/* global IURAN_POLICIES, IURAN_WORKER_SOURCE */
"use strict";

(function () {
  const UI = {
    id: {
      skip: "Langsung ke isi",
      title: "Kalkulator bantuan iuran BPJS Ketenagakerjaan",
      tagline:
        "Siapa yang memenuhi syarat bantuan iuran dari kabupaten, dan berapa biayanya — sampai ke rupiah, dengan alasan setiap jawaban.",
      privacy:
        "Semua perhitungan berjalan di komputer ini. Data pekerja tidak dikirim ke mana pun; halaman ini bekerja tanpa internet.",
      loading: "Memuat mesin perhitungan…",
      ready: "Siap.",
      programmeTitle: "Program",
      programmeLabel: "Pilih program contoh",
      policyFileLabel: "atau muat file kebijakan sendiri (.toml / .json)",
      ownPolicy: "File sendiri",
      regency: "Kabupaten/kota",
      coverage: "Masa cakupan",
      programmes: "Program jaminan",
      funding: "Sumber dana",
      lintsTitle: "Peringatan kebijakan",
      singleTitle: "Periksa satu pekerja",
      optional: "(boleh kosong)",
      birthDate: "Tanggal lahir",
      birthHint: "HH-BB-TTTT atau TTTT-BB-HH",
      sex: "Jenis kelamin",
      choose: "— pilih —",
      male: "Laki-laki",
      female: "Perempuan",
      sectorPick: "Sektor pekerjaan",
      sectorText: "atau tulis pekerjaannya",
      sectorTextHint: "dipakai bila diisi",
      regencyCode: "Domisili: kode kabupaten/kota",
      district: "Kecamatan (kode atau nama)",
      activeMember: "Sudah peserta aktif BPJS TK?",
      unknown: "— tidak diisi —",
      no: "Tidak",
      yes: "Ya",
      decile: "Desil kesejahteraan (DTSEN)",
      income: "Penghasilan sebulan (Rp)",
      check: "Periksa",
      eligibleVerdict: "Memenuhi syarat",
      ineligibleVerdict: "Tidak memenuhi syarat",
      monthly: "Iuran per bulan",
      months: "Jumlah bulan",
      total: "Total biaya",
      source: "Sumber dana",
      breakdownTitle: "Rincian per bulan dan program",
      month: "Bulan",
      programme: "Program",
      rate: "Tarif",
      basis: "Dasar upah",
      adjustments: "Penyesuaian",
      amount: "Jumlah",
      reference: "Dasar hukum",
      rosterTitle: "Proses daftar BNBA (CSV)",
      rosterHelp:
        "Kolom wajib: nik, birth_date, regency, sector. Kolom lain (name, sex, district, active_member, welfare_decile, declared_income) dipakai bila ada. File diproses di komputer ini.",
      dropHere: "Seret file CSV ke sini, atau pilih file:",
      rows: "Baris",
      eligible: "Memenuhi syarat",
      ineligible: "Tidak memenuhi syarat",
      download: "Unduh hasil (CSV)",
      bySource: "Biaya per sumber dana",
      workers: "Pekerja",
      cost: "Biaya",
      budget: "Pagu",
      byMonth: "Biaya per bulan",
      byReason: "Alasan tidak memenuhi syarat (satu baris bisa punya beberapa alasan)",
      reasonCode: "Kode",
      example: "Contoh",
      line: "Baris",
      name: "Nama",
      occupation: "Pekerjaan",
      result: "Hasil",
      footer: "Dihitung oleh iuran",
      footerRates: "Tarif dan penyesuaian mengikuti tabel tarif bawaan beserta dasar hukumnya.",
      firstRows: (n, total) => `${n} baris pertama dari ${total}`,
      processing: (size) => `Memproses ${size} di komputer ini…`,
      processed: (rows, secs) => `Selesai: ${rows} baris dalam ${secs} detik.`,
      xlsx: "File Excel (.xlsx) belum didukung. Simpan sebagai “CSV UTF-8” (Excel: Simpan Sebagai → CSV UTF-8), lalu muat lagi.",
      notCsv: "Pilih file .csv.",
      errorCode: "kode",
      errorField: "kolom",
      errorLine: "baris",
      exampleLine: (line, message) => `mis. baris ${line}: ${message}`,
      monthsCount: (n) => `${n} bulan`,
      noBudget: "—",
      fileName: "hasil",
      loadFailed: "Mesin perhitungan gagal dimuat.",
      monthNames: ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"],
    },
    en: {
      skip: "Skip to content",
      title: "BPJS Ketenagakerjaan contribution subsidy calculator",
      tagline:
        "Who qualifies for a regency-funded contribution subsidy, and what it costs — to the rupiah, with the reason for every answer.",
      privacy:
        "Everything is computed on this computer. Worker data is never sent anywhere; this page works without internet.",
      loading: "Loading the calculation engine…",
      ready: "Ready.",
      programmeTitle: "Programme",
      programmeLabel: "Choose an example programme",
      policyFileLabel: "or load your own policy file (.toml / .json)",
      ownPolicy: "Own file",
      regency: "Regency",
      coverage: "Coverage",
      programmes: "Insurance programmes",
      funding: "Funding sources",
      lintsTitle: "Policy warnings",
      singleTitle: "Check one worker",
      optional: "(optional)",
      birthDate: "Birth date",
      birthHint: "DD-MM-YYYY or YYYY-MM-DD",
      sex: "Sex",
      choose: "— choose —",
      male: "Male",
      female: "Female",
      sectorPick: "Occupation sector",
      sectorText: "or type the occupation",
      sectorTextHint: "used when filled in",
      regencyCode: "Domicile: regency code",
      district: "District (code or name)",
      activeMember: "Already an active BPJS TK member?",
      unknown: "— not given —",
      no: "No",
      yes: "Yes",
      decile: "Welfare decile (DTSEN)",
      income: "Monthly income (Rp)",
      check: "Check",
      eligibleVerdict: "Eligible",
      ineligibleVerdict: "Not eligible",
      monthly: "Monthly contribution",
      months: "Months",
      total: "Total cost",
      source: "Funding source",
      breakdownTitle: "Breakdown by month and programme",
      month: "Month",
      programme: "Programme",
      rate: "Rate",
      basis: "Income basis",
      adjustments: "Adjustments",
      amount: "Amount",
      reference: "Legal reference",
      rosterTitle: "Process a BNBA roster (CSV)",
      rosterHelp:
        "Required columns: nik, birth_date, regency, sector. Other columns (name, sex, district, active_member, welfare_decile, declared_income) are used when present. The file is processed on this computer.",
      dropHere: "Drop a CSV file here, or choose one:",
      rows: "Rows",
      eligible: "Eligible",
      ineligible: "Not eligible",
      download: "Download results (CSV)",
      bySource: "Cost by funding source",
      workers: "Workers",
      cost: "Cost",
      budget: "Budget",
      byMonth: "Cost by month",
      byReason: "Reasons for not qualifying (a row may have several)",
      reasonCode: "Code",
      example: "Example",
      line: "Line",
      name: "Name",
      occupation: "Occupation",
      result: "Result",
      footer: "Computed by iuran",
      footerRates: "Rates and adjustments follow the built-in rate table and its legal references.",
      firstRows: (n, total) => `First ${n} rows of ${total}`,
      processing: (size) => `Processing ${size} on this computer…`,
      processed: (rows, secs) => `Done: ${rows} rows in ${secs} s.`,
      xlsx: "Excel files (.xlsx) are not yet supported. Save the sheet as “CSV UTF-8” (Excel: Save As → CSV UTF-8) and load it again.",
      notCsv: "Choose a .csv file.",
      errorCode: "code",
      errorField: "field",
      errorLine: "line",
      exampleLine: (line, message) => `e.g. line ${line}: ${message}`,
      monthsCount: (n) => `${n} months`,
      noBudget: "—",
      fileName: "results",
      loadFailed: "The calculation engine failed to load.",
      monthNames: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    },
  };

  const FIRST_ROWS = 50;
  const $ = (id) => document.getElementById(id);
  let lang = "id";
  const t = (key) => UI[lang][key];

  // ---- the worker -------------------------------------------------------------------
  const workerUrl = URL.createObjectURL(
    new Blob([IURAN_WORKER_SOURCE], { type: "text/javascript" }),
  );
  const engine = new Worker(workerUrl);
  let nextId = 0;
  const pending = new Map();
  engine.onmessage = (event) => {
    const { id, ok, result, error } = event.data;
    const p = pending.get(id);
    pending.delete(id);
    if (ok) p.resolve(result);
    else p.reject(error);
  };
  engine.onerror = (event) => {
    event.preventDefault();
    setStatus($("status"), `${t("loadFailed")} ${event.message || ""}`, true);
  };
  function call(op, args, transfer) {
    return new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      engine.postMessage({ id, op, args }, transfer || []);
    });
  }

  // ---- presentation helpers ---------------------------------------------------------
  // Group the digits of a decimal string the core wrote; never turns it into a number.
  function digits(text) {
    const sep = lang === "id" ? "." : ",";
    const [whole, frac] = String(text).split(".");
    const neg = whole.startsWith("-");
    const body = (neg ? whole.slice(1) : whole).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
    return (neg ? "-" : "") + body + (frac ? (lang === "id" ? "," : ".") + frac : "");
  }
  const rupiah = (text) => `Rp ${digits(text)}`;
  function monthName(ym) {
    const [y, m] = ym.split("-");
    return `${t("monthNames")[Number(m) - 1]} ${y}`;
  }
  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (className) e.className = className;
    return e;
  }
  function row(cells) {
    const tr = document.createElement("tr");
    for (const c of cells) {
      const td = el("td", c.text, c.className);
      tr.appendChild(td);
    }
    return tr;
  }
  function setStatus(node, text, isError) {
    node.textContent = text;
    node.classList.toggle("is-error", !!isError);
  }
  function showError(node, e) {
    if (!e) {
      node.hidden = true;
      node.textContent = "";
      return;
    }
    const parts = [e.message];
    const meta = [];
    if (e.code) meta.push(`${t("errorCode")}: ${e.code}`);
    if (e.field) meta.push(`${t("errorField")}: ${e.field}`);
    if (e.line) meta.push(`${t("errorLine")}: ${e.line}`);
    if (meta.length) parts.push(`(${meta.join(", ")})`);
    node.textContent = parts.join(" ");
    node.hidden = false;
  }
  function applyLanguage() {
    document.documentElement.lang = lang;
    document.title = t("title");
    for (const node of document.querySelectorAll("[data-i18n]")) {
      const value = UI[lang][node.dataset.i18n];
      if (typeof value === "string") node.textContent = value;
    }
    for (const b of document.querySelectorAll(".lang button")) {
      b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
    }
  }

  // ---- state ------------------------------------------------------------------------
  let current = null; // { spec, months, lints } of the policy in use
  let lastWorker = null; // the last single-worker input
  let rosterName = null; // file name of the roster processed
  let rosterResult = null;

  // ---- programme --------------------------------------------------------------------
  async function loadPolicy(text, format) {
    try {
      current = await call("policy", { text, format, lang });
      showError($("policy-error"), null);
      renderPolicy();
      $("w-regency").value = current.spec.regency;
      return true;
    } catch (e) {
      showError($("policy-error"), e);
      return false;
    }
  }
  function renderPolicy() {
    const { spec, months, lints } = current;
    $("policy-info").hidden = false;
    $("policy-name").textContent = spec.name;
    $("policy-regency").textContent = spec.regency;
    const range =
      months.length === 1
        ? monthName(months[0])
        : `${monthName(months[0])} – ${monthName(months[months.length - 1])}`;
    $("policy-months").textContent = `${range} (${t("monthsCount")(months.length)})`;
    $("policy-programmes").textContent = spec.coverage.programmes.join(" + ");
    const funding = $("policy-funding");
    funding.replaceChildren();
    for (const f of spec.funding) {
      const line = el("span", `${f.name || f.id} (${f.kind})`, "source-line");
      if (f.budget) line.appendChild(el("span", ` ${t("budget")} ${rupiah(f.budget)}`, "budget"));
      funding.appendChild(line);
    }
    const list = $("lint-list");
    list.replaceChildren();
    for (const l of lints) {
      const li = el("li", l.message);
      li.appendChild(el("code", ` ${l.code}`, "code"));
      list.appendChild(li);
    }
    $("lints").hidden = lints.length === 0;
  }
  function fundingName(id) {
    const f = current && current.spec.funding.find((x) => x.id === id);
    return f ? f.name || f.id : id;
  }

  // ---- sector picker ----------------------------------------------------------------
  async function loadTaxonomy() {
    const tax = await call("taxonomy", { lang });
    const select = $("w-sector-pick");
    const chosen = select.value;
    select.replaceChildren(el("option", t("choose")));
    select.firstChild.value = "";
    for (const g of tax.groups) {
      const og = document.createElement("optgroup");
      og.label = g.name;
      for (const s of tax.sectors.filter((x) => x.group === g.code)) {
        const o = el("option", s.name);
        o.value = s.code;
        og.appendChild(o);
      }
      select.appendChild(og);
    }
    select.value = chosen;
  }

  // ---- one worker -------------------------------------------------------------------
  function readForm() {
    const v = (id) => $(id).value.trim();
    const worker = {
      nik: v("w-nik"),
      birthDate: v("w-birth"),
      sex: v("w-sex"),
      sector: v("w-sector-text") || v("w-sector-pick"),
      regency: v("w-regency"),
      district: v("w-district"),
      activeMember: v("w-active"),
      welfareDecile: v("w-decile"),
      declaredIncome: v("w-income"),
    };
    // Leave out what was not filled in: the core decides what is missing.
    for (const k of Object.keys(worker)) if (worker[k] === "") delete worker[k];
    return worker;
  }
  async function checkWorker(worker) {
    const d = await call("evaluate", { worker, lang });
    lastWorker = worker;
    renderDecision(d);
  }
  function renderDecision(d) {
    $("single-result").hidden = false;
    const verdict = $("verdict");
    verdict.textContent = d.eligible ? `✔ ${t("eligibleVerdict")}` : `✘ ${t("ineligibleVerdict")}`;
    verdict.className = `verdict ${d.eligible ? "ok" : "no"}`;
    const reasons = $("reasons");
    reasons.replaceChildren();
    for (const r of d.reasons) {
      const li = el("li", r.message);
      li.appendChild(el("code", ` ${r.code}`, "code"));
      reasons.appendChild(li);
    }
    $("r-monthly").textContent = rupiah(d.monthlyContribution);
    $("r-months").textContent = String(d.months);
    $("r-total").textContent = rupiah(d.totalCost);
    $("r-source").textContent = d.fundingSource ? fundingName(d.fundingSource) : "—";
    const body = $("breakdown").tBodies[0];
    body.replaceChildren();
    for (const c of d.breakdown) {
      body.appendChild(
        row([
          { text: monthName(c.month) },
          { text: c.programme },
          { text: c.rate },
          { text: rupiah(c.incomeBasis), className: "num" },
          { text: c.adjustments.join(", ") || "—" },
          { text: rupiah(c.amount), className: "num" },
          { text: c.reference, className: "ref" },
        ]),
      );
    }
    $("breakdown-wrap").hidden = d.breakdown.length === 0;
  }

  // ---- roster -----------------------------------------------------------------------
  function isXlsx(file, head) {
    return /\.xlsx$/i.test(file.name) || (head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4);
  }
  async function processRoster(file) {
    showError($("roster-error"), null);
    const buffer = await file.arrayBuffer();
    const head = new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength));
    if (isXlsx(file, head)) {
      showError($("roster-error"), { message: t("xlsx") });
      return;
    }
    if (/\.(xls|ods|pdf|docx?)$/i.test(file.name)) {
      showError($("roster-error"), { message: t("notCsv") });
      return;
    }
    rosterName = file.name;
    const kb = `${digits(String(Math.max(1, Math.round(buffer.byteLength / 1024))))} KB`;
    await runRoster({ bytes: new Uint8Array(buffer) }, [buffer], kb);
  }
  async function runRoster(input, transfer, sizeText) {
    const status = $("roster-status");
    setStatus(status, t("processing")(sizeText || ""));
    status.classList.add("busy");
    try {
      rosterResult = await call("roster", { ...input, lang, firstRows: FIRST_ROWS }, transfer);
      renderRoster();
      const secs = (rosterResult.elapsedMs / 1000).toFixed(2).replace(".", lang === "id" ? "," : ".");
      setStatus(status, t("processed")(digits(String(rosterResult.summary.rows)), secs));
    } catch (e) {
      $("roster-result").hidden = true;
      setStatus(status, "");
      showError($("roster-error"), e);
    } finally {
      status.classList.remove("busy");
    }
  }
  function renderRoster() {
    const r = rosterResult;
    const s = r.summary;
    $("roster-result").hidden = false;
    $("s-rows").textContent = digits(String(s.rows));
    $("s-eligible").textContent = digits(String(s.eligible));
    $("s-ineligible").textContent = digits(String(s.ineligible));
    $("s-total").textContent = rupiah(s.totalCost);

    const src = $("by-source").tBodies[0];
    src.replaceChildren();
    for (const [id, v] of Object.entries(s.byFundingSource)) {
      const f = current.spec.funding.find((x) => x.id === id);
      src.appendChild(
        row([
          { text: fundingName(id) },
          { text: digits(String(v.workers)), className: "num" },
          { text: rupiah(v.cost), className: "num" },
          { text: f && f.budget ? rupiah(f.budget) : t("noBudget"), className: "num" },
        ]),
      );
    }
    $("by-source").hidden = Object.keys(s.byFundingSource).length === 0;
    // One column per funding source, then the month's total (all from the core).
    const sourceIds = Object.keys(s.byFundingSource);
    const head = $("by-month").tHead.rows[0];
    head.replaceChildren(el("th", t("month")));
    for (const id of sourceIds) head.appendChild(el("th", fundingName(id), "num"));
    head.appendChild(el("th", t("total"), "num"));
    for (const th of head.cells) th.scope = "col";
    const months = $("by-month").tBodies[0];
    months.replaceChildren();
    for (const [m, amount] of Object.entries(s.byMonth)) {
      months.appendChild(
        row([
          { text: monthName(m) },
          ...sourceIds.map((id) => {
            const due = s.byFundingSource[id].byMonth[m];
            return { text: due === undefined ? "—" : rupiah(due), className: "num" };
          }),
          { text: rupiah(amount), className: "num" },
        ]),
      );
    }
    $("by-month").hidden = Object.keys(s.byMonth).length === 0;
    const reasons = $("by-reason").tBodies[0];
    reasons.replaceChildren();
    for (const [code, n] of Object.entries(s.byReason)) {
      const ex = r.examples[code];
      const reason = ex && ex.decision.reasons.find((x) => x.code === code);
      reasons.appendChild(
        row([
          { text: code, className: "code" },
          { text: digits(String(n)), className: "num" },
          { text: reason ? t("exampleLine")(ex.line, reason.message) : "" },
        ]),
      );
    }
    $("by-reason-wrap").hidden = Object.keys(s.byReason).length === 0;

    $("first-rows-caption").textContent = t("firstRows")(r.firstRows.length, digits(String(s.rows)));
    const first = $("first-rows").tBodies[0];
    first.replaceChildren();
    for (const x of r.firstRows) {
      const d = x.decision;
      first.appendChild(
        row([
          { text: String(x.line), className: "num" },
          { text: x.record.name || "" },
          { text: x.record.sector || "" },
          {
            text: d.eligible ? `✔ ${t("eligibleVerdict")}` : `✘ ${d.reasons.map((q) => q.message).join("; ")}`,
            className: d.eligible ? "ok" : "no",
          },
          { text: rupiah(d.totalCost), className: "num" },
        ]),
      );
    }
  }
  function download() {
    const blob = new Blob([rosterResult.csv], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = `${(rosterName || "roster").replace(/\.[^.]*$/, "")}-${t("fileName")}.csv`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // ---- wiring -----------------------------------------------------------------------
  async function setLanguage(next) {
    if (next === lang) return;
    lang = next;
    applyLanguage();
    await loadTaxonomy();
    if (current) {
      current = await call("describe", { lang });
      renderPolicy();
    }
    if (lastWorker) await checkWorker(lastWorker);
    if (rosterResult) await runRoster({}, []);
  }

  async function start() {
    applyLanguage();
    const { version } = await call("init");
    $("version").textContent = version;
    const select = $("programme");
    for (const p of IURAN_POLICIES) {
      const spec = await call("peek", { text: p.text });
      const o = el("option", spec.name);
      o.value = p.file;
      select.appendChild(o);
    }
    const preferred = IURAN_POLICIES.find((p) => p.file === "tegal-2025.toml") || IURAN_POLICIES[0];
    select.value = preferred.file;
    await loadTaxonomy();
    await loadPolicy(preferred.text, "toml");
    for (const id of ["programme", "policy-file", "check", "roster-file"]) $(id).disabled = false;
    setStatus($("status"), t("ready"));
    $("status").dataset.ready = "true";
    $("status").classList.add("visually-hidden");
  }

  document.querySelectorAll(".lang button").forEach((b) =>
    b.addEventListener("click", () => setLanguage(b.dataset.lang)),
  );
  $("programme").addEventListener("change", async (e) => {
    const p = IURAN_POLICIES.find((x) => x.file === e.target.value);
    if (p && (await loadPolicy(p.text, "toml"))) {
      if (lastWorker) await checkWorker(readForm());
      if (rosterResult) await runRoster({}, []);
    }
  });
  $("policy-file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    const text = await file.text();
    const format = /\.json$/i.test(file.name) ? "json" : "toml";
    if (await loadPolicy(text, format)) {
      const select = $("programme");
      let own = select.querySelector("option[data-own]");
      if (!own) {
        own = el("option");
        own.dataset.own = "true";
        select.appendChild(own);
      }
      own.value = `own:${file.name}`;
      own.textContent = `${t("ownPolicy")}: ${current.spec.name}`;
      select.value = own.value;
      const previous = IURAN_POLICIES.findIndex((p) => p.file.startsWith("own:"));
      if (previous >= 0) IURAN_POLICIES.splice(previous, 1);
      IURAN_POLICIES.push({ file: own.value, text });
    }
  });
  $("single-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await checkWorker(readForm());
    } catch (err) {
      showError($("policy-error"), err);
    }
  });
  $("roster-file").addEventListener("change", (e) => {
    if (e.target.files[0]) processRoster(e.target.files[0]);
  });
  $("download").addEventListener("click", download);
  const drop = $("drop");
  ["dragenter", "dragover"].forEach((type) =>
    drop.addEventListener(type, (e) => {
      e.preventDefault();
      drop.classList.add("over");
    }),
  );
  ["dragleave", "drop"].forEach((type) =>
    drop.addEventListener(type, () => drop.classList.remove("over")),
  );
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (file) processRoster(file);
  });

  start().catch((e) => setStatus($("status"), `${t("loadFailed")} ${e.message || e}`, true));
})();

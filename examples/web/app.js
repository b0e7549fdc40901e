// The calculator page. It collects what the user types or drops, hands it to the Web
// Worker (worker.js, which runs the iuran core compiled to WebAssembly), and shows the
// answers. It decides nothing itself: every eligibility rule, message, amount and total
// comes from the core. The only things done here are presentation: labels in two
// languages, digit grouping of amounts the core computed, and month names.
/* global IURAN_POLICIES, IURAN_SCENARIOS, IURAN_WORKER_SOURCE */
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
      dtsen: "Terdaftar di DTSEN?",
      coverFrom: "Ditanggung mulai bulan",
      coverTo: "Ditanggung sampai bulan",
      coverHint: "boleh kosong: seluruh masa cakupan program",
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
      compareTitle: "Bandingkan skenario",
      compareHint:
        "Ubah kebijakan — rentang usia, sektor, bulan mulai, tarif — dan lihat siapa yang bertambah, siapa yang berkurang, dan berapa biayanya, pada daftar BNBA yang sama (langkah 4).",
      compareExamples: "Skenario contoh (untuk Kab. Tegal 2025)",
      scenarioFileLabel: "atau tambahkan file skenario sendiri (.toml / .json)",
      compareRun: "Bandingkan",
      compareNeedsRoster: "Muat daftar BNBA di langkah 4 terlebih dahulu.",
      compareReady: "Siap membandingkan pada daftar yang dimuat.",
      compareNone: "Pilih sedikitnya satu skenario.",
      compareCaption: "Cakupan dan biaya per skenario",
      compareChart: "Biaya (batang gelap) dan pekerja yang dibiayai (batang terang) per skenario",
      scenario: "Skenario",
      funded: "Dibiayai",
      waiting: "Antre",
      deltaCost: "Selisih biaya",
      baseScenario: "Kebijakan dasar",
      workersChange: (n) => `${n} pekerja berubah`,
      changeKinds: {
        newly_eligible: "kini memenuhi syarat",
        no_longer_eligible: "tidak lagi memenuhi syarat",
        funded_to_waiting: "dibiayai → antre",
        waiting_to_funded: "antre → dibiayai",
        cost_changed: "biaya berubah",
        source_changed: "sumber dana berubah",
      },
      statusNames: { funded: "dibiayai", waiting: "antre", ineligible: "tidak memenuhi syarat" },
      rosterTitle: "Proses daftar BNBA (CSV atau Excel)",
      rosterHelp:
        "Kolom wajib: NIK, tanggal lahir, kode kabupaten, pekerjaan (nik, birth_date, regency, sector; judul kolom yang lazim seperti “Tanggal Lahir” atau “Kode Kabupaten” juga dikenali). Kolom lain (nama, jenis kelamin, kecamatan, peserta aktif, desil, terdaftar DTSEN, penghasilan, bulan awal dan akhir tanggungan) dipakai bila ada. File diproses di komputer ini.",
      dropHere: "Seret file CSV atau Excel (.xlsx) ke sini, atau pilih file:",
      rows: "Baris",
      eligible: "Memenuhi syarat",
      ineligible: "Tidak memenuhi syarat",
      download: "Unduh hasil (CSV)",
      bySource: "Biaya per sumber dana",
      workers: "Pekerja",
      cost: "Biaya",
      budget: "Pagu",
      byMonth: "Pembayaran ke BPJS Ketenagakerjaan per bulan",
      byTranche: "Pembayaran per tahap",
      tranches: "Dibayar dalam berapa tahap?",
      tranche: "Tahap",
      trancheName: (n) => `Tahap ${n}`,
      trancheMonths: "Bulan iuran",
      due: "Jatuh tempo",
      dueReference: (ref) => `Dasar jatuh tempo: ${ref}.`,
      benefitsTitle: "Yang diterima keluarga bila pekerja meninggal",
      benefitsHelp: "Ilustrasi manfaat BPJS Ketenagakerjaan untuk pekerja yang dibiayai program ini.",
      benefitsMonth: "Meninggal pada bulan cakupan",
      monthOption: (n, name) => `Bulan ke-${n} (${name})`,
      benefitsCause: "Penyebab",
      causeJkm: "Bukan kecelakaan kerja (JKM)",
      causeJkk: "Kecelakaan kerja (JKK)",
      children: "Anak yang bersekolah (dari yang tertua)",
      child1: "Anak 1",
      child2: "Anak 2",
      child3: "Anak 3",
      noChild: "— tidak ada —",
      benefitsTotal: "Jumlah yang diterima keluarga:",
      benefitsItems: "Rincian manfaat",
      benefit: "Manfaat",
      budgetTitle: "Berapa pekerja yang bisa dibiayai?",
      budgetAmount: "Anggaran (Rp)",
      budgetAmountHint: "boleh ditulis 2.090.000.000",
      budgetSector: "Sektor pekerja",
      budgetSectorHint: "Biaya per pekerja dari sumber dana ini berbeda menurut sektor: pilih sektornya.",
      budgetCheck: "Hitung",
      budgetWorkers: "Pekerja yang dibiayai",
      budgetPerWorker: "Biaya per pekerja",
      perWorkerNote: (monthly, months) => `iuran bulan pertama ${monthly}; ${months} bulan`,
      budgetSpent: "Terpakai",
      budgetLeft: "Sisa anggaran",
      chooseSector: "— pilih sektor —",
      qualityTitle: "Mutu data: yang perlu diperbaiki di file",
      qualitySummary: (rows, clean, date) => `${rows} baris diperiksa (umur dinilai pada ${date}); ${clean} baris tanpa temuan.`,
      finding: "Temuan",
      fileRows: "Nomor baris di file",
      moreRows: (n) => `… dan ${n} lainnya`,
      byReason: "Alasan tidak memenuhi syarat (satu baris bisa punya beberapa alasan)",
      reason: "Alasan",
      codesSummary: "Kode teknis (untuk file hasil)",
      discount: (percent) => `potongan ${percent}%`,
      paguNote: (pagu) => `Anggaran ini melebihi pagu sumber dana ini (${pagu}).`,
      paguWorkers: (pagu, n) => `Anggaran ini melebihi pagu sumber dana ini (${pagu}); pagu itu cukup untuk ${n} pekerja.`,
      errorLead: {
        budget: "Anggaran tidak terbaca sebagai jumlah rupiah. Tulis angkanya, misalnya 2.090.000.000.",
        sector: "Biaya per pekerja dari sumber dana ini berbeda menurut sektor: pilih sektornya di bawah.",
        source: "Sumber dana ini tidak dapat dihitung.",
        tranches: "Jumlah tahap harus antara 1 dan jumlah bulan cakupan.",
        roster: "File daftar tidak dapat dibaca.",
        rosterColumn: (column) => `File daftar tidak dapat dibaca: periksa kolom ${column}.`,
        policy: "File kebijakan tidak dapat dipakai.",
        scenario: "File skenario tidak dapat dipakai.",
        other: "Terjadi kesalahan.",
      },
      technical: "Rincian teknis",
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
      notCsv: "Pilih file .csv atau .xlsx. File Excel lama (.xls): simpan dulu sebagai .xlsx atau “CSV UTF-8”.",
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
      dtsen: "Registered in DTSEN?",
      coverFrom: "Covered from month",
      coverTo: "Covered to month",
      coverHint: "may be empty: the programme's whole coverage",
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
      compareTitle: "Compare scenarios",
      compareHint:
        "Change the policy — age band, sectors, start month, rates — and see who gains, who loses and what it costs, on the same BNBA roster (step 4).",
      compareExamples: "Example scenarios (for Kab. Tegal 2025)",
      scenarioFileLabel: "or add your own scenario files (.toml / .json)",
      compareRun: "Compare",
      compareNeedsRoster: "Load a BNBA roster in step 4 first.",
      compareReady: "Ready to compare on the loaded roster.",
      compareNone: "Choose at least one scenario.",
      compareCaption: "Coverage and cost per scenario",
      compareChart: "Cost (dark bars) and funded workers (light bars) per scenario",
      scenario: "Scenario",
      funded: "Funded",
      waiting: "Waiting",
      deltaCost: "Change in cost",
      baseScenario: "Base policy",
      workersChange: (n) => `${n} workers change`,
      changeKinds: {
        newly_eligible: "newly eligible",
        no_longer_eligible: "no longer eligible",
        funded_to_waiting: "funded → waiting",
        waiting_to_funded: "waiting → funded",
        cost_changed: "cost changed",
        source_changed: "source changed",
      },
      statusNames: { funded: "funded", waiting: "waiting", ineligible: "not eligible" },
      rosterTitle: "Process a BNBA roster (CSV or Excel)",
      rosterHelp:
        "Required columns: NIK, birth date, regency code, occupation (nik, birth_date, regency, sector; the usual Indonesian headings such as “Tanggal Lahir” or “Kode Kabupaten” are recognised too). Other columns (name, sex, district, active member, decile, registered in DTSEN, income, first and last month of cover) are used when present. The file is processed on this computer.",
      dropHere: "Drop a CSV or Excel (.xlsx) file here, or choose one:",
      rows: "Rows",
      eligible: "Eligible",
      ineligible: "Not eligible",
      download: "Download results (CSV)",
      bySource: "Cost by funding source",
      workers: "Workers",
      cost: "Cost",
      budget: "Budget",
      byMonth: "Payments to BPJS Ketenagakerjaan by month",
      byTranche: "Payments by tranche",
      tranches: "Paid in how many tranches?",
      tranche: "Tranche",
      trancheName: (n) => `Tranche ${n}`,
      trancheMonths: "Contribution months",
      due: "Due",
      dueReference: (ref) => `Due dates: ${ref}.`,
      benefitsTitle: "What the family would receive if the worker died",
      benefitsHelp: "An illustration of the BPJS Ketenagakerjaan benefits for a worker this programme pays for.",
      benefitsMonth: "Death in month of coverage",
      monthOption: (n, name) => `Month ${n} (${name})`,
      benefitsCause: "Cause",
      causeJkm: "Not a work accident (JKM)",
      causeJkk: "Work accident (JKK)",
      children: "Children in school (eldest first)",
      child1: "Child 1",
      child2: "Child 2",
      child3: "Child 3",
      noChild: "— none —",
      benefitsTotal: "The family would receive:",
      benefitsItems: "Benefits",
      benefit: "Benefit",
      budgetTitle: "How many workers does a budget cover?",
      budgetAmount: "Budget (Rp)",
      budgetAmountHint: "may be written 2.090.000.000",
      budgetSector: "Workers' sector",
      budgetSectorHint: "Workers paid by this source cost differently by sector: choose the sector.",
      budgetCheck: "Calculate",
      budgetWorkers: "Workers covered",
      budgetPerWorker: "Cost per worker",
      perWorkerNote: (monthly, months) => `first month ${monthly}; ${months} months`,
      budgetSpent: "Spent",
      budgetLeft: "Left over",
      chooseSector: "— choose a sector —",
      qualityTitle: "Data quality: what to fix in the file",
      qualitySummary: (rows, clean, date) => `${rows} rows checked (ages as of ${date}); ${clean} rows without findings.`,
      finding: "Finding",
      fileRows: "Row numbers in the file",
      moreRows: (n) => `… and ${n} more`,
      byReason: "Reasons for not qualifying (a row may have several)",
      reason: "Reason",
      codesSummary: "Technical codes (for the results file)",
      discount: (percent) => `${percent}% discount`,
      paguNote: (pagu) => `This budget is more than this source's ceiling (${pagu}).`,
      paguWorkers: (pagu, n) => `This budget is more than this source's ceiling (${pagu}); that ceiling covers ${n} workers.`,
      errorLead: {
        budget: "The budget cannot be read as an amount of rupiah. Write the figure, e.g. 2,090,000,000.",
        sector: "Workers paid by this source cost differently by sector: choose the sector below.",
        source: "This funding source cannot be costed.",
        tranches: "The number of tranches must be from 1 to the number of covered months.",
        roster: "The roster file cannot be read.",
        rosterColumn: (column) => `The roster file cannot be read: check the ${column} column.`,
        policy: "The policy file cannot be used.",
        scenario: "The scenario file cannot be used.",
        other: "Something went wrong.",
      },
      technical: "Technical details",
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
      notCsv: "Choose a .csv or .xlsx file. Old Excel files (.xls): save as .xlsx or “CSV UTF-8” first.",
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

  // The page's own texts, readable by the browser test that checks the page speaks one
  // language at a time.
  window.IURAN_UI = UI;
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
    const { id, ok, result, error, progress } = event.data;
    const p = pending.get(id);
    if (progress) {
      if (p.onProgress) p.onProgress(progress);
      return;
    }
    pending.delete(id);
    if (ok) p.resolve(result);
    else p.reject(error);
  };
  engine.onerror = (event) => {
    event.preventDefault();
    setStatus($("status"), `${t("loadFailed")} ${event.message || ""}`, true);
  };
  // `onProgress` sees the progress messages of a long request (a roster) as they come.
  function call(op, args, transfer, onProgress) {
    return new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject, onProgress });
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
  function dateText(iso) {
    const [y, m, d] = iso.split("-");
    return `${Number(d)} ${t("monthNames")[Number(m) - 1]} ${y}`;
  }
  // Today's date on this computer, YYYY-MM-DD: the date the data-quality report judges
  // ages and future birth dates on.
  function today() {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
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
  // Each cell names its column (data-label), so that on a phone a table row reads as a
  // card of "label: value" lines.
  function labelCells(table) {
    const heads = [...table.tHead.rows[0].cells].map((c) => c.textContent);
    for (const tr of table.tBodies[0].rows) {
      [...tr.cells].forEach((td, i) => {
        td.dataset.label = heads[i] || "";
      });
    }
  }
  function labelAllTables() {
    for (const table of document.querySelectorAll("table.stack")) labelCells(table);
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
    node.replaceChildren();
    // Errors the core raises carry a code: say what happened in the page's language,
    // and keep the core's own words and codes in a details box.
    if (e.code) {
      const leads = t("errorLead");
      const kind = e.code === "argument" && leads[e.field] ? e.field
        : e.code.startsWith("policy") ? "policy"
        : leads[e.code] ? e.code : "other";
      // A roster error about a column names it as people call it (the core's words).
      const column = e.code === "roster" && e.field && catalogue && catalogue.fields[e.field];
      node.appendChild(el("p", column ? leads.rosterColumn(`“${column}”`) : leads[kind], "error-lead"));
      const meta = [`${t("errorCode")}: ${e.code}`];
      if (e.field) meta.push(`${t("errorField")}: ${e.field}`);
      if (e.line) meta.push(`${t("errorLine")}: ${e.line}`);
      const box = el("details", null, "codes");
      box.append(el("summary", t("technical")), el("p", `${e.message} (${meta.join(", ")})`, "code"));
      node.appendChild(box);
    } else {
      node.appendChild(el("p", e.message, "error-lead"));
    }
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
    // The status line says what is true now, in the new language.
    if (!$("status").classList.contains("is-error")) $("status").textContent = t(engineReady ? "ready" : "loading");
    labelAllTables();
  }

  // ---- state ------------------------------------------------------------------------
  let engineReady = false; // the engine has loaded and the page is usable
  let catalogue = null; // the core's words in the page's language (reason labels…)
  let current = null; // { spec, months, lints } of the policy in use
  let lastWorker = null; // the last single-worker input
  let lastDecision = null; // and its decision
  let levels = []; // school levels for the benefit illustration
  let rosterName = null; // file name of the roster processed
  let rosterResult = null;
  let rosterQuality = null; // the data-quality report of the roster
  let rosterSchedule = null; // its payment schedule
  let capacity = null; // the last budget answer
  let budgetPolicy = null; // the id of the policy it was computed for

  // ---- programme --------------------------------------------------------------------
  async function loadPolicy(text, format) {
    try {
      current = await call("policy", { text, format, lang });
      current.regencyName = await call("regionName", { code: current.spec.regency });
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
    $("policy-regency").textContent = current.regencyName ? `${current.regencyName} (${spec.regency})` : spec.regency;
    const range =
      months.length === 1
        ? monthName(months[0])
        : `${monthName(months[0])} – ${monthName(months[months.length - 1])}`;
    $("policy-months").textContent = `${range} (${t("monthsCount")(months.length)})`;
    $("policy-programmes").textContent = spec.coverage.programmes.join(" + ");
    const funding = $("policy-funding");
    funding.replaceChildren();
    for (const f of spec.funding) {
      const line = el("span", null, "source-line");
      line.appendChild(el("span", `${f.name || f.id} (${f.kind})`, "proper"));
      if (f.budget) line.appendChild(el("span", ` ${t("budget")} ${rupiah(f.budget)}`, "budget"));
      funding.appendChild(line);
    }
    const list = $("lint-list");
    list.replaceChildren(...lints.map((l) => el("li", l.message)));
    $("lint-codes").textContent = lints.map((l) => `${l.code} (${l.field})`).join(", ");
    $("lints").hidden = lints.length === 0;
    renderBenefitMonths();
    renderSources();
    $("tranches").max = String(months.length);
  }
  function fundingName(id) {
    const f = current && current.spec.funding.find((x) => x.id === id);
    return f ? f.name || f.id : id;
  }
  // The example programmes as a list of choices (radio cards), each with its whole name.
  function programmeChoice(value, name, own) {
    const label = el("label", null, "pick");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = "programme";
    input.value = value;
    if (own) label.dataset.own = "true";
    // Names as the policy writes them are not translated (class "proper").
    label.append(input, el("span", name, "proper"));
    $("programme").appendChild(label);
    return input;
  }
  function chosenProgramme() {
    const c = document.querySelector('input[name="programme"]:checked');
    return c ? c.value : null;
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
    const budgetSector = $("g-sector");
    const chosenSector = budgetSector.value;
    budgetSector.replaceChildren(el("option", t("chooseSector")));
    budgetSector.firstChild.value = "";
    for (const o of select.querySelectorAll("optgroup")) budgetSector.appendChild(o.cloneNode(true));
    budgetSector.value = chosenSector;
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
      dtsen: v("w-dtsen"),
      coverFrom: v("w-cover-from"),
      coverTo: v("w-cover-to"),
    };
    // Leave out what was not filled in: the core decides what is missing.
    for (const k of Object.keys(worker)) if (worker[k] === "") delete worker[k];
    return worker;
  }
  async function checkWorker(worker) {
    const d = await call("evaluate", { worker, lang });
    lastWorker = worker;
    lastDecision = d;
    renderDecision(d);
    await renderBenefits();
  }
  function renderDecision(d) {
    $("single-result").hidden = false;
    const verdict = $("verdict");
    verdict.textContent = d.eligible ? `✔ ${t("eligibleVerdict")}` : `✘ ${t("ineligibleVerdict")}`;
    verdict.className = `verdict ${d.eligible ? "ok" : "no"}`;
    // Why the worker is not eligible, then why an eligible worker has fewer months.
    $("reasons").replaceChildren(...[...d.reasons, ...d.excludedMonths].map((r) => el("li", r.message)));
    $("reason-codes").textContent = d.reasons.map((r) => r.code).join(", ");
    $("reason-codes-box").hidden = d.reasons.length === 0;
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
          { text: rateText(c.rate), className: "num" },
          { text: rupiah(c.incomeBasis), className: "num" },
          { text: c.adjustments.length ? t("discount")(discountPercent(c.factor)) : "—" },
          { text: rupiah(c.amount), className: "num" },
          { text: c.reference, className: "ref" },
        ]),
      );
    }
    $("breakdown-wrap").hidden = d.breakdown.length === 0;
    labelCells($("breakdown"));
  }
  // The core writes a rate as `1%` or `Rp 6800`: group the digits of an amount.
  function rateText(rate) {
    const m = /^Rp (\d+)$/.exec(rate);
    return m ? rupiah(m[1]) : rate.replace(".", lang === "id" ? "," : ".");
  }
  // A multiplier such as "0.5" as the discount it gives, in whole percent (50).
  function discountPercent(factor) {
    const [whole, frac = ""] = String(factor).split(".");
    const hundredths = Number(whole) * 100 + Number((frac + "00").slice(0, 2));
    return String(100 - hundredths);
  }

  // ---- what the family would receive ----------------------------------------------
  async function loadLevels() {
    levels = await call("schoolLevels", { lang });
    for (const select of document.querySelectorAll(".b-child")) {
      const chosen = select.value;
      select.replaceChildren(el("option", t("noChild")));
      select.firstChild.value = "";
      for (const l of levels) {
        const o = el("option", l.name.charAt(0).toUpperCase() + l.name.slice(1));
        o.value = l.code;
        select.appendChild(o);
      }
      select.value = chosen;
    }
  }
  function renderBenefitMonths() {
    const select = $("b-month");
    const chosen = select.value;
    select.replaceChildren();
    current.months.forEach((m, i) => {
      const o = el("option", t("monthOption")(i + 1, monthName(m)));
      o.value = String(i + 1);
      select.appendChild(o);
    });
    if (chosen && Number(chosen) <= current.months.length) select.value = chosen;
  }
  // The illustration is for a worker the programme pays for: shown after an eligible
  // decision, recomputed by the core whenever a choice changes.
  async function renderBenefits() {
    const panel = $("benefits");
    if (!lastDecision || !lastDecision.eligible) {
      panel.hidden = true;
      return;
    }
    panel.hidden = false;
    const query = {
      workAccident: $("b-cause-jkk").checked,
      month: Number($("b-month").value),
      children: [...document.querySelectorAll(".b-child")].map((s) => s.value).filter((v) => v !== ""),
    };
    try {
      const b = await call("benefits", { query, lang });
      showError($("benefits-error"), null);
      $("benefits-result").hidden = false;
      $("b-total").textContent = rupiah(b.total);
      const body = $("b-items").tBodies[0];
      body.replaceChildren();
      for (const item of b.items) {
        body.appendChild(
          row([
            { text: item.name },
            { text: rupiah(item.amount), className: "num" },
            { text: item.reference, className: "ref" },
          ]),
        );
      }
      $("b-items").hidden = b.items.length === 0;
      labelCells($("b-items"));
      const notes = $("b-notes");
      notes.replaceChildren(...b.notes.map((n) => el("li", n)));
    } catch (e) {
      $("benefits-result").hidden = true;
      showError($("benefits-error"), e);
    }
  }

  // ---- budget -----------------------------------------------------------------------
  // The policy's funding sources; another policy's sources start the budget afresh.
  function chosenSource() {
    const c = document.querySelector('input[name="g-source"]:checked');
    return c ? c.value : null;
  }
  function renderSources() {
    const box = $("g-source");
    const before = [...box.querySelectorAll("input")].map((o) => o.value).join(" ");
    const chosen = chosenSource();
    box.querySelectorAll("label.pick").forEach((l) => l.remove());
    current.spec.funding.forEach((f, i) => {
      const label = el("label", null, "pick");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = "g-source";
      input.value = f.id;
      input.checked = f.id === chosen || (i === 0 && !current.spec.funding.some((x) => x.id === chosen));
      input.addEventListener("change", resetBudget);
      const text = el("span");
      text.appendChild(el("span", `${f.name || f.id} (${f.kind})`, "proper"));
      if (f.budget) text.appendChild(el("span", `${t("budget")} ${rupiah(f.budget)}`, "budget"));
      label.append(input, text);
      box.appendChild(label);
    });
    if (before !== current.spec.funding.map((f) => f.id).join(" ") || current.spec.id !== budgetPolicy) {
      budgetPolicy = current.spec.id;
      resetBudget();
    }
  }
  function resetBudget() {
    $("g-pagu-note").hidden = true;
    $("g-sector-field").hidden = true;
    $("g-sector").value = "";
    $("budget-result").hidden = true;
    showError($("budget-error"), null);
    capacity = null;
  }
  async function checkBudget() {
    const sectorField = $("g-sector-field");
    const args = {
      budget: $("g-amount").value,
      source: chosenSource(),
      sector: sectorField.hidden ? null : $("g-sector").value || null,
    };
    try {
      capacity = await call("capacity", args);
      // Beyond the source's ceiling: what the ceiling itself covers, from the core.
      capacity.withinPagu = capacity.exceedsSourceBudget
        ? await call("capacity", { ...args, budget: capacity.sourceBudget })
        : null;
      showError($("budget-error"), null);
      renderCapacity();
    } catch (e) {
      capacity = null;
      $("budget-result").hidden = true;
      showError($("budget-error"), e);
      // The core says when the cost depends on the sector: then ask for it.
      if (e.code === "argument" && e.field === "sector" && sectorField.hidden) {
        sectorField.hidden = false;
        $("g-sector").focus();
      }
    }
  }
  function renderCapacity() {
    const c = capacity;
    $("budget-result").hidden = false;
    $("g-workers").textContent = digits(String(c.workers));
    $("g-per-worker").textContent = rupiah(c.cost.total);
    $("g-per-worker-note").textContent = t("perWorkerNote")(rupiah(c.cost.monthlyContribution), c.cost.months);
    $("g-spent").textContent = rupiah(c.spent);
    $("g-left").textContent = rupiah(c.unspent);
    const note = $("g-pagu-note");
    note.hidden = !c.exceedsSourceBudget;
    // Beside the answer; the amount kept on one line (a no-break space after "Rp").
    const pagu = rupiah(c.sourceBudget || "0").replace(" ", "\u00a0");
    note.textContent = c.withinPagu
      ? t("paguWorkers")(pagu, digits(String(c.withinPagu.workers)))
      : c.exceedsSourceBudget ? t("paguNote")(pagu) : "";
  }

  // ---- roster -----------------------------------------------------------------------
  async function processRoster(file) {
    showError($("roster-error"), null);
    const buffer = await file.arrayBuffer();
    // CSV or .xlsx: the core tells them apart by their bytes.
    if (/\.(xls|ods|pdf|docx?)$/i.test(file.name)) {
      showError($("roster-error"), { message: t("notCsv") });
      return;
    }
    rosterName = file.name;
    rosterQuality = null;
    $("quality").hidden = true;
    const kb = `${digits(String(Math.max(1, Math.round(buffer.byteLength / 1024))))} KB`;
    if (await runRoster({ bytes: new Uint8Array(buffer) }, [buffer], kb)) await runQuality();
  }
  async function runRoster(input, transfer, sizeText) {
    const status = $("roster-status");
    const bar = $("roster-progress");
    setStatus(status, t("processing")(sizeText || ""));
    status.classList.add("busy");
    bar.value = 0;
    bar.hidden = false;
    // The worker tells how far it is after each chunk of rows (the core's figures).
    const shown = (p) => {
      bar.value = p.fraction;
      setStatus(status, `${t("processing")(sizeText || "")} ${Math.floor(p.fraction * 100)}%`);
    };
    try {
      rosterResult = await call("roster", { ...input, lang, firstRows: FIRST_ROWS }, transfer, shown);
      renderRoster();
      compareReady();
      await runSchedule();
      const secs = (rosterResult.elapsedMs / 1000).toFixed(2).replace(".", lang === "id" ? "," : ".");
      setStatus(status, t("processed")(digits(String(rosterResult.summary.rows)), secs));
      return true;
    } catch (e) {
      rosterResult = null;
      $("roster-result").hidden = true;
      setStatus(status, "");
      showError($("roster-error"), e);
      return false;
    } finally {
      status.classList.remove("busy");
      bar.hidden = true;
    }
  }
  async function runQuality() {
    rosterQuality = await call("quality", { asOf: today(), lang });
    renderQuality();
  }
  // Findings as rows of a table: label, the code the core uses, rows, row numbers.
  function renderQuality() {
    const q = rosterQuality;
    const section = $("quality");
    if (!q) {
      section.hidden = true;
      return;
    }
    section.hidden = false;
    $("quality-summary").textContent = t("qualitySummary")(digits(String(q.rows)), digits(String(q.cleanRows)), dateText(q.asOf));
    const list = (rows) => {
      const shown = rows.slice(0, 20).join(", ");
      return rows.length > 20 ? `${shown} ${t("moreRows")(digits(String(rows.length - 20)))}` : shown;
    };
    // Each finding's heading is the core's (q.headings, in the page's language).
    const findings = [];
    const add = (key, count, text) => findings.push({ label: q.headings[key] || key, count, text });
    if (q.malformedRows.length) add("malformed_rows", q.malformedRows.length, list(q.malformedRows));
    for (const [field, rows] of Object.entries(q.missing)) add(`missing.${field}`, rows.length, list(rows));
    for (const [field, rows] of Object.entries(q.unreadable)) add(`unreadable.${field}`, rows.length, list(rows));
    for (const [kind, rows] of Object.entries(q.invalidNik)) add(`invalid_nik.${kind}`, rows.length, list(rows));
    if (q.nikBirthDateMismatch.length) add("nik_birth_date_mismatch", q.nikBirthDateMismatch.length, list(q.nikBirthDateMismatch));
    if (q.nikSexMismatch.length) add("nik_sex_mismatch", q.nikSexMismatch.length, list(q.nikSexMismatch));
    if (q.duplicateNiks.length) {
      const groups = q.duplicateNiks.slice(0, 10).map((g) => g.join(" = ")).join("; ");
      const more = q.duplicateNiks.length > 10 ? ` ${t("moreRows")(digits(String(q.duplicateNiks.length - 10)))}` : "";
      add("duplicate_niks", q.duplicateNiks.reduce((n, g) => n + g.length, 0), groups + more);
    }
    if (q.unknownSectors.length) {
      const texts = q.unknownSectors.slice(0, 10).map((u) => `“${u.text}” (${digits(String(u.rows))})`).join(", ");
      const more = q.unknownSectors.length > 10 ? ` ${t("moreRows")(digits(String(q.unknownSectors.length - 10)))}` : "";
      add("unknown_sectors", q.unknownSectors.reduce((n, u) => n + u.rows, 0), texts + more);
    }
    if (q.futureBirthDates.length) add("future_birth_dates", q.futureBirthDates.length, list(q.futureBirthDates));
    if (q.ageOver120.length) add("age_over_120", q.ageOver120.length, list(q.ageOver120));
    const body = $("quality-table").tBodies[0];
    body.replaceChildren();
    for (const f of findings) {
      const tr = document.createElement("tr");
      tr.append(el("td", f.label), el("td", digits(String(f.count)), "num"), el("td", f.text, "rows-list"));
      body.appendChild(tr);
    }
    $("quality-wrap").hidden = findings.length === 0;
    labelCells($("quality-table"));
  }
  async function runSchedule() {
    try {
      rosterSchedule = await call("schedule", { tranches: Number($("tranches").value) });
      showError($("schedule-error"), null);
    } catch (e) {
      rosterSchedule = null;
      showError($("schedule-error"), e);
    }
    renderSchedule();
  }
  // Payments by month and by tranche, one column per funding source (all from the core).
  function renderSchedule() {
    const sch = rosterSchedule;
    const sourceIds = rosterResult ? Object.keys(rosterResult.summary.byFundingSource) : [];
    const fill = (table, first, payments, label) => {
      const head = table.tHead.rows[0];
      head.replaceChildren(el("th", first));
      if (table.id === "by-tranche") head.appendChild(el("th", t("trancheMonths")));
      head.appendChild(el("th", t("due")));
      for (const id of sourceIds) head.appendChild(el("th", fundingName(id), "num proper"));
      head.appendChild(el("th", t("total"), "num"));
      for (const th of head.cells) th.scope = "col";
      const body = table.tBodies[0];
      body.replaceChildren();
      payments.forEach((p, i) => {
        const range = p.from === p.to ? monthName(p.from) : `${monthName(p.from)} – ${monthName(p.to)}`;
        body.appendChild(
          row([
            { text: label(p, i) },
            ...(table.id === "by-tranche" ? [{ text: range }] : []),
            { text: dateText(p.due) },
            ...sourceIds.map((id) => ({ text: p.bySource[id] === undefined ? "—" : rupiah(p.bySource[id]), className: "num" })),
            { text: rupiah(p.total), className: "num" },
          ]),
        );
      });
      table.hidden = payments.length === 0 || sourceIds.length === 0;
    };
    fill($("by-month"), t("month"), sch ? sch.months : [], (p) => monthName(p.from));
    fill($("by-tranche"), t("tranche"), sch ? sch.tranches : [], (p, i) => t("trancheName")(i + 1));
    $("schedule-reference").textContent = sch && sourceIds.length ? t("dueReference")((lang === "id" && sch.referenceId) || sch.reference) : "";
    labelCells($("by-month"));
    labelCells($("by-tranche"));
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
          { text: fundingName(id), className: "proper" },
          { text: digits(String(v.workers)), className: "num" },
          { text: rupiah(v.cost), className: "num" },
          { text: f && f.budget ? rupiah(f.budget) : t("noBudget"), className: "num" },
        ]),
      );
    }
    $("by-source").hidden = Object.keys(s.byFundingSource).length === 0;
    const reasons = $("by-reason").tBodies[0];
    reasons.replaceChildren();
    for (const [code, n] of Object.entries(s.byReason)) {
      const ex = r.examples[code];
      const reason = ex && ex.decision.reasons.find((x) => x.code === code);
      reasons.appendChild(
        row([
          { text: reasonLabel(code) },
          { text: digits(String(n)), className: "num" },
          { text: reason ? t("exampleLine")(ex.line, reason.message) : "" },
        ]),
      );
    }
    $("by-reason-wrap").hidden = Object.keys(s.byReason).length === 0;
    $("by-reason-codes").textContent = Object.keys(s.byReason).map((c) => `${reasonLabel(c)} = ${c}`).join("; ");

    $("first-rows-caption").textContent = t("firstRows")(r.firstRows.length, digits(String(s.rows)));
    $("first-rows-summary").textContent = $("first-rows-caption").textContent;
    const first = $("first-rows").tBodies[0];
    first.replaceChildren();
    for (const x of r.firstRows) {
      const d = x.decision;
      first.appendChild(
        row([
          { text: String(x.line), className: "num" },
          { text: x.record.name || "", className: "proper" },
          { text: x.record.sector || "", className: "proper" },
          {
            text: d.eligible ? `✔ ${t("eligibleVerdict")}` : `✘ ${d.reasons.map((q) => q.message).join("; ")}`,
            className: d.eligible ? "ok" : "no",
          },
          { text: rupiah(d.totalCost), className: "num" },
        ]),
      );
    }
    for (const id of ["by-source", "by-reason", "first-rows"]) labelCells($(id));
  }
  // A reason code's short label, from the core's catalogue.
  function reasonLabel(code) {
    const r = catalogue && catalogue.reasons[code];
    return r ? r.label : code;
  }
  async function download() {
    const csv = await call("csv");
    const blob = new Blob([csv], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = `${(rosterName || "roster").replace(/\.[^.]*$/, "")}-${t("fileName")}.csv`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // ---- compare scenarios ------------------------------------------------------------
  let comparison = null;
  let comparedTexts = []; // the scenario texts of the comparison shown, in order
  const ownScenarios = []; // { file, text } added by the user
  // A scenario's `name` line, for its label only (the core reads the file itself).
  // In English, its `name_en` line when it has one.
  function scenarioName(text, fallback) {
    const line = (key) => new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`, "m").exec(text) || new RegExp(`"${key}"\\s*:\\s*"([^"]*)"`).exec(text);
    const m = (lang === "en" && line("name_en")) || line("name");
    return m ? m[1] : fallback;
  }
  function renderScenarioList() {
    const box = $("compare-examples");
    for (const s of IURAN_SCENARIOS) {
      const label = el("label", null, "check");
      const box1 = document.createElement("input");
      box1.type = "checkbox";
      box1.checked = true;
      box1.value = s.file;
      box1.className = "scenario-pick";
      label.append(box1, el("span", scenarioName(s.text, s.file), "scenario-name"));
      box.appendChild(label);
    }
  }
  function renderScenarioNames() {
    for (const label of document.querySelectorAll("#compare-examples label.check")) {
      const file = label.querySelector("input").value;
      const s = IURAN_SCENARIOS.find((x) => x.file === file);
      label.querySelector(".scenario-name").textContent = scenarioName(s.text, s.file);
    }
  }
  function compareReady() {
    $("compare").disabled = !rosterResult;
    $("scenario-file").disabled = false;
    $("compare-status").textContent = rosterResult ? t("compareReady") : t("compareNeedsRoster");
  }
  async function runCompare() {
    showError($("compare-error"), null);
    const picked = [...document.querySelectorAll(".scenario-pick:checked")].map(
      (b) => IURAN_SCENARIOS.find((s) => s.file === b.value).text,
    );
    const scenarios = [...picked, ...ownScenarios.map((s) => s.text)];
    comparedTexts = scenarios;
    if (!scenarios.length) {
      showError($("compare-error"), { message: t("compareNone") });
      return;
    }
    try {
      comparison = await call("compare", { scenarios, maxChanges: 20 });
      renderCompare();
    } catch (e) {
      comparison = null;
      $("compare-result").hidden = true;
      showError($("compare-error"), e);
    }
  }
  // A share of the largest value, 0–1000, from decimal strings: integer arithmetic on
  // the core's amounts (BigInt), never a float of money.
  function share(value, largest) {
    const max = BigInt(largest);
    return max > 0n ? Number((BigInt(value) * 1000n) / max) : 0;
  }
  function signedRupiah(text) {
    if (text.startsWith("-")) return `-${rupiah(text.slice(1))}`;
    return text === "0" ? rupiah(text) : `+${rupiah(text)}`;
  }
  function renderCompare() {
    const c = comparison;
    $("compare-result").hidden = false;
    const all = [{ totals: c.base, delta: null }, ...c.variants];
    // Each variant's name in the page's language (the core keeps the file's `name`).
    c.variants.forEach((v, i) => {
      v.shownName = scenarioName(comparedTexts[i] || "", v.totals.name);
    });
    const body = $("compare-table").querySelector("tbody");
    body.replaceChildren();
    for (const v of all) {
      const x = v.totals;
      body.appendChild(
        row([
          { text: v.delta ? v.shownName : `${t("baseScenario")} (${x.policyId})` },
          { text: digits(String(x.eligible)), className: "num" },
          { text: digits(String(x.funded)), className: "num" },
          { text: digits(String(x.waiting)), className: "num" },
          { text: rupiah(x.totalCost), className: "num" },
          { text: v.delta ? signedRupiah(v.delta.totalCost) : "", className: "num" },
        ]),
      );
    }
    labelCells($("compare-table"));
    drawChart(all.map((v) => ({ ...v.totals, name: v.shownName || v.totals.name })));
    const changes = $("compare-changes");
    changes.replaceChildren();
    for (const v of c.variants) {
      const count = Object.values(v.changeCounts).reduce((a, b) => a + b, 0);
      const sub = el("section", null, "sub");
      sub.appendChild(el("h3", `${v.shownName}: ${t("workersChange")(digits(String(count)))}`));
      const kinds = el("p", Object.entries(v.changeCounts)
        .map(([k, n]) => `${t("changeKinds")[k] || k}: ${digits(String(n))}`)
        .join(" · "));
      sub.appendChild(kinds);
      const list = el("ul", null, "changes");
      for (const ch of v.changes.slice(0, 5)) {
        const side = (x) =>
          x.status === "ineligible"
            ? `${t("statusNames").ineligible} (${x.reasons.map(reasonLabel).join(", ")})`
            : x.status === "waiting"
              ? `${t("statusNames").waiting} #${x.waitingPosition}`
              : `${t("statusNames").funded} ${fundingName(x.fundingSource)} ${rupiah(x.totalCost)}`;
        // Amounts kept whole on one line (a no-break space after "Rp", a word joiner
        // after a minus).
        list.appendChild(
          el("li", `${t("line")} ${ch.line ?? ch.row} · ${ch.nik || "-"} · ${t("changeKinds")[ch.kind] || ch.kind}: ${side(ch.base)} → ${side(ch.variant)} (${signedRupiah(ch.costDelta)})`.replace(/Rp /g, "Rp\u00a0").replace(/-Rp/g, "-\u2060Rp")),
        );
      }
      sub.appendChild(list);
      changes.appendChild(sub);
    }
  }
  // Two bars per scenario, hand-drawn SVG: cost and funded workers, each scaled to the
  // largest of its kind.
  function drawChart(totals) {
    const svg = $("compare-chart");
    const ns = "http://www.w3.org/2000/svg";
    const width = 720;
    const label = 220;
    const bar = 14;
    const rowHeight = 44;
    const height = totals.length * rowHeight + 8;
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.replaceChildren();
    const maxCost = totals.reduce((m, x) => (BigInt(x.totalCost) > BigInt(m) ? x.totalCost : m), "0");
    const maxFunded = String(Math.max(0, ...totals.map((x) => x.funded)));
    const room = width - label - 150;
    const add = (tag, attrs, text) => {
      const e = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
      if (text !== undefined) e.textContent = text;
      svg.appendChild(e);
      return e;
    };
    totals.forEach((x, i) => {
      const y = 6 + i * rowHeight;
      const name = i === 0 ? t("baseScenario") : x.name;
      add("text", { x: 0, y: y + bar + 2, class: "chart-label" }, name.length > 30 ? `${name.slice(0, 29)}…` : name);
      const costWidth = Math.max(1, Math.round((share(x.totalCost, maxCost) * room) / 1000));
      add("rect", { x: label, y, width: costWidth, height: bar, class: "bar-cost", "data-cost": x.totalCost });
      add("text", { x: label + costWidth + 6, y: y + bar - 2, class: "chart-value" }, rupiah(x.totalCost));
      const fundedWidth = Math.max(1, Math.round((share(String(x.funded), maxFunded) * room) / 1000));
      add("rect", { x: label, y: y + bar + 4, width: fundedWidth, height: bar, class: "bar-funded", "data-funded": x.funded });
      add("text", { x: label + fundedWidth + 6, y: y + 2 * bar + 2, class: "chart-value" }, `${digits(String(x.funded))} ${t("funded").toLowerCase()}`);
    });
  }

  // ---- wiring -----------------------------------------------------------------------
  async function setLanguage(next) {
    if (next === lang) return;
    lang = next;
    applyLanguage();
    catalogue = await call("catalogue", { lang });
    await loadTaxonomy();
    await loadLevels();
    if (engineReady) {
      // The example programmes' and scenarios' labels.
      renderScenarioNames();
    }
    if (current) {
      const { regencyName } = current;
      current = await call("describe", { lang });
      current.regencyName = regencyName;
      renderPolicy();
    }
    if (lastWorker) await checkWorker(lastWorker);
    if (rosterResult) {
      await runRoster({}, []);
      if (rosterQuality) await runQuality();
    }
    if (capacity) {
      renderSources();
      renderCapacity();
    }
    compareReady();
    if (comparison) renderCompare();
  }

  async function start() {
    applyLanguage();
    const { version } = await call("init");
    $("version").textContent = version;
    catalogue = await call("catalogue", { lang });
    for (const p of IURAN_POLICIES) {
      const spec = await call("peek", { text: p.text });
      programmeChoice(p.file, spec.name);
    }
    const preferred = IURAN_POLICIES.find((p) => p.file === "tegal-2025.toml") || IURAN_POLICIES[0];
    document.querySelector(`input[name="programme"][value="${preferred.file}"]`).checked = true;
    await loadTaxonomy();
    await loadLevels();
    await loadPolicy(preferred.text, "toml");
    for (const id of ["programme", "policy-file", "check", "g-check", "roster-file"]) $(id).disabled = false;
    renderScenarioList();
    compareReady();
    engineReady = true;
    setStatus($("status"), t("ready"));
    $("status").dataset.ready = "true";
    $("status").classList.add("visually-hidden");
  }

  document.querySelectorAll(".lang button").forEach((b) =>
    b.addEventListener("click", () => setLanguage(b.dataset.lang)),
  );
  $("programme").addEventListener("change", async (e) => {
    if (e.target.name !== "programme") return;
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
      const old = $("programme").querySelector("label[data-own]");
      if (old) old.remove();
      const own = programmeChoice(`own:${file.name}`, `${t("ownPolicy")}: ${current.spec.name}`, true);
      own.checked = true;
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
  $("compare").addEventListener("click", runCompare);
  $("scenario-file").addEventListener("change", async (e) => {
    const list = $("own-scenarios");
    for (const file of e.target.files) {
      const text = await file.text();
      ownScenarios.push({ file: file.name, text });
      list.appendChild(el("li", `${file.name}: ${scenarioName(text, file.name)}`));
    }
  });
  $("budget-form").addEventListener("submit", (e) => {
    e.preventDefault();
    checkBudget();
  });
  for (const id of ["b-month", "b-cause-jkm", "b-cause-jkk", "b-child-1", "b-child-2", "b-child-3"]) {
    $(id).addEventListener("change", renderBenefits);
  }
  $("tranches").addEventListener("change", () => {
    if (rosterResult) runSchedule();
  });
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

// SI PEKERJA — small progressive enhancements; every page works without this file.
// Served from the module's own static folder (no CDN, no inline script: CSP default-src 'self').
(function () {
  "use strict";

  // Filter forms (year, month, unit, period) submit only with their "Tampilkan" button: a select
  // never navigates on change, so arrow keys walk its options without leaving the page (WCAG 3.2.2).

  // Plan tree: collapse a program (its rows carry data-program) with its button; keyboard-usable
  // (a real <button>), state in aria-expanded. The buttons are hidden until this script runs.
  function setelProgram(tombol, buka) {
    tombol.setAttribute("aria-expanded", buka ? "true" : "false");
    document.querySelectorAll('tr[data-program="' + tombol.getAttribute("data-ciut") + '"]').forEach(function (tr) {
      tr.hidden = !buka;
    });
  }
  var tombolProgram = document.querySelectorAll("button[data-ciut]");
  tombolProgram.forEach(function (tombol) {
    tombol.hidden = false;
    tombol.addEventListener("click", function () {
      setelProgram(tombol, tombol.getAttribute("aria-expanded") !== "true");
    });
  });
  document.querySelectorAll("[data-ciut-semua]").forEach(function (kotak) {
    if (!tombolProgram.length) { return; }
    kotak.hidden = false;
    kotak.querySelectorAll("button[data-ciut-semua-aksi]").forEach(function (tombol) {
      tombol.addEventListener("click", function () {
        var buka = tombol.getAttribute("data-ciut-semua-aksi") === "buka";
        tombolProgram.forEach(function (t) { setelProgram(t, buka); });
      });
    });
  });

  // Parse an Indonesian number ("1.234.567,89"); NaN when empty or malformed.
  function parseAngka(teks) {
    teks = (teks || "").trim();
    if (!teks) { return NaN; }
    if (!/^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$/.test(teks)) { return NaN; }
    return Number(teks.replace(/\./g, "").replace(",", "."));
  }

  function formatAngka(nilai) {
    return nilai.toLocaleString("id-ID", { maximumFractionDigits: 4 });
  }

  // Grids: live total of the monthly cells ("data-grid" on the table, "data-bulan" on inputs).
  document.querySelectorAll("[data-grid]").forEach(function (grid) {
    var total = grid.querySelector("[data-total]");
    function rentang(teks) {
      // A range target typed as the users type it ("80–90", "80 s.d. 90"): both bounds, or null.
      var bagian = teks.trim().split(/\s*(?:\u2013|\u2014|s\.?\s?d\.?|s\/d|sampai|(?!^)-)\s*/i);
      if (bagian.length !== 2) { return null; }
      var bawah = parseAngka(bagian[0]), atas = parseAngka(bagian[1]);
      return isNaN(bawah) || isNaN(atas) || bawah > atas ? null : [bawah, atas];
    }
    // The total follows the agregasi (domain.capaian.agregasikan): kumulatif adds the months,
    // nilai_akhir takes the last month filled, rata_rata the mean of the months filled.
    var agregasi = grid.getAttribute("data-agregasi") || "kumulatif";
    function hitung() {
      var bawah = 0, atas = 0, n = 0, rusak = false, adaRentang = false;
      grid.querySelectorAll("input[data-bulan]").forEach(function (input) {
        var teks = input.value.trim();
        var nilai = parseAngka(input.value);
        var r = isNaN(nilai) && teks !== "" ? rentang(teks) : null;
        input.classList.toggle("is-invalid", teks !== "" && isNaN(nilai) && r === null);
        if (teks === "") { return; }
        if (r === null && isNaN(nilai)) { rusak = true; return; }
        if (r === null) { r = [nilai, nilai]; } else { adaRentang = true; }
        if (agregasi === "nilai_akhir") { bawah = r[0]; atas = r[1]; adaRentang = r[0] !== r[1]; }
        else { bawah += r[0]; atas += r[1]; }
        n += 1;
      });
      var ada = n > 0;
      if (ada && agregasi === "rata_rata") { bawah /= n; atas /= n; }
      if (total) {
        total.textContent = rusak ? "periksa isian" : (!ada ? "–" :
          (adaRentang ? formatAngka(bawah) + "\u2013" + formatAngka(atas) : formatAngka(bawah)));
      }
    }
    grid.addEventListener("input", hitung);
    // "Isi dari target tahunan": the months proposed by the server (domain.bagi_target), then editable.
    var form = grid.closest("form");
    var isi = form ? form.querySelector("[data-isi-usulan]") : null;
    if (isi) {
      isi.addEventListener("click", function () {
        var usulan = JSON.parse(isi.getAttribute("data-isi-usulan"));
        grid.querySelectorAll("input[data-bulan]").forEach(function (input) {
          input.value = usulan[input.getAttribute("data-bulan")] || "";
        });
        hitung();
        grid.querySelector("input[data-bulan]").focus();
      });
    }
    hitung();
  });
  // "Tidak ada realisasi": the reason field shows only when the box is ticked (or already filled).
  document.querySelectorAll("input[data-tanpa-alasan]").forEach(function (alasan) {
    var kotak = document.getElementById(alasan.id.replace(/-alasan_tanpa$/, "-tanpa"));
    if (!kotak) { return; }
    function atur() { alasan.hidden = !kotak.checked && alasan.value.trim() === ""; }
    kotak.addEventListener("change", function () { atur(); if (kotak.checked) { alasan.focus(); } });
    atur();
  });

  // Wide tables scroll inside their box: when a box really overflows, it becomes a focusable, named
  // region so the keyboard can scroll it (WCAG 2.1.1). Boxes from the `tabel_gulir` macro carry
  // this in the HTML already; this catches the older `.table-responsive` / `.sipekerja-gulir` ones.
  function namaKotak(kotak) {
    var cap = kotak.querySelector("caption");
    if (cap && cap.textContent.trim()) { return cap.textContent.trim(); }
    for (var el = kotak.previousElementSibling; el; el = el.previousElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) { return el.textContent.trim(); }
    }
    return "Tabel";
  }
  function aturKotakGulir() {
    document.querySelectorAll(".table-responsive, .sipekerja-gulir").forEach(function (kotak) {
      if (kotak.hasAttribute("data-tabel-gulir")) { return; }
      var luber = kotak.scrollWidth > kotak.clientWidth + 1 || kotak.scrollHeight > kotak.clientHeight + 1;
      if (luber && !kotak.hasAttribute("tabindex")) {
        kotak.setAttribute("tabindex", "0");
        kotak.setAttribute("role", "region");
        if (!kotak.hasAttribute("aria-label")) { kotak.setAttribute("aria-label", namaKotak(kotak) + " (dapat digulir)"); }
      }
    });
  }
  aturKotakGulir();
  window.addEventListener("resize", aturKotakGulir);

  // Form errors are announced: a field marked is-invalid by the server gets aria-invalid and
  // aria-describedby pointing at its error text (when the template did not say so already), and
  // focus goes to the first faulty field of the page.
  var galatKe = 0;
  document.querySelectorAll(".is-invalid").forEach(function (isian) {
    if (!/^(INPUT|SELECT|TEXTAREA)$/.test(isian.tagName)) { return; }
    isian.setAttribute("aria-invalid", "true");
    if (isian.hasAttribute("aria-describedby")) { return; }
    var wadah = isian.closest("td, .mb-3, .mb-2, .col, [class*='col-'], div") || isian.parentElement;
    var pesan = wadah && wadah.querySelector(".invalid-feedback");
    if (!pesan) { return; }
    if (!pesan.id) { galatKe += 1; pesan.id = "galat-" + galatKe; }
    isian.setAttribute("aria-describedby", pesan.id);
  });
  var pertama = document.querySelector("[aria-invalid=true]");
  if (pertama) {
    var lipat = pertama.closest("details");
    if (lipat) { lipat.open = true; }
    pertama.focus();
  }

  // "Cetak halaman": the browser's print dialog (the print stylesheet keeps only the content).
  document.querySelectorAll("button[data-cetak]").forEach(function (tombol) {
    tombol.hidden = false;
    tombol.addEventListener("click", function () { window.print(); });
  });

  // A row's "unggah…" link picks its indicator in the upload form below.
  document.querySelectorAll("a[data-pilih-indikator]").forEach(function (tautan) {
    tautan.addEventListener("click", function () {
      var pilih = document.getElementById("indikator_id");
      if (pilih) { pilih.value = tautan.getAttribute("data-pilih-indikator"); }
    });
  });

  // Several files in one upload: name the chosen files under the picker.
  document.querySelectorAll("input[type=file][multiple][data-daftar-berkas]").forEach(function (input) {
    var daftar = document.getElementById(input.getAttribute("data-daftar-berkas"));
    if (!daftar) { return; }
    input.addEventListener("change", function () {
      daftar.replaceChildren();
      Array.prototype.forEach.call(input.files, function (f) {
        var li = document.createElement("li");
        li.textContent = f.name;
        daftar.appendChild(li);
      });
    });
  });

  // Irreversible actions ask first: a form (or its button) with data-konfirmasi="…" opens a modal
  // <dialog> saying what follows; data-konfirmasi-daftar="#id" adds that element's content (e.g.
  // the warnings before Ajukan). Keyboard: focus starts on "Batal", Esc cancels, Tab reaches "Ya".
  var dialog = null;
  function bangunDialog() {
    dialog = document.createElement("dialog");
    dialog.className = "sipekerja-konfirmasi border rounded shadow p-0";
    dialog.setAttribute("aria-labelledby", "konfirmasi-judul");
    dialog.innerHTML = '<form method="dialog" class="p-3">' +
      '<h2 class="h5" id="konfirmasi-judul">Konfirmasi</h2><p data-pesan></p><div data-daftar class="small"></div>' +
      '<div class="d-flex justify-content-end gap-2 mt-3">' +
      '<button value="batal" class="btn btn-outline-secondary" data-batal autofocus>Batal</button>' +
      '<button value="ya" class="btn btn-primary" data-ya>Ya, lanjutkan</button></div></form>';
    document.body.appendChild(dialog);
  }

  function tanya(pesan, daftar, labelYa, lanjut) {
    if (!dialog) { bangunDialog(); }
    dialog.querySelector("[data-pesan]").textContent = pesan;
    var wadah = dialog.querySelector("[data-daftar]");
    wadah.replaceChildren();
    if (daftar) { wadah.appendChild(daftar.cloneNode(true)); wadah.firstChild.hidden = false; }
    dialog.querySelector("[data-ya]").textContent = labelYa || "Ya, lanjutkan";
    dialog.returnValue = "";
    dialog.addEventListener("close", function selesai() {
      dialog.removeEventListener("close", selesai);
      if (dialog.returnValue === "ya") { lanjut(); }
    });
    dialog.showModal();
    dialog.querySelector("[data-batal]").focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target, tombol = event.submitter;
    var sumber = tombol && tombol.hasAttribute("data-konfirmasi") ? tombol : form;
    var pesan = sumber.getAttribute("data-konfirmasi");
    if (!pesan || form.dataset.terkonfirmasi === "1" || typeof HTMLDialogElement === "undefined") { return; }
    event.preventDefault();
    var pilih = sumber.getAttribute("data-konfirmasi-daftar");
    tanya(pesan, pilih ? document.querySelector(pilih) : null, sumber.getAttribute("data-konfirmasi-ya"), function () {
      form.dataset.terkonfirmasi = "1";
      if (tombol) { form.requestSubmit(tombol); } else { form.requestSubmit(); }
      form.dataset.terkonfirmasi = "";
    });
  });
})();

// Kabupaten report job page (templates/sipekerja/kabupaten/tugas.html): poll the job's status
// every two seconds until it is ready or failed; fill in the progress and show the download link.
(function () {
  "use strict";
  var wadah = document.getElementById("tugas-laporan");
  if (!wadah || !window.fetch) { return; }
  var teks = wadah.querySelector("[data-tugas=teks]"), angka = wadah.querySelector("[data-tugas=angka]");
  var kemajuan = wadah.querySelector("[data-tugas=kemajuan]"), unduh = wadah.querySelector("[data-tugas=unduh]");
  var KATA = {antri: "Menunggu giliran disusun…", proses: "Sedang disusun…", siap: "Laporan siap diunduh."};
  function tampilkan(s) {
    teks.textContent = s.status === "gagal" ? (s.pesan || "Laporan gagal disusun.") : KATA[s.status] || s.status;
    if (s.total) {
      angka.textContent = s.selesai + " dari " + s.total + " perangkat daerah";
      kemajuan.max = s.total;
      kemajuan.value = s.status === "siap" ? s.total : s.selesai;
    }
    if (s.unduh) { unduh.href = s.unduh; unduh.classList.remove("d-none"); }
  }
  function tanya() {
    fetch(wadah.dataset.statusUrl, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) { return; }
        tampilkan(s);
        if (s.status !== "siap" && s.status !== "gagal") { window.setTimeout(tanya, 2000); }
      })
      .catch(function () { window.setTimeout(tanya, 5000); });
  }
  if (wadah.dataset.status !== "siap" && wadah.dataset.status !== "gagal") { window.setTimeout(tanya, 1000); }
})();

// Triwulan tabs of the Target dan Capaian Kerja page (templates/sipekerja/laporan/_halaman.html):
// the page holds one triwulan's table; a tab fetches its triwulan's page once, takes that table
// (data-panel-triwulan) into this page and shows it, so the other three cost nothing until asked
// for. Without this script (or if the fetch fails) a tab is a plain link to that page.
(function () {
  "use strict";
  var tab = document.querySelector("[data-tab-triwulan]");
  if (!tab || !window.fetch || !window.DOMParser) { return; }
  function panel(t) { return document.querySelector('[data-panel-triwulan="' + t + '"]'); }
  function tampilkan(t) {
    document.querySelectorAll("[data-panel-triwulan]").forEach(function (p) {
      p.hidden = p.getAttribute("data-panel-triwulan") !== t;
    });
    tab.querySelectorAll("a[data-triwulan]").forEach(function (a) {
      var aktif = a.getAttribute("data-triwulan") === t;
      a.classList.toggle("active", aktif);
      if (aktif) { a.setAttribute("aria-current", "page"); } else { a.removeAttribute("aria-current"); }
    });
  }
  tab.addEventListener("click", function (e) {
    var a = e.target.closest("a[data-triwulan]");
    if (!a) { return; }
    var t = a.getAttribute("data-triwulan");
    if (panel(t)) { e.preventDefault(); tampilkan(t); return; }
    e.preventDefault();
    a.setAttribute("aria-busy", "true");
    fetch(a.href, {credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (html) {
        var baru = new DOMParser().parseFromString(html, "text/html").querySelector('[data-panel-triwulan="' + t + '"]');
        if (!baru) { throw new Error("tanpa tabel"); }
        var akhir = document.querySelectorAll("[data-panel-triwulan]");
        akhir[akhir.length - 1].after(document.importNode(baru, true));
        a.removeAttribute("aria-busy");
        tampilkan(t);
      })
      .catch(function () { window.location.href = a.href; });
  });
})();

// SI PEKERJA — small progressive enhancements; every page works without this file.
// Served from the module's own static folder (no CDN, no inline script: CSP default-src 'self').
(function () {
  "use strict";

  // Submit a filter form as soon as its select changes.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

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
    function hitung() {
      var jumlah = 0, ada = false, rusak = false;
      grid.querySelectorAll("input[data-bulan]").forEach(function (input) {
        var nilai = parseAngka(input.value);
        input.classList.toggle("is-invalid", input.value.trim() !== "" && isNaN(nilai));
        if (input.value.trim() === "") { return; }
        if (isNaN(nilai)) { rusak = true; return; }
        jumlah += nilai; ada = true;
      });
      if (total) { total.textContent = rusak ? "periksa isian" : (ada ? formatAngka(jumlah) : "–"); }
    }
    grid.addEventListener("input", hitung);
    hitung();
  });
})();

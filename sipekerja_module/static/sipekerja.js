// SI PEKERJA — small progressive enhancements; every page works without this file.
// Served from the module's own static folder (no CDN, no inline script: CSP default-src 'self').
(function () {
  "use strict";

  // Submit a filter form as soon as its select changes.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
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
    function hitung() {
      var bawah = 0, atas = 0, ada = false, rusak = false, adaRentang = false;
      grid.querySelectorAll("input[data-bulan]").forEach(function (input) {
        var teks = input.value.trim();
        var nilai = parseAngka(input.value);
        var r = isNaN(nilai) && teks !== "" ? rentang(teks) : null;
        input.classList.toggle("is-invalid", teks !== "" && isNaN(nilai) && r === null);
        if (teks === "") { return; }
        if (r !== null) { bawah += r[0]; atas += r[1]; ada = true; adaRentang = true; return; }
        if (isNaN(nilai)) { rusak = true; return; }
        bawah += nilai; atas += nilai; ada = true;
      });
      if (total) {
        total.textContent = rusak ? "periksa isian" : (!ada ? "–" :
          (adaRentang ? formatAngka(bawah) + "\u2013" + formatAngka(atas) : formatAngka(bawah)));
      }
    }
    grid.addEventListener("input", hitung);
    hitung();
  });
})();

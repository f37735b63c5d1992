// SIMPADU portal stand-in — asks before irreversible actions (same behaviour as the module's
// sipekerja.js): a form with data-konfirmasi="…" opens a modal <dialog>; "Batal" has the focus,
// Esc cancels. Served locally (CSP default-src 'self', no inline script).
(function () {
  "use strict";
  var dialog = null;
  function bangun() {
    dialog = document.createElement("dialog");
    dialog.className = "border rounded shadow p-0";
    dialog.innerHTML = '<form method="dialog" class="p-3"><h2 class="h5">Konfirmasi</h2><p data-pesan></p>' +
      '<div class="d-flex justify-content-end gap-2"><button value="batal" class="btn btn-outline-secondary" data-batal>Batal</button>' +
      '<button value="ya" class="btn btn-danger" data-ya>Ya</button></div></form>';
    document.body.appendChild(dialog);
  }
  document.addEventListener("submit", function (event) {
    var form = event.target, pesan = form.getAttribute("data-konfirmasi");
    if (!pesan || form.dataset.terkonfirmasi === "1" || typeof HTMLDialogElement === "undefined") { return; }
    event.preventDefault();
    if (!dialog) { bangun(); }
    dialog.querySelector("[data-pesan]").textContent = pesan;
    dialog.querySelector("[data-ya]").textContent = form.getAttribute("data-konfirmasi-ya") || "Ya";
    dialog.returnValue = "";
    dialog.addEventListener("close", function selesai() {
      dialog.removeEventListener("close", selesai);
      if (dialog.returnValue === "ya") { form.dataset.terkonfirmasi = "1"; form.requestSubmit(); form.dataset.terkonfirmasi = ""; }
    });
    dialog.showModal();
    dialog.querySelector("[data-batal]").focus();
  });
})();

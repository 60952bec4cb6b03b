// Parallax workbench: highlight toggles, record focus, upload progress.
// Loaded as a file (the CSP forbids inline script); only ever sets textContent.
(function () {
  "use strict";

  function toggles() {
    document.querySelectorAll("input.kind-toggle").forEach(function (box) {
      box.addEventListener("change", function () {
        document.body.classList.toggle("hide-" + box.value, !box.checked);
      });
    });
  }

  function select(rec, scrollTo) {
    document.querySelectorAll("mark.selected").forEach(function (m) { m.classList.remove("selected"); });
    document.querySelectorAll("mark.hl").forEach(function (m) {
      if (m.dataset.rec === rec) m.classList.add("selected");
    });
    var row = document.getElementById("row-" + rec);
    if (!row) return;
    document.querySelectorAll("tr.target").forEach(function (r) { r.classList.remove("target"); });
    row.classList.add("target");
    (scrollTo || row).scrollIntoView({ block: "center" });
  }

  function focusRows() {
    var text = document.getElementById("doc-text");
    if (!text) return;
    text.addEventListener("click", function (ev) {
      var mark = ev.target.closest("mark.hl");
      if (mark) select(mark.dataset.rec);
    });
    // ?focus=events-51 (from search): the record with that stored id
    var focus = new URLSearchParams(window.location.search).get("focus");
    if (focus && /^(events|claims)-\d+$/.test(focus)) {
      var row = document.querySelector("tr.rec-" + focus);
      if (row) select(row.id.slice(4), document.querySelector('mark[data-rec="' + row.id.slice(4) + '"]'));
    }
  }

  function pollJob() {
    var box = document.getElementById("job");
    if (!box || box.dataset.done === "1") return;
    var id = box.dataset.job;
    function tick() {
      fetch("/api/jobs/" + encodeURIComponent(id), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          document.getElementById("job-status").textContent = job.status;
          document.getElementById("job-step").textContent = job.step;
          document.getElementById("job-reason").textContent = job.reason || "";
          if (job.document_id) {
            document.getElementById("job-doc").setAttribute("href", "/documents/" + Number(job.document_id));
            document.getElementById("job-link").hidden = false;
          }
          if (job.done) {
            var bar = document.getElementById("job-progress");
            bar.max = 1; bar.value = 1;
            box.dataset.done = "1";
          } else {
            setTimeout(tick, 700);
          }
        })
        .catch(function () { setTimeout(tick, 2000); });
    }
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    toggles();
    focusRows();
    pollJob();
    document.documentElement.dataset.ready = "1";
  });
})();

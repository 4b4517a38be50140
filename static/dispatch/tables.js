/* Sortable dispatch tables: click (or Enter on) a header; cells sort by data-value, else by text. */
(function () {
  "use strict";
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, index) {
      th.tabIndex = 0;
      th.style.cursor = "pointer";
      var sort = function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length > index; });
        rows.sort(function (a, b) {
          var x = a.cells[index], y = b.cells[index];
          var vx = x.hasAttribute("data-value") ? x.getAttribute("data-value") : x.textContent.trim();
          var vy = y.hasAttribute("data-value") ? y.getAttribute("data-value") : y.textContent.trim();
          var nx = parseFloat(vx), ny = parseFloat(vy), result;
          if (vx === "" || vy === "") { return vx === vy ? 0 : (vx === "" ? 1 : -1); }
          if (!isNaN(nx) && !isNaN(ny)) { result = nx - ny; } else { result = vx.localeCompare(vy, "zh-Hans-CN"); }
          return ascending ? result : -result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); sort(); } });
    });
  });
})();

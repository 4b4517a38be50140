/* Dashboard and bulletin behaviour: chart/table toggles, sortable tables, the period picker and the
   ECharts charts (vendored). Every bar and point leads to the projects behind it. */
(function () {
  "use strict";

  // Period picker: changing the year or month shows that period at once (the button stays for keyboards).
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Chart / table toggles.
  var charts = {};
  document.querySelectorAll("[data-show]").forEach(function (button) {
    button.addEventListener("click", function () {
      var target = button.getAttribute("data-show");
      var key = target.replace(/-(chart|table)$/, "");
      document.querySelectorAll('[data-pane^="' + key + '-"]').forEach(function (pane) {
        pane.classList.toggle("d-none", pane.getAttribute("data-pane") !== target);
      });
      button.parentElement.querySelectorAll("button").forEach(function (other) {
        var on = other === button;
        other.classList.toggle("active", on);
        other.setAttribute("aria-pressed", on ? "true" : "false");
      });
      if (charts[key]) { charts[key].resize(); }
    });
  });

  // Sortable tables: click (or Enter on) a header; cells sort by data-value, else by text.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, index) {
      th.setAttribute("data-sortable", "");
      th.tabIndex = 0;
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
          var nx = parseFloat(vx), ny = parseFloat(vy);
          var result;
          if (vx === "" && vy === "") { result = 0; }
          else if (vx === "") { return 1; }
          else if (vy === "") { return -1; }
          else if (!isNaN(nx) && !isNaN(ny)) { result = nx - ny; }
          else { result = vx.localeCompare(vy, "zh-Hans-CN"); }
          return ascending ? result : -result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) { if (event.key === "Enter") { sort(); } });
    });
  });

  var dataNode = document.getElementById("dashboard-data");
  if (!dataNode || typeof echarts === "undefined") { return; }
  var data = JSON.parse(dataNode.textContent);
  var labels = data.labels;

  var seriesNode = document.getElementById("chart-series");
  if (seriesNode) {
    var line = echarts.init(seriesNode);
    line.setOption({
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v.toFixed(2) + "%"; } },
      legend: { top: 0 },
      grid: { left: 40, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
      series: [
        { name: labels.completion, type: "line", data: data.completion_pct, smooth: false, symbolSize: 7 },
        { name: labels.time, type: "line", data: data.time_progress_pct, lineStyle: { type: "dashed" } },
        { name: labels.planned, type: "line", data: data.planned_pct, lineStyle: { type: "dotted" } }
      ],
      animation: false
    });
    charts.series = line;
  }

  Object.keys(data.breakdowns).forEach(function (dimension) {
    var node = document.getElementById("chart-" + dimension);
    if (!node) { return; }
    var block = data.breakdowns[dimension];
    var chart = echarts.init(node);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 50, right: 50, top: 40, bottom: 70 },
      xAxis: { type: "category", data: block.names, axisLabel: { interval: 0, rotate: block.names.length > 6 ? 35 : 0 } },
      yAxis: [
        { type: "value" },  // amounts in 亿元, named by the legend
        { type: "value", axisLabel: { formatter: "{value}%" } }
      ],
      series: [
        { name: labels.plan, type: "bar", data: block.annual_plan, itemStyle: { color: "#c9c9c9" }, cursor: "pointer" },
        { name: labels.completed, type: "bar", data: block.completed, itemStyle: { color: "#8b1a1a" }, cursor: "pointer" },
        { name: labels.completion, type: "line", yAxisIndex: 1, data: block.completion_pct }
      ],
      animation: false
    });
    // A click anywhere in a category's column (either bar, the line or the gap) opens its projects.
    chart.getZr().on("click", function (event) {
      var point = [event.offsetX, event.offsetY];
      if (!chart.containPixel("grid", point)) { return; }
      var index = chart.convertFromPixel({ seriesIndex: 0 }, point)[0];
      var url = block.urls[index];
      if (url) { window.location.href = url; }
    });
    charts[dimension] = chart;
  });
  window.addEventListener("resize", function () {
    Object.keys(charts).forEach(function (key) { charts[key].resize(); });
  });
  window.portalCharts = charts;
})();

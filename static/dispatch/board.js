/* The alert board's trend: stacked bars of red, yellow and green by month, with a table view. */
(function () {
  "use strict";
  var data = document.getElementById("alert-trend-data");
  var node = document.getElementById("alert-trend-chart");
  if (!data || !node || typeof echarts === "undefined") { return; }
  var rows = JSON.parse(data.textContent);
  var css = getComputedStyle(document.documentElement);
  var colour = function (name, fallback) { return (css.getPropertyValue(name) || fallback).trim(); };
  var labels = {};
  document.querySelectorAll("[data-testid=trend-table] thead th").forEach(function (th, i) { labels[i] = th.textContent; });
  var series = [["red", 1, "--portal-red", "#c0392b"], ["yellow", 2, "--portal-yellow", "#d4a017"], ["green", 3, "--portal-green", "#2e8b57"]];
  var chart = echarts.init(node);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 32, bottom: 24 },
    xAxis: { type: "category", data: rows.map(function (r) { return r.month; }) },
    yAxis: { type: "value", minInterval: 1 },
    series: series.map(function (s) {
      return { name: labels[s[1]], type: "bar", stack: "all", itemStyle: { color: colour(s[2], s[3]) },
               data: rows.map(function (r) { return r[s[0]]; }) };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
  document.querySelectorAll("[data-trend-show]").forEach(function (button) {
    button.addEventListener("click", function () {
      var target = button.getAttribute("data-trend-show");
      document.querySelectorAll("[data-trend-pane]").forEach(function (pane) {
        pane.classList.toggle("d-none", pane.getAttribute("data-trend-pane") !== target);
      });
      document.querySelectorAll("[data-trend-show]").forEach(function (other) {
        other.classList.toggle("active", other === button);
        other.setAttribute("aria-pressed", other === button ? "true" : "false");
      });
      chart.resize();
    });
  });
})();

// Draws every <div data-echarts="ID"> from the JSON options in <script id="ID">, on page load
// and after htmx swaps (the project page loads the funding panel with htmx). Loads the vendored
// ECharts itself when the host page has not, so the panel works inside any page.
(function () {
  var me = document.currentScript;
  var echartsSrc = me && me.dataset.echartsSrc;

  function draw(root) {
    (root || document).querySelectorAll("[data-echarts]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var source = document.getElementById(el.dataset.echarts);
      if (!source) return;
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(JSON.parse(source.textContent));
      el.dataset.drawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  function withEcharts(callback) {
    if (window.echarts) { callback(); return; }
    if (!echartsSrc) return;
    var existing = document.querySelector("script[data-portal-echarts]");
    if (existing) { existing.addEventListener("load", callback); return; }
    var script = document.createElement("script");
    script.src = echartsSrc;
    script.dataset.portalEcharts = "1";
    script.addEventListener("load", callback);
    document.head.appendChild(script);
  }

  function run(root) { withEcharts(function () { draw(root); }); }

  if (!window.portalFundingCharts) {
    window.portalFundingCharts = run;
    document.addEventListener("htmx:afterSettle", function (e) { run(e.target); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { run(document); });
  } else {
    run(document);
  }
})();

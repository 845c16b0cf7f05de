// Printing: charts are drawn for the screen's width. Redraw them for the paper before
// printing (and back afterwards), so they are not cut at the edge of an A4 page.
(function () {
  function redraw() {
    if (!window.Plotly) { return; }
    document.querySelectorAll(".js-plotly-plot").forEach(function (plot) {
      try { window.Plotly.Plots.resize(plot); } catch (e) { /* a chart being redrawn right now */ }
    });
  }
  window.addEventListener("beforeprint", redraw);
  window.addEventListener("afterprint", redraw);
})();

/* The lägesbild page: the interactive map (Leaflet, no tiles needed) and chart focus.
   Reads its data from the json_script block "lb-map-data"; no inline code, so a strict
   Content-Security-Policy allows the page. */
(function () {
  "use strict";

  function number(value, decimals) {
    if (value === null || value === undefined) { return "–"; }
    if (value === "..") { return ".."; }
    return Number(value).toLocaleString("sv-SE", {
      minimumFractionDigits: decimals, maximumFractionDigits: decimals
    });
  }

  function drawMap() {
    var holder = document.getElementById("lb-map");
    var dataNode = document.getElementById("lb-map-data");
    if (!holder || !dataNode || typeof L === "undefined") { return; }
    var data = JSON.parse(dataNode.textContent);
    var readout = document.getElementById("lb-map-readout");
    var map = L.map(holder, { zoomSnap: 0.25, attributionControl: false });
    var outline = L.geoJSON(data.municipality, {
      style: { color: "#1f2933", weight: 2, fill: false }, interactive: false
    });
    var districts = L.layerGroup();
    data.districts.forEach(function (d) {
      if (!d.geometry) { return; }
      var hidden = d.fill === "hidden";
      var layer = L.geoJSON(d.geometry, {
        style: {
          color: d.priority ? "#3c4650" : "#8793a0",
          weight: d.priority ? 2.5 : 0.8,
          fillColor: hidden ? "#c9d1d9" : (d.fill || "#eef1f4"),
          fillOpacity: 0.75,
          dashArray: hidden ? "4 3" : null
        }
      });
      var value = data.measure === "rate"
        ? number(d.rate, 1) + " " + data.text.rate
        : number(d.count, 0) + " " + data.text.count;
      var text = d.name + ": " + number(d.count, 0) + " " + data.text.count +
        (data.measure === "rate" ? " (" + value + ")" : "") +
        (d.priority ? " – " + data.text.priority : "");
      layer.bindTooltip(text, { sticky: true });
      layer.on("click", function () { readout.textContent = text; });
      districts.addLayer(layer);
    });
    var cells = L.layerGroup();
    data.cells.forEach(function (c) {
      var text = data.text.hot[c["class"]] + ", " + data.text.status[c.status] + " – " + c.district +
        (c.count !== undefined ? " (" + number(c.count, 0) + " " + data.text.events + ")" : "");
      var polygon = L.polygon(c.boundary, {
        color: c.status === "new" ? "#1f2933" : c.fill,
        weight: c.status === "new" ? 2 : 1,
        fillColor: c.fill,
        fillOpacity: 0.85
      });
      polygon.bindTooltip(text, { sticky: true });
      polygon.on("click", function () { readout.textContent = text; });
      cells.addLayer(polygon);
    });
    districts.addTo(map);
    cells.addTo(map);
    outline.addTo(map);
    map.fitBounds(outline.getBounds(), { padding: [8, 8] });
    holder.setAttribute("data-ready", "true");
  }

  function chartFocus() {
    // Keyboard and touch: a focused bar tells its value (the SVG title) in a live region.
    var live = document.getElementById("lb-map-readout");
    document.querySelectorAll(".lb-bar").forEach(function (bar) {
      bar.addEventListener("focus", function () {
        var title = bar.querySelector("title");
        if (title && live) { live.textContent = title.textContent; }
      });
    });
  }

  function autosubmit() {
    document.querySelectorAll("select.lb-autosubmit").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  drawMap();
  chartFocus();
  autosubmit();
}());

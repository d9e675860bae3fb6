/*
 * The analysis page's script: the hot-spot map (Leaflet, no tiles unless configured) and
 * sorting of the change table. The map fetches its cells from the page's JSON endpoint
 * after the page has loaded, so the Gi* permutations never hold the page up. Settings and
 * strings come from the #map-config JSON element: no inline script.
 */
(function () {
  "use strict";

  function readConfig() {
    var el = document.getElementById("map-config");
    return el ? JSON.parse(el.textContent) : { text: {}, classes: [] };
  }

  function text(value) { return document.createTextNode(value == null ? "" : String(value)); }

  function setParameter(name, value) {
    var dd = document.querySelector('#hotspot-parameters [data-parameter="' + name + '"]');
    if (dd && value !== undefined && value !== null && value !== "") { dd.textContent = String(value); }
  }

  function districtLayer(map, config, el) {
    return fetch(config.districtsUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (geojson) {
        var outline = null;
        var layer = L.geoJSON(geojson, {
          interactive: false,
          style: function (feature) {
            var p = feature.properties;
            if (p.kind === "municipality") {
              return { color: "#1b2a3a", weight: 2.5, fill: true, fillColor: "#ffffff", fillOpacity: 0.7 };
            }
            return {
              color: p.priority ? "#7a3e00" : "#5b6b7b",
              weight: p.priority ? 2.5 : 1,
              dashArray: p.approximate ? "6 4" : null,
              fill: false
            };
          },
          onEachFeature: function (feature, featureLayer) {
            var p = feature.properties;
            if (p.kind === "municipality") { outline = featureLayer; return; }
            // Without tiles the district names are the only landmarks.
            featureLayer.bindTooltip(p.name, {
              permanent: true,
              direction: "center",
              className: "district-label" + (p.priority ? " district-label--priority" : "")
            });
          }
        }).addTo(map);
        layer.bringToBack();
        var toggleLabels = function () { el.classList.toggle("map--labels-hidden", map.getZoom() < 11.5); };
        map.on("zoomend", toggleLabels);
        toggleLabels();
        el.dataset.districtsLoaded = "true";
        return (outline || layer).getBounds();
      });
  }

  function hotspotMap(el, config) {
    var map = L.map(el, { zoomSnap: 0.25 });
    map.attributionControl.setPrefix("Leaflet");
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || "", maxZoom: 19 }).addTo(map);
    } else {
      el.classList.add("map--no-tiles");
    }
    map.setView([59.37, 16.51], 10);
    var status = document.getElementById("hotspot-status");
    var colours = {};
    var labels = {};
    config.classes.forEach(function (c) { colours[c.code] = c.colour; labels[c.code] = c.label; });
    var bounds = districtLayer(map, config, el).catch(function () { return null; });

    fetch(config.hotspotsUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        var cells = L.featureGroup();
        var classed = [];
        data.cells.forEach(function (cell) {
          var significant = cell["class"] !== "not_significant";
          if (significant) { classed.push(cell); }
          L.polygon(cell.boundary, {
            color: significant ? "#1a1f24" : "#8a949e",
            weight: significant ? 0.8 : 0.3,
            fillColor: colours[cell["class"]],
            fillOpacity: significant ? 0.85 : 0.3,
            className: "hotspot-cell hotspot-cell--" + cell["class"]
          }).bindTooltip(
            labels[cell["class"]] + " · " + config.text.count + " " + cell.count,
            { sticky: true }
          ).addTo(cells);
        });
        cells.addTo(map);
        // The density surface: an image overlay, off until chosen in the layer control.
        var overlays = {};
        overlays[config.text.hotspotLayer] = cells;
        if (data.density) {
          // Its own pane above the hexagons, so it shows when both layers are on.
          map.createPane("density").style.zIndex = 450;
          map.getPane("density").style.pointerEvents = "none";
          var surface = L.imageOverlay(data.density.image, data.density.bounds, {
            opacity: 0.9, interactive: false, className: "density-surface", pane: "density"
          });
          overlays[config.text.densityLayer] = surface;
          var note = document.getElementById("density-note");
          if (note) {
            note.textContent = config.text.density
              .replace("%(bandwidth)s", data.density.bandwidth_m)
              .replace("%(top)s", String(data.density.top).replace(".", ","));
          }
          el.dataset.density = "true";
        }
        L.control.layers(null, overlays, { collapsed: false, position: "topright" }).addTo(map);
        // Frame the significant cells if there are any, else every cell with events.
        var frame = classed.length
          ? L.featureGroup(classed.map(function (c) { return L.polygon(c.boundary); })).getBounds()
          : (data.cells.length ? cells.getBounds() : null);
        bounds.then(function (outline) {
          if (frame && frame.isValid()) {
            map.fitBounds(frame, { padding: [24, 24], maxZoom: 14 });
          } else if (outline && outline.isValid()) {
            map.fitBounds(outline, { padding: [8, 8] });
          }
        });
        // Legend counts and the result's own parameters.
        Object.keys(data.summary).forEach(function (code) {
          var li = document.querySelector('#hotspot-legend [data-class="' + code + '"] .legend__count');
          if (li) { li.textContent = "(" + data.summary[code] + ")"; }
        });
        var p = data.parameters;
        setParameter("resolution", p.resolution);
        setParameter("k", p.k);
        setParameter("permutations", p.p_method === "analytic" ? "–" : p.permutations);
        setParameter("seed", p.seed);
        setParameter("events", p.events + (p.events_outside ? " (+" + p.events_outside + ")" : ""));
        setParameter("cells", p.cells + " (" + p.tested + ")");
        setParameter("computed", data.computed);
        status.textContent = classed.length
          ? config.text.done.replace("%(tested)s", p.tested).replace("%(classed)s", classed.length)
          : config.text.none;
        // The table of classed cells, strongest first.
        var tbody = document.querySelector("#hotspot-table tbody");
        classed.sort(function (a, b) { return Math.abs(b.z) - Math.abs(a.z); });
        classed.forEach(function (cell) {
          var tr = document.createElement("tr");
          [cell.cell, cell.count, cell.z.toFixed(2), cell.q === null ? "–" : cell.q.toFixed(3), labels[cell["class"]]]
            .forEach(function (value, i) {
              var td = document.createElement(i === 0 ? "th" : "td");
              if (i === 0) { td.setAttribute("scope", "row"); }
              if (i > 0 && i < 4) { td.className = "num"; }
              td.appendChild(text(value));
              tr.appendChild(td);
            });
          tbody.appendChild(tr);
        });
        el.dataset.cells = String(data.cells.length);
        el.dataset.classed = String(classed.length);
      })
      .catch(function () {
        status.textContent = config.text.loadError;
        el.dataset.cells = "error";
      });
  }

  // Sorting: a button in each header of a .table--sortable; numbers sort by data-sort.
  function sortableTable(table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var tbody = table.tBodies[0];
        var rows = Array.prototype.slice.call(tbody.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column], y = b.cells[column];
          var xv = x.dataset.sort !== undefined ? x.dataset.sort : x.textContent.trim();
          var yv = y.dataset.sort !== undefined ? y.dataset.sort : y.textContent.trim();
          var xn = parseFloat(xv), yn = parseFloat(yv);
          var order = (!isNaN(xn) && !isNaN(yn)) ? xn - yn : xv.localeCompare(yv, "sv");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { tbody.appendChild(row); });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var config = readConfig();
    var el = document.getElementById("hotspot-map");
    if (el) { hotspotMap(el, config); }
    document.querySelectorAll(".table--sortable").forEach(sortableTable);
  });
})();

/*
 * Trygga's maps: the base map (municipal outline and districts, no network tiles unless
 * configured), the events map, the point on an event's page and the field form's picker.
 * Started from data-map attributes; settings come from the #map-config JSON element, so
 * the pages need no inline script (Content-Security-Policy).
 */
(function () {
  "use strict";

  // Colour-blind-safe, dark enough for white outlines (Okabe-Ito plus Tableau darks).
  var PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
    "#8C564B", "#7F3C8D", "#3B7A57", "#B8860B", "#1F3A93", "#A83232"];

  function readConfig() {
    var el = document.getElementById("map-config");
    return el ? JSON.parse(el.textContent) : { text: {} };
  }

  function baseMap(el, config) {
    var map = L.map(el, { zoomSnap: 0.25, attributionControl: true });
    map.attributionControl.setPrefix("Leaflet");
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || "", maxZoom: 19 }).addTo(map);
    } else {
      el.classList.add("map--no-tiles");
    }
    // A view before the outline arrives, so clicks and markers work at once (Sweden's middle).
    map.setView([59.37, 16.51], 10);
    var loaded = fetch(config.districtsUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (geojson) {
        var outline = null;
        var layer = L.geoJSON(geojson, {
          style: function (feature) {
            var p = feature.properties;
            if (p.kind === "municipality") {
              return { color: "#1b2a3a", weight: 2.5, fill: true, fillColor: "#ffffff", fillOpacity: 0.6, interactive: false };
            }
            return {
              color: p.priority ? "#7a3e00" : "#5b6b7b",
              weight: p.priority ? 2.5 : 1,
              dashArray: p.approximate ? "6 4" : null,
              fillColor: p.priority ? "#f2b155" : "#dfe6ee",
              fillOpacity: p.priority ? 0.35 : 0.25,
              className: "district" + (p.priority ? " district--priority" : "")
            };
          },
          onEachFeature: function (feature, featureLayer) {
            var p = feature.properties;
            if (p.kind === "municipality") { outline = featureLayer; return; }
            // Without tiles the district names are the only landmarks: label them in place.
            featureLayer.bindTooltip(p.name, {
              permanent: true,
              direction: "center",
              className: "district-label" + (p.priority ? " district-label--priority" : "")
            });
          }
        }).addTo(map);
        layer.bringToBack();
        // Names only once zoomed in far enough for them not to pile up on each other.
        var toggleLabels = function () { el.classList.toggle("map--labels-hidden", map.getZoom() < 11.5); };
        map.on("zoomend", toggleLabels);
        toggleLabels();
        var bounds = (outline || layer).getBounds();
        if (bounds.isValid()) { map.fitBounds(bounds, { padding: [8, 8] }); }
        el.dataset.districtsLoaded = "true";
        return { map: map, bounds: bounds };
      });
    return { map: map, loaded: loaded };
  }

  function text(value) { return document.createTextNode(value == null ? "" : String(value)); }

  function popupFor(point, config) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.appendChild(text(point.category));
    box.appendChild(title);
    box.appendChild(document.createElement("br"));
    box.appendChild(text(point.time + (point.district ? " · " + point.district : "")));
    box.appendChild(document.createElement("br"));
    var link = document.createElement("a");
    link.href = point.url;
    link.appendChild(text(config.text.open));
    box.appendChild(link);
    return box;
  }

  function eventsMap(el, config) {
    var base = baseMap(el, config);
    var status = document.getElementById("map-status");
    var legend = document.getElementById("legend-categories");
    fetch(config.eventsUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        var colours = {};
        var counts = {};
        data.points.forEach(function (p) { counts[p.category] = (counts[p.category] || 0) + 1; });
        Object.keys(counts).sort().forEach(function (name, i) { colours[name] = PALETTE[i % PALETTE.length]; });
        var markers = L.featureGroup();
        data.points.forEach(function (p) {
          L.circleMarker([p.lat, p.lon], {
            radius: 7, weight: 1.5, color: "#ffffff", fillColor: colours[p.category], fillOpacity: 0.9,
            className: "event-marker event-marker--" + p.id
          }).bindPopup(popupFor(p, config)).addTo(markers);
        });
        markers.addTo(base.map);
        // Frame the events once the outline has set its view; the outline stays as context.
        base.loaded.then(function () {
          if (data.points.length) { base.map.fitBounds(markers.getBounds(), { padding: [24, 24], maxZoom: 13 }); }
        }).catch(function () {});
        legend.textContent = "";
        Object.keys(counts).sort().forEach(function (name) {
          var li = document.createElement("li");
          var swatch = document.createElement("span");
          swatch.className = "swatch swatch--dot";
          swatch.setAttribute("aria-hidden", "true");
          swatch.style.backgroundColor = colours[name];
          li.appendChild(swatch);
          li.appendChild(text(" " + name + " (" + counts[name] + ")"));
          legend.appendChild(li);
        });
        status.textContent = data.points.length + " " +
          (data.points.length === 1 ? config.text.pointsOne : config.text.points) +
          (data.truncated ? ". " + config.text.truncated : ".");
        if (data.areaCount > 0) {
          document.getElementById("area-count").textContent = data.areaCount + " " +
            (data.areaCount === 1 ? config.text.areaNoteOne : config.text.areaNote) + ".";
          var list = document.getElementById("area-list");
          data.areas.forEach(function (area) {
            var li = document.createElement("li");
            li.appendChild(text(area.label + ": " + area.count));
            list.appendChild(li);
          });
          document.getElementById("area-events").hidden = false;
        }
        el.dataset.eventsLoaded = String(data.points.length);
      })
      .catch(function () { status.textContent = config.text.loadError; });
  }

  function pointMap(el, config) {
    var base = baseMap(el, config);
    var latlng = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
    L.circleMarker(latlng, { radius: 9, weight: 3, color: "#ffffff", fillColor: "#0b5cad", fillOpacity: 1, className: "event-marker" })
      .addTo(base.map);
    base.loaded.then(function (result) { result.map.setView(latlng, 12); }).catch(function () { base.map.setView(latlng, 12); });
  }

  function pickerMap(el, config) {
    var base = baseMap(el, config);
    var map = base.map;
    var latInput = document.querySelector('input[name="location_lat"]');
    var lonInput = document.querySelector('input[name="location_lon"]');
    var readout = document.getElementById("location-readout");
    var marker = null;

    function setPoint(lat, lon, pan) {
      latInput.value = lat.toFixed(6);
      lonInput.value = lon.toFixed(6);
      if (!marker) {
        marker = L.circleMarker([lat, lon], {
          radius: 11, weight: 3, color: "#ffffff", fillColor: "#c0392b", fillOpacity: 1, className: "picked-marker"
        }).addTo(map);
      } else {
        marker.setLatLng([lat, lon]);
      }
      if (pan) { map.setView([lat, lon], Math.max(map.getZoom(), 13)); }
      readout.textContent = config.text.picked + ": " + lat.toFixed(5) + ", " + lon.toFixed(5);
      el.dataset.picked = "true";
    }

    // A tap on the whole-municipality view is coarse: zoom in on it so the next tap refines.
    map.on("click", function (e) { setPoint(e.latlng.lat, e.latlng.lng, map.getZoom() < 13); });

    base.loaded.then(function (result) {
      // Keep a point the server sent back with an error, so the person sees what was refused;
      // one far outside the municipality is not panned to, so the map stays where to tap.
      if (latInput.value && lonInput.value) {
        var lat = parseFloat(latInput.value);
        var lon = parseFloat(lonInput.value);
        setPoint(lat, lon, result.bounds.contains([lat, lon]));
      }
    }).catch(function () { readout.textContent = config.text.loadError; });

    document.getElementById("use-center").addEventListener("click", function () {
      var c = map.getCenter();
      setPoint(c.lat, c.lng, false);
    });

    document.getElementById("use-position").addEventListener("click", function () {
      if (!("geolocation" in navigator)) { readout.textContent = config.text.noGeolocation; return; }
      readout.textContent = config.text.locating;
      navigator.geolocation.getCurrentPosition(
        function (pos) { setPoint(pos.coords.latitude, pos.coords.longitude, true); },
        function () { readout.textContent = config.text.geoError; },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var config = readConfig();
    var starters = { events: eventsMap, point: pointMap, picker: pickerMap };
    document.querySelectorAll("[data-map]").forEach(function (el) {
      var start = starters[el.dataset.map];
      if (start) { start(el, config); }
    });
  });
})();

/*
 * The residents' report form: the map picker (districts as the base map, see decision
 * 0005), "use my position", the chosen point's district, the nearby open reports of the
 * same service ("Är det något av dessa?"), and a photo check before upload. Also the
 * receipt's copy button. Settings come from the #report-config JSON element; no inline
 * script. Without this script the form still works: the address field takes the place and
 * the server asks the nearby question itself.
 */
(function () {
  "use strict";

  function readConfig() {
    var el = document.getElementById("report-config");
    return el ? JSON.parse(el.textContent) : { text: {} };
  }

  function format(template, values) {
    return String(template).replace(/%\((\w+)\)s/g, function (_, key) {
      return values[key] == null ? "" : String(values[key]);
    });
  }

  function text(value) { return document.createTextNode(value == null ? "" : String(value)); }

  function baseMap(el, config) {
    var map = L.map(el, { zoomSnap: 0.25, attributionControl: true });
    map.attributionControl.setPrefix("Leaflet");
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || "", maxZoom: 19 }).addTo(map);
    } else {
      el.classList.add("map--no-tiles");
    }
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
              weight: p.priority ? 2 : 1,
              dashArray: p.approximate ? "6 4" : null,
              fillColor: "#dfe6ee",
              fillOpacity: 0.25,
              className: "district"
            };
          },
          onEachFeature: function (feature, featureLayer) {
            var p = feature.properties;
            if (p.kind === "municipality") { outline = featureLayer; return; }
            featureLayer.bindTooltip(p.name, { permanent: true, direction: "center", className: "district-label" });
          }
        }).addTo(map);
        layer.bringToBack();
        var toggleLabels = function () {
          el.classList.toggle("map--labels-hidden", map.getZoom() < 11.5);
          el.dataset.zoom = String(map.getZoom());
        };
        map.on("zoomend", toggleLabels);
        toggleLabels();
        var bounds = (outline || layer).getBounds();
        // Not animated: once the districts are drawn the view is final, so a tap cannot race it.
        if (bounds.isValid()) { map.fitBounds(bounds, { padding: [8, 8], animate: false }); }
        el.dataset.districtsLoaded = "true";
        return { map: map, bounds: bounds };
      });
    return { map: map, loaded: loaded };
  }

  function nearbyItem(report, config) {
    var li = document.createElement("li");
    li.className = "nearby__item";
    var body = document.createElement("p");
    body.className = "nearby__text";
    body.appendChild(text(report.description || config.text.noText));
    li.appendChild(body);
    var meta = document.createElement("p");
    meta.className = "nearby__meta";
    var parts = [
      format(config.text.requested, { date: report.requested }),
      report.statusLabel,
      report.distance < 10 ? config.text.here : format(config.text.metres, { m: report.distance })
    ];
    if (report.address) { parts.push(report.address); }
    meta.appendChild(text(parts.join(" · ")));
    li.appendChild(meta);
    var button = document.createElement("button");
    button.type = "submit";
    button.name = "join";
    button.value = report.id;
    button.className = "button button--quiet nearby__join";
    button.appendChild(text(config.text.join));
    li.appendChild(button);
    return li;
  }

  function picker(el, config) {
    el.hidden = false;
    document.querySelectorAll(".js-only").forEach(function (node) { node.hidden = false; });
    var base = baseMap(el, config);
    var map = base.map;
    var latInput = document.querySelector('input[name="location_lat"]');
    var lonInput = document.querySelector('input[name="location_lon"]');
    var readout = document.getElementById("location-readout");
    var section = document.getElementById("nearby");
    var list = document.getElementById("nearby-list");
    var checked = document.getElementById("id_nearby_checked");
    var seen = document.getElementById("id_nearby_seen");
    var marker = null;
    var asked = 0;

    function coordinates(lat, lon) { return lat.toFixed(5) + ", " + lon.toFixed(5); }

    function askNearby(lat, lon) {
      var ticket = ++asked;
      var url = config.nearbyUrl + "?lat=" + encodeURIComponent(lat.toFixed(6)) + "&lon=" + encodeURIComponent(lon.toFixed(6));
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (data) {
          if (ticket !== asked) { return; }  // a newer point was chosen meanwhile
          if (!data.inside) {
            readout.textContent = config.text.outside;
            el.dataset.outside = "true";
          } else {
            delete el.dataset.outside;
            var where = data.district ? format(config.text.inDistrict, { district: data.district }) : config.text.noDistrict;
            readout.textContent = config.text.picked + " " + where + " (" + coordinates(lat, lon) + ")";
          }
          list.textContent = "";
          data.reports.forEach(function (report) { list.appendChild(nearbyItem(report, config)); });
          section.hidden = data.reports.length === 0;
          checked.value = "1";
          seen.value = data.reports.map(function (r) { return r.id; }).join(",");
          el.dataset.nearbyLoaded = String(data.reports.length);
        })
        .catch(function () {
          // The server asks the nearby question on submission instead.
          if (ticket === asked) { checked.value = ""; }
        });
    }

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
      readout.textContent = config.text.picked + " (" + coordinates(lat, lon) + ")";
      el.dataset.picked = "true";
      // The nearby answer (and its marker for tests) belongs to the point it was asked for.
      delete el.dataset.nearbyLoaded;
      checked.value = "";
      askNearby(lat, lon);
    }

    // A tap on the whole-municipality view is coarse: zoom in on it so the next tap refines.
    map.on("click", function (e) { setPoint(e.latlng.lat, e.latlng.lng, map.getZoom() < 13); });

    base.loaded.then(function (result) {
      if (latInput.value && lonInput.value) {
        var lat = parseFloat(latInput.value);
        var lon = parseFloat(lonInput.value);
        var keepList = !section.hidden;
        setPoint(lat, lon, result.bounds.contains([lat, lon]));
        if (keepList) { section.hidden = false; }
      }
    }).catch(function () { readout.textContent = config.text.loadError; });

    var position = document.getElementById("use-position");
    position.hidden = false;
    position.addEventListener("click", function () {
      if (!("geolocation" in navigator)) { readout.textContent = config.text.noGeolocation; return; }
      readout.textContent = config.text.locating;
      navigator.geolocation.getCurrentPosition(
        function (pos) { setPoint(pos.coords.latitude, pos.coords.longitude, true); },
        function () { readout.textContent = config.text.geoError; },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }

  function photoCheck(form, config) {
    var input = form.querySelector('input[type="file"][name="photo"]');
    if (!input) { return; }
    var error = document.getElementById(input.id + "_error");
    var field = document.getElementById("photo-field");

    function problem() {
      var file = input.files && input.files[0];
      if (!file) { return ""; }
      if (config.photoTypes.indexOf(file.type) === -1) {
        return format(config.text.photoType, { name: file.name });
      }
      if (file.size > config.photoMaxBytes) {
        return format(config.text.photoTooBig, {
          size: (file.size / 1048576).toFixed(1).replace(".", ","),
          max: Math.round(config.photoMaxBytes / 1048576)
        });
      }
      return "";
    }

    function show(message) {
      error.textContent = message;
      error.hidden = !message;
      field.classList.toggle("field--error", Boolean(message));
      if (message) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    }

    input.addEventListener("change", function () {
      show(problem());
      var again = document.getElementById("photo-again");
      if (again) { again.hidden = true; }
    });
    form.addEventListener("submit", function (event) {
      var message = problem();
      if (message) {
        event.preventDefault();
        show(message);
        input.focus();
      }
    });
  }

  function copyButton() {
    var button = document.getElementById("copy-link");
    if (!button || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        document.getElementById("copy-status").textContent = button.dataset.done;
      }).catch(function () {});
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var config = readConfig();
    var mapEl = document.querySelector("[data-report-map='picker']");
    if (mapEl && window.L) { picker(mapEl, config); }
    var form = document.getElementById("report-form");
    if (form) { photoCheck(form, config); }
    copyButton();
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();

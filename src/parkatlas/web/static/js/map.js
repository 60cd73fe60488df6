/* parkatlas maps: progressive enhancement of a <div class="map"> (the page works without it).
 *
 * data-points   URL of the points JSON: {"kind":"points","points":[[lat,lon,label,url],…]}
 *               or {"kind":"cells","cells":[[lat,lon,count],…]} (aggregated on the server)
 * data-outlines URL of the district outlines GeoJSON (optional)
 * data-tiles    URL template of a base-map tile layer (optional; none by default)
 * data-center   "lat,lon" and data-zoom: the initial view
 * Coordinates arrive already in the tiles' system (GCJ-02 for Chinese tiles): no maths here.
 * Labels are set as text (textContent), never as HTML.
 */
(function () {
  "use strict";

  function link(label, url) {
    var a = document.createElement("a");
    a.href = url;
    a.textContent = label;
    return a;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(url + ": " + r.status); } return r.json(); });
  }

  function fit(map, el, bounds) {
    if (bounds.length > 1 && el.dataset.fit !== "no") {
      map.fitBounds(bounds, { padding: [20, 20], maxZoom: 14, animate: false });
    } else if (bounds.length === 1) {
      map.setView(bounds[0], 13, { animate: false });
    }
  }

  /* The view is set before the layer is added: markercluster draws for the view it is added in. */
  function drawPoints(map, el, data) {
    var bounds = [];
    if (data.kind === "cells") {
      var cells = L.layerGroup();
      data.cells.forEach(function (c) {
        var size = c[2] < 100 ? 30 : c[2] < 1000 ? 38 : c[2] < 10000 ? 46 : 54;
        var icon = L.divIcon({ className: "cell-icon", iconSize: [size, size], html: "" });
        var m = L.marker([c[0], c[1]], { icon: icon, keyboard: false, title: String(c[2]) });
        m.on("add", function () {
          var e = m.getElement();
          if (e) { e.textContent = c[2].toLocaleString(); }
        });
        cells.addLayer(m);
        bounds.push([c[0], c[1]]);
      });
      fit(map, el, bounds);
      cells.addTo(map);
    } else {
      var group = L.markerClusterGroup ? L.markerClusterGroup({ chunkedLoading: data.points.length > 500 }) : L.layerGroup();
      data.points.forEach(function (p) {
        var m = L.marker([p[0], p[1]], { title: p[2], alt: p[2] });
        m.bindPopup(function () { return link(p[2], p[3]); });
        group.addLayer(m);
        bounds.push([p[0], p[1]]);
      });
      fit(map, el, bounds);
      group.addTo(map);
    }
    return bounds;
  }

  function init(el) {
    if (typeof L === "undefined") { return; }
    var center = (el.dataset.center || "31.2,121.45").split(",").map(Number);
    var map = L.map(el, { scrollWheelZoom: false, maxZoom: 18, attributionControl: !!el.dataset.tiles });
    map.setView(center, Number(el.dataset.zoom || 9));
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    if (el.dataset.outlines) {
      getJSON(el.dataset.outlines).then(function (geo) {
        L.geoJSON(geo, {
          style: { color: "#163a63", weight: 1, fillColor: "#ffffff", fillOpacity: 0.55 },
          onEachFeature: function (f, layer) { layer.bindTooltip(function () {
            var s = document.createElement("span"); s.textContent = f.properties.name; return s;
          }, { sticky: true }); }
        }).addTo(map).bringToBack();
      }).catch(function () {});
    }
    if (el.dataset.points) {
      getJSON(el.dataset.points).then(function (data) {
        var bounds = drawPoints(map, el, data);
        el.setAttribute("data-loaded", String(bounds.length));
      }).catch(function (e) { el.setAttribute("data-loaded", "error"); if (window.console) { console.error("map: " + e); } });
    }
  }

  document.querySelectorAll("div.map[data-points], div.map[data-outlines]").forEach(init);
})();

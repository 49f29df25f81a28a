"""The small amount of JavaScript and CSS the map adds to Leaflet, as constants.

Every layer of the map is one ``L.geoJSON`` built by these helpers from data embedded with
``json_for_script``; labels are already escaped HTML. Identifiers avoid underscores on
purpose: streamlit-folium renames ``name_<hex>`` variables in the script it receives.
"""

from __future__ import annotations

from geodata.views.map.style import BACKGROUND_COLOUR

HELPERS_JS = """
var geodataMap = (function () {
  "use strict";
  // Popup and tooltip text from parts the server escaped (geodata.views.escape): titles per kind
  // in the layer options, dates "d", place "p", counts "n" and "s" (integers).
  function label(p, o) {
    var title = (o.titles && o.titles[p.k]) || o.title || "";
    var lines = ["<b>" + title + "</b>" + (p.n > 1 ? " · " + p.n + " incidents" : "")];
    if (p.d) { lines.push(p.d); }
    if (p.p) { lines.push(p.p); }
    if (p.s) { lines.push(p.s + (p.s === 1 ? " source" : " sources")); }
    return lines.join("<br>");
  }
  function binder(o) {
    return function (feature, layer) {
      var text = label(feature.properties || {}, o);
      layer.bindPopup(text, {maxWidth: 300});
      layer.bindTooltip(text, {sticky: true, direction: "top", opacity: 0.95});
    };
  }
  function size(count) {
    return Math.min(18, 6 + 3 * Math.log(Math.max(1, count)) / Math.LN2);
  }
  function points(data, o) {
    var layer = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var p = feature.properties;
        return L.circleMarker(latlng, {
          pane: o.pane, className: o.className, radius: (o.radius || size(p.n || 1)) + (p.b || 0),
          color: o.stroke, weight: o.weight, opacity: 1,
          fillColor: (o.colours && o.colours[p.k]) || o.colour, fillOpacity: o.fillOpacity
        });
      },
      onEachFeature: binder(o)
    });
    if (o.cluster && typeof L.markerClusterGroup === "function") {
      var group = L.markerClusterGroup(o.cluster);
      group.addLayer(layer);
      return group;
    }
    return layer;
  }
  function shapes(data, o) {
    return L.geoJSON(data, {
      pane: o.pane, interactive: o.interactive, className: o.className,
      style: function (feature) {
        return (o.styles && o.styles[feature.properties.s]) || o.style;
      },
      onEachFeature: o.interactive ? binder(o) : undefined
    });
  }
  function circles(data, o) {
    return L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var p = feature.properties;
        var style = (o.styles && o.styles[p.p]) || o.style;
        return L.circle(latlng, L.extend({radius: p.r, pane: o.pane, interactive: false}, style));
      }
    });
  }
  // Whether the analyst left the legend folded: a legend the app sends again keeps it.
  var legendFolded = false;
  function legend(map, html, position) {
    var control = L.control({position: position});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "geodata-legend");
      div.innerHTML = html;
      var details = div.querySelector("details");
      if (details) {
        details.open = !legendFolded;
        details.addEventListener("toggle", function () { legendFolded = !details.open; });
      }
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(map);
    return control;
  }
  // A layer whose presence on the map is the legend's: it leaves with the group it is in.
  var LegendLayer = L.Layer.extend({
    initialize: function (html, position) { this.html = html; this.position = position; },
    onAdd: function (map) { this.control = legend(map, this.html, this.position); return this; },
    onRemove: function (map) { map.removeControl(this.control); return this; }
  });
  function legendLayer(html, position) {
    return new LegendLayer(html, position);
  }
  // Layers the analyst switched off in the layer control, by title: the app sends new layer
  // groups on each filter change, and those stay off. Only the analyst's clicks count here,
  // not the app removing the groups it replaces.
  var switchedOff = {};
  function watchLayerControl(map) {
    var container = map.getContainer();
    if (container.geodataWatched) { return; }
    container.geodataWatched = true;
    container.addEventListener("change", function (event) {
      var input = event.target;
      if (input && input.type === "checkbox" && input.closest(".leaflet-control-layers-overlays")) {
        switchedOff[input.parentNode.textContent.trim()] = !input.checked;
      }
    });
  }
  // streamlit-folium takes the groups it replaces off the map but keeps them listed in
  // window.feature_group: drop them, or every filter change would keep its markers alive.
  function forgetReplacedGroups(map) {
    if (window.feature_group) {
      window.feature_group = window.feature_group.filter(function (group) { return map.hasLayer(group); });
    }
  }
  function keepSwitchedOff(map, layer, title, show) {
    watchLayerControl(map);
    forgetReplacedGroups(map);
    var key = title.trim();
    if (!(key in switchedOff)) { switchedOff[key] = !show; }
    if (switchedOff[key]) {
      // streamlit-folium adds every group it sends: this one's first add draws nothing, and it
      // comes off once the layer control of this update exists, so that its box shows it off
      layer.onAdd = function () { return this; };
      setTimeout(function () { map.removeLayer(layer); delete layer.onAdd; }, 0);
    }
  }
  function panes(map, order) {
    Object.keys(order).forEach(function (name) {
      if (!map.getPane(name)) {
        map.createPane(name).style.zIndex = order[name];
      }
    });
  }
  return {points: points, shapes: shapes, circles: circles, legend: legend, legendLayer: legendLayer,
          keepSwitchedOff: keepSwitchedOff, panes: panes};
})();
"""

MAP_CSS = f"""
.leaflet-container {{ background: {BACKGROUND_COLOUR}; }}
.geodata-legend {{
  background: rgba(255, 255, 255, 0.93); padding: 6px 9px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.35); font: 12px/1.4 system-ui, sans-serif;
  max-width: 230px; max-height: 240px; overflow-y: auto; color: #222;
}}
.geodata-legend summary {{ font-weight: 600; cursor: pointer; }}
.geodata-legend h4 {{ font-size: 12px; font-weight: 600; margin: 4px 0 2px; }}
.geodata-legend .gd-row {{ white-space: nowrap; }}
.geodata-legend .gd-dot {{
  display: inline-block; width: 11px; height: 11px; border-radius: 50%;
  border: 1px solid #222; margin-right: 6px; vertical-align: -1px;
}}
.geodata-legend .gd-box {{
  display: inline-block; width: 14px; height: 10px; margin-right: 6px; vertical-align: -1px;
  opacity: 0.7; border: 1px solid #444;
}}
.geodata-legend .gd-line {{
  display: inline-block; width: 18px; height: 0; margin-right: 6px; vertical-align: 3px;
  border-top: 2px solid #000;
}}
.geodata-legend .gd-note {{ color: #555; font-size: 11px; white-space: normal; }}
.leaflet-popup-content, .leaflet-tooltip {{ font: 12px/1.4 system-ui, sans-serif; }}
"""

# Panes stack the layers whatever order the layer control re-adds them in: areas under
# lines under places under launch sites under strikes, so strikes always take the click.
PANES = {
    "geodataAreas": 350,
    "geodataPlaces": 420,
    "geodataLaunch": 440,
    "geodataStrikes": 450,
}

// The map's own helpers on top of Leaflet (geodata/views/map/script.py puts this on the page).
// Every layer is drawn by one of these from data the server embedded with json_for_script;
// labels arrive as escaped HTML. Names avoid underscores: streamlit-folium renames
// name_<hex> variables in the script it receives.
var geodataMap = (function () {
  "use strict";
  var SHAPES = {};  // marker shapes by icon name (geodata/views/map/shapes.py), set by setup()
  var SPREAD_ZOOM = 10;
  var SELECTED_STYLE = {};

  function setup(options) {
    SHAPES = options.shapes || {};
    SPREAD_ZOOM = options.spreadZoom || SPREAD_ZOOM;
    SELECTED_STYLE = options.selected || {};
  }

  // ---------------------------------------------------------------- labels of features
  // Popup and tooltip text from parts the server escaped: titles per kind in the layer
  // options, dates "d", place "p", counts "n", "s" and "t" (integers).
  function label(p, o) {
    var title = (o.titles && o.titles[p.k]) || o.title || "";
    var lines = ["<b>" + title + "</b>" + (p.n > 1 ? " · " + p.n + " incidents" : "")];
    if (p.d) { lines.push(p.d); }
    if (p.p) { lines.push(p.p); }
    if (p.s) { lines.push(p.s + (p.s === 1 ? " source" : " sources")); }
    if (p.t && p.t > p.n) { lines.push("<i>" + p.t + " incidents at this place: click to list them all</i>"); }
    return lines.join("<br>");
  }
  function binder(o) {
    return function (feature, layer) {
      var text = label(feature.properties || {}, o);
      layer.bindPopup(text, {maxWidth: 300});
      layer.bindTooltip(text, {sticky: true, direction: "top", opacity: 0.95});
      if (o.selectable) {
        layer.on("click", function () { select(layer, feature.properties || {}); });
      }
    };
  }

  // The clicked marker's location uncertainty, drawn until another is clicked.
  function select(layer, p) {
    var map = layer._map;
    if (!map) { return; }
    if (map.geodataSelected) { map.removeLayer(map.geodataSelected); map.geodataSelected = null; }
    if (p.u) {
      map.geodataSelected = L.circle(layer.getLatLng(), L.extend(
        {radius: p.u, pane: "geodataAreas", interactive: false, className: "geodata-selected"}, SELECTED_STYLE));
      map.geodataSelected.addTo(map);
    }
  }

  // ---------------------------------------------------------------- packed data
  // Marker layers arrive packed in columns (geodata/views/map/packed.py): positions as
  // integers of 1e-5 degree, each the difference from the one before; dates as day numbers
  // from "day0"; kinds and places as indexes into tables; keys as one string of 12 hex
  // digits each. unpack() makes the GeoJSON the helpers below always drew, property for
  // property (packed.unpack is the same in Python). Texts in the tables are escaped HTML.
  var KEY_DIGITS = 12;
  function coords(deltas) {
    var out = new Array(deltas.length), value = 0;
    for (var i = 0; i < deltas.length; i += 1) { value += deltas[i]; out[i] = value / 1e5; }
    return out;
  }
  function dayText(day) {
    return new Date(day * 864e5).toISOString().slice(0, 10);
  }
  function daysText(data, row) {
    var first = data.d ? data.d[row] : -1;
    if (first < 0) { return "date unknown"; }
    var start = dayText(data.day0 + first), span = data.e[row];
    return span ? start + " \u2013 " + dayText(data.day0 + first + span) : start;
  }
  function key(data, row) {
    return data.key + data.keys.substr(row * KEY_DIGITS, KEY_DIGITS);
  }
  function point(lon, lat) {
    return {type: "Point", coordinates: [lon, lat]};
  }
  function feature(geometry, properties) {
    return {type: "Feature", geometry: geometry, properties: properties};
  }
  var UNPACK = {
    points: function (data) {
      var x = coords(data.x), y = coords(data.y), out = new Array(x.length);
      for (var row = 0; row < x.length; row += 1) {
        var p = {key: key(data, row), k: data.kinds[data.k[row]], n: data.n[row], d: daysText(data, row),
                 p: data.places[data.p[row]], s: data.s[row]};
        if (data.m && data.m[row] > 1) { p.i = data.i[row]; p.m = data.m[row]; p.t = data.t[row]; }
        if (data.u) { p.u = data.u[row]; }
        out[row] = feature(point(x[row], y[row]), p);
      }
      return out;
    },
    lines: function (data) {
      var x = coords(data.x), y = coords(data.y), x2 = coords(data.x2), y2 = coords(data.y2);
      var out = new Array(x.length);
      for (var row = 0; row < x.length; row += 1) {
        out[row] = feature({type: "LineString", coordinates: [[x[row], y[row]], [x2[row], y2[row]]]},
          {key: key(data, row), n: data.n[row], p: data.names[data.a[row]] + " \u2192 " + data.names[data.b[row]]});
      }
      return out;
    },
    circles: function (data) {
      var x = coords(data.x), y = coords(data.y), out = new Array(x.length);
      for (var row = 0; row < x.length; row += 1) {
        var p = {r: data.r[row], p: data.p[row]};
        if (data.cap !== undefined && p.r > data.cap) { p.r = data.cap; p.c = 1; }
        out[row] = feature(point(x[row], y[row]), p);
      }
      return out;
    },
    heat: function (data) {
      var x = coords(data.x), y = coords(data.y), out = new Array(x.length);
      for (var row = 0; row < x.length; row += 1) { out[row] = [y[row], x[row], Math.sqrt(data.w[row])]; }
      return out;
    }
  };
  // GeoJSON (or heat points) from packed data; anything else as it came.
  function unpack(data) {
    var form = data && UNPACK.hasOwnProperty(data.form) ? UNPACK[data.form] : null;
    if (!form) { return data; }
    var unpacked = form(data);
    return data.form === "heat" ? {points: unpacked} : {type: "FeatureCollection", features: unpacked};
  }

  // ---------------------------------------------------------------- markers
  // A circle marker drawn as the shape of its kind; markers that share a point sit on a ring
  // around it (with a leg to the point) from SPREAD_ZOOM on, so each can be seen and clicked.
  var ShapeMarker = L.CircleMarker.extend({
    _offset: function () {
      var o = this.options;
      if (!o.spreadCount || o.spreadCount < 2 || !this._map || this._map.getZoom() < SPREAD_ZOOM) { return null; }
      var ring = Math.min(70, Math.max(16, 12 / Math.sin(Math.PI / o.spreadCount)));
      var angle = 2 * Math.PI * o.spreadIndex / o.spreadCount - Math.PI / 2;
      return [ring * Math.cos(angle), ring * Math.sin(angle)];
    },
    _updatePath: function () {
      if (!this._renderer._setPath) { return L.CircleMarker.prototype._updatePath.call(this); }
      if (this._empty()) { this._renderer._setPath(this, "M0 0"); return; }
      var p = this._point, r = this._radius, offset = this._offset(), d = "";
      var x = p.x, y = p.y;
      if (offset) {
        x += offset[0]; y += offset[1];
        d += "M" + p.x.toFixed(1) + "," + p.y.toFixed(1) + "L" + x.toFixed(1) + "," + y.toFixed(1);
      }
      var points = SHAPES[this.options.shape];
      if (points && points.length) {
        for (var i = 0; i < points.length; i += 1) {
          d += (i ? "L" : "M") + (x + points[i][0] * r).toFixed(1) + "," + (y + points[i][1] * r).toFixed(1);
        }
        d += "z";
      } else {
        d += "M" + (x - r) + "," + y + "a" + r + "," + r + " 0 1,0 " + 2 * r + ",0a" + r + "," + r + " 0 1,0 " + (-2 * r) + ",0z";
      }
      this._renderer._setPath(this, d);
    }
  });

  function size(count) {
    return Math.min(18, 6 + 3 * Math.log(Math.max(1, count)) / Math.LN2);
  }
  function points(data, o) {
    var layer = L.geoJSON(unpack(data), {
      pointToLayer: function (feature, latlng) {
        var p = feature.properties;
        var colour = (o.colours && o.colours[p.k]) || o.colour;
        var hollow = !!o.hollow;
        return new ShapeMarker(latlng, {
          pane: o.pane, className: o.className, radius: o.radius || size(p.n || 1),
          shape: (o.icons && o.icons[p.k]) || o.icon || "circle",
          color: hollow ? colour : o.stroke, weight: o.weight, opacity: 1, dashArray: o.dashArray,
          fillColor: hollow ? "#ffffff" : colour, fillOpacity: o.fillOpacity,
          spreadIndex: p.i || 0, spreadCount: p.m || 1
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
    return L.geoJSON(unpack(data), {
      pane: o.pane, interactive: o.interactive, className: o.className,
      style: function (feature) {
        return (o.styles && o.styles[feature.properties.s]) || o.style;
      },
      onEachFeature: o.interactive ? binder(o) : undefined
    });
  }
  function circles(data, o) {
    return L.geoJSON(unpack(data), {
      pointToLayer: function (feature, latlng) {
        var p = feature.properties;
        var style = (o.styles && o.styles[p.p]) || o.style;
        return L.circle(latlng, L.extend({radius: p.r, pane: o.pane, interactive: false, className: o.className}, style));
      }
    });
  }

  // ---------------------------------------------------------------- place names
  // Each label shows from its zoom "z" on (worked out on the server so that none overlap).
  var Labels = L.LayerGroup.extend({
    initialize: function (data, o) {
      L.LayerGroup.prototype.initialize.call(this);
      // rows [lon, lat, English, Arabic, zoom, rank], names already escaped HTML
      this.entries = (data.rows || []).map(function (row) {
        var html = '<div class="geodata-label-text"><span class="en">' + row[2] + '</span><span class="ar" dir="rtl" lang="ar">' +
          row[3] + "</span></div>";
        return {zoom: row[4], marker: L.marker([row[1], row[0]], {
          pane: o.pane, interactive: false, keyboard: false,
          icon: L.divIcon({className: "geodata-label geodata-label-r" + row[5], html: html, iconSize: null})
        })};
      });
    },
    onAdd: function (map) {
      L.LayerGroup.prototype.onAdd.call(this, map);
      map.on("zoomend", this.refresh, this);
      this.refresh();
    },
    onRemove: function (map) {
      map.off("zoomend", this.refresh, this);
      L.LayerGroup.prototype.onRemove.call(this, map);
    },
    refresh: function () {
      var zoom = this._map ? this._map.getZoom() : 0, self = this;
      this.entries.forEach(function (entry) {
        var shown = self.hasLayer(entry.marker);
        if (entry.zoom <= zoom && !shown) { self.addLayer(entry.marker); }
        if (entry.zoom > zoom && shown) { self.removeLayer(entry.marker); }
      });
    }
  });
  function labels(data, o) {
    return new Labels(data, o);
  }

  // ---------------------------------------------------------------- heat
  function heat(data, o) {
    if (typeof L.heatLayer !== "function") { return L.layerGroup(); }
    var weighted = (unpack(data).points || []).map(function (p) { return [p[0], p[1], p[2]]; });
    return L.heatLayer(weighted, L.extend({}, o.heat));
  }

  // ---------------------------------------------------------------- legend
  // Whether the analyst left the legend folded: a legend the app sends again keeps it.
  var legendFolded = null;
  var FOLD_BELOW_PX = 900;
  function legend(map, html, position) {
    var control = L.control({position: position});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "geodata-legend");
      div.innerHTML = html;
      var details = div.querySelector("details");
      if (details) {
        // a map narrower than FOLD_BELOW_PX opens with the legend folded, so it hides nothing
        if (legendFolded === null) { legendFolded = map.getSize().x < FOLD_BELOW_PX; }
        details.open = !legendFolded;
        details.addEventListener("toggle", function () { legendFolded = !details.open; });
      }
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(map);
    refit(map, control.getContainer());
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

  // ---------------------------------------------------------------- the first view
  // The map opens on the incidents; once the legend is there, the view is fitted again so
  // that no incident of that first view lies under it (unless the analyst moved the map).
  function fit(map, bounds, maxZoom) {
    map.geodataFit = {bounds: bounds, maxZoom: maxZoom};
    map.fitBounds(bounds, {maxZoom: maxZoom, padding: [30, 30]});
    var container = map.getContainer();
    ["mousedown", "wheel", "touchstart", "keydown"].forEach(function (name) {
      container.addEventListener(name, function () { map.geodataMoved = true; }, {passive: true});
    });
  }
  function refit(map, element) {
    var goal = map.geodataFit;
    if (!goal || map.geodataMoved || map.geodataRefitted || !element) { return; }
    // a view the app asked for (a link, a row of the table) wins over the fit
    var asked = window.__GLOBAL_DATA__ && window.__GLOBAL_DATA__.last_center;
    if (asked) { return; }
    map.geodataRefitted = true;
    var size = map.getSize(), width = element.offsetWidth + 12, height = element.offsetHeight + 12;
    // keep clear of the legend by the side that costs the view less
    var padding = width / size.x <= height / size.y ? [width, 30] : [30, height];
    map.fitBounds(goal.bounds, {maxZoom: goal.maxZoom, paddingBottomLeft: padding, paddingTopRight: [30, 30]});
  }

  // ---------------------------------------------------------------- tiles
  // Tiles come from elsewhere: when none can load, the map says so, switches to the blank
  // base layer (so the layer control no longer ticks tiles it cannot show) and keeps the
  // project's own layers.
  function tiles(map, tile, blank, message) {
    var loaded = 0, failed = 0, fell = false;
    tile.on("add", function () { loaded = 0; failed = 0; fell = false; });
    tile.on("tileload", function () { loaded += 1; if (map.geodataTileNotice) { map.geodataTileNotice.remove(); } });
    tile.on("tileerror", function () {
      failed += 1;
      if (fell || loaded > 0 || failed < 2) { return; }
      fell = true;
      setTimeout(function () {
        if (map.hasLayer(tile)) { map.removeLayer(tile); }
        if (!map.hasLayer(blank)) { map.addLayer(blank); }
        notice(map, message);
      }, 0);
    });
  }
  function notice(map, html) {
    if (map.geodataTileNotice) { map.geodataTileNotice.remove(); }
    var control = L.control({position: "bottomright"});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "geodata-notice");
      div.setAttribute("role", "status");
      div.innerHTML = html + ' <a href="#" class="geodata-notice-close" title="Close" aria-label="Close">×</a>';
      L.DomEvent.disableClickPropagation(div);
      div.querySelector(".geodata-notice-close").addEventListener("click", function (event) {
        event.preventDefault(); control.remove();
      });
      return div;
    };
    control.addTo(map);
    map.geodataTileNotice = control;
    return control;
  }

  // ---------------------------------------------------------------- the view as an image
  // Drawn in the browser by html-to-image from the map's own DOM, installed from npm with the rest: the
  // controls that only serve the screen are left out, tiles that cannot load left blank.
  var BLANK_PIXEL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
  var SCREEN_ONLY = ["leaflet-control-zoom", "leaflet-control-layers", "geodata-export", "geodata-notice"];
  function saveImage(map, o, button) {
    if (!window.htmlToImage) { notice(map, "The image cannot be made: html-to-image is not installed."); return; }
    button.classList.add("geodata-busy");
    window.htmlToImage.toPng(map.getContainer(), {
      skipFonts: true, imagePlaceholder: BLANK_PIXEL, cacheBust: false,
      filter: function (node) {
        return !(node.classList && SCREEN_ONLY.some(function (name) { return node.classList.contains(name); }));
      }
    }).then(function (url) {
      var link = document.createElement("a");
      link.href = url;
      link.download = window.geodataImageName || o.fileName || "map.png";
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.geodataLastImage = url.length;
    }).catch(function (error) {
      notice(map, "The image could not be made: " + String(error && error.message || error).replace(/[<>&]/g, ""));
    }).then(function () { button.classList.remove("geodata-busy"); });
  }
  function exportControl(map, o) {
    var control = L.control({position: "topleft"});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "leaflet-bar geodata-export");
      var button = L.DomUtil.create("a", "", div);
      button.href = "#";
      button.title = o.title;
      button.setAttribute("role", "button");
      button.setAttribute("aria-label", o.title);
      button.textContent = o.text;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.on(button, "click", function (event) {
        L.DomEvent.preventDefault(event);
        saveImage(map, o, button);
      });
      return div;
    };
    control.addTo(map);
    return control;
  }
  // The image's file name follows the filters: the legend layer sends it with each state.
  function imageName(name) {
    window.geodataImageName = name;
  }

  // ---------------------------------------------------------------- layer groups
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
  return {setup: setup, unpack: unpack, points: points, shapes: shapes, circles: circles, labels: labels, heat: heat,
          legend: legend, legendLayer: legendLayer, fit: fit, tiles: tiles, notice: notice,
          exportControl: exportControl, imageName: imageName, keepSwitchedOff: keepSwitchedOff, panes: panes};
})();

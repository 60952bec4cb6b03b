/* Parallax report: side panel, highlight toggles, SVG timeline and map.
 * Vanilla JS, no framework. Document text only ever reaches the page through
 * textContent / createTextNode (never innerHTML), and record data is read
 * with JSON.parse from <script type="application/json"> elements. */
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var DAY = 864e5;
  var data = JSON.parse(document.getElementById("px-data").textContent);
  var records = data.records;

  /* ---- small DOM helpers (text only) ---- */
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function svg(tag, attrs, parent) {
    var node = document.createElementNS(SVGNS, tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) node.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(node);
    return node;
  }
  function svgTitle(node, text) { svg("title", {}, node).textContent = text; }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function sideChip(side) { return el("span", "side-chip sb-" + (side % 8)); }

  /* ---- side panel ---- */
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");
  var panelTitle = document.getElementById("panel-title");

  function recordBlock(id) {
    var rec = records[id];
    var box = el("div", "rec");
    box.setAttribute("data-shows", id);
    if (!rec) { box.appendChild(el("p", "muted", "Record not found: " + id)); return box; }
    box.appendChild(el("h4", null, rec.title));
    var from = el("div", "muted");
    from.appendChild(sideChip(rec.side));
    from.appendChild(document.createTextNode(data.sides[rec.side] + " — " + rec.docTitle));
    box.appendChild(from);
    if (rec.text) box.appendChild(el("blockquote", null, rec.text));
    if (rec.href && /^\/[^\/\\]/.test(rec.href)) {  // same-site paths only (workbench records)
      var open = el("a", null, "open in its document");
      open.setAttribute("href", rec.href);
      box.appendChild(open);
    }
    var dl = el("dl", "fields");
    rec.fields.forEach(function (f) { dl.appendChild(el("dt", null, f[0])); dl.appendChild(el("dd", null, f[1])); });
    box.appendChild(dl);
    if (rec.links.length) {
      box.appendChild(el("div", "muted", "Accounts in other documents:"));
      var ul = el("ul", "links");
      rec.links.forEach(function (link) {
        var other = link.a === id ? link.b : link.a;
        var li = el("li", "rel-" + link.relation.toLowerCase());
        li.appendChild(el("strong", null, link.relation + (link.on ? " on " + link.on : "")));
        li.appendChild(document.createTextNode(" " + link.reason + " "));
        var btn = el("button", null, "show " + (records[other] ? records[other].docTitle : other));
        btn.type = "button";
        btn.addEventListener("click", function () { jumpTo(other); });
        li.appendChild(btn);
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    return box;
  }

  function showPanel(title, ids, enclosing) {
    clear(panelBody);
    panelTitle.textContent = title;
    if (enclosing && enclosing.length) {
      var enc = el("div", "enclosing");
      enc.appendChild(el("span", "muted", "Also here: "));
      enclosing.forEach(function (id) {
        var b = el("button", null, records[id] ? records[id].title : id);
        b.type = "button";
        b.addEventListener("click", function () { select(id); showPanel(records[id].title, [id], []); });
        enc.appendChild(b);
      });
      panelBody.appendChild(enc);
    }
    ids.forEach(function (id) { panelBody.appendChild(recordBlock(id)); });
    panel.hidden = false;
    document.body.classList.add("panel-open");
  }
  document.getElementById("panel-close").addEventListener("click", function () {
    panel.hidden = true;
    document.body.classList.remove("panel-open");
    select(null);
  });

  function select(id) {
    document.querySelectorAll(".selected").forEach(function (n) { n.classList.remove("selected"); });
    if (!id) return;
    document.querySelectorAll('[data-rec="' + CSS.escape(id) + '"]').forEach(function (n) { n.classList.add("selected"); });
  }

  function jumpTo(id) {
    var mark = document.querySelector('mark[data-rec="' + CSS.escape(id) + '"]');
    if (mark) {
      var d = mark.closest("details");
      if (d) d.open = true;
      mark.scrollIntoView({ block: "center" });
    }
    select(id);
    showPanel(records[id] ? records[id].title : id, [id], []);
  }

  function onActivate(target) {
    var node = target.closest("[data-rec]");
    if (!node) return false;
    var id = node.getAttribute("data-rec");
    var enclosing = [];
    for (var up = node.parentElement; up; up = up.parentElement) {
      var rid = up.getAttribute && up.getAttribute("data-rec");
      if (rid && rid !== id && enclosing.indexOf(rid) < 0) enclosing.push(rid);
    }
    select(id);
    showPanel(records[id] ? records[id].title : id, [id], enclosing);
    return true;
  }
  document.addEventListener("click", function (e) {
    if (e.target.closest("#panel") || e.target.closest("a")) return;
    onActivate(e.target);
  });
  document.addEventListener("keydown", function (e) {
    if ((e.key === "Enter" || e.key === " ") && e.target.closest && e.target.closest("[data-rec]") && !e.target.closest("#panel")) {
      if (onActivate(e.target)) e.preventDefault();
    }
  });

  /* ---- highlight toggles ---- */
  document.querySelectorAll(".kind-toggle").forEach(function (box) {
    box.addEventListener("change", function () { document.body.classList.toggle("hide-" + box.value, !box.checked); });
  });

  /* ---- print: open every <details> while printing ---- */
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; reopened.push(d); });
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (d) { d.open = false; });
    reopened = [];
  });

  /* ---- timeline ---- */
  function parseDay(iso) { return Date.parse(iso + "T00:00:00Z"); }
  function isoDay(t) { return new Date(t).toISOString().slice(0, 10); }

  function ticks(v0, v1) {
    var span = (v1 - v0) / DAY, out = [], d, step;
    var daySteps = [1, 2, 7, 14];
    for (var i = 0; i < daySteps.length; i++) {
      if (span / daySteps[i] <= 10) {
        step = daySteps[i];
        for (d = Math.ceil(v0 / DAY / step) * step * DAY; d <= v1; d += step * DAY) out.push([d, isoDay(d)]);
        return out;
      }
    }
    var monthSteps = [1, 2, 3, 6, 12, 24, 60, 120, 240];
    for (i = 0; i < monthSteps.length; i++) if (span / (30.4 * monthSteps[i]) <= 10) break;
    step = monthSteps[Math.min(i, monthSteps.length - 1)];
    var start = new Date(v0), y = start.getUTCFullYear(), m = start.getUTCMonth();
    m = Math.ceil((y * 12 + m) / step) * step;
    for (var n = 0; n < 200; n++, m += step) {
      d = Date.UTC(Math.floor(m / 12), m % 12, 1);
      if (d > v1) break;
      if (d >= v0) out.push([d, step >= 12 ? String(Math.floor(m / 12)) : isoDay(d).slice(0, 7)]);
    }
    return out;
  }

  /* Shorten an SVG label until it fits its column (measured, not guessed). */
  function fitText(node, text, width) {
    if (!node.getComputedTextLength || node.getComputedTextLength() <= width) return;
    var n = Math.floor(text.length * width / node.getComputedTextLength());
    do { node.textContent = text.slice(0, Math.max(n, 1)) + "…"; n -= 1; }
    while (n > 1 && node.getComputedTextLength() > width);
  }

  /* The home view: the span most items fall in, so that one decades-long
   * interval does not squeeze every dated day into a sliver ("All" shows it). */
  function robustRange(items, full) {
    var k = Math.floor(items.length * 0.05);
    if (!k) return full.slice();
    var begins = items.map(function (i) { return i.t0; }).sort(function (a, b) { return a - b; });
    var ends = items.map(function (i) { return i.t1; }).sort(function (a, b) { return a - b; });
    var lo = begins[k], hi = ends[ends.length - 1 - k];
    if (!(hi > lo) || hi - lo > (full[1] - full[0]) / 3) return full.slice();
    var pad = Math.max((hi - lo) * 0.05, 2 * DAY);
    return [lo - pad, hi + pad];
  }

  function Timeline(box, items) {
    var W = 1000, LABEL = 300, ROW = 24, TOP = 30, RIGHT = 12, BOTTOM = items.length > 12 ? 22 : 8;
    var H = TOP + Math.max(items.length, 1) * ROW + BOTTOM;
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Timeline" }, box);
    if (!items.length) {
      svg("text", { x: 10, y: 22, "class": "map-empty" }, root).textContent = "No dated events.";
      return;
    }
    items.forEach(function (it) { it.t0 = parseDay(it.begin); it.t1 = parseDay(it.end) + DAY; });
    var lo = Math.min.apply(null, items.map(function (i) { return i.t0; }));
    var hi = Math.max.apply(null, items.map(function (i) { return i.t1; }));
    var pad = Math.max((hi - lo) * 0.05, 2 * DAY);
    var full = [lo - pad, hi + pad], home = robustRange(items, full), view = home.slice();
    var plotW = W - LABEL - RIGHT;
    function x(t) { return LABEL + (t - view[0]) / (view[1] - view[0]) * plotW; }

    function draw() {
      clear(root);
      var defs = svg("defs", {}, root);
      var clip = svg("clipPath", { id: "tl-clip" }, defs);
      svg("rect", { x: LABEL, y: 0, width: plotW, height: H }, clip);
      var axis = svg("g", { "class": "tl-axis", "clip-path": "url(#tl-clip)" }, root);
      ticks(view[0], view[1]).forEach(function (tk) {
        var tx = x(tk[0]);
        svg("line", { x1: tx, x2: tx, y1: TOP - 6, y2: H - BOTTOM + 4 }, axis);
        svg("text", { x: tx + 3, y: TOP - 10 }, axis).textContent = tk[1];
        if (items.length > 12) svg("text", { x: tx + 3, y: H - 6 }, axis).textContent = tk[1];
      });
      var plot = svg("g", { "clip-path": "url(#tl-clip)" }, root);
      items.forEach(function (it, row) {
        var y = TOP + row * ROW + 4, h = ROW - 8;
        var x0 = x(it.t0), w = Math.max(x(it.t1) - x0, 5);
        var cls = "tl-item" + (it.oneSided && w >= 24 ? " one-sided" : "") + (it.contradicted ? " contradicted" : "");
        var g = svg("g", { "class": cls, "data-item": it.id, tabindex: 0 }, plot);
        var bands = it.asserting.length ? it.asserting : it.sides;
        bands.forEach(function (side, k) {
          svg("rect", { x: x0, y: y + k * h / bands.length, width: w, height: h / bands.length,
                        "class": "sf-" + (side % 8) + (it.asserting.length ? "" : " denied"),
                        "fill-opacity": it.asserting.length ? 1 : 0.3 }, g);
        });
        svg("rect", { x: x0, y: y, width: w, height: h, "class": "tl-outline" }, g);
        var sidesText = it.sides.map(function (s) { return data.sides[s]; }).join(", ");
        svgTitle(g, it.label + " (" + it.begin + (it.end !== it.begin ? " – " + it.end : "") + "; " + sidesText + ")");
        var lab = svg("text", { x: 6, y: y + h - 4, "class": "tl-label tl-item", "data-item": it.id }, root);
        var marks = (it.contradicted ? "≠ " : "") + (it.oneSided ? "◆ " : "");
        var text = marks + it.label;
        lab.textContent = text;
        fitText(lab, text, LABEL - 14);
      });
    }

    function zoom(factor, centre) {
      var span = (view[1] - view[0]) * factor;
      span = Math.min(Math.max(span, 2 * DAY), (full[1] - full[0]) * 8);
      var c = centre === undefined ? (view[0] + view[1]) / 2 : centre;
      var ratio = (c - view[0]) / (view[1] - view[0]);
      view = [c - ratio * span, c - ratio * span + span];
      draw();
    }
    function timeAt(clientX) {
      var r = root.getBoundingClientRect();
      var vx = (clientX - r.left) / r.width * W;
      return view[0] + (vx - LABEL) / plotW * (view[1] - view[0]);
    }
    root.addEventListener("wheel", function (e) {
      e.preventDefault();
      zoom(e.deltaY > 0 ? 1.25 : 0.8, timeAt(e.clientX));
    }, { passive: false });
    var dragX = null, moved = false;
    root.addEventListener("pointerdown", function (e) { dragX = e.clientX; moved = false; });
    root.addEventListener("pointermove", function (e) {
      if (dragX === null || Math.abs(e.clientX - dragX) < 3) return;
      var dt = timeAt(dragX) - timeAt(e.clientX);
      view = [view[0] + dt, view[1] + dt];
      dragX = e.clientX; moved = true;
      draw();
    });
    window.addEventListener("pointerup", function () { dragX = null; });
    root.addEventListener("click", function (e) {
      if (moved) return;
      var g = e.target.closest("[data-item]");
      if (!g) return;
      var it = items.filter(function (i) { return i.id === g.getAttribute("data-item"); })[0];
      root.querySelectorAll(".tl-item.selected").forEach(function (n) { n.classList.remove("selected"); });
      root.querySelectorAll('[data-item="' + CSS.escape(it.id) + '"]').forEach(function (n) { n.classList.add("selected"); });
      showPanel("Happening: " + it.label, it.members, []);
    });
    document.querySelectorAll("[data-zoom]").forEach(function (b) {
      b.addEventListener("click", function () {
        var how = b.getAttribute("data-zoom");
        if (how === "reset") { view = home.slice(); draw(); }
        else if (how === "all") { view = full.slice(); draw(); }
        else zoom(how === "in" ? 0.5 : 2);
      });
    });
    draw();
    box.timeline = { view: function () { return view.slice(); }, zoom: zoom };
  }

  /* ---- map ---- */
  function WorldMap(box, points) {
    var W = 960, H = 520;
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Map of located events" }, box);
    var world = JSON.parse(document.getElementById("px-world").textContent);
    var countries = window.topojson ? window.topojson.feature(world, world.objects.countries).features : [];
    var lons = points.map(function (p) { return p.lon; }), lats = points.map(function (p) { return p.lat; });
    var b = points.length ? [Math.min.apply(null, lons), Math.max.apply(null, lons), Math.min.apply(null, lats), Math.max.apply(null, lats)]
                          : [-180, 180, -58, 84];
    var spanLon = Math.max(b[1] - b[0], 6), spanLat = Math.max(b[3] - b[2], 4);
    var cLon = (b[0] + b[1]) / 2, cLat = (b[2] + b[3]) / 2;
    if (points.length) { spanLon *= 1.5; spanLat *= 1.5; }
    var kx = Math.cos(cLat * Math.PI / 180);  // equirectangular, true to scale at the centre latitude
    var s = Math.min(W / (spanLon * kx), H / spanLat);
    function project(lon, lat) { return [W / 2 + (lon - cLon) * kx * s, H / 2 - (lat - cLat) * s]; }
    function ring(coords) {
      return coords.map(function (c, i) { var p = project(c[0], c[1]); return (i ? "L" : "M") + p[0].toFixed(1) + "," + p[1].toFixed(1); }).join("") + "Z";
    }
    var land = svg("g", { "class": "map-countries" }, root);
    countries.forEach(function (f) {
      var g = f.geometry;
      if (!g) return;
      var polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
      var d = polys.map(function (poly) { return poly.map(ring).join(""); }).join("");
      var path = svg("path", { d: d, "class": "map-country" }, land);
      if (f.properties && f.properties.name) svgTitle(path, f.properties.name);
    });
    drawAdmin1(root, ring);
    if (!points.length) {
      svg("text", { x: 12, y: 24, "class": "map-empty" }, root).textContent = "No located events.";
      return;
    }
    var seen = {};
    var dots = svg("g", { "class": "map-points" }, root);
    points.forEach(function (p) {
      var xy = project(p.lon, p.lat), key = xy[0].toFixed(0) + "," + xy[1].toFixed(0);
      var n = seen[key] = (seen[key] || 0) + 1;
      if (n > 1) {  // several events at one place: spread them on a small spiral
        var a = n * 2.4, r = 5 + 2 * n;
        xy = [xy[0] + r * Math.cos(a), xy[1] + r * Math.sin(a)];
      }
      var c = svg("circle", { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: 7, "class": "map-point sf-" + (p.side % 8),
                              "data-rec": p.rec, tabindex: 0 }, dots);
      svgTitle(c, p.label + " — " + data.sides[p.side]);
    });
    panZoom(root, W, H, dots);
  }

  /* Province / region outlines of the countries with located events
   * (<script id="px-admin1">: rings of delta-encoded integer lon/lat pairs). */
  function drawAdmin1(root, ring) {
    var node = document.getElementById("px-admin1");
    if (!node) return;
    var admin = JSON.parse(node.textContent), scale = admin.scale || 1000;
    function decode(flat) {
      var out = [], x = 0, y = 0;
      for (var i = 0; i + 1 < flat.length; i += 2) { x += flat[i]; y += flat[i + 1]; out.push([x / scale, y / scale]); }
      return out;
    }
    var layer = svg("g", { "class": "map-admin1" }, root);
    Object.keys(admin.countries || {}).forEach(function (code) {
      admin.countries[code].forEach(function (div) {
        var d = div.p.map(function (poly) { return poly.map(function (r) { return ring(decode(r)); }).join(""); }).join("");
        var path = svg("path", { d: d, "class": "map-division", "data-code": div.code || code }, layer);
        svgTitle(path, div.name + (div.code ? " (" + div.code + ")" : ""));
      });
    });
  }

  /* Wheel zoom, drag pan and zoom buttons by moving the viewBox; points keep their size. */
  function panZoom(root, W, H, dots) {
    var vb = [0, 0, W, H], drag = null;
    function apply() {
      root.setAttribute("viewBox", vb.map(function (v) { return v.toFixed(2); }).join(" "));
      dots.querySelectorAll("circle").forEach(function (c) { c.setAttribute("r", (7 * vb[2] / W).toFixed(2)); });
    }
    function zoom(factor, cx, cy) {
      var w = Math.min(Math.max(vb[2] * factor, W / 64), W * 4), h = w * H / W;
      if (cx === undefined) { cx = vb[0] + vb[2] / 2; cy = vb[1] + vb[3] / 2; }
      vb = [cx - (cx - vb[0]) * w / vb[2], cy - (cy - vb[1]) * h / vb[3], w, h];
      apply();
    }
    function at(e) {
      var r = root.getBoundingClientRect();
      return [vb[0] + (e.clientX - r.left) / r.width * vb[2], vb[1] + (e.clientY - r.top) / r.height * vb[3]];
    }
    root.addEventListener("wheel", function (e) {
      e.preventDefault();
      var p = at(e);
      zoom(e.deltaY > 0 ? 1.25 : 0.8, p[0], p[1]);
    }, { passive: false });
    root.addEventListener("pointerdown", function (e) { drag = [e.clientX, e.clientY]; });
    root.addEventListener("pointermove", function (e) {
      if (!drag) return;
      var r = root.getBoundingClientRect();
      vb[0] -= (e.clientX - drag[0]) / r.width * vb[2];
      vb[1] -= (e.clientY - drag[1]) / r.height * vb[3];
      drag = [e.clientX, e.clientY];
      apply();
    });
    window.addEventListener("pointerup", function () { drag = null; });
    document.querySelectorAll("[data-mapzoom]").forEach(function (b) {
      b.addEventListener("click", function () {
        var how = b.getAttribute("data-mapzoom");
        if (how === "reset") { vb = [0, 0, W, H]; apply(); } else zoom(how === "in" ? 0.5 : 2);
      });
    });
  }

  /* The workbench reuses this file on its pages: draw only what the page has. */
  var timelineBox = document.getElementById("timeline-chart");
  if (timelineBox) Timeline(timelineBox, data.timeline || []);
  var mapBox = document.getElementById("map-chart");
  if (mapBox && document.getElementById("px-world")) WorldMap(mapBox, data.points || []);
  document.documentElement.setAttribute("data-ready", "1");
})();

// The page's own script: draws the network, fills the side panel (details, class filter, dates,
// timeline, search) and expands groups of claims, meetings or agreements. Text from articles only
// ever reaches the page through textContent; vis draws labels on a canvas, and no node has a title, so vis shows no HTML popup.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var network = new vis.Network(document.getElementById("kg-network"), { nodes: nodes, edges: edges }, DATA.options);
  window.network = network;  // for the console and the browser tests
  window.nodes = nodes;
  window.edges = edges;
  window.kgExpand = function (id) { expand(id); };

  var panel = document.getElementById("kg-details");
  var pinned = null;
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function show(id) {
    var d = id === null ? undefined : DATA.details[id];
    panel.replaceChildren();
    if (!d) { panel.appendChild(el("p", "Hover or click a node to see its details.", "kg-hint")); return; }
    panel.appendChild(el("div", d.c, "kg-class"));
    panel.appendChild(el("h2", d.n));
    var dl = el("dl");
    d.r.forEach(function (row) { dl.appendChild(el("dt", row[0])); dl.appendChild(el("dd", row[1])); });
    panel.appendChild(dl);
    if (DATA.groups[id] && nodes.get(id)) {
      var button = el("button", "Show these " + DATA.groups[id].nodes.length + " " + d.c.toLowerCase());
      button.type = "button";
      button.addEventListener("click", function () { expand(id); });
      panel.appendChild(button);
    }
    if (d.s.length) {
      var more = d.m || 0;  // sources a large graph does not list
      panel.appendChild(el("h3", "Sources (" + (d.s.length + more).toLocaleString("en") + ")"));
      var ol = el("ol");
      d.s.forEach(function (s) {
        var li = el("li");
        li.appendChild(el("div", s[0], "kg-src"));
        if (s[1]) li.appendChild(el("blockquote", s[1]));
        ol.appendChild(li);
      });
      panel.appendChild(ol);
      if (more) panel.appendChild(el("p", "and " + more.toLocaleString("en") + " more, not listed in a graph this large", "kg-hint kg-more"));
    }
  }
  network.on("hoverNode", function (p) { if (pinned === null) show(p.node); });
  network.on("blurNode", function () { if (pinned === null) show(null); });
  network.on("click", function (p) { pinned = p.nodes.length ? p.nodes[0] : null; show(pinned); });
  network.on("doubleClick", function (p) { if (p.nodes.length && DATA.groups[p.nodes[0]]) expand(p.nodes[0]); });

  // Landmarks: zoomed out so far that vis draws no label (font size x zoom < its drawThreshold), the
  // best-connected nodes keep a readable one, as many as fit without covering each other.
  var LANDMARK_PX = 12, MAX_LANDMARKS = 60, landmarks = [];
  var baseFont = {};
  // With a size always: vis merges a font update into the node's font, so one without would keep a landmark's size.
  function fontOf(n) { return Object.assign({ size: DATA.options.nodes.font.size }, n.font); }
  DATA.nodes.forEach(function (n) { baseFont[n.id] = fontOf(n); });
  Object.keys(DATA.groups).forEach(function (g) {
    DATA.groups[g].nodes.forEach(function (n) { baseFont[n.id] = fontOf(n); });
  });
  // Names before quotes, then the best-connected first.
  function quote(n) { return n.cls === "Claim" || n.cls === "Claims" ? 1 : 0; }
  var byDegree = DATA.nodes.slice().sort(function (a, b) { return quote(a) - quote(b) || b.size - a.size || a.id - b.id; })
    .map(function (n) { return n.id; });
  function placeLandmarks() {
    var scale = network.getScale(), changes = [];
    landmarks.forEach(function (id) { if (nodes.get(id)) changes.push({ id: id, font: baseFont[id] }); });
    landmarks = [];
    if (DATA.options.nodes.font.size * scale < DATA.options.nodes.scaling.label.drawThreshold) {
      var size = LANDMARK_PX / scale, boxes = [], at = network.getPositions();
      for (var k = 0; k < byDegree.length && landmarks.length < MAX_LANDMARKS; k++) {
        var n = nodes.get(byDegree[k]);
        if (!n || n.hidden) continue;
        var lines = String(n.label).split("\n");
        var half = Math.max.apply(null, lines.map(function (l) { return l.length; })) * size * 0.36 + size * 0.5;
        var p = at[n.id], top = p.y - n.size;
        var box = [p.x - Math.max(half, n.size), top, p.x + Math.max(half, n.size), p.y + n.size + size * (1.4 * lines.length + 0.6)];
        if (boxes.some(function (o) { return o[0] < box[2] && box[0] < o[2] && o[1] < box[3] && box[1] < o[3]; })) continue;
        boxes.push(box);
        landmarks.push(n.id);
        changes.push({ id: n.id, font: Object.assign({}, baseFont[n.id], { size: size }) });
      }
    }
    if (changes.length) nodes.update(changes);
  }
  var landmarkTimer = null;
  network.on("zoom", function () { clearTimeout(landmarkTimer); landmarkTimer = setTimeout(placeLandmarks, 120); });

  // What is shown: a node of a class that is ticked, and, if it has a date, one inside the range.
  var classOn = {};
  var from = "", to = "";
  var GROUPED = { Claims: "Claim", Meetings: "Meeting", Agreements: "Agreement" };  // a group node's class -> its members'
  function filterClass(n) { return GROUPED[n.cls] || n.cls; }
  function inRange(day) { return !day || ((!from || day >= from) && (!to || day <= to)); }
  // A group of meetings or agreements spans days d to e: shown if any of them is in the range.
  function overlaps(n) { return n.e ? (!from || n.e >= from) && (!to || n.d <= to) : inRange(n.d); }
  function visible(n) { return classOn[filterClass(n)] !== false && overlaps(n); }
  function apply() {
    var changes = [];
    nodes.forEach(function (n) {
      var hide = !visible(n);
      if (Boolean(n.hidden) !== hide) changes.push({ id: n.id, hidden: hide });
    });
    if (changes.length) nodes.update(changes);
    var dated = 0, shown = 0;
    nodes.forEach(function (n) { if (n.d) { dated += 1; if (!n.hidden) shown += 1; } });
    dateStatus.textContent = dated ? shown + " of " + dated + " dated meetings, agreements and claims shown" +
      " (undated ones always are)." : "Nothing in this graph has a date.";
    timelineItems.forEach(function (item) { item.li.hidden = !inRange(item.day); });
    placeLandmarks();
  }
  document.querySelectorAll("#kg-legend .kg-filter").forEach(function (box) {
    box.addEventListener("change", function () { classOn[box.dataset.cls] = box.checked; apply(); });
  });

  var fromBox = document.getElementById("kg-from"), toBox = document.getElementById("kg-to");
  var dateStatus = document.getElementById("kg-dates-status");
  [fromBox, toBox].forEach(function (box) {
    box.min = DATA.first; box.max = DATA.last;
    box.disabled = !DATA.first;
    box.addEventListener("change", function () { from = fromBox.value; to = toBox.value; apply(); });
  });
  fromBox.value = DATA.first; toBox.value = DATA.last;
  document.getElementById("kg-all").addEventListener("click", function () {
    fromBox.value = DATA.first; toBox.value = DATA.last; from = ""; to = ""; apply();
  });

  var groupOf = {};  // a grouped node -> its group, so the timeline can open a grouped meeting
  Object.keys(DATA.groups).forEach(function (g) { DATA.groups[g].nodes.forEach(function (n) { groupOf[n.id] = Number(g); }); });
  function open(id) {
    if (!nodes.get(id) && DATA.groups[groupOf[id]]) expand(groupOf[id]);
    var n = nodes.get(id);
    if (!n) return;
    if (n.hidden) nodes.update({ id: id, hidden: false });
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1), animation: false });
    placeLandmarks();  // focus() zooms without a "zoom" event: landmarks of the zoomed-out view would stay huge
    pinned = id;
    show(id);
  }
  var timelineItems = DATA.timeline.map(function (row) {
    var li = el("li"), button = el("button");
    button.type = "button";
    button.dataset.node = row[0];
    button.appendChild(el("span", row[1] ? row[2] : "undated", "kg-when"));
    button.appendChild(document.createTextNode(row[3] + " "));
    button.appendChild(el("span", "(" + row[4] + (row[4] === 1 ? " source)" : " sources)"), "kg-n"));
    button.addEventListener("click", function () { open(row[0]); });
    li.appendChild(button);
    document.getElementById("kg-timeline").appendChild(li);
    return { li: li, day: row[1] };
  });
  if (!timelineItems.length) document.getElementById("kg-timeline").appendChild(el("li", "No meetings.", "kg-hint"));

  // A group opens into its claims, meetings or agreements, on rings around where the group was.
  function expand(id) {
    var group = DATA.groups[id], at = network.getPositions([id])[id];
    if (!group || !at) return;
    var placed = group.nodes.map(function (n, k) {
      var ring = Math.floor(Math.sqrt(k)), slots = 2 * ring + 1, angle = 2 * Math.PI * (k - ring * ring) / slots;
      var radius = 140 + 120 * ring;
      return Object.assign({}, n, { x: at.x + radius * 1.6 * Math.cos(angle), y: at.y + radius * Math.sin(angle) });
    });
    nodes.remove(id);
    nodes.add(placed);
    edges.add(group.edges);
    delete DATA.groups[id];
    apply();
    pinned = null;
    show(null);
  }

  var search = document.getElementById("kg-search");
  var status = document.getElementById("kg-search-status");
  var matches = [];
  function find() {
    var q = search.value.trim().toLowerCase();
    matches = q.length < 2 ? [] : nodes.getIds({ filter: function (n) {
      var d = DATA.details[n.id];
      return !n.hidden && ((d && d.n.toLowerCase().indexOf(q) >= 0) || String(n.label).toLowerCase().indexOf(q) >= 0);
    } });
    network.selectNodes(matches);
    status.textContent = q.length < 2 ? "" : matches.length + (matches.length === 1 ? " match" : " matches") +
      (matches.length ? " \u2014 press Enter to zoom to them" : "");
  }
  search.addEventListener("input", find);
  search.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || !matches.length) return;
    network.fit({ nodes: matches, animation: false });
    if (matches.length === 1) { pinned = matches[0]; show(pinned); }
  });
  apply();

  // vis may have drawn once already, inside its constructor: ask for a frame we are sure to see.
  network.once("afterDrawing", function () {
    placeLandmarks();
    window.kgReadyAt = performance.now();
    window.kgReady = true;
    document.body.setAttribute("data-ready", "true");
  });
  network.redraw();
})();

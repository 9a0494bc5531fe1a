// reprint HTML report: draws the side-by-side views from the data embedded
// in the page. Article text only ever reaches the page as text nodes and
// property values (textContent, title), never as markup.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('reprint-data').textContent);
  var kinds = data.kinds, docs = data.docs;
  // A match is [kind, dated, jaccard, containment, words, origin doc,
  // origin start, origin end, copy doc, copy start, copy end], offsets in
  // UTF-16 code units.
  var M = data.matches;
  var K = 0, DATED = 1, JAC = 2, CONT = 3, WORDS = 4, OD = 5, OS = 6, OE = 7, CD = 8, CS = 9, CE = 10;
  // A pair is [left article, right article, words, match...].
  var pairs = data.pairs.map(function (p) { return { a: p[0], b: p[1], w: p[2], m: p.slice(3) }; });
  var texts = null;
  var shown = new Array(kinds.length).fill(true);
  var selDoc = -1, curPair = -1, showAll = false;
  var PAIRS_SHOWN = 200;
  var smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function kindClass(k) { return k < 4 ? 'k' + k : 'kx'; }
  function fmt(x) { return (Math.round(x * 100) / 100).toFixed(2); }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  // decodeTexts returns the article texts: a plain JSON array, or the same
  // deflated and base64-encoded for large reports.
  function decodeTexts(v) {
    if (Array.isArray(v)) return Promise.resolve(v);
    var bin = atob(v.deflate), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new Response(stream).text().then(JSON.parse);
  }

  // related lists the articles sharing wording with d, and d itself.
  var related = docs.map(function () { return []; });
  pairs.forEach(function (p) {
    if (p.a !== p.b) { related[p.a].push(p.b); related[p.b].push(p.a); }
  });
  var docIndex = new Map(docs.map(function (d, i) { return [d.id, i]; }));

  function pairVisible(p) {
    if (selDoc >= 0 && p.a !== selDoc && p.b !== selDoc) return false;
    return p.m.some(function (i) { return shown[M[i][K]]; });
  }

  // ---- pair list ----
  function renderPairs() {
    var list = $('pairs'), visible = [];
    pairs.forEach(function (p, i) { if (pairVisible(p)) visible.push(i); });
    list.textContent = '';
    var n = showAll ? visible.length : Math.min(visible.length, PAIRS_SHOWN);
    for (var j = 0; j < n; j++) list.appendChild(pairItem(visible[j]));
    $('pairs-count').textContent = visible.length === pairs.length ? String(pairs.length) : visible.length + ' of ' + pairs.length;
    var more = $('pairs-more');
    more.hidden = n === visible.length;
    more.textContent = 'show all ' + visible.length;
    return visible;
  }

  function pairItem(i) {
    var p = pairs[i], li = el('li'), a = el('a');
    a.href = '#pair-' + i;
    a.dataset.p = i;
    if (i === curPair) a.className = 'cur';
    var ids = el('span', 'ids');
    ids.appendChild(document.createTextNode(docs[p.a].id));
    if (p.a !== p.b) {
      ids.appendChild(el('i', null, '→'));
      ids.appendChild(document.createTextNode(docs[p.b].id));
    }
    a.title = [p.a, p.b].filter(function (d, j) { return j === 0 || d !== p.a; }).map(function (d) {
      return docs[d].id + (docs[d].title ? ': ' + docs[d].title : '');
    }).join('\n→ ');
    var meta = el('span', 'meta');
    var seen = [];
    p.m.forEach(function (mi) { if (seen.indexOf(M[mi][K]) < 0) seen.push(M[mi][K]); });
    seen.sort().forEach(function (k) { var d = el('i', 'dot ' + kindClass(k)); d.title = kinds[k]; meta.appendChild(d); });
    meta.appendChild(document.createTextNode(
      (p.a === p.b ? 'internal · ' : '') + plural(p.m.length, 'passage', 'passages') + ' · ' + plural(p.w, 'word', 'words')));
    a.appendChild(ids);
    a.appendChild(meta);
    li.appendChild(a);
    return li;
  }

  // ---- side-by-side view ----
  // The view of the current pair: per side, the highlight segments of each
  // passage, so a click on one side can find the other.
  var view = null;

  function describe(s) {
    var m = M[s.m], o = docs[m[OD]].id, c = docs[m[CD]].id;
    return kinds[m[K]] + ' · passage ' + (s.n + 1) + ' · ' + plural(m[WORDS], 'word', 'words') +
      ' · Jaccard ' + fmt(m[JAC]) + ' · containment ' + fmt(m[CONT]) +
      '\norigin ' + o + (m[OD] === m[CD] ? ' (repeated in the same article)' : ' → copy ' + c) +
      (m[OD] !== m[CD] && !m[DATED] ? ' (origin by tie-break: not dated earlier)' : '');
  }

  // renderPane writes text into pane with the spans highlighted. The text
  // is cut at every span boundary; a segment covered by several spans
  // belongs to all of them and takes its colour from the innermost
  // (shortest, then first). Returns, per passage number, its segments.
  function renderPane(pane, text, spans) {
    pane.textContent = '';
    pane.scrollTop = 0;
    var cuts = [0, text.length];
    spans.forEach(function (s) { cuts.push(s.start, s.end); });
    cuts.sort(function (a, b) { return a - b; });
    var segs = spans.map(function () { return []; });
    var frag = document.createDocumentFragment();
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1];
      if (a === b) continue;
      var cover = spans.filter(function (s) { return s.start <= a && s.end >= b; });
      var str = text.slice(a, b);
      if (cover.length === 0) { frag.appendChild(document.createTextNode(str)); continue; }
      cover.sort(function (x, y) { return (x.end - x.start) - (y.end - y.start) || x.n - y.n; });
      var top = cover[0], mk = el('mark', kindClass(M[top.m][K]) + ' s' + (top.n % 3) + (cover.length > 1 ? ' multi' : ''), str);
      mk.dataset.p = cover.map(function (s) { return s.n; }).join(' ');
      mk.title = cover.map(describe).join('\n\n');
      cover.forEach(function (s) { segs[s.n].push(mk); });
      frag.appendChild(mk);
    }
    pane.appendChild(frag);
    return segs;
  }

  function sideHead(box, d, role) {
    var doc = docs[d];
    box.textContent = '';
    var line = el('div');
    line.appendChild(el('span', 'role', role));
    line.appendChild(el('span', 'id', doc.id));
    box.appendChild(line);
    if (doc.title) box.appendChild(el('span', 'title', doc.title));
    var meta = [doc.source, doc.date].filter(Boolean).join(' · ');
    if (meta) box.appendChild(el('span', 'meta', meta));
  }

  function openPair(i) {
    if (!texts || i < 0 || i >= pairs.length) return;
    curPair = i;
    var p = pairs[i];
    // Passages of the visible kinds, numbered in the order they appear on
    // the left.
    var ps = p.m.filter(function (mi) { return shown[M[mi][K]]; }).map(function (mi) {
      var m = M[mi], leftIsOrigin = m[OD] === p.a;
      return { m: mi, a: leftIsOrigin ? [m[OS], m[OE]] : [m[CS], m[CE]], b: leftIsOrigin ? [m[CS], m[CE]] : [m[OS], m[OE]] };
    });
    ps.sort(function (x, y) { return x.a[0] - y.a[0] || x.b[0] - y.b[0] || x.m - y.m; });
    ps.forEach(function (s, n) { s.n = n; });
    var spans = function (side) {
      return ps.map(function (s) { return { m: s.m, n: s.n, start: s[side][0], end: s[side][1] }; });
    };
    var internal = p.a === p.b;
    sideHead($('head-a'), p.a, internal ? 'first' : roleOf(p, p.a));
    sideHead($('head-b'), p.b, internal ? 'repeated' : roleOf(p, p.b));
    view = { pair: i, ps: ps, a: renderPane($('pane-a'), texts[p.a], spans('a')), b: renderPane($('pane-b'), texts[p.b], spans('b')) };
    renderPassages(ps, p);
    $('view-empty').hidden = true;
    $('view').hidden = false;
    document.querySelectorAll('#pairs a.cur').forEach(function (a) { a.classList.remove('cur'); });
    var item = document.querySelector('#pairs a[data-p="' + i + '"]');
    if (item) item.classList.add('cur');
  }

  // roleOf says whether d is the origin, the copy or both in pair p.
  function roleOf(p, d) {
    var origin = false, copy = false;
    p.m.forEach(function (mi) { if (M[mi][OD] === d) origin = true; else copy = true; });
    return origin && copy ? 'origin and copy' : origin ? 'origin' : 'copy';
  }

  function renderPassages(ps, p) {
    var body = $('passages');
    body.textContent = '';
    ps.forEach(function (s) {
      var m = M[s.m], tr = el('tr');
      tr.dataset.n = s.n;
      tr.appendChild(el('td', null, String(s.n + 1)));
      var kt = el('td'), tag = el('span', 'kindtag ' + kindClass(m[K]));
      tag.appendChild(el('i', 'dot'));
      tag.appendChild(document.createTextNode(kinds[m[K]]));
      kt.appendChild(tag);
      tr.appendChild(kt);
      tr.appendChild(el('td', null, String(m[WORDS])));
      tr.appendChild(el('td', null, fmt(m[JAC])));
      tr.appendChild(el('td', null, fmt(m[CONT])));
      var origin = el('td', null, p.a === p.b ? 'same article' : m[OD] === p.a ? 'left' : 'right');
      if (p.a !== p.b && !m[DATED]) {
        origin.textContent += ' *';
        origin.title = 'not dated earlier than the copy: chosen by tie-break';
      }
      tr.appendChild(origin);
      var t = texts[p.a].slice(s.a[0], s.a[1]).replace(/\s+/g, ' ');
      var snip = el('td', 'snip', t.length > 140 ? t.slice(0, 140) + '…' : t);
      snip.title = t;
      tr.appendChild(snip);
      var bt = el('td'), b = el('button', null, 'jump');
      b.type = 'button';
      bt.appendChild(b);
      tr.appendChild(bt);
      body.appendChild(tr);
    });
  }

  // reveal scrolls pane so that el sits a third of the way down it.
  function reveal(pane, target) {
    var pr = pane.getBoundingClientRect(), er = target.getBoundingClientRect();
    var top = pane.scrollTop + (er.top - pr.top) - pane.clientHeight / 3;
    pane.scrollTo({ top: Math.max(0, top), behavior: smooth ? 'smooth' : 'auto' });
  }

  function flash(segs) {
    segs.forEach(function (s) {
      s.classList.remove('flash');
      void s.offsetWidth; // restart the animation
      s.classList.add('flash');
    });
    setTimeout(function () { segs.forEach(function (s) { s.classList.remove('flash'); }); }, 1500);
  }

  function activate(n) {
    document.querySelectorAll('mark.act').forEach(function (m) { m.classList.remove('act'); });
    view.a[n].concat(view.b[n]).forEach(function (m) { m.classList.add('act'); });
  }

  // jump brings passage n into view: on the other side from `from` (a
  // click on a highlight), or on both sides (from the passage list).
  function jump(n, from) {
    if (!view || !view.ps[n]) return;
    activate(n);
    ['a', 'b'].forEach(function (side) {
      if (side === from || view[side][n].length === 0) return;
      reveal($('pane-' + side), view[side][n][0]);
      flash(view[side][n]);
    });
  }

  function counterpartHover(e, on) {
    var mk = e.target.closest && e.target.closest('mark');
    if (!mk || !view) return;
    var side = e.currentTarget.id === 'pane-a' ? 'b' : 'a';
    mk.dataset.p.split(' ').forEach(function (n) {
      (view[side][n] || []).forEach(function (m) { m.classList.toggle('hot', on); });
    });
  }

  ['a', 'b'].forEach(function (side) {
    var pane = $('pane-' + side);
    pane.addEventListener('click', function (e) {
      var mk = e.target.closest('mark');
      if (mk) jump(Number(mk.dataset.p.split(' ')[0]), side);
    });
    pane.addEventListener('mouseover', function (e) { counterpartHover(e, true); });
    pane.addEventListener('mouseout', function (e) { counterpartHover(e, false); });
  });
  $('passages').addEventListener('click', function (e) {
    var tr = e.target.closest('tr');
    if (!tr) return;
    $('view').scrollIntoView({ block: 'nearest', behavior: smooth ? 'smooth' : 'auto' });
    jump(Number(tr.dataset.n), null);
  });

  // ---- filters ----
  var graph = $('graph');
  // Edge i of data.edges ([origin, copy, pair, kinds]) is the i-th arrow.
  var edges = graph ? Array.prototype.slice.call(graph.querySelectorAll('.edges > path')) : [];
  var nodes = graph ? Array.prototype.slice.call(graph.querySelectorAll('.n')) : [];
  var docRows = Array.prototype.slice.call(document.querySelectorAll('#docs tbody tr'));

  function applyFilters() {
    var mask = 0;
    shown.forEach(function (on, k) { if (on) mask |= 1 << Math.min(k, 30); });
    edges.forEach(function (e, i) { e.classList.toggle('off', (data.edges[i][3] & mask) === 0); });
    var rel = new Set(selDoc >= 0 ? related[selDoc].concat([selDoc]) : []);
    focusGraph(selDoc);
    docRows.forEach(function (tr) {
      var d = Number(tr.dataset.d);
      tr.hidden = selDoc >= 0 && !rel.has(d);
      tr.classList.toggle('sel', d === selDoc);
    });
    $('doc-clear').hidden = selDoc < 0;
    $('doc-filter').classList.toggle('on', selDoc >= 0);
    var visible = renderPairs();
    if (!texts) return;
    if (curPair >= 0 && visible.indexOf(curPair) >= 0) openPair(curPair);
    else if (visible.length) openPair(visible[0]);
    else { $('view').hidden = true; $('view-empty').hidden = false; curPair = -1; }
  }

  // focusGraph brings out article d and its arrows in the graph (none: -1).
  function focusGraph(d) {
    if (!graph) return;
    var rel = new Set(d >= 0 ? related[d].concat([d]) : []);
    graph.classList.toggle('focus', d >= 0);
    edges.forEach(function (e, i) {
      e.classList.toggle('on', data.edges[i][0] === d || data.edges[i][1] === d);
    });
    nodes.forEach(function (n) {
      var nd = Number(n.dataset.d);
      n.classList.toggle('on', rel.has(nd));
      n.classList.toggle('sel', nd === selDoc);
    });
  }

  function selectDoc(d) {
    selDoc = d;
    $('doc-filter').value = d >= 0 ? docs[d].id : '';
    showAll = false;
    applyFilters();
  }

  document.querySelectorAll('input[data-kind]').forEach(function (box) {
    box.addEventListener('change', function () {
      shown[Number(box.dataset.kind)] = box.checked;
      applyFilters();
    });
  });
  $('doc-filter').addEventListener('input', function (e) {
    var d = docIndex.get(e.target.value.trim());
    if (d !== undefined) selectDoc(d);
    else if (e.target.value.trim() === '' && selDoc >= 0) selectDoc(-1);
  });
  $('doc-clear').addEventListener('click', function () { selectDoc(-1); });
  document.addEventListener('click', function (e) {
    var b = e.target.closest('button.doc');
    if (b) selectDoc(Number(b.dataset.d));
  });
  $('pairs-more').addEventListener('click', function () { showAll = true; renderPairs(); });
  // A pair link opens its pair at once and records it in the address (so
  // the back button and a reload return to it) without a hashchange.
  $('pairs').addEventListener('click', function (e) {
    var a = e.target.closest('a[data-p]');
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    history.pushState(null, '', a.getAttribute('href'));
    openPair(Number(a.dataset.p));
  });
  if (graph) {
    graph.addEventListener('click', function (e) {
      var n = e.target.closest('.n'), i = edges.indexOf(e.target.closest('.edges > path'));
      if (n) selectDoc(Number(n.dataset.d));
      else if (i >= 0) location.hash = 'pair-' + data.edges[i][2];
    });
    graph.addEventListener('mouseover', function (e) {
      var n = e.target.closest('.n');
      if (n) focusGraph(Number(n.dataset.d));
    });
    graph.addEventListener('mouseleave', function () { focusGraph(selDoc); });
  }

  function fromHash() {
    var m = /^#pair-(\d+)$/.exec(location.hash);
    if (m && texts) {
      openPair(Number(m[1]));
      $('compare').scrollIntoView({ block: 'start' });
    }
    return !!m;
  }
  window.addEventListener('hashchange', fromHash);

  renderPairs();
  decodeTexts(JSON.parse(document.getElementById('reprint-texts').textContent)).then(function (t) {
    texts = t;
    if (!fromHash()) applyFilters();
    document.documentElement.dataset.ready = '1';
    performance.mark('reprint-ready');
  }).catch(function (err) {
    $('view-empty').textContent = 'The article texts could not be read: ' + err;
    throw err;
  });
})();

/*
 * scomc.js: the one script of the generated documentation site, copied by
 * scomc to build/docs/assets/scomc.js.
 *
 * - Pack index pages (#filter, #alerts, #count): filters the rendered table
 *   rows as you type. Needs nothing else, so it works without search.js.
 * - Home page (#search, #results, #search-status): full-text search of every
 *   alert of the site (titles, facts and article text), ranked by
 *   MiniSearch, with the matching words highlighted and a snippet of the
 *   article; the index is loaded when the reader starts searching.
 *
 * Works from file:// with no network: no fetch, no modules, no storage.
 * Data never becomes markup: text goes in with textContent only, and links
 * are made only from relative hrefs.
 * Both boxes take their first value from ?q=… in the page URL.
 */
(function () {
  'use strict';

  var MAX_RESULTS = 100;

  // Query -> lower-case tokens; "9300–9310" and "9300-9310" are the same.
  function tokens(query) {
    return fold(query).split(/\s+/).filter(function (t) { return t !== ''; });
  }

  function fold(s) {
    return String(s == null ? '' : s).toLowerCase().replace(/\u2013/g, '-');
  }

  // "1, 2, 5–7" -> [[1, 1], [2, 2], [5, 7]]
  function parseEvents(text) {
    var ranges = [];
    String(text == null ? '' : text).split(',').forEach(function (part) {
      var m = /^\s*(\d+)\s*(?:[-\u2013]\s*(\d+))?\s*$/.exec(part);
      if (m) {
        ranges.push([Number(m[1]), Number(m[2] === undefined ? m[1] : m[2])]);
      }
    });
    return ranges;
  }

  function inRanges(ranges, n) {
    for (var i = 0; i < ranges.length; i++) {
      if (ranges[i][0] <= n && n <= ranges[i][1]) return true;
    }
    return false;
  }

  // An entry is { hay: folded text, ranges: event ranges }. Every token
  // must occur in the text; a number also matches an event range holding it.
  function matches(entry, toks) {
    for (var i = 0; i < toks.length; i++) {
      var t = toks[i];
      if (entry.hay.indexOf(t) !== -1) continue;
      if (/^\d+$/.test(t) && inRanges(entry.ranges, Number(t))) continue;
      return false;
    }
    return true;
  }

  // Does the entry carry one of the numeric tokens as an event ID?
  function exactEvent(entry, toks) {
    for (var i = 0; i < toks.length; i++) {
      if (/^\d+$/.test(toks[i]) && inRanges(entry.ranges, Number(toks[i]))) return true;
    }
    return false;
  }

  function plural(n, word) {
    return n.toLocaleString('en-US') + ' ' + word + (n === 1 ? '' : 's');
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(function () { timer = null; fn(); }, ms);
    };
  }

  // Big tables: build the filter index after the page settles, so the
  // first keystroke does not pay for it.
  function whenIdle(fn) {
    if (typeof window.requestIdleCallback === 'function') {
      window.requestIdleCallback(fn, { timeout: 2000 });
    } else {
      setTimeout(fn, 200);
    }
  }

  function urlQuery() {
    var m = /[?&]q=([^&#]*)/.exec(window.location.search);
    if (!m) return '';
    try {
      return decodeURIComponent(m[1].replace(/\+/g, ' '));
    } catch (e) {
      return '';
    }
  }

  // Show a form that is hidden for readers without JavaScript; Enter must
  // not submit it (that would reload the page).
  function enableForm(input) {
    var form = input.form;
    if (!form) return;
    form.addEventListener('submit', function (ev) { ev.preventDefault(); });
    form.hidden = false;
  }

  // Only site-relative links: no scheme, no "//host", no absolute path.
  function safeHref(href) {
    href = String(href == null ? '' : href);
    if (href === '' || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(href)) return null;
    if (/^[\/\\]/.test(href) || /[\\\s]/.test(href)) return null;
    return href;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(href, text) {
    var safe = safeHref(href);
    if (safe === null) return document.createTextNode(text);
    var a = el('a', '', text);
    a.setAttribute('href', safe);
    return a;
  }

  function typeBadge(type) {
    var slug = fold(type).replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '');
    return el('span', 'type' + (slug ? ' type-' + slug : ''), String(type || ''));
  }

  /* ----------------------- pack index: the filter ----------------------- */

  function initFilter() {
    var input = document.getElementById('filter');
    var table = document.getElementById('alerts');
    var count = document.getElementById('count');
    if (!input || !table || !table.tBodies.length) return;

    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var entries = null;

    // Built on first use: one folded string per row, cells joined by a
    // newline so a token cannot match across two cells.
    function index() {
      entries = rows.map(function (row) {
        var cells = Array.prototype.map.call(row.cells, function (c) { return c.textContent; });
        return { row: row, hay: fold(cells.join('\n')), ranges: parseEvents(cells[0]) };
      });
    }

    function apply() {
      if (entries === null) index();
      var toks = tokens(input.value);
      var shown = 0;
      for (var i = 0; i < entries.length; i++) {
        var ok = toks.length === 0 || matches(entries[i], toks);
        if (entries[i].row.hidden === ok) entries[i].row.hidden = !ok;
        if (ok) shown++;
      }
      if (count) {
        count.textContent = shown.toLocaleString('en-US') + ' of ' + plural(rows.length, 'alert');
      }
    }

    enableForm(input);
    input.addEventListener('input', debounce(apply, rows.length > 5000 ? 200 : 60));
    var q = urlQuery();
    if (q) input.value = q;
    // A value from ?q= or restored by the browser on "Back".
    if (input.value) apply();
    else whenIdle(function () { if (entries === null) index(); });
    window.addEventListener('pageshow', function () { if (input.value) apply(); });
  }

  /* ----------------------- home page: the search ------------------------ */

  // The index is loaded only when the reader starts searching (focus, typing
  // or ?q=), with <script> tags: pages opened from file:// cannot request files:
  //   search.js            window.SCOMC_SEARCH: the facts of every alert;
  //   assets/minisearch.js MiniSearch (templates/vendor/, from npm), ranking;
  //   search-text.js       window.SCOMC_TEXT: per pack (or part of one), the article text as
  //                        zlib-compressed JSON in base64 (search_text.h),
  //                        inflated with DecompressionStream.
  // Without MiniSearch or the text the search still works on what it has.
  var SCRIPTS = ['search.js', 'assets/minisearch.js', 'search-text.js'];
  var SNIPPET = 180;

  function loadScript(src) {
    return new Promise(function (resolve) {
      var s = document.createElement('script');
      s.src = src;
      s.onload = function () { resolve(true); };
      s.onerror = function () { resolve(false); };
      document.body.appendChild(s);
    });
  }

  function inflate(b64) {
    var bin = atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Response(stream).text().then(JSON.parse);
  }

  // "PACK/NAME.html" -> [[anchor, heading, text], ...] from search-text.js.
  function loadText() {
    var chunks = window.SCOMC_TEXT;
    if (!Array.isArray(chunks) || typeof DecompressionStream !== 'function') {
      return Promise.resolve(null);
    }
    return Promise.all(chunks.map(function (c) {
      return inflate(String(c)).catch(function () { return null; });
    })).then(function (packs) {
      var text = Object.create(null);
      packs.forEach(function (p) {
        if (!p || !Array.isArray(p.alerts)) return;
        p.alerts.forEach(function (a) {
          if (Array.isArray(a) && Array.isArray(a[1])) text[p.pack + '/' + a[0]] = a[1];
        });
      });
      return text;
    });
  }

  function factsOf(d) {
    return [d.events, d.source, d.type, d.path, d.name, d.pack, d.packName]
      .map(function (v) { return String(v == null ? '' : v); }).join(' ');
  }

  function bodyOf(parts) {
    return (parts || []).map(function (p) { return p[1] + ' ' + p[2]; }).join(' ');
  }

  // The search engine over entries {d, parts, hay, ranges}: MiniSearch when
  // it loaded (title and facts boosted above the article text), else every
  // token must occur in the folded text.
  function plainEngine(entries) {
    return function (query) {
      var toks = tokens(query);
      var hits = [];
      entries.forEach(function (e, i) {
        if (matches(e, toks)) hits.push({ id: i, score: 1, terms: toks });
      });
      return hits;
    };
  }

  function makeEngine(entries) {
    if (typeof window.MiniSearch !== 'function') return Promise.resolve(plainEngine(entries));
    var ms = new window.MiniSearch({
      fields: ['title', 'facts', 'body'],
      storeFields: [],
      searchOptions: {
        boost: { title: 3, facts: 2, body: 1 },
        prefix: function (term) { return term.length >= 3; },
        fuzzy: function (term) { return term.length >= 6 ? 0.2 : false; },
        combineWith: 'AND'
      }
    });
    var docs = entries.map(function (e, i) {
      return { id: i, title: String(e.d.title || e.d.name || ''), facts: factsOf(e.d), body: bodyOf(e.parts) };
    });
    return ms.addAllAsync(docs, { chunkSize: 500 }).then(function () {
      return function (query) { return ms.search(query); };
    }, function () { return plainEngine(entries); });
  }

  function isNumber(t) { return /^\d+$/.test(t); }

  // Ranked hits [{id, score, terms}] for a query. Event IDs inside a range
  // ("9305" in 9300–9310) are found through the ranges, and rank first, as
  // an event ID is what an admin most often types; a "quoted phrase" must
  // occur as written; a query that occurs as typed ranks above the rest.
  function rank(engine, entries, query) {
    var phrases = [];
    var plain = String(query).replace(/"([^"]*)"/g, function (m, p) {
      if (fold(p).trim()) phrases.push(fold(p).replace(/\s+/g, ' ').trim());
      return ' ' + p + ' ';
    });
    var toks = tokens(plain);
    var nums = toks.filter(isNumber);
    var words = toks.filter(function (t) { return !isNumber(t); }).join(' ');
    var hits = Object.create(null);
    engine(plain).forEach(function (h) { hits[h.id] = { id: h.id, score: h.score, terms: h.terms }; });
    if (nums.length) {
      var wordHits = Object.create(null);
      if (words) engine(words).forEach(function (h) { wordHits[h.id] = h; });
      entries.forEach(function (e, i) {
        if (!nums.every(function (n) { return inRanges(e.ranges, Number(n)); })) return;
        if (words && !wordHits[i]) return;
        var w = wordHits[i];
        hits[i] = { id: i, score: 1e6 + (w ? w.score : 0), terms: nums.concat(w ? w.terms : []) };
      });
    }
    var whole = fold(plain).replace(/\s+/g, ' ').trim();
    var list = [];
    Object.keys(hits).forEach(function (k) {
      var h = hits[k];
      var hay = entries[h.id].hay;
      for (var i = 0; i < phrases.length; i++) if (hay.indexOf(phrases[i]) === -1) return;
      if (toks.length > 1 && hay.indexOf(whole) !== -1) h.score *= 4;
      list.push(h);
    });
    list.sort(function (x, y) { return y.score - x.score || x.id - y.id; });
    list.phrases = phrases.concat(toks.length > 1 ? [whole] : []);
    return list;
  }

  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

  // A regexp for the matched terms as whole words (or word starts, so that
  // a prefix typed so far also lights up), or null.
  function termsRe(terms) {
    var t = (terms || []).filter(function (x) { return x; }).map(function (x) { return escapeRe(String(x)); });
    if (!t.length) return null;
    t.sort(function (a, b) { return b.length - a.length; });
    try {
      return new RegExp('(^|[^\\p{L}\\p{N}])(' + t.join('|') + ')', 'giu');
    } catch (e) {
      return new RegExp('(^|[^A-Za-z0-9])(' + t.join('|') + ')', 'gi');
    }
  }

  // Appends text to node with every match of re inside <mark>, as text.
  function highlight(node, text, re) {
    text = String(text == null ? '' : text);
    if (!re) { node.appendChild(document.createTextNode(text)); return node; }
    re.lastIndex = 0;
    var last = 0;
    var m;
    while ((m = re.exec(text)) !== null) {
      var start = m.index + m[1].length;
      if (start > last) node.appendChild(document.createTextNode(text.slice(last, start)));
      node.appendChild(el('mark', '', m[2]));
      last = start + m[2].length;
      if (m[0].length === 0) re.lastIndex++;
    }
    if (last < text.length) node.appendChild(document.createTextNode(text.slice(last)));
    return node;
  }

  // {anchor, text} of the article around, in this order of preference: the
  // query as typed (or a quoted phrase), the first match in the part that
  // matches the most terms; the start of the article when the match is in
  // the title or facts only. Cut at words.
  function snippet(parts, re, phrases) {
    parts = parts || [];
    for (var k = 0; k < phrases.length; k++) {
      for (var i = 0; i < parts.length; i++) {
        var at = fold(parts[i][2]).indexOf(phrases[k]);
        if (at !== -1) return cut(parts[i], at);
      }
    }
    var best = null, bestCount = 0, bestAt = 0;
    for (var j = 0; re && j < parts.length; j++) {
      var seen = Object.create(null), count = 0, first = -1, m;
      re.lastIndex = 0;
      while ((m = re.exec(parts[j][2])) !== null) {
        var w = m[2].toLowerCase();
        if (!seen[w]) { seen[w] = true; count++; }
        if (first === -1) first = m.index + m[1].length;
        if (m[0].length === 0) re.lastIndex++;
      }
      if (count > bestCount) { best = parts[j]; bestCount = count; bestAt = first; }
    }
    if (best) return cut(best, bestAt);
    return parts.length ? cut(parts[0], 0) : null;
  }

  // Words too common to be worth marking, unless they are all there is.
  var COMMON = /^(a|an|and|are|as|at|be|by|for|from|has|in|is|it|its|of|on|or|that|the|this|to|was|with)$/;

  function markable(terms) {
    var t = (terms || []).filter(function (x) { return x && !COMMON.test(String(x)); });
    return t.length ? t : terms;
  }

  function cut(part, at) {
    var text = String(part[2]);
    var start = Math.max(0, at - Math.floor(SNIPPET / 3));
    if (start > 0) {
      var sp = text.indexOf(' ', start);
      start = sp === -1 || sp > at ? start : sp + 1;
    }
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) {
      var sp2 = text.lastIndexOf(' ', end);
      if (sp2 > at) end = sp2;
    }
    return {
      anchor: String(part[0] || ''),
      text: (start > 0 ? '… ' : '') + text.slice(start, end) + (end < text.length ? ' …' : '')
    };
  }

  function initSearch() {
    var input = document.getElementById('search');
    var table = document.getElementById('results');
    var status = document.getElementById('search-status');
    if (!input || !table || !table.tBodies.length) return;
    var tbody = table.tBodies[0];
    var say = function (text) { if (status) status.textContent = text; };

    enableForm(input);
    var ready = null;   // Promise of {entries, engine, note}
    var entries = null;
    var engine = null;
    var note = '';

    function load() {
      if (ready) return ready;
      say('Loading the search index…');
      ready = Promise.all(SCRIPTS.map(loadScript)).then(function () {
        var data = window.SCOMC_SEARCH;
        if (!Array.isArray(data)) return null;
        return loadText().then(function (text) {
          if (!text) note = ' Article text is not searched in this browser.';
          entries = data.map(function (d) {
            d = d || {};
            var parts = text ? text[d.href] || [] : [];
            var hay = [d.title, factsOf(d), bodyOf(parts)].map(fold).join('\n').replace(/[ \t]+/g, ' ');
            return { d: d, parts: parts, hay: hay, ranges: parseEvents(d.events) };
          });
          return makeEngine(entries).then(function (e) { engine = e; return true; });
        });
      });
      return ready;
    }

    function row(d, parts, terms, phrases) {
      var re = termsRe(markable(terms));
      var tr = el('tr');
      tr.appendChild(highlight(el('td'), d.events, re));
      tr.appendChild(highlight(el('td'), d.source, re));
      var type = el('td');
      type.appendChild(typeBadge(d.type));
      tr.appendChild(type);
      var title = el('td');
      var snip = snippet(parts, re, phrases);
      var href = safeHref(d.href);
      var text = String(d.title || d.name || '');
      if (href === null) {
        highlight(title, text, re);
      } else {
        var a = highlight(el('a'), text, re);
        a.setAttribute('href', href + (snip && snip.anchor ? '#' + snip.anchor : ''));
        title.appendChild(a);
      }
      if (d.path) title.appendChild(highlight(el('span', 'sub'), d.path, re));
      if (snip) title.appendChild(highlight(el('span', 'snippet'), snip.text, re));
      tr.appendChild(title);
      var pack = el('td');
      var packHref = href === null ? '' : String(d.href).replace(/[^\/]*$/, 'index.html');
      pack.appendChild(link(packHref, String(d.packName || d.pack || '')));
      tr.appendChild(pack);
      return tr;
    }

    function show() {
      var query = input.value;
      while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
      if (tokens(query).length === 0) {
        table.hidden = true;
        say('');
        return;
      }
      if (!engine) {
        load().then(function (ok) {
          if (ok) show();
          else {
            input.disabled = true;
            say('Search is unavailable: the search index (search.js) was not found. Browse the packs below.');
          }
        });
        return;
      }
      var hits = rank(engine, entries, query);
      var frag = document.createDocumentFragment();
      for (var j = 0; j < hits.length && j < MAX_RESULTS; j++) {
        var e = entries[hits[j].id];
        frag.appendChild(row(e.d, e.parts, hits[j].terms, hits.phrases));
      }
      tbody.appendChild(frag);
      table.hidden = hits.length === 0;
      if (hits.length === 0) {
        say('No alert matches \u201c' + query.trim() + '\u201d.' + note);
      } else if (hits.length > MAX_RESULTS) {
        say('Showing the first ' + MAX_RESULTS + ' of ' +
          plural(hits.length, 'matching alert') + '. Add words to narrow the search.' + note);
      } else {
        say(plural(hits.length, 'matching alert') + '.' + note);
      }
    }

    input.addEventListener('focus', function () { load(); });
    input.addEventListener('input', debounce(show, 150));
    var q = urlQuery();
    if (q) input.value = q;
    if (input.value) show();
    window.addEventListener('pageshow', function () { if (input.value) show(); });
  }

  function init() {
    initFilter();
    initSearch();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());

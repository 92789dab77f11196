/*
 * scomc.js: the one script of the generated documentation site, copied by
 * scomc to build/docs/assets/scomc.js.
 *
 * - Pack index pages (#filter, #alerts, #count): filters the rendered table
 *   rows as you type. Needs nothing else, so it works without search.js.
 * - Home page (#search, #results, #search-status): searches every alert of
 *   the site in window.SCOMC_SEARCH, loaded before this file by
 *   <script src="search.js">.
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

  function initSearch() {
    var input = document.getElementById('search');
    var table = document.getElementById('results');
    var status = document.getElementById('search-status');
    if (!input || !table || !table.tBodies.length) return;
    var tbody = table.tBodies[0];

    enableForm(input);
    var data = window.SCOMC_SEARCH;
    if (!Array.isArray(data)) {
      input.disabled = true;
      if (status) {
        status.textContent = 'Search is unavailable: the search index (search.js) was not found. Browse the packs below.';
      }
      return;
    }

    var entries = null;

    function index() {
      entries = data.map(function (d) {
        d = d || {};
        var hay = [d.events, d.source, d.type, d.title, d.path, d.name, d.pack, d.packName]
          .map(fold).join('\n');
        return { d: d, hay: hay, ranges: parseEvents(d.events) };
      });
    }

    function row(d) {
      var tr = el('tr');
      tr.appendChild(el('td', '', String(d.events || '')));
      tr.appendChild(el('td', '', String(d.source || '')));
      var type = el('td');
      type.appendChild(typeBadge(d.type));
      tr.appendChild(type);
      var title = el('td');
      title.appendChild(link(d.href, String(d.title || d.name || '')));
      if (d.path) title.appendChild(el('span', 'sub', String(d.path)));
      tr.appendChild(title);
      var pack = el('td');
      var packHref = safeHref(d.href) === null ? '' : String(d.href).replace(/[^\/]*$/, 'index.html');
      pack.appendChild(link(packHref, String(d.packName || d.pack || '')));
      tr.appendChild(pack);
      return tr;
    }

    function apply() {
      var toks = tokens(input.value);
      while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
      if (toks.length === 0) {
        table.hidden = true;
        if (status) status.textContent = '';
        return;
      }
      if (entries === null) index();
      var exact = [];
      var other = [];
      for (var i = 0; i < entries.length; i++) {
        if (!matches(entries[i], toks)) continue;
        (exactEvent(entries[i], toks) ? exact : other).push(entries[i].d);
      }
      var hits = exact.concat(other);
      var frag = document.createDocumentFragment();
      for (var j = 0; j < hits.length && j < MAX_RESULTS; j++) frag.appendChild(row(hits[j]));
      tbody.appendChild(frag);
      table.hidden = hits.length === 0;
      if (!status) return;
      if (hits.length === 0) {
        status.textContent = 'No alert matches.';
      } else if (hits.length > MAX_RESULTS) {
        status.textContent = 'Showing the first ' + MAX_RESULTS + ' of ' +
          plural(hits.length, 'matching alert') + '. Add words to narrow the search.';
      } else {
        status.textContent = plural(hits.length, 'matching alert') + '.';
      }
    }

    input.addEventListener('input', debounce(apply, data.length > 5000 ? 200 : 60));
    var q = urlQuery();
    if (q) input.value = q;
    if (input.value) apply();
    window.addEventListener('pageshow', function () { if (input.value) apply(); });
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

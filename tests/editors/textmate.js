// Checks the TextMate grammar (editors/vscode/syntaxes/alert.tmLanguage.json):
// it is JSON, every regular expression compiles, and each word given on
// stdin (one per line) is highlighted as a keyword at the start of a
// statement; then a few scopes of a sample line. Oniguruma's syntax used
// here (lookbehind, classes) is also JavaScript's. Prints ok/FAIL lines.
'use strict';
const fs = require('fs');
const g = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const words = fs.readFileSync(0, 'utf8').split('\n').filter(Boolean);
let fail = 0;
const out = (ok, what) => { console.log((ok ? 'ok   ' : 'FAIL ') + what); if (!ok) fail++; };

const regexes = [];
(function walk(o, where) {
  if (Array.isArray(o)) return o.forEach((x, i) => walk(x, where + '[' + i + ']'));
  if (o && typeof o === 'object')
    for (const [k, v] of Object.entries(o)) {
      if ((k === 'match' || k === 'begin' || k === 'end') && typeof v === 'string') regexes.push([where + '.' + k, v]);
      else walk(v, where + '.' + k);
    }
})(g, '');
const bad = regexes.filter(([, r]) => { try { new RegExp(r); return false; } catch (e) { return true; } });
out(bad.length === 0 && regexes.length > 10, `every regular expression of the grammar compiles (${regexes.length})` +
    (bad.length ? ': ' + bad.map(b => b[0]).join(', ') : ''));

// The scope a word gets at column 2 of "  WORD value", from the repository
// rules (first match wins, as in the grammar's top-level order).
const order = g.patterns.map(p => p.include && p.include.slice(1)).filter(Boolean);
function scopeAt(line, col) {
  for (const name of order) {
    const rule = g.repository[name];
    if (!rule.match) continue;
    const re = new RegExp(rule.match, 'g');
    let m;
    while ((m = re.exec(line))) {
      if (m.index <= col && col < m.index + m[0].length) {
        if (rule.name) return rule.name;
        let at = m.index;
        for (const [i, c] of Object.entries(rule.captures || {})) {
          const s = line.indexOf(m[i], at);
          if (s <= col && col < s + m[i].length) return c.name;
          at = s + m[i].length;
        }
      }
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return '';
}
const missing = words.filter(w => !/^keyword\./.test(scopeAt('  ' + w + ' value', 2)));
out(missing.length === 0, `every keyword of docs/language.md is a keyword scope (${words.length})` +
    (missing.length ? ': missing ' + missing.join(' ') : ''));
out(scopeAt('  titel "x"', 2) === '', "a misspelt keyword ('titel') is not one");
out(/^comment/.test(scopeAt('  title "x" # note', 13)) && scopeAt('  class C#x', 9) !== 'comment.line.number-sign.alert',
    "comments start at a token only ('C#' is a word)");
out(scopeAt('  class Windows!Microsoft.Windows.Computer', 8) === 'entity.name.namespace.alert', 'an alias before ! is a namespace');
out(scopeAt('  alert BadBlock {', 9) === 'entity.name.type.alert', 'the name after alert is an entity name');
process.exit(fail ? 1 : 0);

#!/usr/bin/env node
// Validates SARIF files against the SARIF 2.1.0 JSON schema (draft-04) that
// Microsoft's @microsoft/jest-sarif package ships, with Ajv's draft-04
// validator and full format checks (uri, uri-reference, date-time, ...).
// unicodeRegExp: false because the schema's language pattern is not a
// valid /u regular expression (a stray ']').
// Usage: node validate.js FILE...   (NODE_PATH: the node_modules holding them)
// Prints one line per file; exits 1 if any file is invalid.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv-draft-04');
const addFormats = require('ajv-formats');

const pkg = path.dirname(require.resolve('@microsoft/jest-sarif/package.json'));
const schema = JSON.parse(fs.readFileSync(path.join(pkg, 'lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv, { mode: 'full' });
const validate = ajv.compile(schema);

let bad = 0;
for (const file of process.argv.slice(2)) {
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    console.log(`FAIL ${file}: not JSON: ${e.message}`);
    bad++;
    continue;
  }
  if (validate(doc)) {
    console.log(`ok   ${file}`);
  } else {
    bad++;
    console.log(`FAIL ${file}:`);
    for (const e of validate.errors.slice(0, 10))
      console.log(`    ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
}
process.exit(bad ? 1 : 0);

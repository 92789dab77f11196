// node decode.js DOCS_DIR: prints search-text.js as JSON lines, one per pack,
// inflated the way assets/scomc.js does it (base64, then zlib).
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const vm = require('vm');
const file = path.join(process.argv[2], 'search-text.js');
const sandbox = { window: {} };
vm.runInNewContext(fs.readFileSync(file, 'utf8'), sandbox, { filename: file });
for (const chunk of sandbox.window.SCOMC_TEXT || []) {
  process.stdout.write(zlib.inflateSync(Buffer.from(chunk, 'base64')).toString('utf8') + '\n');
}

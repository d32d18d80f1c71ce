// Every test run gets its own temporary folder (TMPDIR, inherited by jest workers and the processes tests start),
// removed as a whole when the run ends, so tests that make temporary stores and caches leave nothing behind.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-test-run-'));
  process.env.TESSERA_TEST_RUN_DIR = dir;
  process.env.TMPDIR = dir;
};

// Removes the run's temporary folder made by globalSetup.js.
const { rmSync } = require('node:fs');

module.exports = async () => {
  const dir = process.env.TESSERA_TEST_RUN_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
};

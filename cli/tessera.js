#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so a fresh clone needs no build step.
require('tsx/cjs');
require('./main.ts');

#!/usr/bin/env node
// The parley command. Built by `npm run build` (run by `npm ci` through the prepare script).
import '../dist/main.js';

#!/usr/bin/env node
// `npm start`: build the all-in-one host and the web client if their sources changed, then run it in this process's
// place (same pid, signals go straight to the server).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt } from './build/ensure-built.mjs';
import { ensureWebBuilt } from './build/web.mjs';

const outdir = await ensureBuilt('tidings');
ensureWebBuilt(); // the host serves dist/apps/web/browser at /
const child = spawn(process.execPath, ['--enable-source-maps', join(outdir, 'main.js')], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

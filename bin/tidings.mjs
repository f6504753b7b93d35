#!/usr/bin/env node
// The `tidings` command (package.json "bin"): builds the host if needed, then runs its CLI.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt } from '../scripts/build/ensure-built.mjs';

const outdir = await ensureBuilt('tidings');
await import(pathToFileURL(join(outdir, 'cli.js')).href);

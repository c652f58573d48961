#!/usr/bin/env node
// The `upnext` command. The CLI is TypeScript shared with the extension (lib/sequence,
// lib/engine); tsx runs it without a separate build step, so `npx upnext` works right after
// `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

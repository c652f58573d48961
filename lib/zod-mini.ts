/**
 * zod as every Upnext schema uses it: `zod/mini`, configured once, before any schema is built.
 *
 * - `zod/mini` rather than `zod`: its schemas are functions (`z.optional(x)`, `.check(z.maxLength(n))`)
 *   instead of methods, so a bundle keeps only the kinds and checks it uses. The service worker's
 *   script is read and deserialised at every start, and its time follows its bytes
 *   (docs/performance.md, "The service worker: start and import"): zod's classic API, with its
 *   JSON Schema code that the worker never calls, was 91 KB of it.
 * - jitless: zod compiles validators with `new Function` unless told not to; extension CSP forbids
 *   eval and Mozilla's addons-linter flags it (DANGEROUS_EVAL).
 * - English messages: `zod/mini` loads no locale by itself (every message would read "Invalid
 *   input"); the messages a user sees name what is wrong, as classic zod's did.
 */
import { en } from 'zod/locales';
import { z } from 'zod/mini';

z.config({ jitless: true, ...en() });

export { z };

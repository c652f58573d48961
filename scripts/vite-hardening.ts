/**
 * Build-time hardening of two libraries, so Mozilla's addons-linter finds nothing to flag and
 * the bundles hold no code paths we forbid ourselves:
 *
 * - zod probes whether `new Function` works (to JIT-compile validators). Upnext always runs zod
 *   jitless (`z.config({ jitless: true })`), so the probe is replaced by `return false`: the
 *   bundle then has no Function-constructor call that is ever reached (DANGEROUS_EVAL).
 * - Preact assigns `innerHTML` only for `dangerouslySetInnerHTML`, which Upnext never uses (lint
 *   forbids it); that assignment becomes `textContent`, so even a mistake renders as text
 *   (UNSAFE_VAR_ASSIGNMENT).
 *
 * Each rewrite fails the build when its pattern is no longer found, so a library upgrade cannot
 * silently bring the code back.
 */
import type { Plugin } from 'vite';

interface Rewrite {
  file: RegExp;
  pattern: RegExp;
  replacement: string;
  why: string;
}

const REWRITES: Rewrite[] = [
  {
    file: /[\\/]zod[\\/]v4[\\/]core[\\/]util\.js$/,
    pattern: /const F = Function;\s*new F\(""\);\s*return true;/,
    replacement: 'return false;',
    why: "zod's eval probe",
  },
  {
    file: /[\\/]preact[\\/]dist[\\/]preact\.mjs$/,
    pattern: /(\w+)\.innerHTML=(\w+)\.__html/g,
    replacement: '$1.textContent=$2.__html',
    why: "Preact's dangerouslySetInnerHTML",
  },
];

export function hardenLibraries(): Plugin {
  return {
    name: 'upnext:harden-libraries',
    enforce: 'pre',
    transform(code, id) {
      const rewrite = REWRITES.find((candidate) => candidate.file.test(id));
      if (rewrite === undefined) return null;
      const next = code.replace(rewrite.pattern, rewrite.replacement);
      if (next === code) {
        this.error(
          `upnext:harden-libraries: ${rewrite.why} not found in ${id}; update scripts/vite-hardening.ts`,
        );
      }
      return { code: next, map: null };
    },
  };
}

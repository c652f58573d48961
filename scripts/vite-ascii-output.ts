/**
 * Every script of the extension written in ASCII only (docs/performance.md, "The service
 * worker: start and import", sixth pass). Each time a script loads, Chromium decodes it from
 * UTF-8 into a string before V8 sees it; a single character above U+00FF (a curly quote in a
 * sentence) makes the whole script a two-byte string. For `background.js` that took 4-6 ms of
 * every worker start (a trace's `TextResourceDecoder::Decode`); an ASCII script is copied as it
 * is. The console's and the work list's scripts load the same way at every open. The bundler
 * escapes such characters (`\u201C`) in strings, untagged templates, regular expressions and
 * names, so every value the code sees is the same.
 */
import type { Plugin } from 'vite';

export function asciiOutput(): Plugin {
  return {
    name: 'upnext:ascii-output',
    outputOptions: (options) => ({ ...options, charset: 'ascii' }),
  };
}

/**
 * The worker's scripts written in ASCII only (docs/performance.md, "The service worker: start
 * and import", sixth pass). At every start Chromium decodes `background.js` from UTF-8 into a
 * string before V8 sees it; a script with a single character above U+00FF (a curly quote in a
 * sentence) becomes a two-byte string of the whole script, which took 4-6 ms of each start to
 * decode (a trace's `TextResourceDecoder::Decode`), where an ASCII script is copied as it is.
 * The bundler escapes such characters (`\u201C`) in strings, untagged templates, regular
 * expressions and names, so every value the code sees is the same.
 */
import type { Plugin } from 'vite';

export function asciiOutput(): Plugin {
  return {
    name: 'upnext:ascii-output',
    outputOptions: (options) => ({ ...options, charset: 'ascii' }),
  };
}

// Code passed to puppeteer's `page.evaluate` runs in an extension page, where the `chrome`
// global exists. Its promise-based API matches webextension-polyfill's types closely enough for
// the calls the tests make (runtime.sendMessage, alarms, action.getBadgeText).
import type { Browser } from 'webextension-polyfill';

declare global {
  const chrome: Browser;
}

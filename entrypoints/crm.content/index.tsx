import { defineContentScript } from 'wxt/utils/define-content-script';

export default defineContentScript({
  matches: ['https://*.crm.dynamics.com/*'],
  main() {},
});

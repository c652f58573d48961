import { defineWebExtConfig } from 'wxt';

// `wxt` dev mode would launch a browser as root without --no-sandbox and crash; `npm start`
// launches the browser itself (scripts/start.mjs), so the dev runner stays off.
export default defineWebExtConfig({ disabled: true });

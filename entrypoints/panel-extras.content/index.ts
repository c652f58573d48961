/**
 * The panel's extras (components/panel/extras.ts): the snooze menu, the call outcome and note
 * forms, the disconnect confirmation and the open connect picker. Not in the manifest: the
 * background injects it into a tab whose panel asks for it (`loadPanel` with `part: 'extras'`),
 * after the panel script, whose Preact it renders with (scripts/vite-panel-extras.ts).
 */
import { defineContentScript } from 'wxt/utils/define-content-script';

import { provideExtras } from '@/components/panel/extras';
import { PANEL_EXTRAS } from '@/components/panel/panel-extras';

export default defineContentScript({
  registration: 'runtime',
  cssInjectionMode: 'manual',
  // No window.postMessage to the CRM page when the script starts (see crm.content).
  noScriptStartedPostMessage: true,
  main() {
    provideExtras(PANEL_EXTRAS);
  },
});

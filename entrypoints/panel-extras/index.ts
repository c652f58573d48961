/**
 * The panel's extras (components/panel/extras.ts): the snooze menu, the call outcome and note
 * forms, the disconnect confirmation, the open connect picker and the bodies of the sections
 * that open on demand. Built on its own, not as a chunk of the panel's page: a module shared by
 * the page and a chunk of it would bring its every export into the page's first script, so the
 * page would parse the extras' half of each before the panel's first paint (docs/panel.md).
 * The panel's page (entrypoints/panel-frame) adds this script when the seller reaches for the
 * panel; it renders with the page's Preact (scripts/vite-panel-extras.ts).
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';

import { provideExtras } from '@/components/panel/extras';
import { PANEL_EXTRAS } from '@/components/panel/panel-extras';

export default defineUnlistedScript(() => {
  provideExtras(PANEL_EXTRAS);
});

/**
 * The service worker's rare work: parsing and checking packs (an import, a template, a
 * segment's or a custom CRM's save, the policy's pack), with redos-detector and jsonc-parser.
 * Chrome's background imports this script on demand (entrypoints/background/rare.ts), so a
 * worker's start does not read and compile it (scripts/vite-background-rare.ts says which
 * modules and how). Firefox's background is built whole, so this script is not built there.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';

import * as crmDefinition from '@/lib/sequence/crm-definition';
import * as parse from '@/lib/sequence/parse';
import * as builtIn from '@/lib/sequence/templates/built-in';

import { provideRare, type RareModules } from '../background/rare';

/** Every module of `RARE_MODULES`, which the background's stubs call by these names. */
const RARE: RareModules = {
  'lib/sequence/parse': parse,
  'lib/sequence/crm-definition': crmDefinition,
  'lib/sequence/templates/built-in': builtIn,
};

export default defineUnlistedScript({
  exclude: ['firefox'],
  main() {
    provideRare(RARE);
  },
});

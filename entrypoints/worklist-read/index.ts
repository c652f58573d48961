/**
 * The work list's early read (lib/store/worklist-reader.ts, `startEarlyRead`): worklist.html loads this tiny
 * classic script with `async`, so it runs as soon as it is fetched, without holding up the
 * parse, and starts reading the first rows while the page's own modules are still on their way.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';

import { startEarlyRead } from '@/lib/store/worklist-reader';

export default defineUnlistedScript(() => {
  startEarlyRead();
});

/**
 * The designer's early read (lib/models/console/designer-early-read.ts): options.html loads this
 * tiny classic script with `async`, so it runs as soon as it is fetched, without holding up the
 * parse, and asks for the draft while the console's own modules are still on their way. It does
 * nothing on the console's other pages.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';

import { startEarlyDesignerRead } from '@/lib/models/console/designer-early-read';

export default defineUnlistedScript(() => {
  startEarlyDesignerRead();
});

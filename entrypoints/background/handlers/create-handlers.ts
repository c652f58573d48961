import { ok } from '@/lib/messaging/result';

import type { BackgroundDeps } from '../context';
import type { HandlerMap } from '../router';
import { createAbTestHandlers } from './ab-tests';
import { createCrmHandlers } from './crms';
import { createDataHandlers } from './data';
import { createDesignerHandlers } from './designer';
import { createInsightHandlers } from './insights';
import { createMailboxHandlers } from './mailbox';
import { createRecordHandlers } from './record';
import { createSegmentHandlers } from './segments';
import { createSequenceHandlers } from './sequences';
import { createWorkHandlers } from './work';

/** Every message the background answers, with who may send it. */
export function createHandlers(deps: BackgroundDeps): HandlerMap {
  return {
    ping: {
      audience: 'any',
      handle: () =>
        Promise.resolve(
          ok({
            version: deps.version,
            startedAt: deps.startedAt,
            uptimeMs: deps.now() - deps.startedAt,
          }),
        ),
    },
    ...createRecordHandlers(deps),
    ...createSequenceHandlers(deps),
    ...createDataHandlers(deps),
    ...createWorkHandlers(deps),
    ...createCrmHandlers(deps),
    ...createDesignerHandlers(deps),
    ...createMailboxHandlers(deps),
    ...createSegmentHandlers(deps),
    ...createAbTestHandlers(deps),
    ...createInsightHandlers(deps),
  };
}

/**
 * The sequence designer's messages (issue #16): new sequences, drafts saved as the manager
 * works, revisions of active sequences, publishing, versions and restore. The logic lives in
 * `lib/store/designer-repo.ts`; this file is wiring.
 */
import { t } from '@/lib/i18n';
import { ok } from '@/lib/messaging/result';
import { builtInPack } from '@/lib/sequence/templates/built-in';
import {
  createSequence,
  discardRevision,
  getVersion,
  publishDraft,
  readDesigner,
  restoreVersion,
  saveDraft,
  startRevision,
} from '@/lib/store/designer-repo';
import { StoreError } from '@/lib/store/sequences-repo';

import type { BackgroundDeps } from '../context';
import type { HandlerMap } from '../router';
import { guard } from './guard';

type DesignerHandlers = Pick<
  HandlerMap,
  | 'createSequence'
  | 'getDesigner'
  | 'saveDraft'
  | 'startRevision'
  | 'discardRevision'
  | 'publishDraft'
  | 'getVersion'
  | 'restoreVersion'
>;

export function createDesignerHandlers(deps: BackgroundDeps): DesignerHandlers {
  /** Lists and other pages show sequences: tell them after a change they would see. */
  const changed = () => deps.afterChange({ recordKeys: [], all: true });
  return {
    createSequence: {
      audience: 'page',
      handle: ({ name, description, entity, templateId }) =>
        guard(async () => {
          const template =
            templateId === null
              ? undefined
              : builtInPack().sequences.find((sequence) => sequence.id === templateId);
          if (templateId !== null && template === undefined) {
            throw new StoreError('not-found', t('errTemplateMissing', templateId));
          }
          const id = await createSequence(
            await deps.db(),
            { name, description, entity },
            template,
            deps.now(),
          );
          changed();
          return { id };
        }),
    },
    getDesigner: {
      audience: 'page',
      handle: async ({ id }) => ok({ state: await readDesigner(await deps.db(), id) }),
    },
    // No broadcast: a draft save happens on every keystroke, and nothing else shows drafts live.
    saveDraft: {
      audience: 'page',
      handle: ({ id, definition, saves }) =>
        guard(async () => saveDraft(await deps.db(), id, definition, saves, deps.now())),
    },
    startRevision: {
      audience: 'page',
      handle: ({ id }) =>
        guard(async () => {
          const state = await startRevision(await deps.db(), id, deps.now());
          changed();
          return { state };
        }),
    },
    discardRevision: {
      audience: 'page',
      handle: ({ id }) =>
        guard(async () => {
          const state = await discardRevision(await deps.db(), id);
          changed();
          return { state };
        }),
    },
    publishDraft: {
      audience: 'page',
      handle: ({ id, note }) =>
        guard(async () => {
          const outcome = await publishDraft(await deps.db(), id, note, deps.now());
          if (outcome.result.ok) changed();
          return outcome;
        }),
    },
    getVersion: {
      audience: 'page',
      handle: async ({ id, version }) =>
        ok({ version: await getVersion(await deps.db(), id, version) }),
    },
    restoreVersion: {
      audience: 'page',
      handle: ({ id, version }) =>
        guard(async () => {
          const state = await restoreVersion(await deps.db(), id, version, deps.now());
          changed();
          return { state };
        }),
    },
  };
}

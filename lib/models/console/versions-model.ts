/**
 * Version history of one sequence (issue #16, item 7): every version with its date, note and
 * step count; a readable difference between two of them (or a version and the current draft);
 * and Restore, which makes an old version the draft of the next one.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';

import { diffSequences, type SequenceDiff } from '../../designer/diff';
import type { DesignerState } from '../../messaging/protocol';
import type { Sequence } from '../../sequence/types';
import { errorMessage, type Transport } from './transport';
import { latestRequest } from '../latest-request';

/** A version number, or the draft (the working copy, or an active sequence's open revision). */
export type VersionRef = number | 'draft';

interface Comparison {
  from: VersionRef;
  to: VersionRef;
  diff: SequenceDiff;
}

export interface VersionsModel {
  id: string;
  status: ReadonlySignal<'loading' | 'ready' | 'missing' | 'error'>;
  error: ReadonlySignal<string | null>;
  state: ReadonlySignal<DesignerState | null>;
  comparison: ReadonlySignal<Comparison | null>;
  comparing: ReadonlySignal<boolean>;
  pendingRestore: ReadonlySignal<number | null>;
  busy: ReadonlySignal<boolean>;
  notice: ReadonlySignal<string | null>;
  load: () => Promise<void>;
  /**
   * The page is shown (again): drop the versions and the comparison an earlier visit showed, so
   * they are never drawn as current, then load (the page asks for its comparison itself).
   */
  show: () => Promise<void>;
  compare: (from: VersionRef, to: VersionRef) => Promise<void>;
  askRestore: (version: number) => void;
  cancelRestore: () => void;
  restore: () => Promise<boolean>;
}

export function createVersionsModel(
  transport: Transport,
  id: string,
  deps: { onRestored?: (id: string) => void } = {},
): VersionsModel {
  const status = signal<'loading' | 'ready' | 'missing' | 'error'>('loading');
  const error = signal<string | null>(null);
  const state = signal<DesignerState | null>(null);
  const comparison = signal<Comparison | null>(null);
  const comparing = signal(false);
  const pendingRestore = signal<number | null>(null);
  const busy = signal(false);
  const notice = signal<string | null>(null);
  /** Comparisons: a new visit or a newer comparison makes one on its way stale. */
  const comparisons = latestRequest();

  async function definitionOf(ref: VersionRef): Promise<Sequence> {
    if (ref === 'draft') {
      const reply = await transport.send('getDesigner', { id });
      if (reply.state === null) throw new Error(`There is no sequence '${id}'.`);
      return reply.state.definition;
    }
    const reply = await transport.send('getVersion', { id, version: ref });
    if (reply.version === null) throw new Error(`This sequence has no version ${ref}.`);
    return reply.version.definition;
  }

  const loads = latestRequest();
  async function load(): Promise<void> {
    const latest = loads.begin();
    try {
      const reply = await transport.send('getDesigner', { id });
      // A later load answers for a later state: an older reply is dropped.
      if (!latest()) return;
      batch(() => {
        state.value = reply.state;
        status.value = reply.state === null ? 'missing' : 'ready';
        error.value = null;
      });
    } catch (failure) {
      if (!latest()) return;
      error.value = errorMessage(failure);
      status.value = 'error';
    }
  }

  return {
    id,
    status,
    error,
    state,
    comparison,
    comparing,
    pendingRestore,
    busy,
    notice,
    load,
    show() {
      comparisons.forget(); // a comparison still on its way belongs to the earlier visit
      batch(() => {
        state.value = null;
        status.value = 'loading';
        error.value = null;
        comparison.value = null;
        comparing.value = false;
        notice.value = null;
      });
      return load();
    },
    async compare(from, to) {
      const latest = comparisons.begin();
      comparing.value = true;
      try {
        const [before, after] = await Promise.all([definitionOf(from), definitionOf(to)]);
        if (!latest()) return;
        batch(() => {
          comparison.value = { from, to, diff: diffSequences(before, after) };
          notice.value = null;
        });
      } catch (failure) {
        if (latest()) notice.value = errorMessage(failure);
      } finally {
        if (latest()) comparing.value = false;
      }
    },
    askRestore(version) {
      pendingRestore.value = version;
    },
    cancelRestore() {
      pendingRestore.value = null;
    },
    async restore() {
      const version = pendingRestore.value;
      if (version === null) return false;
      busy.value = true;
      try {
        const reply = await transport.send('restoreVersion', { id, version });
        batch(() => {
          state.value = reply.state;
          pendingRestore.value = null;
        });
        deps.onRestored?.(id);
        return true;
      } catch (failure) {
        notice.value = errorMessage(failure);
        return false;
      } finally {
        busy.value = false;
      }
    },
  };
}

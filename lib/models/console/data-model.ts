/**
 * The Data section: back up everything, restore a backup (validated by the background, all or
 * nothing), and reset, which needs the manager to type RESET.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';

import { tCount } from '../../i18n';
import { errorMessage, type Download, type Transport } from './transport';

export const RESET_WORD = 'RESET';

export interface DataModel {
  busy: ReadonlySignal<'backup' | 'restore' | 'reset' | null>;
  message: ReadonlySignal<{ kind: 'success' | 'error'; text: string } | null>;
  resetText: ReadonlySignal<string>;
  canReset: ReadonlySignal<boolean>;
  backup: () => Promise<void>;
  restore: (file: Blob & { name: string }) => Promise<boolean>;
  setResetText: (text: string) => void;
  reset: () => Promise<boolean>;
}

export function createDataModel(
  transport: Transport,
  deps: { download: Download; onChanged?: () => void },
): DataModel {
  const busy = signal<'backup' | 'restore' | 'reset' | null>(null);
  const message = signal<{ kind: 'success' | 'error'; text: string } | null>(null);
  const resetText = signal('');
  const canReset = computed(() => resetText.value.trim() === RESET_WORD && busy.value === null);

  return {
    busy,
    message,
    resetText,
    canReset,
    async backup() {
      busy.value = 'backup';
      message.value = null;
      try {
        const reply = await transport.send('backupData', {});
        deps.download(reply.text, reply.fileName);
        message.value = { kind: 'success', text: `Backup saved as ${reply.fileName}.` };
      } catch (failure) {
        message.value = { kind: 'error', text: `Backup failed: ${errorMessage(failure)}` };
      } finally {
        busy.value = null;
      }
    },
    async restore(file) {
      busy.value = 'restore';
      message.value = null;
      try {
        const text = await file.text();
        const reply = await transport.send('restoreData', { text });
        message.value = {
          kind: 'success',
          text: `Restored ${tCount('sequenceCount', reply.sequences)}, ${tCount('recordCount', reply.records)} and ${tCount('eventCount', reply.events)} from ${file.name}.`,
        };
        deps.onChanged?.();
        return true;
      } catch (failure) {
        message.value = {
          kind: 'error',
          text: `Nothing was restored from ${file.name}: ${errorMessage(failure)}`,
        };
        return false;
      } finally {
        busy.value = null;
      }
    },
    setResetText(text) {
      resetText.value = text;
    },
    async reset() {
      if (!canReset.value) return false;
      busy.value = 'reset';
      message.value = null;
      try {
        await transport.send('resetData', { confirm: 'reset' });
        resetText.value = '';
        message.value = { kind: 'success', text: 'All Upnext data was deleted.' };
        deps.onChanged?.();
        return true;
      } catch (failure) {
        message.value = { kind: 'error', text: `Reset failed: ${errorMessage(failure)}` };
        return false;
      } finally {
        busy.value = null;
      }
    },
  };
}

/**
 * The Data section: back up everything, restore a backup (validated by the background, all or
 * nothing), and reset, which needs the manager to type RESET.
 *
 * Both work at any size: the page builds the backup file itself from paged reads of the
 * database (`writeBackup`, handed in as `saveBackup`), and a file too large for one message goes
 * to the background in slices (`stageRestore`) before one `restoreData` applies it.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';

import { MAX_RESTORE_SLICE } from '../../domain/limits';
import { tCount } from '../../i18n';
import type { BackupProgress } from '../../store/backup';
import { errorMessage, type Transport } from './transport';

export const RESET_WORD = 'RESET';

/** Builds the backup file and saves it; reports progress; resolves to the saved file's name. */
export type SaveBackup = (progress: (progress: BackupProgress) => void) => Promise<string>;

/**
 * The slices of `text` to send, each at most `size` characters; a cut never splits a surrogate
 * pair (a lone half could be replaced on its way through the browser's messaging).
 */
export function restoreSlices(text: string, size: number = MAX_RESTORE_SLICE): string[] {
  const slices: string[] = [];
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && end - start > 1 && last >= 0xd800 && last <= 0xdbff) end -= 1;
    slices.push(text.slice(start, end));
    start = end;
  }
  return slices;
}

export interface DataModel {
  busy: ReadonlySignal<'backup' | 'restore' | 'reset' | null>;
  /**
   * How far the running backup (items written) or the sending of a large restore file
   * (characters sent) is; null while the background applies a restore, or when nothing runs.
   */
  progress: ReadonlySignal<BackupProgress | null>;
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
  deps: { saveBackup: SaveBackup; onChanged?: () => void; newUploadId?: () => string },
): DataModel {
  const busy = signal<'backup' | 'restore' | 'reset' | null>(null);
  const progress = signal<BackupProgress | null>(null);
  const newUploadId = deps.newUploadId ?? (() => crypto.randomUUID());
  const message = signal<{ kind: 'success' | 'error'; text: string } | null>(null);
  const resetText = signal('');
  const canReset = computed(() => resetText.value.trim() === RESET_WORD && busy.value === null);

  return {
    busy,
    progress,
    message,
    resetText,
    canReset,
    async backup() {
      busy.value = 'backup';
      message.value = null;
      try {
        const fileName = await deps.saveBackup((now) => {
          progress.value = now;
        });
        message.value = { kind: 'success', text: `Backup saved as ${fileName}.` };
      } catch (failure) {
        message.value = { kind: 'error', text: `Backup failed: ${errorMessage(failure)}` };
      } finally {
        busy.value = null;
        progress.value = null;
      }
    },
    async restore(file) {
      busy.value = 'restore';
      message.value = null;
      try {
        const text = await file.text();
        const slices = restoreSlices(text);
        let reply;
        if (slices.length <= 1) reply = await transport.send('restoreData', { text });
        else {
          const upload = newUploadId();
          let offset = 0;
          for (const slice of slices) {
            progress.value = { done: offset, total: text.length };
            await transport.send('stageRestore', { upload, offset, text: slice });
            offset += slice.length;
          }
          // Sent: the background now checks and applies the file (no measurable progress).
          progress.value = null;
          reply = await transport.send('restoreData', { upload, length: text.length });
        }
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
        progress.value = null;
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

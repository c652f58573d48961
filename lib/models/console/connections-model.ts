/**
 * Connected records, for the Connected records section (every sequence) and the Connected
 * records tab of one sequence: status filter, paging, selection and disconnect.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';

import { tCount } from '../../i18n';
import type { ConnectionRow } from '../../messaging/protocol';
import { errorMessage, type Transport } from './transport';
import { latestRequest } from '../latest-request';

export type ConnectionStatusFilter = 'active' | 'ended' | 'all';

export interface ConnectionsModel {
  sequenceId: string | null;
  status: ReadonlySignal<'loading' | 'ready' | 'error'>;
  error: ReadonlySignal<string | null>;
  rows: ReadonlySignal<ConnectionRow[]>;
  total: ReadonlySignal<number>;
  now: ReadonlySignal<number>;
  filter: ReadonlySignal<ConnectionStatusFilter>;
  offset: ReadonlySignal<number>;
  pageSize: number;
  selected: ReadonlySignal<ReadonlySet<string>>;
  busy: ReadonlySignal<boolean>;
  notice: ReadonlySignal<string | null>;
  hasPrevious: ReadonlySignal<boolean>;
  hasNext: ReadonlySignal<boolean>;
  load: () => Promise<void>;
  /**
   * The list is shown (again): drop the rows of an earlier visit (the filter and page stay), so
   * they are never drawn as current, then load.
   */
  show: () => Promise<void>;
  setFilter: (filter: ConnectionStatusFilter) => Promise<void>;
  next: () => Promise<void>;
  previous: () => Promise<void>;
  toggle: (id: string) => void;
  toggleAll: () => void;
  disconnect: (ids: string[]) => Promise<void>;
}

export function createConnectionsModel(
  transport: Transport,
  options: { sequenceId: string | null; pageSize?: number; onChanged?: () => void },
): ConnectionsModel {
  const pageSize = options.pageSize ?? 50;
  const status = signal<'loading' | 'ready' | 'error'>('loading');
  const error = signal<string | null>(null);
  const rows = signal<ConnectionRow[]>([]);
  const total = signal(0);
  const now = signal(Date.now());
  const filter = signal<ConnectionStatusFilter>('active');
  const offset = signal(0);
  const selected = signal<ReadonlySet<string>>(new Set());
  const busy = signal(false);
  const notice = signal<string | null>(null);
  const requests = latestRequest();

  async function load(): Promise<void> {
    const latest = requests.begin();
    try {
      const reply = await transport.send('listConnections', {
        sequenceId: options.sequenceId,
        status: filter.value,
        offset: offset.value,
        limit: pageSize,
      });
      if (!latest()) return;
      batch(() => {
        rows.value = reply.rows;
        total.value = reply.total;
        now.value = reply.now;
        const ids = new Set(reply.rows.map((row) => row.id));
        selected.value = new Set([...selected.value].filter((id) => ids.has(id)));
        error.value = null;
        status.value = 'ready';
      });
    } catch (failure) {
      if (!latest()) return;
      error.value = errorMessage(failure);
      status.value = 'error';
    }
  }

  return {
    sequenceId: options.sequenceId,
    status,
    error,
    rows,
    total,
    now,
    filter,
    offset,
    pageSize,
    selected,
    busy,
    notice,
    hasPrevious: computed(() => offset.value > 0),
    hasNext: computed(() => offset.value + pageSize < total.value),
    load,
    show() {
      batch(() => {
        rows.value = [];
        total.value = 0;
        error.value = null;
        status.value = 'loading';
      });
      return load();
    },
    async setFilter(next) {
      batch(() => {
        filter.value = next;
        offset.value = 0;
        selected.value = new Set();
      });
      await load();
    },
    async next() {
      if (offset.value + pageSize >= total.value) return;
      offset.value += pageSize;
      await load();
    },
    async previous() {
      offset.value = Math.max(0, offset.value - pageSize);
      await load();
    },
    toggle(id) {
      const next = new Set(selected.value);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      selected.value = next;
    },
    toggleAll() {
      const ids = rows.value.filter((row) => row.status === 'active').map((row) => row.id);
      const all = ids.length > 0 && ids.every((id) => selected.value.has(id));
      selected.value = all ? new Set() : new Set(ids);
    },
    async disconnect(ids) {
      if (ids.length === 0) return;
      busy.value = true;
      notice.value = null;
      try {
        const reply = await transport.send('disconnectConnections', { connectionIds: ids });
        notice.value = `Disconnected ${tCount('recordCount', reply.disconnected)}.`;
        selected.value = new Set();
        if (offset.value > 0 && offset.value >= total.value - reply.disconnected) {
          offset.value = Math.max(0, offset.value - pageSize);
        }
        await load();
        options.onChanged?.();
      } catch (failure) {
        notice.value = errorMessage(failure);
      } finally {
        busy.value = false;
      }
    },
  };
}

/** One sequence's details page (`#sequence/<id>`): definition, versions, per-step stats. */
import { batch, signal, type ReadonlySignal } from '@preact/signals';

import type { SequenceDetails } from '../../messaging/protocol';
import { createAbTestsModel, type AbTestsModel } from './ab-tests-model';
import { createConnectionsModel, type ConnectionsModel } from './connections-model';
import { errorMessage, type Transport } from './transport';
import { latestRequest } from '../latest-request';

export interface DetailsModel {
  id: string;
  status: ReadonlySignal<'loading' | 'ready' | 'missing' | 'error'>;
  error: ReadonlySignal<string | null>;
  details: ReadonlySignal<SequenceDetails | null>;
  connections: ConnectionsModel;
  /** The sequence's A/B test steps with their numbers (loaded with the details). */
  abTests: AbTestsModel;
  load: () => Promise<void>;
  /**
   * The page is shown (again): drop what an earlier visit showed, so its figures are never drawn
   * as current, then load the details and the connected records.
   */
  show: () => Promise<void>;
}

export function createDetailsModel(transport: Transport, id: string): DetailsModel {
  const status = signal<'loading' | 'ready' | 'missing' | 'error'>('loading');
  const error = signal<string | null>(null);
  const details = signal<SequenceDetails | null>(null);

  const abTests = createAbTestsModel(transport, id);

  const requests = latestRequest();
  async function load(): Promise<void> {
    const latest = requests.begin();
    try {
      const [reply] = await Promise.all([transport.send('getSequence', { id }), abTests.load()]);
      // A later load (a visit, a change) answers for a later state: an older reply is dropped.
      if (!latest()) return;
      details.value = reply.sequence;
      status.value = reply.sequence === null ? 'missing' : 'ready';
      error.value = null;
    } catch (failure) {
      if (!latest()) return;
      error.value = errorMessage(failure);
      status.value = 'error';
    }
  }

  const connections = createConnectionsModel(transport, {
    sequenceId: id,
    // Disconnecting changes the sequence's counts.
    onChanged: () => void load(),
  });

  function show(): Promise<void> {
    batch(() => {
      status.value = 'loading';
      details.value = null;
      error.value = null;
    });
    return Promise.all([load(), connections.show()]).then(() => undefined);
  }

  return { id, status, error, details, connections, abTests, load, show };
}

/** One sequence's details page (`#sequence/<id>`): definition, versions, per-step stats. */
import { signal, type ReadonlySignal } from '@preact/signals';

import type { SequenceDetails } from '../../messaging/protocol';
import { createAbTestsModel, type AbTestsModel } from './ab-tests-model';
import { createConnectionsModel, type ConnectionsModel } from './connections-model';
import { errorMessage, type Transport } from './transport';

export interface DetailsModel {
  id: string;
  status: ReadonlySignal<'loading' | 'ready' | 'missing' | 'error'>;
  error: ReadonlySignal<string | null>;
  details: ReadonlySignal<SequenceDetails | null>;
  connections: ConnectionsModel;
  /** The sequence's A/B test steps with their numbers (loaded with the details). */
  abTests: AbTestsModel;
  load: () => Promise<void>;
}

export function createDetailsModel(transport: Transport, id: string): DetailsModel {
  const status = signal<'loading' | 'ready' | 'missing' | 'error'>('loading');
  const error = signal<string | null>(null);
  const details = signal<SequenceDetails | null>(null);

  const abTests = createAbTestsModel(transport, id);

  async function load(): Promise<void> {
    try {
      const [reply] = await Promise.all([transport.send('getSequence', { id }), abTests.load()]);
      details.value = reply.sequence;
      status.value = reply.sequence === null ? 'missing' : 'ready';
      error.value = null;
    } catch (failure) {
      error.value = errorMessage(failure);
      status.value = 'error';
    }
  }

  const connections = createConnectionsModel(transport, {
    sequenceId: id,
    // Disconnecting changes the sequence's counts.
    onChanged: () => void load(),
  });

  return { id, status, error, details, connections, abTests, load };
}

/**
 * The A/B tests of one sequence in the console (issue #19): each version's numbers, the
 * confidence and the winner, and the manager ending a test early.
 */
import { signal, type ReadonlySignal } from '@preact/signals';

import type { AbTestResult } from '../../store/ab-tests';

export type { AbTestEndedBy, AbTestResult } from '../../store/ab-tests';
import { errorMessage, type Transport } from './transport';

export interface AbTestsModel {
  tests: ReadonlySignal<AbTestResult[]>;
  /** The load failed: why (the tests shown are the last ones read). */
  error: ReadonlySignal<string | null>;
  /** The step whose "End test" dialog is open. */
  ending: ReadonlySignal<string | null>;
  busy: ReadonlySignal<boolean>;
  /** Why ending the test failed, shown in its dialog. */
  endError: ReadonlySignal<string | null>;
  /** After a test was ended: what happens now (a status message). */
  notice: ReadonlySignal<string | null>;
  load: () => Promise<void>;
  openEnd: (stepId: string) => void;
  closeEnd: () => void;
  /** Ends the test of `stepId` with `winner` (null: no winner, the default goes on). */
  end: (stepId: string, winner: 'a' | 'b' | null) => Promise<void>;
}

export function createAbTestsModel(transport: Transport, sequenceId: string): AbTestsModel {
  const tests = signal<AbTestResult[]>([]);
  const error = signal<string | null>(null);
  const ending = signal<string | null>(null);
  const busy = signal(false);
  const endError = signal<string | null>(null);
  const notice = signal<string | null>(null);

  async function load(): Promise<void> {
    try {
      tests.value = (await transport.send('getAbTests', { sequenceId })).tests;
      error.value = null;
    } catch (failure) {
      error.value = errorMessage(failure);
    }
  }

  async function end(stepId: string, winner: 'a' | 'b' | null): Promise<void> {
    busy.value = true;
    endError.value = null;
    try {
      tests.value = (await transport.send('endAbTest', { sequenceId, stepId, winner })).tests;
      const ended = tests.value.find((test) => test.stepId === stepId);
      const version = winner ?? ended?.step.default ?? 'a';
      notice.value = `The test has ended. Every record that reaches this step from now on gets version ${version.toUpperCase()}.`;
      ending.value = null;
    } catch (failure) {
      endError.value = errorMessage(failure);
    } finally {
      busy.value = false;
    }
  }

  return {
    tests,
    error,
    ending,
    busy,
    endError,
    notice,
    load,
    openEnd: (stepId) => {
      endError.value = null;
      ending.value = stepId;
    },
    closeEnd: () => {
      ending.value = null;
    },
    end,
  };
}

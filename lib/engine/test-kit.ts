/**
 * A small harness for engine tests (and for anyone driving the engine by hand, like the simulate
 * command): a record state, a settable clock, counted ids and an in-memory sequence catalog.
 */
import type { Entity, Sequence, Step } from '../sequence/types';
import { apply, createRecordState } from './apply';
import type { AwayPeriod } from './time/away';
import type {
  AbTestEnd,
  ApplyResult,
  Command,
  Connection,
  EngineContext,
  EngineEvent,
  RecordState,
  SequenceVersion,
} from './types';

export interface CatalogEntry {
  versions: Sequence[];
  active: boolean;
}

export class Harness {
  state: RecordState;
  now: number;
  timeZone: string;
  away: AwayPeriod[] = [];
  catalog = new Map<string, CatalogEntry>();
  events: EngineEvent[] = [];
  /** Ended A/B tests: sequence id → step id → winner. */
  abEnded: Record<string, Record<string, AbTestEnd>> = {};
  private ids = 0;

  constructor(options: {
    now: number;
    timeZone?: string;
    entity?: Entity;
    sequences?: Sequence[];
  }) {
    this.now = options.now;
    this.timeZone = options.timeZone ?? 'Europe/Berlin';
    this.state = createRecordState({ crm: 'demo', entity: options.entity ?? 'lead', id: 'r1' });
    for (const s of options.sequences ?? []) this.add(s);
  }

  add(definition: Sequence, active = true): void {
    const entry = this.catalog.get(definition.id);
    if (entry === undefined) this.catalog.set(definition.id, { versions: [definition], active });
    else {
      entry.versions.push(definition);
      entry.active = active;
    }
  }

  lookup = (id: string, version?: number): SequenceVersion | undefined => {
    const entry = this.catalog.get(id);
    if (entry === undefined) return undefined;
    const v = version ?? entry.versions.length;
    const definition = entry.versions.at(v - 1);
    return definition === undefined ? undefined : { version: v, definition, active: entry.active };
  };

  get ctx(): EngineContext {
    return {
      now: this.now,
      timeZone: this.timeZone,
      away: this.away,
      newId: () => `id${String(++this.ids)}`,
      sequences: this.lookup,
      abTestEnded: (sequenceId, stepId) =>
        Object.hasOwn(this.abEnded, sequenceId) && Object.hasOwn(this.abEnded[sequenceId], stepId)
          ? this.abEnded[sequenceId][stepId]
          : undefined,
    };
  }

  run(command: Command): ApplyResult {
    const result = apply(this.state, command, this.ctx);
    if (result.kind === 'applied') {
      this.state = result.state;
      this.events.push(...result.events);
    }
    return result;
  }

  /** Runs a command that must apply. */
  ok(command: Command): Extract<ApplyResult, { kind: 'applied' }> {
    const result = this.run(command);
    if (result.kind !== 'applied')
      throw new Error(`${command.type}: ${result.kind}: ${result.message}`);
    return result;
  }

  connect(sequenceId: string): Connection {
    this.ok({ type: 'connect', sequenceId });
    const conn = this.state.connections.find(
      (c) => c.sequenceId === sequenceId && c.status === 'active',
    );
    if (conn === undefined) {
      const last = this.state.connections.at(-1);
      if (last === undefined) throw new Error('not connected');
      return last;
    }
    return conn;
  }

  conn(id: string): Connection {
    const conn = this.state.connections.find((c) => c.id === id);
    if (conn === undefined) throw new Error(`no connection ${id}`);
    return conn;
  }

  /** The current step id of a connection, or its status when it ended. */
  where(id: string): string {
    const conn = this.conn(id);
    return conn.current?.stepId ?? conn.status;
  }

  /** Sets the clock and lets time pass. */
  tick(now: number): ApplyResult {
    this.now = now;
    return this.run({ type: 'tick' });
  }
}

/** A sequence with sensible defaults around `steps`. */
export function sequence(id: string, steps: Step[], extra: Partial<Sequence> = {}): Sequence {
  return { id, name: `Sequence ${id}`, entity: 'lead', steps, ...extra };
}

/**
 * Property tests of the designer's tree edits (issue #16, Tests): any sequence of edits
 * followed by as many undos returns the original, as many redos return the result, no edit
 * changes its input, and ids stay unique.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { canonicalJson } from '../sequence/canonical';
import type { Sequence, Step } from '../sequence/types';
import { createHistory, record, redo, undo, type History } from './history';
import { copyStepId, newStepId } from './ids';
import {
  allIds,
  deleteStep,
  duplicateStep,
  insertStep,
  itemAt,
  locate,
  moveBy,
  moveStep,
  renameStep,
  stepsOf,
  updateStep,
  type ListRef,
  type Place,
} from './tree';

type Shape =
  | { kind: 'task' }
  | { kind: 'wait' }
  | { kind: 'email' }
  | { kind: 'if'; yes: Shape[]; no: Shape[] };

const shape: fc.Memo<Shape> = fc.memo((depth) =>
  depth <= 1
    ? fc.oneof(
        fc.constant<Shape>({ kind: 'task' }),
        fc.constant<Shape>({ kind: 'wait' }),
        fc.constant<Shape>({ kind: 'email' }),
      )
    : fc.oneof(
        { weight: 3, arbitrary: fc.constant<Shape>({ kind: 'task' }) },
        { weight: 2, arbitrary: fc.constant<Shape>({ kind: 'email' }) },
        { weight: 1, arbitrary: fc.constant<Shape>({ kind: 'wait' }) },
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant('if' as const),
            yes: fc.array(shape(depth - 1), { maxLength: 3 }),
            no: fc.array(shape(depth - 1), { maxLength: 3 }),
          }),
        },
      ),
);

function build(shapes: Shape[]): Sequence {
  let n = 0;
  const make = (item: Shape): Step => {
    n += 1;
    const id = `s${n}`;
    switch (item.kind) {
      case 'task':
        return { id, type: 'task' };
      case 'email':
        return { id, type: 'email', template: { subject: `Hi ${n}`, body: 'Body' } };
      case 'wait':
        return { id, type: 'wait', days: 1 + (n % 5) };
      case 'if':
        return {
          id,
          type: 'condition',
          if: { field: 'grade', op: 'equals', value: 'A' },
          yes: item.yes.map(make),
          no: item.no.map(make),
        };
    }
  };
  return { id: 'prop', name: 'Property', entity: 'lead', steps: shapes.map(make) };
}

type Command =
  | { op: 'insert'; at: number; index: number; type: 'task' | 'email' | 'condition' }
  | { op: 'delete'; pick: number; branches: 'delete' | 'keep-yes' | 'keep-no' }
  | { op: 'move'; pick: number; at: number; index: number }
  | { op: 'moveBy'; pick: number; direction: 'up' | 'down' }
  | { op: 'duplicate'; pick: number }
  | { op: 'rename'; pick: number }
  | { op: 'update'; pick: number; name: string };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    index: fc.nat(),
    type: fc.constantFrom('task' as const, 'email' as const, 'condition' as const),
  }),
  fc.record({
    op: fc.constant('delete' as const),
    pick: fc.nat(),
    branches: fc.constantFrom('delete' as const, 'keep-yes' as const, 'keep-no' as const),
  }),
  fc.record({ op: fc.constant('move' as const), pick: fc.nat(), at: fc.nat(), index: fc.nat() }),
  fc.record({
    op: fc.constant('moveBy' as const),
    pick: fc.nat(),
    direction: fc.constantFrom('up' as const, 'down' as const),
  }),
  fc.record({ op: fc.constant('duplicate' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('rename' as const), pick: fc.nat() }),
  fc.record({
    op: fc.constant('update' as const),
    pick: fc.nat(),
    name: fc.string({ maxLength: 20 }),
  }),
);

/** Every list of the sequence: the top and each branch. */
function lists(sequence: Sequence): ListRef[] {
  const out: ListRef[] = [{ parent: null }];
  for (const id of allIds(sequence)) {
    const step = locate(sequence, id)?.step;
    if (step?.type === 'condition') {
      out.push({ parent: id, branch: 'yes' }, { parent: id, branch: 'no' });
    }
  }
  return out;
}

function placeFor(sequence: Sequence, at: number, index: number): Place {
  const all = lists(sequence);
  const list = all[at % all.length] ?? { parent: null };
  return { list, index: index % (stepsOf(sequence, list).length + 1) };
}

/** Applies one command, or returns the input when it does not apply (e.g. an empty sequence). */
function apply(sequence: Sequence, cmd: Command): Sequence {
  const ids = allIds(sequence);
  const pick = (n: number): string | undefined => itemAt(ids, n % Math.max(1, ids.length));
  switch (cmd.op) {
    case 'insert': {
      const taken = new Set(ids);
      const id = newStepId({ type: cmd.type }, taken);
      const step: Step =
        cmd.type === 'condition'
          ? { id, type: 'condition', if: { stage: ['Qualify'] }, yes: [], no: [] }
          : { id, type: cmd.type };
      return insertStep(sequence, placeFor(sequence, cmd.at, cmd.index), step);
    }
    case 'delete': {
      const id = pick(cmd.pick);
      return id === undefined ? sequence : deleteStep(sequence, id, cmd.branches);
    }
    case 'move': {
      const id = pick(cmd.pick);
      if (id === undefined) return sequence;
      const place = placeFor(sequence, cmd.at, cmd.index);
      let parent = place.list.parent;
      while (parent !== null) {
        if (parent === id) return sequence;
        parent = locate(sequence, parent)?.list.parent ?? null;
      }
      return moveStep(sequence, id, place);
    }
    case 'moveBy': {
      const id = pick(cmd.pick);
      return id === undefined
        ? sequence
        : (moveBy(sequence, id, cmd.direction)?.sequence ?? sequence);
    }
    case 'duplicate': {
      const id = pick(cmd.pick);
      return id === undefined ? sequence : duplicateStep(sequence, id, copyStepId).sequence;
    }
    case 'rename': {
      const id = pick(cmd.pick);
      if (id === undefined || ids.includes(`${id}-r`)) return sequence;
      return renameStep(sequence, id, `${id}-r`);
    }
    case 'update': {
      const id = pick(cmd.pick);
      return id === undefined
        ? sequence
        : updateStep(sequence, id, (step) => ({ ...step, name: cmd.name }));
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

describe('tree edits (property)', () => {
  it('any edits followed by as many undos give back the original; as many redos give the result', () => {
    fc.assert(
      fc.property(
        fc.array(shape(3), { maxLength: 6 }),
        fc.array(command, { maxLength: 25 }),
        (shapes, commands) => {
          const original = deepFreeze(build(shapes));
          const snapshot = canonicalJson(original);
          let history: History<Sequence> = createHistory(original);
          let edits = 0;
          for (const [at, cmd] of commands.entries()) {
            // Frozen inputs: an edit that changed its input would throw here.
            const next = deepFreeze(apply(history.present, cmd));
            const ids = allIds(next);
            expect(new Set(ids).size).toBe(ids.length);
            const before = history;
            history = record(history, next, { label: cmd.op, focus: null }, at * 10_000);
            if (history !== before) edits += 1;
          }
          const result = history.present;
          for (let n = 0; n < edits; n++) history = undo(history)?.history ?? history;
          expect(history.present).toBe(original);
          expect(canonicalJson(history.present)).toBe(snapshot);
          expect(undo(history)).toBeNull();
          for (let n = 0; n < edits; n++) history = redo(history)?.history ?? history;
          expect(history.present).toBe(result);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('moves and updates keep every step; deletes remove exactly the step (and its branches)', () => {
    fc.assert(
      fc.property(fc.array(shape(3), { minLength: 1, maxLength: 6 }), command, (shapes, cmd) => {
        const sequence = build(shapes);
        const before = allIds(sequence);
        const after = allIds(apply(sequence, cmd));
        if (cmd.op === 'move' || cmd.op === 'moveBy' || cmd.op === 'update') {
          expect([...after].sort()).toEqual([...before].sort());
        }
        if (cmd.op === 'delete' && cmd.branches === 'delete') {
          const id = before[cmd.pick % before.length] ?? '';
          const step = locate(sequence, id)!.step;
          const gone = new Set(
            step.type === 'condition'
              ? [id, ...allIds({ steps: [...step.yes, ...step.no] })]
              : [id],
          );
          expect(after).toEqual(before.filter((item) => !gone.has(item)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps at least 100 levels of undo', () => {
    let history: History<Sequence> = createHistory(build([{ kind: 'task' }]));
    const first = history.present;
    for (let n = 0; n < 150; n++) {
      history = record(
        history,
        { ...history.present, name: `Name ${n}` },
        { label: 'rename', focus: null },
        n * 5000,
      );
    }
    let undone = 0;
    for (;;) {
      const step = undo(history);
      if (step === null) break;
      history = step.history;
      undone += 1;
    }
    expect(undone).toBe(150);
    expect(history.present).toBe(first);
  });

  it('merges typing in one field into one undo step', () => {
    let history: History<Sequence> = createHistory(build([{ kind: 'task' }]));
    const first = history.present;
    for (const [n, name] of ['I', 'In', 'Int', 'Intr', 'Intro'].entries()) {
      history = record(
        history,
        { ...history.present, name },
        { label: 'Name', focus: null, key: 'name' },
        n * 200,
      );
    }
    expect(history.present.name).toBe('Intro');
    expect(undo(history)?.history.present).toBe(first);
    // A pause longer than the merge window starts a new undo step.
    history = record(
      history,
      { ...history.present, name: 'Intro!' },
      { label: 'Name', focus: null, key: 'name' },
      5000,
    );
    expect(undo(history)?.history.present.name).toBe('Intro');
  });
});

/**
 * The designer's model against the real background handlers on fake-indexeddb: edits are saved
 * as the manager works, undo and redo go through every edit, a second tab cannot silently
 * overwrite the first, the JSON view applies what it can draw, and Activate / Edit / Publish
 * make versions while focus always lands on something that exists.
 */
import { beforeEach, describe, expect, it } from 'vitest';

import { createHandlers } from '../../../entrypoints/background/handlers/create-handlers';
import {
  START,
  freshDatabase,
  messenger,
  testDeps,
} from '../../../entrypoints/background/handlers/test-kit';
import type { HandlerMap } from '../../../entrypoints/background/router';
import type { Database } from '../../store/db';
import { MessageError } from '../../messaging/result';
import { createDesignerModel, START_KEY, type DesignerModel } from './designer-model';
import type { Transport } from './transport';

let db: Database;
let handlers: HandlerMap;
let clock: number;

const { send } = messenger(() => handlers);
/** The console's transport, from the console to the real handlers. */
const transport: Transport = {
  send: async (type, payload) => {
    const reply = await send(type, payload);
    if (!reply.ok) throw new MessageError(reply.error);
    return reply.data;
  },
};

beforeEach(async () => {
  clock = START;
  db = await freshDatabase();
  handlers = createHandlers(testDeps(db, () => clock));
});

/** A designer on a new blank lead sequence; the model's clock moves 5 s per edit (no merging). */
async function designer(name = 'Designed outreach'): Promise<DesignerModel> {
  const { id } = await transport.send('createSequence', {
    name,
    description: '',
    entity: 'lead',
    templateId: null,
  });
  let time = 0;
  const model = createDesignerModel(transport, id, { now: () => (time += 5000), jsonDelayMs: 0 });
  await model.load();
  await model.settled();
  return model;
}

const ids = (model: DesignerModel): string[] =>
  model.draft.value?.steps.map((step) => step.id) ?? [];

/** Email, wait 2 days, replied within 3 days → call (yes) / task (no). */
async function build(model: DesignerModel): Promise<void> {
  model.openAdd({ list: { parent: null }, index: 0 });
  model.add('email');
  model.updateStep('email-1', 'name', (step) => ({ ...step, name: 'Intro email' }));
  model.openAdd({ list: { parent: null }, index: 1 });
  model.add('wait');
  model.updateStep('wait-1', 'wait time', (step) => ({ ...step, days: 2 }));
  model.openAdd({ list: { parent: null }, index: 2 });
  model.add('email-replied');
  model.openAdd({ list: { parent: 'condition-1', branch: 'yes' }, index: 0 });
  model.add('call');
  model.openAdd({ list: { parent: 'condition-1', branch: 'no' }, index: 0 });
  model.add('task');
  await model.settled();
}

describe('designer model', () => {
  it('builds a valid branched sequence and saves it as it goes', async () => {
    const model = await designer();
    expect(model.problems.value.sequence.map((problem) => problem.message)).toEqual([
      "Sequence 'designed-outreach' has no steps",
    ]);
    await build(model);
    expect(model.problems.value.list).toEqual([]);
    expect(model.save.value.status).toBe('saved');
    expect(model.focusKey.value).toBe('task-1');
    expect(model.selected.value).toBe('task-1');
    expect(model.announcement.value).toMatch(
      /Added “Complete a task” at the top of the No path of/,
    );
    // A second model (a reload) reads what was saved.
    const again = createDesignerModel(transport, model.id);
    await again.load();
    expect(again.draft.value).toEqual(model.draft.value);
  });

  it('opens on the draft asked for before the page ran, then asks the background itself', async () => {
    const made = await designer();
    await transport.send('saveDraft', {
      id: made.id,
      definition: { ...made.draft.value!, name: 'Read early' },
      saves: made.state.value!.saves,
    });
    const early = transport.send('getDesigner', { id: made.id });
    const asked: string[] = [];
    const counting: Transport = {
      send: (type, payload) => {
        asked.push(type);
        return transport.send(type, payload);
      },
    };
    const model = createDesignerModel(counting, made.id, { firstReply: early });
    await model.load();
    expect(model.draft.value?.name).toBe('Read early');
    expect(asked).not.toContain('getDesigner');
    // A later load (a change elsewhere) is a fresh read.
    await model.load();
    expect(asked).toContain('getDesigner');
  });

  it('undoes every edit back to the blank draft and redoes them, saving each state', async () => {
    const model = await designer();
    await build(model);
    const built = model.draft.value;
    let undone = 0;
    while (model.canUndo.value) {
      model.undo();
      undone += 1;
    }
    expect(undone).toBe(7);
    expect(model.draft.value?.steps).toEqual([]);
    // Focus never points at a step that is gone.
    expect(model.focusKey.value).toBe(START_KEY);
    await model.settled();
    const reloaded = createDesignerModel(transport, model.id);
    await reloaded.load();
    expect(reloaded.draft.value?.steps).toEqual([]);
    while (model.canRedo.value) model.redo();
    expect(model.draft.value).toEqual(built);
  });

  it('asks what to do with a condition’s paths and keeps the one chosen', async () => {
    const model = await designer();
    await build(model);
    model.askDelete('condition-1');
    expect(model.pendingDelete.value).toEqual({
      id: 'condition-1',
      name: 'Did the customer reply to “Intro email”?',
      yes: 1,
      no: 1,
    });
    model.remove('condition-1', 'keep-no');
    expect(ids(model)).toEqual(['email-1', 'wait-1', 'task-1']);
    expect(model.focusKey.value).toBe('task-1');
    expect(model.pendingDelete.value).toBeNull();
    // A step without paths goes at once.
    model.askDelete('wait-1');
    expect(ids(model)).toEqual(['email-1', 'task-1']);
  });

  it('moves a step through the paths with the keyboard moves and says where it went', async () => {
    const model = await designer();
    await build(model);
    model.moveBy('wait-1', 'down');
    expect(model.announcement.value).toBe(
      'Moved “Wait 2 days” into the Yes path of Did the customer reply to “Intro email”?.',
    );
    model.moveBy('wait-1', 'up');
    expect(ids(model)).toEqual(['email-1', 'wait-1', 'condition-1']);
    model.moveBy('email-1', 'up');
    expect(model.announcement.value).toBe('“Intro email” is already at the top of its path.');
  });

  it('refuses a stale save from a second tab, and lets the manager keep either version', async () => {
    const first = await designer();
    const second = createDesignerModel(transport, first.id);
    await second.load();
    first.updateSequence('name', (sequence) => ({ ...sequence, name: 'From the first tab' }));
    await first.settled();
    second.updateSequence('name', (sequence) => ({ ...sequence, name: 'From the second tab' }));
    await second.settled();
    expect(second.save.value.status).toBe('conflict');
    expect(second.unsaved()).toBe(true);
    await second.keepMine();
    expect(second.save.value.status).toBe('saved');
    await first.reloadSaved();
    expect(first.draft.value?.name).toBe('From the second tab');
  });

  it('applies JSON it can draw as one undoable edit, and keeps broken JSON out of the draft', async () => {
    const model = await designer();
    await build(model);
    model.setView('json');
    const text = model.jsonText.value;
    model.editJson(text.replace('"days": 2', '"days": 4'));
    await model.settled();
    expect(model.jsonProblems.value).toEqual([]);
    const wait = model.draft.value?.steps[1];
    expect(wait?.type === 'wait' && wait.days).toBe(4);
    model.editJson(text.replace('"days": 2', '"days": "two"'));
    await model.settled();
    expect(model.jsonApplied.value).toBe(false);
    expect(model.jsonProblems.value[0]?.line).toBeGreaterThan(1);
    expect(model.draft.value?.steps[1]).toMatchObject({ days: 4 });
    model.undo();
    expect(model.draft.value?.steps[1]).toMatchObject({ days: 2 });
    // Undo shows in the JSON too.
    expect(model.jsonText.value).toBe(text);
  });

  it('activates, revises and publishes with a note made from the difference', async () => {
    const model = await designer();
    await build(model);
    await model.askPublish();
    expect(model.publishing.value).toMatchObject({
      kind: 'activate',
      note: 'First version',
      nextVersion: 1,
    });
    expect(await model.publish('First version')).toBe(true);
    expect(model.state.value).toMatchObject({
      mode: 'live',
      summary: { state: 'active', version: 1 },
    });
    expect(model.readOnly.value).toBe(true);
    // Read only: edits do nothing.
    model.updateSequence('name', (sequence) => ({ ...sequence, name: 'Nope' }));
    expect(model.draft.value?.name).toBe('Designed outreach');

    await model.edit();
    expect(model.state.value?.mode).toBe('revision');
    model.updateStep('condition-1', 'time limit', (step) => ({ ...step, within: { days: 5 } }));
    await model.askPublish();
    expect(model.publishing.value).toMatchObject({
      kind: 'publish',
      note: '1 step changed',
      nextVersion: 2,
      warning: null,
    });
    expect(await model.publish('Five days')).toBe(true);
    expect(model.state.value?.versions.map((version) => [version.version, version.note])).toEqual([
      [2, 'Five days'],
      [1, 'First version'],
    ]);
  });

  it('shows a stored version read only and restores it as the draft of the next one', async () => {
    const model = await designer();
    await build(model);
    await model.publish('First version');
    await model.edit();
    model.updateSequence('name', (sequence) => ({ ...sequence, name: 'Renamed' }));
    await model.settled();
    await model.publish('Renamed');

    let restored: string | null = null;
    const old = createDesignerModel(transport, model.id, {
      version: 1,
      onRestored: (id) => {
        restored = id;
      },
    });
    await old.load();
    expect(old.readOnly.value).toBe(true);
    expect(old.draft.value?.name).toBe('Designed outreach');
    old.askRestore();
    expect(await old.restore()).toBe(true);
    expect(restored).toBe(model.id);
    await model.load();
    expect(model.state.value).toMatchObject({ mode: 'revision', restoredFrom: 1 });
    expect(model.draft.value?.name).toBe('Designed outreach');
  });

  it('discards a revision: the active version and its steps stay as they were', async () => {
    const model = await designer();
    await build(model);
    expect(await model.publish('First version')).toBe(true);
    await model.edit();
    model.updateSequence('name', (sequence) => ({ ...sequence, name: 'Renamed' }));
    model.remove('task-1');
    await model.settled();
    expect(model.state.value?.mode).toBe('revision');
    model.askDiscard();
    expect(model.confirmDiscard.value).toBe(true);
    await model.discard();
    expect(model.confirmDiscard.value).toBe(false);
    expect(model.state.value).toMatchObject({ mode: 'live', summary: { version: 1 } });
    expect(model.draft.value?.name).toBe('Designed outreach');
    expect(model.state.value?.versions.map((version) => version.version)).toEqual([1]);
    // A new model (a reload) sees the same: nothing of the revision was kept.
    const reloaded = createDesignerModel(transport, model.id);
    await reloaded.load();
    expect(reloaded.state.value?.mode).toBe('live');
    expect(JSON.stringify(reloaded.draft.value)).toBe(JSON.stringify(model.draft.value));
    expect(JSON.stringify(reloaded.draft.value)).toContain('task-1');
  });

  it('adds an A/B test step with two versions that reads back from JSON unchanged', async () => {
    const model = await designer();
    await build(model);
    model.openAdd({ list: { parent: null }, index: 1 });
    model.add('ab-test');
    const added = model.draft.value?.steps[1];
    expect(added).toMatchObject({ type: 'ab-test', metric: 'replied', default: 'a' });
    const id = added?.id ?? '';
    model.updateStep(id, 'versions', (step) =>
      step.type === 'ab-test'
        ? {
            ...step,
            a: { type: 'email', template: { subject: 'Hi {{firstName}}', body: 'Short.' } },
            b: { type: 'text', template: { body: 'Hi {{firstName}}, a quick question.' } },
            split: 30,
          }
        : step,
    );
    await model.settled();
    // An email against a text message: the validator's message, at version B's kind.
    expect(model.problems.value.byStep.get(id)).toEqual([
      expect.objectContaining({
        field: 'b.type',
        message: expect.stringContaining('both versions must be emails') as unknown,
      }),
    ]);
    model.updateStep(id, 'version B', (step) =>
      step.type === 'ab-test'
        ? {
            ...step,
            b: {
              type: 'email',
              template: { subject: 'Hello', body: 'Hi {{firstName}}, a quick question.' },
            },
          }
        : step,
    );
    await model.settled();
    expect(model.problems.value.byStep.get(id) ?? []).toEqual([]);
    model.setView('json');
    const text = model.jsonText.value;
    expect(text).toContain('"type": "ab-test"');
    model.editJson(text);
    await model.settled();
    expect(model.jsonProblems.value).toEqual([]);
    expect(model.draft.value?.steps[1]).toMatchObject({ id, split: 30, b: { type: 'email' } });
    model.undo();
    model.undo();
    model.undo();
    expect(ids(model)).not.toContain(id);
  });
});

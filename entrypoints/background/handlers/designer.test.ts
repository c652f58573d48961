/**
 * The designer's messages with the store on fake-indexeddb (issue #16): a new draft is saved as
 * the manager works, activated with every rule checked, revised while a record keeps running
 * its version, published as version 2, diffed and restored.
 */
import { beforeEach, describe, expect, it } from 'vitest';

import type { Sequence } from '@/lib/sequence/types';
import type { Database } from '@/lib/store/db';

import type { HandlerMap } from '../router';
import { createHandlers } from './create-handlers';
import { CONTENT, LEAD, START, freshDatabase, messenger, testDeps } from './test-kit';

let clock: number;
let db: Database;
let handlers: HandlerMap;
let broadcasts: number;
const { send, data } = messenger(() => handlers);

beforeEach(async () => {
  clock = START;
  broadcasts = 0;
  db = await freshDatabase();
  handlers = createHandlers(
    testDeps(db, () => clock, {
      afterChange: () => {
        broadcasts += 1;
      },
    }),
  );
});

/** What the e2e builds through the UI: email, 2-day wait, replied within 3 days → call / task. */
function built(id: string): Sequence {
  return {
    id,
    name: 'Designed outreach',
    entity: 'lead',
    steps: [
      {
        id: 'email-1',
        type: 'email',
        name: 'Intro email',
        template: { subject: 'Hi {{firstName}}', body: 'Hello' },
      },
      { id: 'wait-1', type: 'wait', days: 2 },
      {
        id: 'condition-1',
        type: 'condition',
        if: { email: 'replied', step: 'email-1' },
        within: { days: 3 },
        yes: [{ id: 'call-1', type: 'call' }],
        no: [{ id: 'task-1', type: 'task' }],
      },
    ],
  };
}

describe('designer messages', () => {
  it('creates a blank draft named by the manager, with an id from its name', async () => {
    const { id } = await data('createSequence', {
      name: 'Designed outreach',
      description: '  ',
      entity: 'lead',
      templateId: null,
    });
    expect(id).toBe('designed-outreach');
    const again = await data('createSequence', {
      name: 'Designed outreach',
      description: '',
      entity: 'contact',
      templateId: null,
    });
    expect(again.id).toBe('designed-outreach-2');
    const { state } = await data('getDesigner', { id });
    expect(state).toMatchObject({
      mode: 'draft',
      definition: { id, name: 'Designed outreach', entity: 'lead', steps: [] },
      saves: 0,
      versions: [],
    });
    expect(state?.known.map((known) => known.id)).toEqual(['designed-outreach-2']);
  });

  it('creates a draft from a template, with the manager’s name and record type', async () => {
    const { id } = await data('createSequence', {
      name: 'My webinar follow-up',
      description: 'For the March webinar',
      entity: 'lead',
      templateId: 'webinar-follow-up',
    });
    const { state } = await data('getDesigner', { id });
    expect(state?.definition).toMatchObject({
      id,
      name: 'My webinar follow-up',
      description: 'For the March webinar',
    });
    expect(state?.definition.steps.length).toBeGreaterThanOrEqual(2);
    expect(
      await send('createSequence', {
        name: 'x',
        description: '',
        entity: 'lead',
        templateId: 'nope',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(
      await send('createSequence', {
        name: '   ',
        description: '',
        entity: 'lead',
        templateId: null,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'rejected', message: 'Give the sequence a name.' },
    });
  });

  it('saves drafts with rule problems, refuses stale saves and shapes it cannot draw', async () => {
    const { id } = await data('createSequence', {
      name: 'Drafty',
      description: '',
      entity: 'lead',
      templateId: null,
    });
    const draft = { ...built(id), steps: [{ id: 'wait-1', type: 'wait' as const, days: 45 }] };
    const saved = await data('saveDraft', { id, definition: draft, saves: 0 });
    expect(saved.saves).toBe(1);
    expect((await data('getDesigner', { id })).state?.definition).toEqual(draft);
    // A second tab that still thinks the count is 0.
    expect(await send('saveDraft', { id, definition: built(id), saves: 0 })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    const garbage = { ...built(id), steps: [{ id: 'x', type: 'emial' }] } as unknown as Sequence;
    expect(await send('saveDraft', { id, definition: garbage, saves: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-message' },
    });
    expect(await send('saveDraft', { id, definition: built('other'), saves: 1 })).toMatchObject({
      ok: false,
      error: { code: 'rejected' },
    });
    // A CRM page cannot write drafts.
    expect(await send('saveDraft', { id, definition: built(id), saves: 1 }, CONTENT)).toMatchObject(
      {
        ok: false,
        error: { code: 'forbidden' },
      },
    );
    // Activation checks every rule and changes nothing when one fails.
    const refused = await data('publishDraft', { id, note: '' });
    expect(refused.result.ok).toBe(false);
    expect(refused.result.problems.map((problem) => problem.message)).toContain(
      "Step 'wait-1' waits 45 days; the longest wait is 30 days",
    );
    expect(refused.state.summary.state).toBe('draft');
  });

  it('revises an active sequence while a connected record stays on its version', async () => {
    const { id } = await data('createSequence', {
      name: 'Designed outreach',
      description: '',
      entity: 'lead',
      templateId: null,
    });
    await data('saveDraft', { id, definition: built(id), saves: 0 });
    const activated = await data('publishDraft', { id, note: 'First version' });
    expect(activated.result).toMatchObject({ ok: true, problems: [] });
    expect(activated.state).toMatchObject({
      mode: 'live',
      summary: { state: 'active', version: 1 },
    });
    expect(activated.state.versions).toEqual([
      { version: 1, createdAt: clock, note: 'First version', steps: 5, name: 'Designed outreach' },
    ]);

    await data(
      'recordSeen',
      {
        record: LEAD,
        url: 'https://acme.crm.dynamics.com/main.aspx?id=1',
        title: 'Lead',
        fields: { name: 'Olivia' },
      },
      CONTENT,
    );
    const connected = await data(
      'actOnRecord',
      { record: LEAD, action: { type: 'connect', sequenceId: id } },
      CONTENT,
    );
    expect(connected.view.active[0]).toMatchObject({ version: 1, current: { stepId: 'email-1' } });

    // Edit: a revision; the running record and the active definition are untouched.
    clock += 60_000;
    const editing = (await data('startRevision', { id })).state;
    expect(editing).toMatchObject({ mode: 'revision', baseVersion: 1 });
    const revised: Sequence = {
      ...built(id),
      steps: built(id).steps.map((step) =>
        step.type === 'condition' ? { ...step, within: { days: 5 } } : step,
      ),
    };
    await data('saveDraft', { id, definition: revised, saves: editing.saves });
    expect((await data('getSequence', { id })).sequence?.definition).toEqual(built(id));

    clock += 60_000;
    const published = await data('publishDraft', { id, note: 'Wait 5 days for a reply' });
    expect(published.result.ok).toBe(true);
    expect(published.state).toMatchObject({
      mode: 'live',
      definition: revised,
      summary: { version: 2 },
    });
    expect(published.state.versions.map((version) => [version.version, version.note])).toEqual([
      [2, 'Wait 5 days for a reply'],
      [1, 'First version'],
    ]);
    const rows = await db.getAllFromIndex('connections', 'bySequence', id);
    expect(rows.map((row) => row.version)).toEqual([1]);
    expect(broadcasts).toBeGreaterThan(0);

    // Every version can be read back, and an old one restored as a new revision.
    expect((await data('getVersion', { id, version: 1 })).version?.definition).toEqual(built(id));
    const restored = (await data('restoreVersion', { id, version: 1 })).state;
    expect(restored).toMatchObject({
      mode: 'revision',
      restoredFrom: 1,
      definition: built(id),
      baseVersion: 2,
    });
    const discarded = (await data('discardRevision', { id })).state;
    expect(discarded).toMatchObject({ mode: 'live', definition: revised });
  });

  it('folds an open revision into the working copy when the sequence is deactivated', async () => {
    const { id } = await data('createSequence', {
      name: 'Fold',
      description: '',
      entity: 'lead',
      templateId: null,
    });
    await data('saveDraft', { id, definition: built(id), saves: 0 });
    await data('publishDraft', { id, note: '' });
    const editing = (await data('startRevision', { id })).state;
    const renamed = { ...built(id), name: 'Fold, renamed' };
    await data('saveDraft', { id, definition: renamed, saves: editing.saves });
    await data('setSequenceState', { ids: [id], state: 'inactive' });
    const state = (await data('getDesigner', { id })).state;
    expect(state).toMatchObject({
      mode: 'draft',
      definition: renamed,
      summary: { state: 'inactive', edited: true },
    });
    // Activating again makes version 2 with the note.
    const again = await data('publishDraft', { id, note: 'Renamed' });
    expect(again.state.versions[0]).toMatchObject({
      version: 2,
      note: 'Renamed',
      name: 'Fold, renamed',
    });
  });
});

/**
 * The sequence designer's model (issue #16): the draft with undo and redo, selection and the
 * properties pane, the tree's keyboard focus, live problems, the JSON view, saving as the
 * manager works, and the lifecycle (Activate, Edit, Publish, Discard revision, Restore).
 *
 * Edits are the pure functions of `lib/designer`; this model records them in the history,
 * saves the result through the background (at most one save in flight, the newest waiting),
 * and says what happened in words for screen readers.
 */
import { batch, computed, effect, signal, type ReadonlySignal } from '@preact/signals';

import { actionByKey } from '../../designer/catalog';
import { diffSequences, summarizeDiff } from '../../designer/diff';
import {
  createHistory,
  record,
  redo as redoHistory,
  undo as undoHistory,
  type Edit,
  type History,
} from '../../designer/history';
import { copyStepId, newStepId } from '../../designer/ids';
import { draftText } from '../../designer/json-text';
import { displayName, listWords, nameIndex, nameLookup, stepNames } from '../../designer/labels';
import type { PlacedProblem, ProblemMap } from '../../designer/problem-places';
import {
  allIds,
  deleteStep,
  duplicateStep,
  insertStep,
  locate,
  moveBy as moveByTree,
  moveStep,
  renameStep as renameInTree,
  stepsBefore,
  stepsOf,
  itemAt,
  TreeEditError,
  updateStep as updateInTree,
  type BranchChoice,
  type Place,
} from '../../designer/tree';
import { MessageError } from '../../messaging/result';
import type { DesignerState, ReplyOf } from '../../messaging/protocol';
import type { Problem } from '../../sequence/problem';
import type { Sequence, SequenceRecord, Step } from '../../sequence/types';
import { createAbTestsModel, type AbTestsModel } from './ab-tests-model';
import { errorMessage, type Transport } from './transport';
import type { Notice } from './notice';

type SaveStatus = 'saved' | 'saving' | 'error' | 'conflict';

/** The key of a tree item: `start`, a step id, or `<condition id>/yes` / `/no` for a path. */
export type TreeKey = string;
export const START_KEY: TreeKey = 'start';
export const pathKey = (conditionId: string, branch: 'yes' | 'no'): TreeKey =>
  `${conditionId}/${branch}`;

export interface PendingDelete {
  id: string;
  name: string;
  /** Steps in each path of a condition (the dialog asks what to do with them). */
  yes: number;
  no: number;
}

export interface PublishDialog {
  /** "what changed", pre-filled from the difference with the version it replaces. */
  note: string;
  /** Shown above the note: a newer version was published since the revision started. */
  warning: string | null;
  /** Activate (first activation or a re-activation) or Publish (a revision). */
  kind: 'activate' | 'publish';
  nextVersion: number;
}

export interface DesignerModel {
  id: string;
  /** Set when the model shows one stored version, read only. */
  version: number | null;
  status: ReadonlySignal<'loading' | 'ready' | 'missing' | 'error'>;
  error: ReadonlySignal<string | null>;
  state: ReadonlySignal<DesignerState | null>;
  draft: ReadonlySignal<Sequence | null>;
  readOnly: ReadonlySignal<boolean>;
  nameOf: ReadonlySignal<(id: string) => string>;
  /** The draft's problems as of the last check (see `checked`). */
  problems: ReadonlySignal<ProblemMap>;
  /** True while the problems describe the current draft (checks run just after each change). */
  checked: ReadonlySignal<boolean>;
  selected: ReadonlySignal<string | null>;
  pane: ReadonlySignal<'step' | 'options' | null>;
  focusKey: ReadonlySignal<TreeKey>;
  /**
   * Set when the view should move DOM focus to a tree item (after a tree edit, undo...); a new
   * object each time, so the same key can be asked for twice.
   */
  focusRequest: ReadonlySignal<{ key: TreeKey } | null>;
  collapsed: ReadonlySignal<ReadonlySet<string>>;
  dragging: ReadonlySignal<string | null>;
  canUndo: ReadonlySignal<boolean>;
  canRedo: ReadonlySignal<boolean>;
  undoLabel: ReadonlySignal<string | null>;
  redoLabel: ReadonlySignal<string | null>;
  save: ReadonlySignal<{ status: SaveStatus; message: string | null }>;
  announcement: ReadonlySignal<string>;
  view: ReadonlySignal<'design' | 'json'>;
  jsonText: ReadonlySignal<string>;
  jsonProblems: ReadonlySignal<Problem[]>;
  /** False while the JSON text cannot be drawn (the designer keeps the last drawable version). */
  jsonApplied: ReadonlySignal<boolean>;
  adding: ReadonlySignal<Place | null>;
  pendingDelete: ReadonlySignal<PendingDelete | null>;
  publishing: ReadonlySignal<PublishDialog | null>;
  confirmDiscard: ReadonlySignal<boolean>;
  /** A stored version is shown and Restore was pressed: the dialog asks first. */
  confirmRestore: ReadonlySignal<boolean>;
  busy: ReadonlySignal<boolean>;
  notice: ReadonlySignal<Notice | null>;
  /** Problems Activate or Publish reported (the draft's own list normally says the same). */
  activation: ReadonlySignal<Problem[]>;
  /** The state and numbers of the sequence's A/B tests (issue #19), read with the designer. */
  abTests: AbTestsModel;

  load: () => Promise<void>;
  select: (id: string | null) => void;
  openOptions: () => void;
  closePane: () => void;
  setFocus: (key: TreeKey, move?: boolean) => void;
  toggleCollapsed: (key: string) => void;
  openAdd: (place: Place) => void;
  closeAdd: () => void;
  add: (actionKey: string) => void;
  askDelete: (id: string) => void;
  cancelDelete: () => void;
  remove: (id: string, branches?: BranchChoice) => void;
  moveBy: (id: string, direction: 'up' | 'down') => void;
  moveTo: (id: string, place: Place) => void;
  duplicate: (id: string) => void;
  startDrag: (id: string) => void;
  endDrag: () => void;
  updateStep: (id: string, field: string, update: (step: Step) => Step) => void;
  renameStep: (id: string, nextId: string) => string | null;
  updateSequence: (field: string, update: (sequence: Sequence) => Sequence) => void;
  undo: () => void;
  redo: () => void;
  setView: (view: 'design' | 'json') => void;
  editJson: (text: string) => void;
  edit: () => Promise<void>;
  askDiscard: () => void;
  cancelDiscard: () => void;
  discard: () => Promise<void>;
  askPublish: () => Promise<void>;
  cancelPublish: () => void;
  publish: (note: string) => Promise<boolean>;
  askRestore: () => void;
  cancelRestore: () => void;
  /** Makes the shown version the draft of the next one. */
  restore: () => Promise<boolean>;
  reloadSaved: () => Promise<void>;
  keepMine: () => Promise<void>;
  retrySave: () => void;
  dismissNotice: () => void;
  /** True while a change is not stored yet (the page warns before it is closed). */
  unsaved: () => boolean;
  /** Lets pending saves, JSON reading and checks finish (tests, leaving the designer). */
  settled: () => Promise<void>;
  dispose: () => void;
}

export interface DesignerDeps {
  /** The clock for merging keystrokes into one undo step. */
  now?: () => number;
  /** Shows one stored version, read only. */
  version?: number;
  /** After a Publish or Activate (the list and details pages show the new state). */
  onPublished?: () => void;
  /** The JSON view reads the text this long after the last keystroke. */
  jsonDelayMs?: number;
  /** After Restore (the console opens the designer on the restored draft). */
  onRestored?: (id: string) => void;
  /**
   * `getDesigner`'s reply for this draft, asked for before the page's script ran
   * (designer-early-read.ts): the first load uses it instead of asking again.
   */
  firstReply?: Promise<ReplyOf<'getDesigner'>>;
}

const EMPTY_PROBLEMS: ProblemMap = { list: [], byStep: new Map(), sequence: [] };

/** The validator, loaded on first use (see `lib/designer/checks.ts`). */
let checks: Promise<typeof import('../../designer/checks')> | null = null;
const loadChecks = () => (checks ??= import('../../designer/checks'));

/** The step names by id; the same lookup as before while no name changed (views compare it). */
function stableNames(
  previous: { names: Map<string, string>; nameOf: (id: string) => string } | null,
  sequence: Pick<Sequence, 'steps'>,
): { names: Map<string, string>; nameOf: (id: string) => string } {
  const names = stepNames(sequence);
  if (
    previous !== null &&
    previous.names.size === names.size &&
    [...names].every(([id, name]) => previous.names.get(id) === name)
  ) {
    return previous;
  }
  return { names, nameOf: nameLookup(names) };
}

/** Reuses last time's array for a step whose problems did not change, so its view can skip rendering. */
function stabilize(previous: ProblemMap, next: ProblemMap): ProblemMap {
  const same = (a: readonly PlacedProblem[], b: readonly PlacedProblem[]) =>
    a.length === b.length &&
    a.every((item, index) => item.message === b[index]?.message && item.field === b[index].field);
  const byStep = new Map<string, readonly PlacedProblem[]>();
  for (const [id, list] of next.byStep) {
    const old = previous.byStep.get(id);
    byStep.set(id, old !== undefined && same(old, list) ? old : list);
  }
  return {
    list: same(previous.list, next.list) ? previous.list : next.list,
    byStep,
    sequence: same(previous.sequence, next.sequence) ? previous.sequence : next.sequence,
  };
}

/** The other sequences as the validator wants them (targets of move-to-sequence steps). */
function knownRecords(state: DesignerState): Pick<SequenceRecord, 'id' | 'definition' | 'state'>[] {
  return state.known.map((known) => ({
    id: known.id,
    state: known.state,
    definition: { id: known.id, name: known.name, entity: known.entity, steps: [] },
  }));
}

export function createDesignerModel(
  transport: Transport,
  id: string,
  deps: DesignerDeps = {},
): DesignerModel {
  const now = deps.now ?? (() => Date.now());
  const version = deps.version ?? null;
  const status = signal<'loading' | 'ready' | 'missing' | 'error'>('loading');
  const error = signal<string | null>(null);
  const state = signal<DesignerState | null>(null);
  const history = signal<History<Sequence> | null>(null);
  const selected = signal<string | null>(null);
  const pane = signal<'step' | 'options' | null>(null);
  const focusKey = signal<TreeKey>(START_KEY);
  const focusRequest = signal<{ key: TreeKey } | null>(null);
  const collapsed = signal<ReadonlySet<string>>(new Set());
  const dragging = signal<string | null>(null);
  const save = signal<{ status: SaveStatus; message: string | null }>({
    status: 'saved',
    message: null,
  });
  const announcement = signal('');
  const view = signal<'design' | 'json'>('design');
  const jsonText = signal('');
  const jsonProblems = signal<Problem[]>([]);
  const jsonApplied = signal(true);
  const adding = signal<Place | null>(null);
  const pendingDelete = signal<PendingDelete | null>(null);
  const publishing = signal<PublishDialog | null>(null);
  const confirmDiscard = signal(false);
  const confirmRestore = signal(false);
  const busy = signal(false);
  const notice = signal<Notice | null>(null);
  const activation = signal<Problem[]>([]);

  const draft = computed(() => history.value?.present ?? null);
  const readOnly = computed(() => {
    if (version !== null) return true;
    const mode = state.value?.mode;
    return mode !== 'draft' && mode !== 'revision';
  });
  let names: ReturnType<typeof stableNames> | null = null;
  const nameOf = computed(() => {
    names = stableNames(names, draft.value ?? { steps: [] });
    return names.nameOf;
  });

  // Live problems: checked in a task of their own just after each change, so an edit shows at
  // once and the check (the whole validator, about 5 ms for 200 steps) follows it.
  const problems = signal<ProblemMap>(EMPTY_PROBLEMS);
  const checkedDraft = signal<Sequence | null>(null);
  const checked = computed(() => draft.value !== null && checkedDraft.value === draft.value);
  let checkTimer: ReturnType<typeof setTimeout> | undefined;
  let checking: Promise<void> = Promise.resolve();
  function scheduleCheck(): void {
    if (checkTimer !== undefined) return;
    checking = new Promise((done) => {
      checkTimer = setTimeout(() => {
        checkTimer = undefined;
        void runCheck().finally(done);
      }, 0);
    });
  }
  async function runCheck(): Promise<void> {
    const { checkDraft } = await loadChecks();
    const current = draft.peek();
    const meta = state.peek();
    if (current === null || meta === null || disposed) return;
    const found = checkDraft(current, { activeCount: meta.activeCount, known: knownRecords(meta) });
    batch(() => {
      problems.value = stabilize(problems.peek(), found);
      checkedDraft.value = current;
    });
  }

  // Saving: at most one request in flight; edits made meanwhile wait, and only the newest is sent.
  let saves = 0;
  // Read through `queue.` so the compiler does not assume an `await` leaves them unchanged.
  const queue: {
    pending: Sequence | null;
    failed: Sequence | null;
    inFlight: Promise<void> | null;
  } = {
    pending: null,
    failed: null,
    inFlight: null,
  };
  const waiting = (): Sequence | null => queue.pending;
  let disposed = false;
  const stopChecks = effect(() => {
    // Read both: a change to either means the problems must be checked again.
    if (draft.value !== null && state.value !== null) scheduleCheck();
  });
  let jsonTimer: ReturnType<typeof setTimeout> | undefined;
  let jsonReading: Promise<void> = Promise.resolve();

  async function flush(): Promise<void> {
    for (let next = waiting(); next !== null && !disposed; next = waiting()) {
      queue.pending = null;
      save.value = { status: 'saving', message: null };
      try {
        const reply = await transport.send('saveDraft', { id, definition: next, saves });
        saves = reply.saves;
        queue.failed = null;
        if (waiting() === null) save.value = { status: 'saved', message: null };
      } catch (failure) {
        queue.failed = waiting() ?? next;
        queue.pending = null;
        save.value =
          failure instanceof MessageError && failure.code === 'conflict'
            ? { status: 'conflict', message: failure.message }
            : { status: 'error', message: errorMessage(failure) };
      }
    }
    // Nothing was left to send (the saved version was loaded meanwhile): nothing is unsaved.
    if (save.peek().status === 'saving') save.value = { status: 'saved', message: null };
    queue.inFlight = null;
  }

  function queueSave(sequence: Sequence): void {
    if (readOnly.value) return;
    if (save.value.status === 'conflict') {
      queue.failed = sequence;
      return;
    }
    queue.pending = sequence;
    if (queue.inFlight === null) {
      save.value = { status: 'saving', message: null };
      // Sent in a task of its own, right after this one: the message copies the whole draft
      // (a few ms for 200 steps), which would otherwise delay the frame that shows the edit.
      // Keystrokes made meanwhile go out as one save; `unsaved()` is true all along.
      queue.inFlight = new Promise<void>((start) => setTimeout(start, 0)).then(flush);
    }
  }

  const announce = (text: string): void => {
    // The same words twice in a row would not be read again: vary them invisibly.
    announcement.value = announcement.value === text ? `${text}\u00a0` : text;
  };

  function requestFocus(key: TreeKey): void {
    batch(() => {
      focusKey.value = key;
      focusRequest.value = { key };
    });
  }

  /** A tree key that still exists after an edit: `preferred`, else the item before it, else the start. */
  function survivingKey(sequence: Sequence, preferred: TreeKey, fallbackFrom?: Sequence): TreeKey {
    const exists = (key: TreeKey): boolean => {
      if (key === START_KEY) return true;
      const [stepId = '', ...branch] = key.split('/');
      const found = locate(sequence, stepId);
      return found !== undefined && (branch.length === 0 || found.step.type === 'condition');
    };
    if (exists(preferred)) return preferred;
    const old = fallbackFrom ?? draft.value;
    if (old !== null) {
      const order = treeKeys(old);
      const index = order.indexOf(preferred);
      for (let at = index - 1; at >= 0; at--) {
        const key = itemAt(order, at);
        if (key !== undefined && exists(key)) return key;
      }
    }
    return START_KEY;
  }

  /** Applies an edit: records it, saves, and keeps focus and selection on things that exist. */
  function commit(
    next: Sequence,
    edit: Edit,
    options: { focus?: TreeKey; announce?: string } = {},
  ) {
    const current = history.value;
    if (current === null || readOnly.value) return;
    const before = current.present;
    const updated = record(current, next, edit, now());
    if (updated === current) return;
    batch(() => {
      history.value = updated;
      dropStaleSelection(next);
      if (options.focus !== undefined) requestFocus(survivingKey(next, options.focus, before));
      else if (survivingKey(next, focusKey.value, before) !== focusKey.value) {
        requestFocus(survivingKey(next, focusKey.value, before));
      }
      if (options.announce !== undefined) announce(options.announce);
    });
    queueSave(next);
  }

  /** Runs a tree edit; an impossible one (a stale id) becomes a notice instead of an exception. */
  function attempt(work: () => void): void {
    try {
      work();
    } catch (failure) {
      if (!(failure instanceof TreeEditError)) throw failure;
      notice.value = { kind: 'error', text: failure.message };
    }
  }

  /** Closes the step pane when the selected step is not in `sequence` any more. */
  function dropStaleSelection(sequence: Sequence): void {
    if (selected.value !== null && locate(sequence, selected.value) === undefined) {
      selected.value = null;
      if (pane.value === 'step') pane.value = null;
    }
  }

  /** Shows `sequence` in the JSON view, when it is open, as the text to edit from now on. */
  function showJson(sequence: Sequence): void {
    if (view.value !== 'json') return;
    jsonText.value = draftText(sequence);
    jsonProblems.value = [];
    jsonApplied.value = true;
  }

  /** Undo or Redo: moves through the history, then focus, selection and the JSON view follow. */
  function travel(direction: 'undo' | 'redo'): void {
    const current = history.value;
    if (current === null || readOnly.value) return;
    const result = direction === 'undo' ? undoHistory(current) : redoHistory(current);
    if (result === null) {
      announce(direction === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.');
      return;
    }
    const present = result.history.present;
    batch(() => {
      history.value = result.history;
      const focus = survivingKey(present, result.edit.focus ?? focusKey.value, current.present);
      dropStaleSelection(present);
      if (result.edit.key === undefined) requestFocus(focus);
      else focusKey.value = focus;
      announce(`${direction === 'undo' ? 'Undid' : 'Redid'}: ${result.edit.label}.`);
      showJson(present);
    });
    queueSave(present);
  }

  function adopt(next: DesignerState): void {
    batch(() => {
      state.value = next;
      saves = next.saves;
      history.value = createHistory(next.definition);
      dropStaleSelection(next.definition);
      focusKey.value = survivingKey(next.definition, focusKey.value, next.definition);
      save.value = { status: 'saved', message: null };
      showJson(next.definition);
    });
  }

  const abTests = createAbTestsModel(transport, id);
  let firstReply = deps.firstReply;

  async function load(): Promise<void> {
    try {
      await loadDraft();
    } finally {
      // A test's numbers never block the designer (a failure shows in its own place): they are
      // asked for once the draft is in, so the background answers the draft first.
      void abTests.load();
    }
  }

  async function loadDraft(): Promise<void> {
    try {
      if (version !== null) {
        const [reply, meta] = await Promise.all([
          transport.send('getVersion', { id, version }),
          transport.send('getDesigner', { id }),
        ]);
        if (reply.version === null || meta.state === null) {
          status.value = 'missing';
          return;
        }
        adopt({ ...meta.state, definition: reply.version.definition, mode: 'live' });
      } else {
        // Another tab's change (a live update) must not throw away what is being typed here.
        if (history.value !== null && (queue.pending !== null || queue.inFlight !== null)) return;
        const early = firstReply;
        firstReply = undefined;
        const reply = await (early ?? transport.send('getDesigner', { id }));
        if (reply.state === null) {
          status.value = 'missing';
          return;
        }
        const current = history.value;
        if (current !== null && reply.state.saves === saves && state.value !== null) {
          // Only the surroundings changed (versions, other sequences): keep the undo history.
          state.value = reply.state;
        } else adopt(reply.state);
      }
      batch(() => {
        error.value = null;
        status.value = 'ready';
      });
    } catch (failure) {
      error.value = errorMessage(failure);
      status.value = 'error';
    }
  }

  const stepLabel = (sequence: Sequence, stepId: string): string => {
    const found = locate(sequence, stepId);
    return found === undefined ? stepId : displayName(found.step, nameIndex(sequence));
  };

  /** Opens every collapsed condition and path around a step, so it can be seen and focused. */
  function reveal(stepId: string): void {
    const sequence = draft.value;
    if (sequence === null || collapsed.value.size === 0) return;
    const open = new Set(collapsed.value);
    let list = locate(sequence, stepId)?.list;
    while (list !== undefined && list.parent !== null) {
      open.delete(list.parent);
      open.delete(pathKey(list.parent, list.branch));
      list = locate(sequence, list.parent)?.list;
    }
    if (open.size !== collapsed.value.size) collapsed.value = open;
  }

  function treeKeys(sequence: Sequence): TreeKey[] {
    const keys: TreeKey[] = [START_KEY];
    const visit = (steps: readonly Step[]) => {
      for (const step of steps) {
        keys.push(step.id);
        if (step.type === 'condition') {
          keys.push(pathKey(step.id, 'yes'));
          visit(step.yes);
          keys.push(pathKey(step.id, 'no'));
          visit(step.no);
        }
      }
    };
    visit(sequence.steps);
    return keys;
  }

  const model: DesignerModel = {
    abTests,
    id,
    version,
    status,
    error,
    state,
    draft,
    readOnly,
    nameOf,
    problems,
    checked,
    selected,
    pane,
    focusKey,
    focusRequest,
    collapsed,
    dragging,
    canUndo: computed(() => !readOnly.value && (history.value?.past.length ?? 0) > 0),
    canRedo: computed(() => !readOnly.value && (history.value?.future.length ?? 0) > 0),
    undoLabel: computed(() => history.value?.past.at(-1)?.edit.label ?? null),
    redoLabel: computed(() => history.value?.future.at(-1)?.edit.label ?? null),
    save,
    announcement,
    view,
    jsonText,
    jsonProblems,
    jsonApplied,
    adding,
    pendingDelete,
    publishing,
    confirmDiscard,
    confirmRestore,
    busy,
    notice,
    activation,
    load,

    select(stepId) {
      batch(() => {
        if (stepId !== null) reveal(stepId);
        selected.value = stepId;
        pane.value = stepId === null ? null : 'step';
        if (stepId !== null) focusKey.value = stepId;
      });
    },
    openOptions() {
      batch(() => {
        selected.value = null;
        pane.value = 'options';
        focusKey.value = START_KEY;
      });
    },
    closePane() {
      const back = pane.value === 'options' ? START_KEY : (selected.value ?? focusKey.value);
      batch(() => {
        pane.value = null;
        selected.value = null;
      });
      requestFocus(back);
    },
    setFocus(key, move = false) {
      if (move) {
        reveal(key.split('/')[0] ?? key);
        requestFocus(key);
      } else focusKey.value = key;
    },
    toggleCollapsed(key) {
      const next = new Set(collapsed.value);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      collapsed.value = next;
    },

    openAdd(place) {
      if (readOnly.value) return;
      adding.value = place;
    },
    closeAdd() {
      adding.value = null;
    },
    add(actionKey) {
      const place = adding.value;
      const sequence = draft.value;
      const item = actionByKey(actionKey);
      if (place === null || sequence === null || item === undefined) return;
      attempt(() => {
        const taken = new Set(allIds(sequence));
        const stepId = newStepId(
          { type: item.type, ...(item.action ? { action: item.action } : {}) },
          taken,
        );
        const list = stepsOf(sequence, place.list);
        const previous = itemAt(list, place.index - 1);
        const before =
          previous !== undefined
            ? [...stepsBefore(sequence, previous.id), previous]
            : placeBefore(sequence, place);
        const step = item.make({ id: stepId, before });
        const following = list.length - place.index;
        const next = insertStep(sequence, place, step);
        const where =
          previous !== undefined
            ? `after ${displayName(previous, nameIndex(sequence))}`
            : `at the top of ${listWords(sequence, place.list)}`;
        const moved =
          step.type === 'condition' && following > 0
            ? ` The ${following === 1 ? 'step' : `${following} steps`} after it moved into its Yes path.`
            : '';
        batch(() => {
          adding.value = null;
          commit(
            next,
            { label: `Add “${item.label}”`, focus: stepId },
            { focus: stepId, announce: `Added “${item.label}” ${where}.${moved}` },
          );
          selected.value = stepId;
          pane.value = 'step';
        });
      });
    },

    askDelete(stepId) {
      const sequence = draft.value;
      if (sequence === null || readOnly.value) return;
      const found = locate(sequence, stepId);
      if (found === undefined) return;
      const step = found.step;
      if (step.type === 'condition' && step.yes.length + step.no.length > 0) {
        pendingDelete.value = {
          id: stepId,
          name: displayName(step, nameIndex(sequence)),
          yes: allIds({ steps: step.yes }).length,
          no: allIds({ steps: step.no }).length,
        };
        return;
      }
      model.remove(stepId);
    },
    cancelDelete() {
      const pendingId = pendingDelete.value?.id;
      pendingDelete.value = null;
      if (pendingId !== undefined) requestFocus(pendingId);
    },
    remove(stepId, branches = 'delete') {
      const sequence = draft.value;
      if (sequence === null) return;
      attempt(() => {
        const found = locate(sequence, stepId);
        if (found === undefined) return;
        const name = stepLabel(sequence, stepId);
        const next = deleteStep(sequence, stepId, branches);
        // Focus: the step that took its place, else the one before it (the tree item order).
        const list = stepsOf(next, found.list);
        const successor = itemAt(list, found.index);
        const focus = successor?.id ?? stepId;
        const kept =
          branches === 'keep-yes'
            ? ' Its Yes path took its place.'
            : branches === 'keep-no'
              ? ' Its No path took its place.'
              : '';
        batch(() => {
          pendingDelete.value = null;
          commit(
            next,
            { label: `Delete “${name}”`, focus: stepId },
            { focus, announce: `Deleted “${name}”.${kept}` },
          );
        });
      });
    },
    moveBy(stepId, direction) {
      const sequence = draft.value;
      if (sequence === null || readOnly.value) return;
      attempt(() => {
        const result = moveByTree(sequence, stepId, direction);
        const name = stepLabel(sequence, stepId);
        if (result === null) {
          announce(
            direction === 'up'
              ? `“${name}” is already at the top of its path.`
              : `“${name}” is already at the end of its path.`,
          );
          return;
        }
        const from = locate(sequence, stepId)?.list ?? { parent: null };
        const to = locate(result.sequence, stepId)?.list ?? { parent: null };
        const announcement =
          result.kind === 'swapped'
            ? `Moved “${name}” ${direction}.`
            : result.kind === 'out-of-branch'
              ? `Moved “${name}” out of ${listWords(sequence, from)}, to just before its condition.`
              : `Moved “${name}” into ${listWords(result.sequence, to)}.`;
        commit(
          result.sequence,
          { label: `Move “${name}”`, focus: stepId },
          { focus: stepId, announce: announcement },
        );
      });
    },
    moveTo(stepId, place) {
      const sequence = draft.value;
      if (sequence === null || readOnly.value) return;
      attempt(() => {
        const next = moveStep(sequence, stepId, place);
        if (next === sequence) return;
        const name = stepLabel(sequence, stepId);
        const where = locate(next, stepId);
        commit(
          next,
          { label: `Move “${name}”`, focus: stepId },
          {
            focus: stepId,
            announce: `Moved “${name}” to ${where === undefined ? 'its new place' : listWords(next, where.list)}.`,
          },
        );
      });
    },
    duplicate(stepId) {
      const sequence = draft.value;
      if (sequence === null || readOnly.value) return;
      attempt(() => {
        const result = duplicateStep(sequence, stepId, copyStepId);
        const name = stepLabel(sequence, stepId);
        batch(() => {
          commit(
            result.sequence,
            { label: `Duplicate “${name}”`, focus: result.id },
            { focus: result.id, announce: `Duplicated “${name}”; the copy is right after it.` },
          );
          selected.value = result.id;
          pane.value = 'step';
        });
      });
    },
    startDrag(stepId) {
      if (!readOnly.value) dragging.value = stepId;
    },
    endDrag() {
      dragging.value = null;
    },

    updateStep(stepId, field, update) {
      const sequence = draft.value;
      if (sequence === null) return;
      attempt(() => {
        const next = updateInTree(sequence, stepId, update);
        commit(next, {
          label: `Change ${field} of “${stepLabel(sequence, stepId)}”`,
          focus: stepId,
          key: `${stepId}:${field}`,
        });
      });
    },
    renameStep(stepId, nextId) {
      const sequence = draft.value;
      if (sequence === null) return null;
      try {
        const next = renameInTree(sequence, stepId, nextId);
        batch(() => {
          commit(next, {
            label: `Change the id of “${stepLabel(sequence, stepId)}”`,
            focus: nextId,
          });
          if (selected.value === stepId) selected.value = nextId;
          if (focusKey.value === stepId) focusKey.value = nextId;
        });
        return null;
      } catch (failure) {
        if (failure instanceof TreeEditError) return failure.message;
        throw failure;
      }
    },
    updateSequence(field, update) {
      const sequence = draft.value;
      if (sequence === null) return;
      const next = update(sequence);
      if (next.id !== sequence.id) return;
      commit(next, { label: `Change ${field}`, focus: null, key: `sequence:${field}` });
    },

    undo: () => travel('undo'),
    redo: () => travel('redo'),

    setView(next) {
      const sequence = draft.value;
      if (sequence === null) return;
      batch(() => {
        view.value = next;
        showJson(sequence);
      });
    },
    editJson(text) {
      jsonText.value = text;
      clearTimeout(jsonTimer);
      const read = async () => {
        const { readDraftText } = await loadChecks();
        const meta = state.value;
        const sequence = draft.value;
        if (meta === null || sequence === null || jsonText.peek() !== text) return;
        const reading = readDraftText(text, id, { existing: knownRecords(meta) });
        batch(() => {
          jsonProblems.value = reading.problems;
          jsonApplied.value = reading.sequence !== null;
          if (
            reading.sequence !== null &&
            !readOnly.value &&
            draftText(reading.sequence) !== draftText(sequence)
          ) {
            commit(reading.sequence, { label: 'Edit the JSON', focus: null, key: 'json' });
          }
        });
      };
      jsonReading = new Promise((done) => {
        jsonTimer = setTimeout(() => void read().finally(done), deps.jsonDelayMs ?? 250);
      });
    },

    async edit() {
      busy.value = true;
      try {
        const reply = await transport.send('startRevision', { id });
        adopt(reply.state);
        announce(
          `Editing the next version. Records keep running version ${reply.state.baseVersion}.`,
        );
      } catch (failure) {
        notice.value = { kind: 'error', text: errorMessage(failure) };
      } finally {
        busy.value = false;
      }
    },
    askDiscard() {
      confirmDiscard.value = true;
    },
    cancelDiscard() {
      confirmDiscard.value = false;
    },
    async discard() {
      busy.value = true;
      try {
        await model.settled();
        const reply = await transport.send('discardRevision', { id });
        batch(() => {
          confirmDiscard.value = false;
          adopt(reply.state);
          notice.value = {
            kind: 'success',
            text: 'Discarded the revision. The active version is unchanged.',
          };
        });
      } catch (failure) {
        notice.value = { kind: 'error', text: errorMessage(failure) };
      } finally {
        busy.value = false;
      }
    },
    async askPublish() {
      const meta = state.value;
      const sequence = draft.value;
      if (meta === null || sequence === null) return;
      const latest = meta.versions.at(0);
      const kind = meta.mode === 'revision' ? 'publish' : 'activate';
      let note = latest === undefined ? 'First version' : '';
      if (latest !== undefined && (meta.mode === 'revision' || meta.summary.edited)) {
        try {
          const base = await transport.send('getVersion', { id, version: latest.version });
          if (base.version !== null)
            note = summarizeDiff(diffSequences(base.version.definition, sequence));
          if (note === 'No changes') note = '';
        } catch {
          // The note stays empty: the manager writes it.
        }
      }
      const warning =
        meta.mode === 'revision' && latest !== undefined && latest.version > meta.baseVersion
          ? `Version ${latest.version} was published after this revision started from version ${meta.baseVersion}. Publishing makes your revision the next version; the changes of version ${latest.version} are not in it.`
          : null;
      publishing.value = {
        note,
        warning,
        kind,
        nextVersion:
          kind === 'publish' || meta.summary.edited || meta.summary.version === 0
            ? Math.max(meta.summary.version, latest?.version ?? 0) + 1
            : meta.summary.version,
      };
    },
    cancelPublish() {
      publishing.value = null;
    },
    async publish(note) {
      busy.value = true;
      try {
        await model.settled();
        if (save.value.status !== 'saved') {
          notice.value = {
            kind: 'error',
            text: 'The draft is not saved yet; try again once it is.',
          };
          return false;
        }
        const reply = await transport.send('publishDraft', { id, note });
        const kind = publishing.value?.kind ?? 'activate';
        batch(() => {
          publishing.value = null;
          activation.value = reply.result.problems;
          if (reply.result.ok) {
            adopt(reply.state);
            notice.value = {
              kind: 'success',
              text:
                kind === 'publish'
                  ? `Published version ${reply.state.summary.version}. Records connected from now on get it; records already running stay on their version.`
                  : `Activated version ${reply.state.summary.version}. Sellers can connect records to it now.`,
            };
          } else {
            notice.value = { kind: 'error', text: 'Not activated: fix the problems listed first.' };
          }
        });
        if (reply.result.ok) deps.onPublished?.();
        return reply.result.ok;
      } catch (failure) {
        notice.value = { kind: 'error', text: errorMessage(failure) };
        return false;
      } finally {
        busy.value = false;
      }
    },
    askRestore() {
      confirmRestore.value = true;
    },
    cancelRestore() {
      confirmRestore.value = false;
    },
    async restore() {
      if (version === null) return false;
      busy.value = true;
      try {
        await transport.send('restoreVersion', { id, version });
        confirmRestore.value = false;
        deps.onRestored?.(id);
        return true;
      } catch (failure) {
        notice.value = { kind: 'error', text: errorMessage(failure) };
        return false;
      } finally {
        busy.value = false;
      }
    },
    async reloadSaved() {
      queue.pending = null;
      queue.failed = null;
      const reply = await transport.send('getDesigner', { id });
      if (reply.state !== null) adopt(reply.state);
    },
    async keepMine() {
      const mine = queue.failed ?? draft.value;
      const reply = await transport.send('getDesigner', { id });
      if (reply.state === null || mine === null) return;
      saves = reply.state.saves;
      state.value = reply.state;
      save.value = { status: 'saved', message: null };
      queue.failed = null;
      queueSave(mine);
      await model.settled();
    },
    retrySave() {
      const sequence = queue.failed ?? draft.value;
      queue.failed = null;
      if (sequence !== null) queueSave(sequence);
    },
    dismissNotice() {
      notice.value = null;
    },
    unsaved: () => queue.pending !== null || queue.inFlight !== null || queue.failed !== null,
    async settled() {
      await jsonReading;
      for (let flight = queue.inFlight; flight !== null; flight = queue.inFlight) await flight;
      await checking;
    },
    dispose() {
      disposed = true;
      clearTimeout(jsonTimer);
      clearTimeout(checkTimer);
      stopChecks();
    },
  };
  return model;
}

/** The steps before the top of a list: before its condition, on the condition's own path. */
function placeBefore(sequence: Sequence, place: Place): Step[] {
  if (place.list.parent === null) return [];
  return stepsBefore(sequence, place.list.parent);
}

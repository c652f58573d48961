/**
 * The designer's tree (issue #16, items 2, 4 and 9): "Sequence starts here", the steps, and
 * each condition's Yes and No paths side by side, with an add control between steps, after the
 * last and at the top of each path. It follows the WAI-ARIA tree pattern: one tab stop (roving
 * tabindex), arrow keys move, → / ← open and close conditions, Enter opens the properties
 * pane, Delete removes, A (or Insert) opens "Add an action", Alt+↑ / Alt+↓ move the step,
 * Ctrl+D duplicates. Steps can be dragged onto any add control.
 *
 * Each step is a memoised component that reads only its own slice of the model (selected,
 * focused, problems), so an edit re-renders the steps it changed and their parents, not the tree.
 */
import { useComputed } from '@preact/signals';
import type { ComponentChild } from 'preact';
import { memo } from 'preact/compat';
import { useEffect, useRef, useState } from 'preact/hooks';

import { displayName } from '../../lib/designer/labels';
import type { PlacedProblem } from '../../lib/designer/problem-places';
import { isInside, type ListRef, type Place } from '../../lib/designer/tree';
import {
  pathKey,
  START_KEY,
  type DesignerModel,
  type TreeKey,
} from '../../lib/models/console/designer-model';
import { formatDuration, stepName } from '../../lib/sequence/steps';
import type { ConditionStep, Sequence, Step } from '../../lib/sequence/types';
import { conditionText } from '../console/format';
import { ENTITY_WORDS, STEP_TYPE_SHORT } from '../../lib/domain/words';
import { t, tCount } from '../../lib/i18n';

const LINKEDIN_LABELS = {
  research: 'Research',
  introduction: 'Get introduced',
  connect: 'Connect',
  inmail: 'Send InMail',
} as const;

/** The line under a step's name: what it does, in a few words. */
function stepSummary(step: Step, nameOf: (id: string) => string): string {
  switch (step.type) {
    case 'email':
      return step.template === undefined || step.template.subject.trim() === ''
        ? 'No template yet: the seller writes the email'
        : `Subject: ${step.template.subject}`;
    case 'text':
      return step.template === undefined || step.template.body.trim() === ''
        ? 'No template yet: the seller writes the message'
        : step.template.body;
    case 'linkedin':
      return LINKEDIN_LABELS[step.action];
    case 'wait':
      return `Wait ${formatDuration(step.days, step.hours)}`;
    case 'condition':
      return conditionText(step.if, step.within, nameOf);
    case 'update-field':
      return step.field === ''
        ? 'No field chosen yet'
        : `Set ${step.field} to ${String(step.value)}`;
    case 'move-to-sequence':
      return step.sequence === '' ? 'No sequence chosen yet' : `Move to sequence ${step.sequence}`;
    case 'call':
      return 'Call the record’s phone; the seller records the outcome';
    case 'task':
      return step.description ?? 'A task the seller completes by hand';
    case 'ab-test': {
      const split = step.split ?? 50;
      const kind = (version: 'a' | 'b') => (step[version].type === 'email' ? 'email' : 'text');
      return `Version A (${kind('a')}) to ${String(split)}%, version B (${kind('b')}) to ${String(100 - split)}%`;
    }
  }
}

const idAsName = (id: string): string => id;

/** A clock and a fork, drawn: system fonts often lack those symbols. */
const CLOCK = (
  <svg
    viewBox="0 0 16 16"
    width="16"
    height="16"
    fill="none"
    stroke="currentColor"
    stroke-width="1.6"
  >
    <circle cx="8" cy="8" r="6.2" />
    <path d="M8 4.5V8l2.5 1.8" stroke-linecap="round" />
  </svg>
);
const FORK = (
  <svg
    viewBox="0 0 16 16"
    width="16"
    height="16"
    fill="none"
    stroke="currentColor"
    stroke-width="1.6"
  >
    <path d="M8 2v5M8 7 3.5 12M8 7l4.5 5" stroke-linecap="round" />
    <circle cx="3.5" cy="13" r="1.3" />
    <circle cx="12.5" cy="13" r="1.3" />
  </svg>
);

const TYPE_ICONS: Record<Step['type'], ComponentChild> = {
  email: '✉',
  call: '☎',
  text: '✆',
  task: '✓',
  linkedin: 'in',
  wait: CLOCK,
  condition: FORK,
  'update-field': '✎',
  'ab-test': 'A/B',
  'move-to-sequence': '↪',
};

/** The add control at a place: a button, and a drop target while a step is dragged. */
function AddControl({
  model,
  place,
  label,
  tabbable,
}: {
  model: DesignerModel;
  place: Place;
  label: string;
  tabbable: boolean;
}) {
  const [over, setOver] = useState(false);
  const readOnly = model.readOnly.value;
  if (readOnly) return null;
  const droppable = (): boolean => {
    const dragged = model.dragging.peek();
    const draft = model.draft.peek();
    return dragged !== null && draft !== null && !isInside(draft, place.list, dragged);
  };
  return (
    <div
      class={`d-add${over ? ' d-add--over' : ''}`}
      onDragOver={(event) => {
        if (!droppable()) return;
        event.preventDefault();
        if (event.dataTransfer !== null) event.dataTransfer.dropEffect = 'move';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const dragged = model.dragging.peek();
        if (dragged !== null && droppable()) model.moveTo(dragged, place);
        model.endDrag();
      }}
    >
      <button
        type="button"
        class="d-add__button"
        tabIndex={tabbable ? 0 : -1}
        aria-label={label}
        title={label}
        data-place={`${place.list.parent ?? ''}/${place.list.parent === null ? '' : place.list.branch}/${place.index}`}
        onClick={() => model.openAdd(place)}
      >
        <span aria-hidden="true">+</span>
      </button>
    </div>
  );
}

function ProblemLines({ id, problems }: { id: string; problems: readonly PlacedProblem[] }) {
  return (
    <ul class="d-step__problems" id={id}>
      {problems.map((problem, index) => (
        <li key={`${index}-${problem.message}`}>{problem.message} </li>
      ))}
    </ul>
  );
}

interface StepItemProps {
  model: DesignerModel;
  step: Step;
  level: number;
  position: number;
  size: number;
  /** The list it is in, as plain values so an unchanged step's props compare equal. */
  parent: string | null;
  branch: 'yes' | 'no' | null;
  index: number;
}

/** The list a step is in, from `StepItemProps`'s plain values. */
const listOf = (parent: string | null, branch: 'yes' | 'no' | null): ListRef =>
  parent === null ? { parent: null } : { parent, branch: branch ?? 'yes' };

const StepItem = memo(function StepItem({
  model,
  step,
  level,
  position,
  size,
  parent,
  branch,
  index,
}: StepItemProps) {
  const id = step.id;
  const selected = useComputed(() => model.selected.value === id).value;
  const tabbable = useComputed(() => model.focusKey.value === id).value;
  const problems = useComputed(() => model.problems.value.byStep.get(id)).value ?? [];
  const collapsed = useComputed(() => model.collapsed.value.has(id)).value;
  const readOnly = model.readOnly.value;
  // Only conditions name other steps: only they follow every name (typing a name elsewhere
  // re-renders the conditions, not every step).
  const nameOf = step.type === 'condition' ? model.nameOf.value : idAsName;
  const name = step.type === 'condition' ? displayName(step, nameOf) : stepName(step);
  const summary = stepSummary(step, nameOf);
  const type =
    step.type === 'linkedin'
      ? `LinkedIn · ${LINKEDIN_LABELS[step.action]}`
      : t(STEP_TYPE_SHORT[step.type]);
  const problemsId = `d-problems-${id}`;
  const groupId = `d-group-${id}`;
  // The name is the card's own visible text (axe: label-content-name-mismatch); the paths of a
  // condition sit beside it in a group the item owns, so they are not part of its name.
  const label = [
    type,
    name,
    summary !== name ? summary : '',
    ...problems.map((problem) => problem.message),
  ]
    .filter((part) => part !== '')
    .join(', ');
  return (
    <li role="none" class={`d-node d-node--${step.type}`}>
      <div
        role="treeitem"
        class={`d-item d-item--${step.type}${selected ? ' is-selected' : ''}`}
        data-key={id}
        aria-level={level}
        aria-posinset={position}
        aria-setsize={size}
        aria-selected={selected}
        aria-expanded={step.type === 'condition' ? !collapsed : undefined}
        aria-owns={step.type === 'condition' && !collapsed ? groupId : undefined}
        aria-label={label}
        tabIndex={tabbable ? 0 : -1}
      >
        <div
          class={`d-step${problems.length > 0 ? ' d-step--invalid' : ''}`}
          draggable={!readOnly}
          onClick={() => {
            model.select(id);
            model.setFocus(id, true);
          }}
          onDragStart={(event) => {
            event.dataTransfer?.setData('text/plain', id);
            if (event.dataTransfer !== null) event.dataTransfer.effectAllowed = 'move';
            model.startDrag(id);
          }}
          onDragEnd={() => model.endDrag()}
        >
          <span class={`d-step__icon d-step__icon--${step.type}`} aria-hidden="true">
            {TYPE_ICONS[step.type]}
          </span>{' '}
          {/* Spaces between the parts: without them their words run together for assistive technology. */}
          <span class="d-step__text">
            <span class="d-step__type">{type}</span> <span class="d-step__name">{name}</span>{' '}
            {summary !== name && <span class="d-step__summary">{summary}</span>}{' '}
            {problems.length > 0 && <ProblemLines id={problemsId} problems={problems} />}
          </span>{' '}
          {step.type === 'condition' && (
            // A mouse shortcut for → / ← on the item (the item itself says expanded or not).
            <span
              class="d-step__toggle"
              aria-hidden="true"
              title={collapsed ? 'Show the paths' : 'Hide the paths'}
              onClick={(event) => {
                event.stopPropagation();
                model.toggleCollapsed(id);
              }}
            >
              {collapsed ? '▸' : '▾'}
            </span>
          )}
        </div>
        {step.type !== 'condition' && (
          <AddControl
            model={model}
            place={{ list: listOf(parent, branch), index: index + 1 }}
            label={`Add a step after ${name}`}
            tabbable={tabbable}
          />
        )}
      </div>
      {step.type === 'condition' && !collapsed && (
        <ul role="group" id={groupId} class="d-branches">
          <PathItem
            model={model}
            condition={step}
            conditionName={name}
            branch="yes"
            level={level + 1}
          />
          <PathItem
            model={model}
            condition={step}
            conditionName={name}
            branch="no"
            level={level + 1}
          />
        </ul>
      )}
    </li>
  );
});

const PathItem = memo(function PathItem({
  model,
  condition,
  conditionName,
  branch,
  level,
}: {
  model: DesignerModel;
  condition: ConditionStep;
  conditionName: string;
  branch: 'yes' | 'no';
  level: number;
}) {
  const key = pathKey(condition.id, branch);
  const steps = condition[branch];
  const tabbable = useComputed(() => model.focusKey.value === key).value;
  const collapsed = useComputed(() => model.collapsed.value.has(key)).value;
  const word = branch === 'yes' ? 'Yes' : 'No';
  const where = `the ${word} path of ${conditionName}`;
  const groupId = `d-group-${condition.id}-${branch}`;
  const count =
    steps.length === 0 ? 'The sequence ends here on this path.' : tCount('stepCount', steps.length);
  return (
    <li role="none" class={`d-path-col d-path-col--${branch}`}>
      <div
        role="treeitem"
        class={`d-path d-path--${branch}`}
        data-key={key}
        aria-level={level}
        aria-posinset={branch === 'yes' ? 1 : 2}
        aria-setsize={2}
        aria-expanded={!collapsed}
        aria-owns={!collapsed && steps.length > 0 ? groupId : undefined}
        // Visible: "Yes" (and "The sequence ends here" when empty); the rest in parentheses, which
        // name-matching checks skip.
        aria-label={`${word}${steps.length === 0 ? `, ${count}` : ''} (${word} path of ${conditionName}${steps.length === 0 ? '' : `, ${count}`})`}
        tabIndex={tabbable ? 0 : -1}
      >
        <div class="d-path__head">
          <span class={`d-path__label d-path__label--${branch}`}>{word}</span>{' '}
          <span
            class="d-step__toggle"
            aria-hidden="true"
            title={collapsed ? 'Show this path' : 'Hide this path'}
            onClick={() => model.toggleCollapsed(key)}
          >
            {collapsed ? '▸' : '▾'}
          </span>
        </div>
        {!collapsed && steps.length === 0 && <p class="d-path__end muted">{count}</p>}
        {!collapsed && (
          <AddControl
            model={model}
            place={{ list: { parent: condition.id, branch }, index: 0 }}
            label={`Add a step to ${where}`}
            tabbable={tabbable}
          />
        )}
      </div>
      {!collapsed && steps.length > 0 && (
        <StepGroup
          model={model}
          id={groupId}
          steps={steps}
          parent={condition.id}
          branch={branch}
          level={level + 1}
        />
      )}
    </li>
  );
});

const StepGroup = memo(function StepGroup({
  model,
  id,
  steps,
  parent,
  branch,
  level,
}: {
  model: DesignerModel;
  id: string;
  steps: readonly Step[];
  parent: string;
  branch: 'yes' | 'no';
  level: number;
}) {
  return (
    <ul role="group" id={id} class="d-group">
      {steps.map((step, index) => (
        <StepItem
          key={step.id}
          model={model}
          step={step}
          level={level}
          position={index + 1}
          size={steps.length}
          parent={parent}
          branch={branch}
          index={index}
        />
      ))}
    </ul>
  );
});

function StartItem({
  model,
  sequence,
  size,
}: {
  model: DesignerModel;
  sequence: Sequence;
  size: number;
}) {
  const tabbable = useComputed(() => model.focusKey.value === START_KEY).value;
  const problems = useComputed(() =>
    model.problems.value.sequence.filter(
      (problem) => problem.field === 'steps' || problem.field === '',
    ),
  ).value;
  const selected = useComputed(() => model.pane.value === 'options').value;
  const entity = t(ENTITY_WORDS.label[sequence.entity]);
  return (
    <li role="none" class="d-node d-node--start">
      <div
        role="treeitem"
        class={`d-item d-item--start${selected ? ' is-selected' : ''}`}
        data-key={START_KEY}
        aria-level={1}
        aria-posinset={1}
        aria-setsize={size}
        aria-selected={selected}
        aria-label={[
          'Sequence starts here',
          `${entity} sequence`,
          ...problems.map((problem) => problem.message),
        ].join(', ')}
        aria-describedby="d-start-hint"
        tabIndex={tabbable ? 0 : -1}
      >
        <div
          class="d-start"
          onClick={() => {
            model.openOptions();
            model.setFocus(START_KEY, true);
          }}
        >
          <span class="d-start__tile">Sequence starts here</span>{' '}
          <span class="muted">{entity} sequence</span>{' '}
          {problems.length > 0 && <ProblemLines id="d-problems-start" problems={problems} />}
        </div>
        <span id="d-start-hint" hidden>
          Enter opens the sequence options.
        </span>
        <AddControl
          model={model}
          place={{ list: { parent: null }, index: 0 }}
          label="Add a step at the start of the sequence"
          tabbable={tabbable}
        />
      </div>
    </li>
  );
}

/** The place "after" a tree item, where A / Insert adds. */
function placeAfter(sequence: Sequence, key: TreeKey): Place | null {
  if (key === START_KEY) return { list: { parent: null }, index: 0 };
  const [stepId = '', branch] = key.split('/');
  if (branch === 'yes' || branch === 'no') return { list: { parent: stepId, branch }, index: 0 };
  const visit = (steps: readonly Step[], list: ListRef): Place | null => {
    for (const [index, step] of steps.entries()) {
      if (step.id === stepId) {
        // After a condition comes nothing (branches do not join): add to its Yes path instead.
        return step.type === 'condition'
          ? { list: { parent: step.id, branch: 'yes' }, index: step.yes.length }
          : { list, index: index + 1 };
      }
      if (step.type === 'condition') {
        const found =
          visit(step.yes, { parent: step.id, branch: 'yes' }) ??
          visit(step.no, { parent: step.id, branch: 'no' });
        if (found !== null) return found;
      }
    }
    return null;
  };
  return visit(sequence.steps, { parent: null });
}

export function DesignerTree({
  model,
  sequence,
  onOpenPane,
}: {
  model: DesignerModel;
  sequence: Sequence;
  /** Enter: open the pane and move focus into it. */
  onOpenPane: () => void;
}) {
  const root = useRef<HTMLUListElement>(null);
  const focusRequest = model.focusRequest.value;
  const dragging = model.dragging.value !== null;
  const checked = model.checked.value;

  // Move DOM focus where the model asks (after an edit, undo, a move...).
  useEffect(() => {
    if (focusRequest === null) return undefined;
    let frames = 0;
    let handle = 0;
    const move = (): void => {
      // While a modal dialog (Add an action, Delete) is still open, the page is inert and focus
      // cannot move; the dialog gives focus back to its opener as it closes, then we move it on.
      if (document.querySelector('dialog[open]') !== null && frames++ < 60) {
        handle = requestAnimationFrame(move);
        return;
      }
      // The key asked for, not the current one: the dialog's closing focused its opener meanwhile.
      const element = root.current?.querySelector<HTMLElement>(
        `[data-key="${CSS.escape(focusRequest.key)}"]`,
      );
      if (element !== null && element !== undefined) {
        element.focus();
        element.scrollIntoView({ block: 'nearest' });
      }
    };
    move();
    return () => cancelAnimationFrame(handle);
  }, [focusRequest, model]);

  const items = (): HTMLElement[] => [
    ...(root.current?.querySelectorAll<HTMLElement>('[role="treeitem"]') ?? []),
  ];

  /** The item that owns the group `item` is in (the tree pattern's "parent node"). */
  const parentItem = (item: HTMLElement): HTMLElement | undefined => {
    const group = item.closest('li')?.parentElement;
    if (group?.getAttribute('role') !== 'group' || group.id === '') return undefined;
    return (
      root.current?.querySelector<HTMLElement>(`[aria-owns="${CSS.escape(group.id)}"]`) ?? undefined
    );
  };

  const focusItem = (element: HTMLElement | undefined): void => {
    const key = element?.dataset['key'];
    if (key !== undefined) model.setFocus(key, true);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    const target = event.target as HTMLElement;
    const item = target.closest<HTMLElement>('[role="treeitem"]');
    // Keys typed in the add button act on its item; other controls keep their own keys.
    if (item === null || (target !== item && !target.classList.contains('d-add__button'))) return;
    const key = item.dataset['key'] ?? START_KEY;
    const isStep = key !== START_KEY && !key.includes('/');
    const all = items();
    const at = all.indexOf(item);
    const expandable = item.getAttribute('aria-expanded') !== null;
    const expanded = item.getAttribute('aria-expanded') === 'true';
    const mod = event.ctrlKey || event.metaKey;
    let handled = true;
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      if (isStep) model.moveBy(key, event.key === 'ArrowUp' ? 'up' : 'down');
    } else if (event.key === 'ArrowDown') focusItem(all[at + 1]);
    else if (event.key === 'ArrowUp') focusItem(at > 0 ? all[at - 1] : undefined);
    else if (event.key === 'Home') focusItem(all[0]);
    else if (event.key === 'End') focusItem(all.at(-1));
    else if (event.key === 'ArrowRight') {
      if (expandable && !expanded) model.toggleCollapsed(key);
      else if (expandable) focusItem(all[at + 1]);
    } else if (event.key === 'ArrowLeft') {
      if (expandable && expanded) model.toggleCollapsed(key);
      else focusItem(parentItem(item));
    } else if (event.key === 'Enter' || event.key === 'F2') {
      if (key === START_KEY) model.openOptions();
      else if (isStep) model.select(key);
      else {
        handled = false;
      }
      if (handled) onOpenPane();
    } else if (event.key === ' ') {
      if (key === START_KEY) model.openOptions();
      else if (isStep) model.select(key);
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && isStep) {
      model.askDelete(key);
    } else if (
      (event.key === 'a' || event.key === 'A' || event.key === 'Insert' || event.key === '+') &&
      !mod
    ) {
      const place = placeAfter(sequence, key);
      if (place !== null) model.openAdd(place);
    } else if (mod && (event.key === 'd' || event.key === 'D') && isStep) {
      model.duplicate(key);
    } else if (event.key === '*') {
      // The pattern's "expand all siblings": open every condition.
      for (const element of all) {
        if (element.getAttribute('aria-expanded') === 'false')
          model.toggleCollapsed(element.dataset['key'] ?? '');
      }
    } else handled = false;
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  return (
    <ul
      ref={root}
      role="tree"
      class={`d-tree${dragging ? ' is-dragging' : ''}`}
      // Whether the problems shown describe this draft (the benchmark waits for it).
      data-checked={checked ? 'true' : 'false'}
      aria-label={`Steps of ${sequence.name}`}
      aria-describedby="d-tree-keys"
      onKeyDown={onKeyDown}
      onFocusIn={(event) => {
        const item = (event.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
        const key = item?.dataset['key'];
        if (key !== undefined && item === event.target) model.setFocus(key);
      }}
    >
      <StartItem model={model} sequence={sequence} size={sequence.steps.length + 1} />
      {sequence.steps.map((step, index) => (
        <StepItem
          key={step.id}
          model={model}
          step={step}
          level={1}
          position={index + 2}
          size={sequence.steps.length + 1}
          parent={null}
          branch={null}
          index={index}
        />
      ))}
    </ul>
  );
}

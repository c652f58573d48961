/**
 * Which fields the properties pane shows for a step, as problem paths (`days`,
 * `template.subject`, `if.all[1].value`), so each of the validator's messages is shown at the
 * field it is about, and anything else at the top of the pane.
 */
import { fieldFor, type PlacedProblem } from '../../lib/designer/problem-places';
import type { Condition, Step } from '../../lib/sequence/types';

function conditionPaths(condition: Condition, base: string): string[] {
  const paths = [base];
  if ('email' in condition) paths.push(`${base}.email`, `${base}.step`);
  else if ('call' in condition) paths.push(`${base}.call`, `${base}.step`);
  else if ('field' in condition) paths.push(`${base}.field`, `${base}.op`, `${base}.value`);
  else if ('stage' in condition) paths.push(`${base}.stage`);
  else {
    const key = 'all' in condition ? 'all' : 'any';
    const list = 'all' in condition ? condition.all : condition.any;
    paths.push(`${base}.${key}`);
    for (const [index, inner] of list.entries()) {
      paths.push(...conditionPaths(inner, `${base}.${key}[${index}]`));
    }
  }
  return paths;
}

export function stepFieldPaths(step: Step): string[] {
  const paths = ['id', 'name', 'description'];
  switch (step.type) {
    case 'email':
      paths.push('template', 'template.subject', 'template.body');
      break;
    case 'text':
      paths.push('template', 'template.body');
      break;
    case 'linkedin':
      paths.push('action', 'template', 'template.body');
      break;
    case 'wait':
      paths.push('days', 'hours');
      break;
    case 'condition':
      paths.push(...conditionPaths(step.if, 'if'), 'within', 'within.days', 'within.hours');
      break;
    case 'update-field':
      paths.push('field', 'value');
      break;
    case 'move-to-sequence':
      paths.push('sequence');
      break;
    case 'call':
    case 'task':
      break;
  }
  return paths;
}

/** The problems of one step grouped by the field they are shown at ('' for the top). */
export function groupProblems(
  problems: readonly PlacedProblem[],
  fields: readonly string[],
): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const problem of problems) {
    const at = fieldFor(problem.field, fields);
    const list = groups.get(at);
    if (list === undefined) groups.set(at, [problem.message]);
    else list.push(problem.message);
  }
  return groups;
}

import { useId } from 'preact/hooks';

import {
  newGroup,
  newRow,
  type GroupDraft,
  type RowDraft,
} from '../../lib/models/console/segment-draft';
import type { SeenField } from '../../lib/models/console/types';
import { FIELD_OPS, VALUELESS_FIELD_OPS, type FieldOp } from '../../lib/sequence/types';

const OP_LABEL: Record<FieldOp, string> = {
  equals: 'is',
  'not-equals': 'is not',
  contains: 'contains',
  'not-contains': 'does not contain',
  'begins-with': 'begins with',
  'ends-with': 'ends with',
  in: 'is one of (comma-separated)',
  'is-empty': 'is empty',
  'is-not-empty': 'has a value',
  'greater-than': 'is more than',
  'less-than': 'is less than',
  'greater-or-equal': 'is at least',
  'less-or-equal': 'is at most',
  between: 'is between (low, high)',
  'in-last-days': 'is within the last … days',
  'in-next-days': 'is within the next … days',
};

/** Fields every CRM page may show, offered even before Upnext has seen them. */
const COMMON_FIELDS = ['name', 'email', 'company', 'jobTitle', 'stage', 'owner'];

const MAX_ROWS = 10;

function Row(props: {
  row: RowDraft;
  index: number;
  fields: SeenField[];
  canAdd: boolean;
  onChange: (row: RowDraft) => void;
  onRemove: () => void;
}) {
  const { row, fields } = props;
  const id = useId();
  const seen = fields.find((field) => field.key === row.field);
  const keys = [...new Set([...fields.map((field) => field.key), ...COMMON_FIELDS])];
  const valueless = (VALUELESS_FIELD_OPS as readonly string[]).includes(row.op);
  const label = `Condition ${props.index + 1}`;
  return (
    <li class="builder__row">
      <label>
        <span class="visually-hidden">{label}: what to check</span>
        <select
          value={row.type}
          onChange={(event) =>
            props.onChange({ ...row, type: event.currentTarget.value as RowDraft['type'] })
          }
        >
          <option value="field">Field</option>
          <option value="crm">CRM is one of</option>
          <option value="host">Page host is one of</option>
        </select>
      </label>
      {row.type === 'field' && (
        <>
          <label>
            <span class="visually-hidden">{label}: field</span>
            <input
              list={`${id}-fields`}
              value={row.field}
              placeholder="Field, e.g. jobTitle"
              onInput={(event) => props.onChange({ ...row, field: event.currentTarget.value })}
            />
            <datalist id={`${id}-fields`}>
              {keys.map((key) => (
                <option key={key} value={key}>
                  {fields.find((field) => field.key === key)
                    ? `seen on ${fields.find((field) => field.key === key)?.records ?? 0} records`
                    : 'not seen yet'}
                </option>
              ))}
            </datalist>
          </label>
          <label>
            <span class="visually-hidden">{label}: comparison</span>
            <select
              value={row.op}
              onChange={(event) =>
                props.onChange({ ...row, op: event.currentTarget.value as FieldOp })
              }
            >
              {FIELD_OPS.map((op) => (
                <option key={op} value={op}>
                  {OP_LABEL[op]}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {(!valueless || row.type !== 'field') && (
        <label>
          <span class="visually-hidden">{label}: value</span>
          <input
            list={`${id}-values`}
            value={row.value}
            placeholder={
              row.type === 'crm'
                ? 'e.g. salesforce, hubspot'
                : row.type === 'host'
                  ? 'e.g. app.example.com, *.example.com'
                  : 'Value'
            }
            onInput={(event) => props.onChange({ ...row, value: event.currentTarget.value })}
          />
          {seen !== undefined && row.type === 'field' && (
            <datalist id={`${id}-values`}>
              {seen.values.map((value) => (
                <option key={value} value={value} />
              ))}
            </datalist>
          )}
        </label>
      )}
      <button type="button" class="button button--small button--quiet" onClick={props.onRemove}>
        Remove<span class="visually-hidden"> {label.toLowerCase()}</span>
      </button>
    </li>
  );
}

/** A group of conditions: all or any of them, with rows and nested groups. */
export function GroupEditor(props: {
  group: GroupDraft;
  fields: SeenField[];
  depth: number;
  /** Rows in the whole segment: no more can be added at 10. */
  total: number;
  onChange: (group: GroupDraft) => void;
  onRemove?: () => void;
}) {
  const { group } = props;
  const canAdd = props.total < MAX_ROWS;
  const set = (index: number, item: RowDraft | GroupDraft) =>
    props.onChange({ ...group, items: group.items.map((old, i) => (i === index ? item : old)) });
  const remove = (index: number) =>
    props.onChange({ ...group, items: group.items.filter((_, i) => i !== index) });
  let rowNumber = 0;
  return (
    <fieldset class={`builder__group builder__group--depth-${Math.min(props.depth, 3)}`}>
      <legend>
        <label>
          Records match when{' '}
          <select
            value={group.mode}
            onChange={(event) =>
              props.onChange({ ...group, mode: event.currentTarget.value as 'all' | 'any' })
            }
          >
            <option value="all">all</option>
            <option value="any">any</option>
          </select>{' '}
          of these hold
        </label>
      </legend>
      <ul class="builder__items">
        {group.items.map((item, index) =>
          item.kind === 'row' ? (
            <Row
              key={item.key}
              row={item}
              index={rowNumber++}
              fields={props.fields}
              canAdd={canAdd}
              onChange={(row) => set(index, row)}
              onRemove={() => remove(index)}
            />
          ) : (
            <li key={item.key}>
              <GroupEditor
                group={item}
                fields={props.fields}
                depth={props.depth + 1}
                total={props.total}
                onChange={(inner) => set(index, inner)}
                onRemove={() => remove(index)}
              />
            </li>
          ),
        )}
      </ul>
      <div class="actions">
        <button
          type="button"
          class="button button--small"
          disabled={!canAdd}
          onClick={() => props.onChange({ ...group, items: [...group.items, newRow()] })}
        >
          Add condition
        </button>
        <button
          type="button"
          class="button button--small"
          disabled={!canAdd || props.depth >= 7}
          onClick={() =>
            props.onChange({
              ...group,
              items: [...group.items, newGroup(group.mode === 'all' ? 'any' : 'all')],
            })
          }
        >
          Add group
        </button>
        {props.onRemove && (
          <button type="button" class="button button--small button--quiet" onClick={props.onRemove}>
            Remove group
          </button>
        )}
        {!canAdd && <span class="muted">A segment can have at most {MAX_ROWS} conditions.</span>}
      </div>
    </fieldset>
  );
}

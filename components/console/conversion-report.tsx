import { useId } from 'preact/hooks';

import type { ConversionWarning } from '../../lib/convert/types';
import type { ImportConversion } from '../../lib/models/console/import-model';
import { ENTITY_WORDS } from '../../lib/domain/words';
import { t, tCount } from '../../lib/i18n';
import { ENTITIES } from '../../lib/sequence/types';
import type { Entity } from '../../lib/sequence/types';

export interface ConversionSummaryProps {
  conversion: ImportConversion;
  busy: boolean;
  onEntity: (entity: Entity) => void;
}

/** "Recognised: Outreach API document …", and the record type the sequences are for. */
export function ConversionSummary({ conversion, busy, onEntity }: ConversionSummaryProps) {
  const entityId = useId();
  return (
    <div class="notice convert-summary" data-testid="conversion-summary">
      <p>
        <strong>Recognised: {conversion.source.shape}.</strong> Upnext converted it into{' '}
        {tCount('sequenceCount', conversion.sequences)}; the dry run below is for the converted
        sequences, and nothing changes in the other tool.
      </p>
      <div class="field convert-summary__entity">
        <label for={entityId} class="field__label">
          Record type of the converted sequences
        </label>
        <select
          id={entityId}
          class="select"
          value={conversion.entity}
          disabled={busy}
          onChange={(event) => onEntity(event.currentTarget.value as Entity)}
        >
          {ENTITIES.map((entity) => (
            <option key={entity} value={entity}>
              {t(ENTITY_WORDS.label[entity])}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

interface Group {
  sequence: string | null;
  warnings: ConversionWarning[];
}

function groups(warnings: readonly ConversionWarning[]): Group[] {
  const out: Group[] = [];
  for (const warning of warnings) {
    const group = out.find((item) => item.sequence === warning.sequence);
    if (group === undefined) out.push({ sequence: warning.sequence, warnings: [warning] });
    else group.warnings.push(warning);
  }
  // The whole file first, then sequences in the order they were converted.
  return out.sort((a, b) => (a.sequence === null ? -1 : b.sequence === null ? 1 : 0));
}

/** Everything that did not carry over, per sequence, each with its step and its input path. */
export function ConversionWarnings({ warnings }: { warnings: readonly ConversionWarning[] }) {
  const titleId = useId();
  return (
    <aside class="convert-warnings" aria-labelledby={titleId} data-testid="conversion-warnings">
      <h3 id={titleId}>
        {warnings.length === 0
          ? 'Everything carried over'
          : `Did not carry over exactly (${warnings.length.toLocaleString()})`}
      </h3>
      {warnings.length > 0 && (
        <p class="muted">
          Check these before you activate the sequences. The place in your file is shown for each.
        </p>
      )}
      {groups(warnings).map((group) => (
        <section key={group.sequence ?? ''} class="convert-warnings__group">
          <h4>{group.sequence ?? 'The whole file'}</h4>
          <ul class="convert-warnings__list">
            {group.warnings.map((warning, index) => (
              <li key={index}>
                <span class="convert-warnings__where">
                  {warning.step !== null && <span class="badge">{warning.step}</span>}
                  {warning.path !== '' && <code>{warning.path}</code>}
                </span>
                <span>{warning.message}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}

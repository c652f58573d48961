import { ENTITY_WORDS } from '../../lib/domain/words';
import { t, tCount } from '../../lib/i18n';
import type { TemplateSummary } from '../../lib/models/console/types';

/**
 * What a template list item says about a built-in template: its name, record type, step count
 * and description. The console's "Create from a template" dialog and the designer's "New
 * sequence" dialog both list templates with it, each with its own button.
 */
export function TemplateItemText({ template }: { template: TemplateSummary }) {
  return (
    <div>
      <strong>{template.name}</strong>
      <span class="muted">
        {' '}
        · {t(ENTITY_WORDS.label[template.entity])} · {tCount('stepCount', template.steps)}
      </span>
      {template.description !== null && (
        <p class="muted template-list__description">{template.description}</p>
      )}
    </div>
  );
}

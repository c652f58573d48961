/** Merge fields in email, text and LinkedIn templates: `{{firstName}}`, `{{ seller.name }}`. */

export type TemplateFields = Record<string, string | number | boolean | undefined>;

export interface RenderedTemplate {
  text: string;
  /** Merge fields that had no value (unknown or empty), each once, in order of appearance. */
  emptyFields: string[];
}

const MERGE_FIELD = /\{\{\s*([A-Za-z_$][\w$.-]*)\s*\}\}/g;

export function renderTemplate(
  text: string,
  fields: TemplateFields,
  seller: { name?: string },
): RenderedTemplate {
  const empty = new Set<string>();
  const rendered = text.replace(MERGE_FIELD, (_match, key: string) => {
    const value =
      key === 'seller.name' ? seller.name : Object.hasOwn(fields, key) ? fields[key] : undefined;
    const textValue = value === undefined ? '' : String(value);
    if (textValue.trim() === '') empty.add(key);
    return textValue;
  });
  return { text: rendered, emptyFields: [...empty] };
}

/** The merge fields a template uses, each once. */
export function mergeFields(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(MERGE_FIELD), (match) => match[1]))];
}

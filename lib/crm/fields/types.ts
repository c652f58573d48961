export const FIELD_KEYS = [
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'company',
  'jobTitle',
  'stage',
  'owner',
] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

/** Field key → CSS selectors tried in order; `host >>> inner` steps into an open shadow root. */
type FieldSelectors = Partial<Record<FieldKey, readonly string[]>>;

/** How one CRM's fields are read. */
export interface CrmFieldConfig {
  selectors: FieldSelectors;
  /** Look inside open shadow roots when the light DOM has no visible match (LWC). */
  shadow?: boolean;
  /**
   * The generic label/value fallback for fields the selectors did not find: `false` (the
   * selectors are trusted alone), or the containers to search (`document` when empty).
   */
  fallback: false | readonly string[];
}

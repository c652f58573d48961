import type { CRM_IDS, Entity } from '../../sequence/types';

export type { Entity };

/** The built-in CRM identifiers `detectRecord` can return. */
export type CrmId = (typeof CRM_IDS)[number];

/** A recognised record page: which CRM, which of the four entities, and the canonical id. */
export type { RecordRef } from '../../domain/record-ref';

/** What a URL rule finds; `detect.ts` adds the `crm`. */
export interface RuleMatch {
  entity: Entity;
  id: string;
  /** The record's edit form (docs/crms.md, "Edit pages"): its fields are inputs being edited. */
  edit?: true;
}

/**
 * One CRM's knowledge about URLs. `isHost` says whether a SaaS hostname belongs to this CRM
 * (self-hosted-only CRMs return false for every host: they are matched through user-added
 * instances only). `match` reads an already-parsed URL and never throws.
 */
export interface CrmRule {
  crm: CrmId;
  isHost: (hostname: string) => boolean;
  match: (url: URL) => RuleMatch | null;
}

/** A lookup table whose reads may miss (the tsconfig has no `noUncheckedIndexedAccess`). */
export type Lookup<T> = Readonly<Partial<Record<string, T>>>;

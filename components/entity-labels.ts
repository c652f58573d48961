import type { Entity } from '../lib/sequence/types';

/** A record type as a label (console, work list). */
export const ENTITY_LABELS: Record<Entity, string> = {
  lead: 'Lead',
  contact: 'Contact',
  account: 'Account',
  opportunity: 'Opportunity',
};

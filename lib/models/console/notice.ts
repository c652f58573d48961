/**
 * What a console section says after an action (a save, an activation, a failure): shown in the
 * section's live region until dismissed or replaced (components/console/live-notice.tsx).
 */
export interface Notice {
  /** `error` is announced assertively (role="alert"), `success` politely (role="status"). */
  kind: 'success' | 'error';
  text: string;
}

/**
 * The name of the key that goes with Z, Shift+Z and D in the designer's shortcuts, as the
 * keyboard prints it: ⌘ on Apple devices, Ctrl elsewhere (the handlers accept either key).
 */
const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);
export const MOD = isMac ? '⌘' : 'Ctrl';
/** The same key as `aria-keyshortcuts` spells it. */
export const ARIA_MOD = isMac ? 'Meta' : 'Control';

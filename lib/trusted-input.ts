/**
 * Only the seller acts in the panel. The panel lives in a closed shadow root, so a script of the
 * CRM page (a third-party widget, an injected script) cannot reach its elements; and should one
 * ever hold a reference anyway, its synthetic events (`el.click()`, `dispatchEvent`) are stopped
 * here, before any of the panel's handlers or the browser's default action (a button's click,
 * a form's submit) can run. Events the browser makes from real input, including the click a
 * keyboard Enter or Space makes on a button and the click a label passes to its radio, are
 * `isTrusted` and pass.
 */

/** Every kind of event through which the seller acts or types in the panel. */
const USER_INPUT_EVENTS = [
  'click',
  'dblclick',
  'auxclick',
  'contextmenu',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
  'pointermove',
  'keydown',
  'keyup',
  'keypress',
  'beforeinput',
  'input',
  'change',
  'submit',
] as const;

function stopUntrusted(event: Event): void {
  if (event.isTrusted) return;
  event.stopImmediatePropagation();
  event.preventDefault();
}

/**
 * Stops every untrusted input event inside `root` (the panel's shadow root) in the capture
 * phase, so it reaches none of the handlers below. Returns the function that removes the guard.
 */
export function acceptOnlyTrustedInput(root: EventTarget): () => void {
  for (const type of USER_INPUT_EVENTS)
    root.addEventListener(type, stopUntrusted, { capture: true });
  return () => {
    for (const type of USER_INPUT_EVENTS)
      root.removeEventListener(type, stopUntrusted, { capture: true });
  };
}

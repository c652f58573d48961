import type { ComponentChildren, Ref } from 'preact';

export interface ActionButtonProps {
  children: ComponentChildren;
  onClick: () => void;
  /** This button's action is in flight: it shows a spinner. */
  busy?: boolean;
  /**
   * Some action is in flight. The button stays focusable (`aria-disabled`, not `disabled`) so
   * keyboard focus is not thrown back to the CRM page, but clicks do nothing.
   */
  locked?: boolean;
  variant?: 'primary' | 'secondary' | 'quiet' | 'danger';
  expanded?: boolean;
  hasPopup?: 'menu' | 'dialog';
  buttonRef?: Ref<HTMLButtonElement>;
  label?: string;
  /** Takes focus when its dialog opens (components/modal-dialog.tsx). */
  autofocus?: boolean;
}

export function ActionButton({
  children,
  onClick,
  busy = false,
  locked = false,
  variant = 'secondary',
  expanded,
  hasPopup,
  buttonRef,
  label,
  autofocus = false,
}: ActionButtonProps) {
  return (
    <button
      ref={buttonRef}
      type="button"
      class={`button button--${variant}${busy ? ' is-busy' : ''}`}
      aria-disabled={locked || busy ? 'true' : undefined}
      aria-busy={busy ? 'true' : undefined}
      aria-expanded={expanded === undefined ? undefined : expanded ? 'true' : 'false'}
      aria-haspopup={hasPopup}
      aria-label={label}
      data-autofocus={autofocus ? '' : undefined}
      onClick={() => {
        if (!locked && !busy) onClick();
      }}
    >
      {busy && <span class="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}

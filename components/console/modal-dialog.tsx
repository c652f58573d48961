import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

export interface ModalDialogProps {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  /** Extra class for the dialog (e.g. `dialog--danger`). */
  class?: string;
}

/**
 * A native `<dialog>` opened with `showModal()`: the browser traps focus and closes it on
 * Escape. Mount it to open it, unmount it to close it; focus goes back to whatever had it.
 */
export function ModalDialog({ title, onClose, children, class: className }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return undefined;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal();
    else dialog.setAttribute('open', '');
    const first = dialog.querySelector<HTMLElement>(
      '[data-autofocus], input, select, textarea, button',
    );
    first?.focus();
    const onCancel = (event: Event): void => {
      // Escape: let the owner unmount us, so the model stays the source of truth.
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open && typeof dialog.close === 'function') dialog.close();
      if (opener?.isConnected === true) opener.focus();
    };
  }, []);

  return (
    <dialog ref={ref} class={`dialog ${className ?? ''}`} aria-labelledby={titleId}>
      <h2 id={titleId} class="dialog__title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}

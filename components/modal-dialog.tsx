import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

export interface ModalDialogProps {
  title: string;
  /** A line under the title, read out with it (`aria-describedby`). */
  description?: string;
  onClose: () => void;
  children: ComponentChildren;
  /** Extra class for the dialog (e.g. `dialog--danger`). */
  class?: string;
}

const FOCUSABLE =
  'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href]';

/**
 * The one modal pattern of the console, the work list and the panel: a native `<dialog>` opened
 * with `showModal()`. The browser keeps focus inside and makes the rest of the page inert (also
 * from the panel's shadow root on a CRM page); Escape and a click on the backdrop close it.
 * Mount it to open it, unmount it to close it: the owner's state stays the source of truth, and
 * focus goes back to whatever had it (found in the dialog's own root, a document or a shadow root).
 */
export function ModalDialog({
  title,
  description,
  onClose,
  children,
  class: className,
}: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return undefined;
    const root = dialog.getRootNode() as Document | ShadowRoot;
    const active = root.activeElement;
    const opener = active instanceof HTMLElement ? active : null;
    if (typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal();
    else dialog.setAttribute('open', '');
    // `data-autofocus` first (e.g. Cancel of a destructive question), else the first control.
    (
      dialog.querySelector<HTMLElement>('[data-autofocus]') ??
      dialog.querySelector<HTMLElement>(FOCUSABLE)
    )?.focus();
    const onCancel = (event: Event): void => {
      // Escape: let the owner unmount us.
      event.preventDefault();
      onCloseRef.current();
    };
    const onClick = (event: MouseEvent): void => {
      // A click on the dialog element itself is a click on its backdrop (content has padding).
      if (event.target !== dialog) return;
      const box = dialog.getBoundingClientRect();
      const inside =
        event.clientX >= box.left &&
        event.clientX <= box.right &&
        event.clientY >= box.top &&
        event.clientY <= box.bottom;
      if (!inside) onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    dialog.addEventListener('click', onClick);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('click', onClick);
      if (dialog.open && typeof dialog.close === 'function') dialog.close();
      // Preact runs this cleanup after the dialog has left the DOM, possibly after the owner
      // moved focus on (the designer focuses the step a dialog added): only give focus back
      // to the opener when it is lost (on the body, or on nothing in this root).
      const active = root.activeElement;
      const lost = active === null || active === document.body || !active.isConnected;
      if (lost && opener?.isConnected === true) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      class={className === undefined ? 'dialog' : `dialog ${className}`}
      aria-labelledby={titleId}
      aria-describedby={description === undefined ? undefined : descriptionId}
    >
      <h2 id={titleId} class="dialog__title">
        {title}
      </h2>
      {description !== undefined && (
        <p id={descriptionId} class="dialog__description">
          {description}
        </p>
      )}
      {children}
    </dialog>
  );
}

import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal dialog. The browser's own `<dialog>`: the page behind is inert, Tab stays inside,
 * Escape closes it, and the focus goes back where it was.
 */
export function Dialog({ title, children, onClose, role = 'dialog', describedBy }: { title: string; children: ReactNode; onClose: () => void; role?: 'dialog' | 'alertdialog'; describedBy?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  // Its own ids: a dialog may open over another (asking before a restore).
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const before = document.activeElement;
    dialog?.showModal();
    return () => {
      dialog?.close();
      if (before instanceof HTMLElement) before.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog card"
      role={role === 'alertdialog' ? role : undefined}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

/** Asks before something that cannot be undone; Cancel has the focus. */
export function ConfirmDialog({ title, text, confirm, onConfirm, onCancel }: { title: string; text: string; confirm: string; onConfirm: () => void; onCancel: () => void }) {
  const textId = useId();
  return (
    <Dialog title={title} onClose={onCancel} role="alertdialog" describedBy={textId}>
      <p id={textId}>{text}</p>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="danger primary" onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </Dialog>
  );
}

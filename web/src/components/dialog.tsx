import type { ReactNode } from 'react';

/** A modal dialog; Escape closes it. */
export function Dialog({ title, children, onClose, role = 'dialog', describedBy }: { title: string; children: ReactNode; onClose: () => void; role?: 'dialog' | 'alertdialog'; describedBy?: string }) {
  return (
    <div className="backdrop" onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <div className="dialog card" role={role} aria-modal="true" aria-labelledby="dialog-title" aria-describedby={describedBy}>
        <h2 id="dialog-title">{title}</h2>
        {children}
      </div>
    </div>
  );
}

/** Asks before something that cannot be undone; Cancel has the focus. */
export function ConfirmDialog({ title, text, confirm, onConfirm, onCancel }: { title: string; text: string; confirm: string; onConfirm: () => void; onCancel: () => void }) {
  return (
    <Dialog title={title} onClose={onCancel} role="alertdialog" describedBy="dialog-text">
      <p id="dialog-text">{text}</p>
      <div className="dialog-actions">
        <button type="button" autoFocus onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="danger primary" onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </Dialog>
  );
}

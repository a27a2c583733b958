/*
 * What stops the user from leaving a screen with unsaved work: the screen holding it sets a
 * check, and every way of leaving asks first (in-app links and Back through the router, reload
 * and closing the tab through `beforeunload`).
 */

let check: (() => string | null) | null = null;

/** Sets the check (a message when there is unsaved work); the returned function removes it. */
export function guardLeaving(unsaved: () => string | null): () => void {
  check = unsaved;
  const onUnload = (event: BeforeUnloadEvent) => {
    if (unsaved()) event.preventDefault();
  };
  window.addEventListener('beforeunload', onUnload);
  return () => {
    window.removeEventListener('beforeunload', onUnload);
    if (check === unsaved) check = null;
  };
}

/** Whether the user may leave the screen now: yes when nothing is unsaved, else as they answer. */
export function mayLeave(): boolean {
  const message = check?.();
  return !message || window.confirm(message);
}

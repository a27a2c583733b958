const LABELS: Record<string, string> = { pending: 'Queued', running: 'Running', success: 'Success', failed: 'Failed', timeout: 'Timed out', cancelled: 'Cancelled', skipped: 'Skipped', partial: 'Partly done', passed: 'Passed', stopped: 'Stopped the flow' };

/** A run's or a step's status, coloured by outcome. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status}`}>{LABELS[status] ?? status}</span>;
}

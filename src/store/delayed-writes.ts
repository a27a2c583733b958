/**
 * Writes that may wait and be superseded. Entries added under a key are written together once
 * the first of them is `delayMs` old, every key then due in one call; a key dropped before that
 * (a later write records all its entries say) is never written. One write runs at a time, so a
 * key's entries land in the order they were added. A write that fails is not tried again: only
 * what a later write makes good waits here.
 */
export class DelayedWrites<Entry> {
  readonly #write: (due: Map<string, Entry[]>) => Promise<void>;
  readonly #delayMs: number;
  readonly #maxKeys: number;
  /** By key, in the order each key was first added: the first one is always the oldest. */
  readonly #pending = new Map<string, { since: number; entries: Entry[] }>();
  #timer: NodeJS.Timeout | undefined;
  #writing = false;

  constructor(write: (due: Map<string, Entry[]>) => Promise<void>, delayMs: number, maxKeys = 256) {
    this.#write = write;
    this.#delayMs = delayMs;
    this.#maxKeys = maxKeys;
  }

  add(key: string, entry: Entry): void {
    const pending = this.#pending.get(key);
    if (pending) pending.entries.push(entry);
    else this.#pending.set(key, { since: Date.now(), entries: [entry] });
    this.#arm();
  }

  /** Forgets what waits under `key`: it will not be written. */
  drop(key: string): void {
    this.#pending.delete(key);
  }

  #arm(): void {
    if (this.#timer || this.#writing) return;
    const oldest = this.#pending.values().next().value;
    if (!oldest) return;
    this.#timer = setTimeout(() => void this.#flush(), Math.max(0, oldest.since + this.#delayMs - Date.now()));
    // Nothing here is worth keeping a process alive for.
    this.#timer.unref();
  }

  async #flush(): Promise<void> {
    this.#timer = undefined;
    this.#writing = true;
    const now = Date.now();
    const due = new Map<string, Entry[]>();
    for (const [key, pending] of this.#pending) {
      if (pending.since + this.#delayMs > now || due.size >= this.#maxKeys) break;
      due.set(key, pending.entries);
      this.#pending.delete(key);
    }
    try {
      if (due.size > 0) await this.#write(due);
    } catch {
      // Lost on purpose: the write that supersedes these records them too.
    } finally {
      this.#writing = false;
      this.#arm();
    }
  }
}

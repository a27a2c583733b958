/**
 * Groups calls into batches, one statement per batch instead of one per call: calls made in the
 * same turn of the event loop, and every call made while the previous batch is in the database,
 * go out together. Under load batches grow on their own; alone, a call waits for nothing.
 */
export class Batcher<Input, Output> {
  readonly #write: (inputs: Input[]) => Promise<Output[] | void>;
  readonly #maxBatch: number;
  #waiting: Call<Input, Output>[] = [];
  #writing = false;

  /** `write` answers one output per input, in the same order (or nothing, for writes that answer nothing). */
  constructor(write: (inputs: Input[]) => Promise<Output[] | void>, maxBatch = 256) {
    this.#write = write;
    this.#maxBatch = maxBatch;
  }

  /** Batches reads of rows by key: one `select ... where key in (...)` per batch, each caller given its row. */
  static byKey<Row>(select: (keys: string[]) => Promise<Row[]>, keyOf: (row: Row) => string): Batcher<string, Row | undefined> {
    return new Batcher(async (keys) => {
      const rows = new Map((await select([...new Set(keys)])).map((row) => [keyOf(row), row]));
      return keys.map((key) => rows.get(key));
    });
  }

  /**
   * Like byKey, for rows that each belong to a workspace: each workspace's keys are one select,
   * made by `select` in that workspace (where row-level security holds it to the workspace).
   */
  static byKeyIn<Row>(select: (workspaceId: string, keys: string[]) => Promise<Row[]>, keyOf: (row: Row) => string): Batcher<{ workspaceId: string; key: string }, Row | undefined> {
    return new Batcher(async (asked) => {
      const found = new Map<string, Row>();
      for (const [workspaceId, calls] of groupBy(asked, (call) => call.workspaceId)) {
        for (const row of await select(workspaceId, [...new Set(calls.map((call) => call.key))])) found.set(`${workspaceId}/${keyOf(row)}`, row);
      }
      return asked.map((one) => found.get(`${one.workspaceId}/${one.key}`));
    });
  }

  call(input: Input): Promise<Output> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ input, resolve, reject });
      if (!this.#writing) {
        this.#writing = true;
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0, this.#maxBatch);
      // A batch that fails is written again call by call, so one bad call does not fail the others.
      if (batch.length > 1 && (await this.#settle(batch))) continue;
      for (const call of batch) await this.#settle([call], true);
    }
    this.#writing = false;
  }

  /** Writes a batch and answers its calls; false when it failed and `final` is not set. */
  async #settle(batch: Call<Input, Output>[], final = false): Promise<boolean> {
    try {
      const outputs = await this.#write(batch.map((call) => call.input));
      batch.forEach((call, index) => call.resolve(outputs?.[index] as Output));
      return true;
    } catch (error) {
      if (!final) return false;
      for (const call of batch) call.reject(error);
      return true;
    }
  }
}

interface Call<Input, Output> {
  input: Input;
  resolve: (output: Output) => void;
  reject: (error: unknown) => void;
}

/** Items by a key of each, in the order they came. */
export function groupBy<T, K>(items: T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

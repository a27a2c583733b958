import { setTimeout as sleep } from 'node:timers/promises';
import type { Job, PgBoss } from 'pg-boss';
import { describeError } from '../store/index.ts';
import type { Pause } from '../engine/index.ts';

/** What a queued job carries: the execution or flow run to run. */
export interface JobData {
  id: string;
}

/** Runs one job to its end; throwing fails the attempt (pg-boss tries it again). */
export type JobRunner = (data: JobData, pause: Pause) => Promise<void>;

export interface DispatchOptions {
  /** Runs this process keeps busy at once. */
  concurrency: number;
  /** Runs of one workspace running at once across every worker, counted in the database; none when absent. */
  workspaceLimit?: number;
  onError: (error: Error) => void;
}

/** Heartbeats go at this pace; a queue's `heartbeatSeconds` must be well above it. */
const HEARTBEAT_MS = 3_000;
/** Finished jobs are completed together this long after the first of them ended: one statement for many runs. */
const SETTLE_MS = 20;
/** How often an idle worker looks for jobs it was not told about (a lost NOTIFY). */
const POLL_MS = 500;

/**
 * The slots a workspace may keep busy: four fifths of all, divided evenly between the workspaces
 * with runs going. The fifth left over is what lets a workspace with nothing running start at
 * once, however many slots the others are waiting on a slow remote with.
 */
function shareOf(slots: number, workspaces: number): number {
  return Math.max(1, Math.floor((slots * 4) / 5 / Math.max(1, workspaces)));
}

interface Workspace {
  id: string;
  /** Runs holding a slot. */
  awake: number;
  /** Runs this process holds for it, awake or paused. */
  held: number;
  /** Runs waiting for a slot (a pause that is over, or a job fetched past its share), first come first served. */
  waking: (() => void)[];
}

interface Queue {
  name: string;
  run: JobRunner;
  /** Jobs this process holds, for heartbeats. */
  held: Map<string, Job<JobData>>;
  /** Finished jobs, completed together shortly after (SETTLE_MS). */
  completed: Job<JobData>[];
  /** The last fetch came back full: there may be more waiting. */
  more: boolean;
  /** Workspaces the last fetch left out (their share was running): there may be jobs of theirs waiting. */
  passedOver: Set<string>;
}

/**
 * Takes jobs from pg-boss queues and runs them, each settling on its own, with this process's
 * slots shared fairly between workspaces: a workspace is not fetched for while it has its share
 * running, a run paused between tries gives its slot back until its pause is over, and each
 * finished run makes room for the next job at once. Jobs are fetched as slots free up, when the
 * database says a job was queued (LISTEN/NOTIFY) and, as a backstop, every half second.
 */
export class Dispatcher {
  readonly #boss: PgBoss;
  readonly #options: DispatchOptions;
  readonly #queues: Queue[] = [];
  readonly #workspaces = new Map<string, Workspace>();
  #awake = 0;
  #held = 0;
  #fetching = false;
  #again = false;
  #stopping = false;
  #timers: NodeJS.Timeout[] = [];
  #listening?: { close(): Promise<void> };
  #emptied?: () => void;

  constructor(boss: PgBoss, options: DispatchOptions) {
    this.#boss = boss;
    this.#options = options;
  }

  /** Runs the jobs of queue `name` with `run`. */
  add(name: string, run: JobRunner): void {
    this.#queues.push({ name, run, held: new Map(), completed: [], more: true, passedOver: new Set() });
  }

  /** Starts fetching; `channel` is where pg-boss announces new jobs. */
  async start(channel: string): Promise<void> {
    const listen = this.#boss.getDb().listen;
    if (listen) {
      this.#listening = await listen
        .call(this.#boss.getDb(), channel, (name) => this.#told(name), () => this.#told())
        .catch((error: unknown) => {
          this.#options.onError(error as Error);
          return undefined;
        });
    }
    this.#timers.push(setInterval(() => this.#told(), POLL_MS), setInterval(() => void this.#heartbeat(), HEARTBEAT_MS));
    this.#fetch();
  }

  /** Jobs were queued (in `name`, or anywhere when the listener missed some): fetch now or as soon as a slot frees. */
  #told(name?: string): void {
    for (const queue of this.#queues) if (name === undefined || queue.name === name) queue.more = true;
    this.#fetch();
  }

  /** Stops fetching and waits (up to `timeoutMs`) for the runs it holds to end. */
  async stop(timeoutMs: number): Promise<void> {
    this.#stopping = true;
    for (const timer of this.#timers) clearInterval(timer);
    await this.#listening?.close().catch(() => undefined);
    if (this.#held > 0) {
      const emptied = new Promise<void>((resolve) => (this.#emptied = resolve));
      await Promise.race([emptied, sleep(timeoutMs)]);
    }
    await this.#settle();
  }

  /**
   * What the next fetch may take: at most the free slots, and no more than the workspace with the
   * least room left could start, keeping a share open for a workspace not seen yet; workspaces
   * with no room are left out.
   */
  #plan(): { batchSize: number; ignoreGroups: string[] } {
    const slots = this.#options.concurrency;
    let waiting = 0;
    for (const workspace of this.#workspaces.values()) waiting += workspace.waking.length;
    const going = this.#going();
    let batchSize = Math.min(slots - this.#awake - waiting, shareOf(slots, going + 1));
    const ignoreGroups: string[] = [];
    for (const workspace of this.#workspaces.values()) {
      const room = this.#room(workspace, going);
      if (room === 0) ignoreGroups.push(workspace.id);
      else batchSize = Math.min(batchSize, room);
    }
    return { batchSize, ignoreGroups };
  }

  /** Runs `workspace` could start now: what its share leaves, none while it holds as many runs as there are slots. */
  #room(workspace: Workspace, going = this.#going()): number {
    if (workspace.held >= this.#options.concurrency) return 0;
    return Math.max(0, this.#shareFor(workspace, going) - workspace.awake - workspace.waking.length);
  }

  /** Workspaces with runs holding a slot or waiting for one. */
  #going(): number {
    let count = 0;
    for (const workspace of this.#workspaces.values()) if (workspace.awake > 0 || workspace.waking.length > 0) count++;
    return count;
  }

  /** The slots `workspace` may keep busy, counting it among the workspaces going (`going`, counted by the caller when it asks for many). */
  #shareFor(workspace: Workspace, going = this.#going()): number {
    return shareOf(this.#options.concurrency, going + (workspace.awake > 0 || workspace.waking.length > 0 ? 0 : 1));
  }

  /**
   * Fetches while there are free slots and jobs to fill them, from the next turn of the event loop
   * (so the slots a burst of finished runs frees are filled by one fetch); calls while a fetch is
   * going make it go round again.
   */
  #fetch(): void {
    if (this.#stopping) return;
    if (this.#fetching) {
      this.#again = true;
      return;
    }
    this.#fetching = true;
    setImmediate(() => void this.#fetchAll());
  }

  async #fetchAll(): Promise<void> {
    try {
      do {
        this.#again = false;
        for (const queue of this.#queues) {
          // A queue whose last fetch found all it had is asked again once told of new jobs (or at the next poll).
          if (!queue.more && queue.passedOver.size === 0) continue;
          const { batchSize, ignoreGroups } = this.#plan();
          if (batchSize <= 0 || this.#stopping) break;
          const jobs = await this.#boss.fetch<JobData>(queue.name, {
            batchSize,
            ...(ignoreGroups.length > 0 ? { ignoreGroups } : {}),
            ...(this.#options.workspaceLimit ? { groupConcurrency: this.#options.workspaceLimit } : {}),
          });
          queue.more = jobs.length === batchSize;
          queue.passedOver = new Set(queue.more ? [] : ignoreGroups);
          for (const job of jobs) this.#start(queue, job);
          if (queue.more) this.#again = true;
        }
      } while (this.#again && !this.#stopping && this.#plan().batchSize > 0);
    } catch (error) {
      // The next poll tries again (the database may be back by then).
      this.#options.onError(error as Error);
    } finally {
      this.#fetching = false;
    }
  }

  /** Runs a fetched job once its workspace has room within its share (at once, unless one fetch brought more than that). */
  #start(queue: Queue, job: Job<JobData>): void {
    const workspace = this.#workspace(job.groupId ?? '');
    queue.held.set(job.id, job);
    workspace.held++;
    this.#held++;
    const pause: Pause = async (ms) => {
      this.#release(workspace);
      await sleep(ms);
      await this.#take(workspace);
    };
    void this.#take(workspace)
      .then(() => queue.run(job.data, pause))
      .then(
        () => {
          queue.completed.push(job);
          if (queue.completed.length === 1) setTimeout(() => void this.#settle(), SETTLE_MS);
        },
        (error: unknown) => {
          this.#options.onError(error as Error);
          return this.#boss.fail(queue.name, job, { message: describeError(error) }).catch(this.#options.onError);
        },
      )
      .finally(() => {
        queue.held.delete(job.id);
        workspace.held--;
        this.#held--;
        this.#release(workspace);
        if (workspace.held === 0) this.#workspaces.delete(workspace.id);
        if (this.#held === 0) this.#emptied?.();
      });
  }

  #workspace(id: string): Workspace {
    let workspace = this.#workspaces.get(id);
    if (!workspace) this.#workspaces.set(id, (workspace = { id, awake: 0, held: 0, waking: [] }));
    return workspace;
  }

  /** Takes a slot for a run of `workspace` when it is within its share, counting it among the workspaces going. */
  #tryTake(workspace: Workspace, going?: number): boolean {
    if (this.#awake >= this.#options.concurrency || workspace.awake >= this.#shareFor(workspace, going)) return false;
    workspace.awake++;
    this.#awake++;
    return true;
  }

  /** A slot for a run of `workspace`: now, or when one frees up within its share, first come first served. */
  async #take(workspace: Workspace): Promise<void> {
    if (this.#tryTake(workspace)) return;
    await new Promise<void>((resolve) => workspace.waking.push(resolve));
  }

  /** A run gives its slot back (it ended or paused): runs waiting for one go first, then new jobs. */
  #release(workspace: Workspace): void {
    workspace.awake--;
    this.#awake--;
    // Granting a slot to a run that waits for one changes no workspace's going or not: counted once.
    const going = this.#going();
    for (const other of this.#workspaces.values()) {
      while (other.waking.length > 0 && this.#tryTake(other, going)) other.waking.shift()!();
    }
    // A workspace left out of the last fetch is fetched for again once it has room for a few runs
    // (an eighth of its share): slots are refilled a few at a time, not one fetch per finished run.
    if (this.#queues.some((queue) => queue.more)) this.#fetch();
    else if (this.#queues.some((queue) => queue.passedOver.has(workspace.id)) && this.#room(workspace) >= Math.max(1, Math.floor(this.#shareFor(workspace) / 8))) this.#fetch();
  }

  /** Completes finished jobs, one statement per queue. */
  async #settle(): Promise<void> {
    for (const queue of this.#queues) {
      const jobs = queue.completed.splice(0);
      // A job that could not be completed is run again once its heartbeat stops; its run is already over, so that attempt ends at once.
      if (jobs.length > 0) await this.#boss.complete(queue.name, jobs).catch(this.#options.onError);
    }
  }

  /** Tells the database this process still runs the jobs it holds, so only a dead worker's jobs are run again. */
  async #heartbeat(): Promise<void> {
    for (const queue of this.#queues) {
      if (queue.held.size > 0) await this.#boss.touch(queue.name, [...queue.held.values()]).catch(this.#options.onError);
    }
  }
}

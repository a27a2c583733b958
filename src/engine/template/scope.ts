import { Context } from 'liquidjs';
import { chargeTo, liquid, RenderBudget } from './language.ts';

/**
 * How a run's templates tell secrets apart: which root variables may hold them, whether a value
 * holds one, and where a value made from one goes (it is secret too).
 */
export interface SecretWatch {
  /** Whether values under this root variable (`credentials`, `step_1`) may hold secrets. */
  watches(root: string): boolean;
  /** Whether a value read under a watched root is, or holds, a secret. */
  holds(value: string): boolean;
  /** A value a template made from a secret, through any filter: it is a secret from now on. */
  add(value: string): void;
}

/**
 * The data templates read, with its liquid contexts made once, when first needed. When it
 * watches for secrets, liquid reads the watched roots through proxies: any read of a value that
 * holds a secret, however the template names it (`credentials[name]`, a loop, an assign), marks
 * the evaluation as tainted.
 */
export class Scope {
  readonly data: Record<string, unknown>;
  readonly budget: RenderBudget;
  readonly secrets: SecretWatch | undefined;
  /** Set when the evaluation going on read a secret; reset before each one. */
  tainted = false;
  #strict: Context | undefined;
  #lenient: Context | undefined;
  #view: Record<string, unknown> | undefined;
  readonly #proxies = new WeakMap<object, object>();

  constructor(data: Record<string, unknown>, options: { secrets?: SecretWatch; budget?: RenderBudget } = {}) {
    this.data = data;
    this.secrets = options.secrets;
    this.budget = options.budget ?? new RenderBudget();
  }

  /** The run's context, shared by templates without tags (outputs cannot define anything). */
  context(strict: boolean): Context {
    if (strict) return (this.#strict ??= chargeTo(new Context(this.#liquidView(), liquid.options, { sync: true }), this.budget));
    return (this.#lenient ??= chargeTo(new Context(this.#liquidView(), liquid.options, { sync: true, strictVariables: false }, { memoryLimit: this.context(true).memoryLimit }), this.budget));
  }

  /** A context of its own for one template with tags: what it assigns stays in it, and it stops when the budget is spent. */
  freshContext(strict: boolean): Context {
    const context = new Context(this.#liquidView(), liquid.options, { sync: true, strictVariables: strict, renderLimit: this.budget.leftMs }, { memoryLimit: this.context(true).memoryLimit });
    return chargeTo(context, this.budget);
  }

  /** Notes a value read directly (not through liquid) under `root`. */
  check(root: unknown, value: unknown): void {
    if (this.secrets && typeof root === 'string' && this.secrets.watches(root) && this.holdsSecret(value)) this.tainted = true;
  }

  /** A value liquid gave back, as plain data: watched parts are copied out, so reading them is seen now. */
  plain(value: unknown, depth = 0): unknown {
    if (typeof value !== 'object' || value === null || this.secrets === undefined || depth > 200) return value;
    if (Array.isArray(value)) return value.map((item) => this.plain(item, depth + 1));
    // Dates and liquid's drops are values, not data to copy; watched objects are plain JSON behind a proxy.
    if (Object.getPrototypeOf(value) !== Object.prototype) return value;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = this.plain((value as Record<string, unknown>)[key], depth + 1);
    return out;
  }

  /** Whether a value is, or holds anywhere inside, a secret. */
  holdsSecret(value: unknown, depth = 0): boolean {
    if (this.secrets === undefined) return false;
    if (typeof value === 'string') return this.secrets.holds(value);
    if (typeof value !== 'object' || value === null || depth > 200) return false;
    for (const item of Object.values(value)) if (this.holdsSecret(item, depth + 1)) return true;
    return false;
  }

  /** The data as liquid reads it: watched roots behind proxies. */
  #liquidView(): Record<string, unknown> {
    if (this.secrets === undefined) return this.data;
    const secrets = this.secrets;
    return (this.#view ??= new Proxy(this.data, {
      get: (target, key, receiver) => {
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof key === 'string' && secrets.watches(key) ? this.#watch(value) : value;
      },
    }));
  }

  #watch(value: unknown): unknown {
    if (typeof value === 'string') {
      if (this.secrets!.holds(value)) this.tainted = true;
      return value;
    }
    if (typeof value !== 'object' || value === null) return value;
    let proxy = this.#proxies.get(value);
    if (!proxy) {
      proxy = new Proxy(value, {
        get: (target, key, receiver) => {
          const item: unknown = Reflect.get(target, key, receiver);
          return typeof key === 'symbol' || (key === 'length' && Array.isArray(target)) ? item : this.#watch(item);
        },
      });
      this.#proxies.set(value, proxy);
    }
    return proxy;
  }
}

/**
 * A map of values derived from inputs that repeat (templates, paths, hosts, content types,
 * credentials), made once each. Past `limit` entries the oldest is forgotten, so hostile or
 * endless variety cannot grow it without bound.
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The value for `key`, made by `make` the first time (a `make` that throws caches nothing). */
  get(key: K, make: (key: K) => V): V {
    let value = this.#entries.get(key);
    if (value === undefined) {
      value = make(key);
      if (this.#entries.size >= this.#limit) this.#entries.delete(this.#entries.keys().next().value as K);
      this.#entries.set(key, value);
    }
    return value;
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }
}

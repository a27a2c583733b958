import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings for a server process that holds the embedded database, set before it opens it.
 * PGlite is PostgreSQL compiled to WebAssembly. By default V8 compiles it twice, a quick baseline
 * first and optimized code for what runs hot, and what the second compiles take stays with the
 * process; compiled optimized at once it is about 35 MiB smaller at peak and no slower, for 1–2 s
 * more at startup. The JavaScript heap grows by at most 10% of its live size between full
 * collections (by default up to several times, mostly garbage: a run's objects outlive a young
 * collection). Measured in docs/benchmarks.md: peak RSS under load 410–500 → 280–300 MiB.
 */
export function tuneForEmbeddedDatabase(): void {
  setFlagsFromString('--no-liftoff');
  setFlagsFromString('--heap-growing-percent=10');
}

/** The wall clock the engine reads, injected so tests control time (a leaf: imports nothing). */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

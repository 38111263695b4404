/**
 * A map from a key to one or more values that stores a lone value as itself, not in a `Set` or `Map`.
 *
 * The SIP tables index each held registration several ways (by user, by flow, by contact, by session
 * token), and nearly every key has exactly one value: one binding per flow, one flow per token. A `Set`
 * per key costs ~160 bytes of V8 heap (the object and its smallest hash table); with these maps the four
 * indexes of a registration cost a map entry each (bench/memory.ts: ~0.8 kB less per held registration).
 *
 * Several values share an array in insertion order (an update with `replace` keeps the position), so
 * removing one costs a scan of that key's values: they are few (a user's devices, a connection's
 * registrations), and even thousands of pointers scan in microseconds.
 *
 * Values must not be arrays themselves (an array is read as "several values").
 */
export class OneOrMany<K, V> {
  private readonly map = new Map<K, V | V[]>();

  /** Keys held. */
  get size(): number {
    return this.map.size;
  }

  keys(): IterableIterator<K> {
    return this.map.keys();
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  /** The values of `key` in insertion order (a fresh or shared array: do not change it). */
  get(key: K): readonly V[] {
    const held = this.map.get(key);
    if (held === undefined) return [];
    return Array.isArray(held) ? held : [held];
  }

  /** How many values `key` has. */
  count(key: K): number {
    const held = this.map.get(key);
    return held === undefined ? 0 : Array.isArray(held) ? held.length : 1;
  }

  /** Adds `value` to `key` (a value already there is added again: callers keep them distinct). */
  add(key: K, value: V): void {
    const held = this.map.get(key);
    if (held === undefined) this.map.set(key, value);
    else if (Array.isArray(held)) held.push(value);
    else this.map.set(key, [held, value]);
  }

  /** Puts `value` where `old` was (same position); false when `old` is not a value of `key`. */
  replace(key: K, old: V, value: V): boolean {
    const held = this.map.get(key);
    if (held === undefined) return false;
    if (!Array.isArray(held)) {
      if (held !== old) return false;
      this.map.set(key, value);
      return true;
    }
    const i = held.indexOf(old);
    if (i < 0) return false;
    held[i] = value;
    return true;
  }

  /** Removes `value` from `key` (the key goes with its last value); false when it was not there. */
  delete(key: K, value: V): boolean {
    const held = this.map.get(key);
    if (held === undefined) return false;
    if (!Array.isArray(held)) {
      if (held !== value) return false;
      this.map.delete(key);
      return true;
    }
    const i = held.indexOf(value);
    if (i < 0) return false;
    held.splice(i, 1);
    if (held.length === 1) this.map.set(key, held[0]!);
    return true;
  }

  /** Removes `key` with all its values; returns them. */
  take(key: K): readonly V[] {
    const values = this.get(key);
    this.map.delete(key);
    return values;
  }
}

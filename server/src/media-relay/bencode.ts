/**
 * Bencode, the encoding of rtpengine's ng control protocol (the BitTorrent format, BEP 3:
 * https://www.bittorrent.org/beps/bep_0003.html#bencoding).
 *
 * - integers `i42e`, byte strings `4:spam`, lists `l…e`, dictionaries `d…e` with keys sorted as raw bytes.
 * - Strings decode to JS strings (UTF-8); rtpengine never sends binary values in replies we read.
 * - Booleans and `undefined` are not bencode types: `encode` refuses them rather than guess.
 */

/** A value bencode can carry. */
export type BencodeValue =
  number | string | readonly BencodeValue[] | { readonly [key: string]: BencodeValue };

/** The input is not valid bencode, or a value cannot be encoded. */
export class BencodeError extends Error {
  override readonly name = 'BencodeError';
}

/** Encodes `value`; dictionary keys are written in sorted order as the format requires. */
export function encode(value: BencodeValue): Buffer {
  const parts: Buffer[] = [];
  write(value, parts);
  return Buffer.concat(parts);
}

function write(value: BencodeValue, out: Buffer[]): void {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new BencodeError(`bencode integers must be whole numbers, got ${value}`);
    out.push(Buffer.from(`i${value}e`, 'ascii'));
  } else if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    out.push(Buffer.from(`${bytes.length}:`, 'ascii'), bytes);
  } else if (Array.isArray(value)) {
    out.push(Buffer.from('l', 'ascii'));
    for (const item of value as readonly BencodeValue[]) write(item, out);
    out.push(Buffer.from('e', 'ascii'));
  } else if (typeof value === 'object' && value !== null) {
    const dict = value as { readonly [key: string]: BencodeValue };
    out.push(Buffer.from('d', 'ascii'));
    const keys = Object.keys(dict).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const key of keys) {
      const item = dict[key];
      if (item === undefined) continue;
      write(key, out);
      write(item, out);
    }
    out.push(Buffer.from('e', 'ascii'));
  } else {
    throw new BencodeError(`cannot bencode a ${typeof value}`);
  }
}

/** Decodes one complete bencoded value; trailing bytes are an error. */
export function decode(input: Uint8Array): BencodeValue {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const [value, end] = read(bytes, 0, 0);
  if (end !== bytes.length) throw new BencodeError(`trailing bytes after the value at offset ${end}`);
  return value;
}

/** Nesting deeper than this is refused (a hostile reply must not exhaust the stack). */
const MAX_DEPTH = 64;

function read(bytes: Buffer, at: number, depth: number): [BencodeValue, number] {
  if (depth > MAX_DEPTH) throw new BencodeError(`nesting deeper than ${MAX_DEPTH}`);
  const c = bytes[at];
  if (c === undefined) throw new BencodeError(`unexpected end of input at offset ${at}`);
  if (c === 0x69 /* i */) {
    const end = bytes.indexOf(0x65 /* e */, at + 1);
    if (end === -1) throw new BencodeError(`unterminated integer at offset ${at}`);
    const text = bytes.toString('ascii', at + 1, end);
    if (!/^(0|-?[1-9][0-9]*)$/.test(text)) throw new BencodeError(`bad integer "${text}" at offset ${at}`);
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new BencodeError(`integer ${text} is too large at offset ${at}`);
    return [n, end + 1];
  }
  if (c >= 0x30 && c <= 0x39 /* 0-9 */) {
    const colon = bytes.indexOf(0x3a /* : */, at);
    if (colon === -1) throw new BencodeError(`string length without ':' at offset ${at}`);
    const text = bytes.toString('ascii', at, colon);
    if (!/^(0|[1-9][0-9]*)$/.test(text))
      throw new BencodeError(`bad string length "${text}" at offset ${at}`);
    const start = colon + 1;
    const end = start + Number(text);
    if (end > bytes.length) throw new BencodeError(`string at offset ${at} runs past the end of input`);
    return [bytes.toString('utf8', start, end), end];
  }
  if (c === 0x6c /* l */) {
    const list: BencodeValue[] = [];
    let pos = at + 1;
    while (bytes[pos] !== 0x65) {
      if (pos >= bytes.length) throw new BencodeError(`unterminated list at offset ${at}`);
      const [item, next] = read(bytes, pos, depth + 1);
      list.push(item);
      pos = next;
    }
    return [list, pos + 1];
  }
  if (c === 0x64 /* d */) {
    const dict: Record<string, BencodeValue> = Object.create(null) as Record<string, BencodeValue>;
    let pos = at + 1;
    while (bytes[pos] !== 0x65) {
      if (pos >= bytes.length) throw new BencodeError(`unterminated dictionary at offset ${at}`);
      const [key, afterKey] = read(bytes, pos, depth + 1);
      if (typeof key !== 'string') throw new BencodeError(`dictionary key at offset ${pos} is not a string`);
      const [item, next] = read(bytes, afterKey, depth + 1);
      dict[key] = item;
      pos = next;
    }
    return [dict, pos + 1];
  }
  throw new BencodeError(`unexpected byte 0x${c.toString(16)} at offset ${at}`);
}

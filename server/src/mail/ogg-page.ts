/**
 * One Ogg page (RFC 3533 §6): header, lacing table, then the packets' bytes, with the Ogg CRC-32
 * (polynomial 0x04C11DB7, initial value 0, no reflection) computed over the page with its CRC field zeroed.
 */

/** Header type flags (RFC 3533 §6). */
export const OGG_CONTINUED = 0x01;
export const OGG_BOS = 0x02;
export const OGG_EOS = 0x04;

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

/** The Ogg CRC-32 of `data`. */
export function oggCrc32(data: Uint8Array): number {
  let crc = 0;
  for (const byte of data) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  return crc;
}

export interface OggPageInput {
  /** Whole packets ending on this page (each < 255 × 255 bytes; at most 255 lacing values in all). */
  readonly packets: readonly Uint8Array[];
  readonly granule: number;
  readonly serial: number;
  readonly sequence: number;
  readonly flags: number;
}

/** Builds one page. Every packet ends on it (no packet spans pages: Opus packets are small). */
export function oggPage(input: OggPageInput): Buffer {
  const lacing: number[] = [];
  for (const packet of input.packets) {
    let left = packet.length;
    while (left >= 255) {
      lacing.push(255);
      left -= 255;
    }
    lacing.push(left); // a final value < 255 ends the packet (0 when its length is a multiple of 255)
  }
  if (lacing.length > 255) throw new Error(`Ogg page: ${lacing.length} lacing values (max 255)`);
  const bodyLength = input.packets.reduce((sum, p) => sum + p.length, 0);
  const page = Buffer.alloc(27 + lacing.length + bodyLength);
  page.write('OggS', 0, 'ascii');
  page.writeUInt8(0, 4); // stream structure version
  page.writeUInt8(input.flags, 5);
  page.writeBigUInt64LE(BigInt(input.granule), 6);
  page.writeUInt32LE(input.serial >>> 0, 14);
  page.writeUInt32LE(input.sequence >>> 0, 18);
  page.writeUInt32LE(0, 22); // CRC placeholder
  page.writeUInt8(lacing.length, 26);
  Buffer.from(lacing).copy(page, 27);
  let at = 27 + lacing.length;
  for (const packet of input.packets) {
    page.set(packet, at);
    at += packet.length;
  }
  page.writeUInt32LE(oggCrc32(page), 22);
  return page;
}

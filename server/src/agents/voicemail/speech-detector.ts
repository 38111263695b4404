/**
 * Tells speech from silence in an Opus stream WITHOUT decoding it, for the "2 s of silence after speech"
 * rule. Opus in VBR mode (the WebRTC default, RFC 7587 §3.1.3) spends few bytes on silence and steady
 * background noise and many on speech, so a packet is "loud" when clearly larger than the noise floor
 * (the smallest packet seen in this recording, or a typical quiet packet size if none was smaller —
 * so a caller who talks then stops sending altogether is also caught). Sizes are per 20 ms. The floor is judged with hindsight: a tone heard before
 * any silence counts as speech once the silence shows how small quiet packets are. No packet at all
 * (DTX, a muted sender) is silence too. With constant bitrate every packet looks alike: nothing is loud,
 * and the recording ends on hang-up, `#` or the maximum length instead — never early.
 */
export interface SpeechDetectorOptions {
  /** A packet is loud when larger than floor × ratio + margin bytes. Defaults 1.5 and 12. */
  readonly ratio?: number;
  readonly marginBytes?: number;
  /** Bytes per 20 ms assumed for a quiet packet until a smaller one is seen. Default 30. */
  readonly quietBytes?: number;
  /** How much history is kept packet by packet (must exceed the silence length asked about). Default 5 s. */
  readonly windowMs?: number;
}

interface Seen {
  readonly at: number;
  readonly size: number;
}

export class SpeechDetector {
  private readonly ratio: number;
  private readonly margin: number;
  private readonly windowMs: number;
  private floor: number;
  private recent: Seen[] = [];
  /** Largest packet and its time among those dropped from `recent`. */
  private older: Seen | undefined;

  constructor(options: SpeechDetectorOptions = {}) {
    this.ratio = options.ratio ?? 1.5;
    this.margin = options.marginBytes ?? 12;
    this.windowMs = options.windowMs ?? 5000;
    this.floor = options.quietBytes ?? 30;
  }

  /** One packet of `size` bytes lasting `samples` (48 kHz) received at `at`. */
  push(bytes: number, samples: number, at: number): void {
    const size = samples > 0 ? (bytes * 960) / samples : bytes;
    if (size < this.floor) this.floor = size;
    this.recent.push({ at, size });
    let drop = 0;
    while (drop < this.recent.length && this.recent[drop]!.at < at - this.windowMs) drop += 1;
    for (const seen of this.recent.slice(0, drop)) {
      // Keep the latest of the largest: what matters is whether (and roughly when) speech happened.
      if (!this.older || seen.size >= this.older.size) this.older = seen;
    }
    if (drop > 0) this.recent = this.recent.slice(drop);
  }

  private threshold(): number {
    return this.floor * this.ratio + this.margin;
  }

  /** Time of the last loud packet as judged now, or undefined if nothing was loud yet. */
  lastSpeechAt(): number | undefined {
    const threshold = this.threshold();
    for (let i = this.recent.length - 1; i >= 0; i--) {
      const seen = this.recent[i]!;
      if (seen.size > threshold) return seen.at;
    }
    return this.older && this.older.size > threshold ? this.older.at : undefined;
  }

  /** Whether there was speech and then at least `silenceMs` without any (as of `now`). */
  silenceAfterSpeech(now: number, silenceMs: number): boolean {
    const last = this.lastSpeechAt();
    return last !== undefined && now - last >= silenceMs;
  }
}

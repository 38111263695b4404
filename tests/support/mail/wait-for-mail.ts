/** Waits until a Maildir holds at least `count` messages in `new/` or `cur/`, returning their paths. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export async function listMaildir(maildir: string): Promise<string[]> {
  const files: string[] = [];
  for (const sub of ['new', 'cur']) {
    const names = await readdir(join(maildir, sub)).catch(() => [] as string[]);
    files.push(...names.map((n) => join(maildir, sub, n)));
  }
  return files.sort();
}

export async function waitForMail(maildir: string, count = 1, timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = await listMaildir(maildir);
    if (files.length >= count) return files;
    if (Date.now() > deadline)
      throw new Error(`${maildir}: ${files.length} of ${count} messages after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25)); // polling the folder: delivery has no event to await
  }
}

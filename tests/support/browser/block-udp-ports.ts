/**
 * Blocks the UDP ports of one test's WebRTC media with iptables rules that name exactly those ports
 * (both directions: packets from and to each port), tagged with a comment unique to this process, and
 * removes exactly those rules again. Other tests and engineers' media on the same machine use other
 * ports and pass. Needs root (CI and these machines run the tests as root) and `iptables`.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';

const run = promisify(execFile);

/** The local ICE candidate ports of `page`'s open peer connections (WebRTC Stats `local-candidate`). */
export async function localCandidatePorts(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const pcs =
      (window as unknown as { __parleyPeerConnections?: RTCPeerConnection[] }).__parleyPeerConnections ?? [];
    const ports = new Set<number>();
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((report: { type: string; port?: number; protocol?: string }) => {
        if (report.type === 'local-candidate' && report.protocol === 'udp' && report.port)
          ports.add(report.port);
      });
    }
    return [...ports];
  });
}

function rules(ports: readonly number[], tag: string): string[][] {
  return ports.flatMap((port) =>
    ['--sport', '--dport'].map((side) => [
      'OUTPUT',
      '-p',
      'udp',
      side,
      String(port),
      '-m',
      'comment',
      '--comment',
      tag,
      '-j',
      'DROP',
    ]),
  );
}

/** Drops every UDP packet from or to `ports` until the returned function is called (call it in `finally`). */
export async function blockUdpPorts(ports: readonly number[]): Promise<() => Promise<void>> {
  if (ports.length === 0) throw new Error('no UDP ports to block');
  const tag = `parley-test-${process.pid}-${Date.now()}`;
  const added: string[][] = [];
  const unblock = async (): Promise<void> => {
    // `-w`: wait for the xtables lock (other tests may edit rules at the same time).
    for (const rule of added.splice(0)) await run('iptables', ['-w', '-D', ...rule]).catch(() => undefined);
  };
  try {
    for (const rule of rules(ports, tag)) {
      await run('iptables', ['-w', '-I', ...rule]);
      added.push(rule);
    }
  } catch (error) {
    await unblock();
    throw error;
  }
  return unblock;
}

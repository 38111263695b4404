/**
 * The service with the shipped gateway file and rates (deploy/gateway.example.json, rates.example.csv),
 * its trunk pointed at a raw carrier of the test's own, a plain UDP listener, and alice signed up with
 * a UDP phone: the set-up of the gateway tests that drive calls from a plain SIP phone.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestService, type TestService } from '../service/test-service.js';
import { startRawCarrier, type RawCarrier } from './raw-carrier.js';
import { UdpPhone } from './udp-phone.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** The shipped rates (deploy/rates.example.csv). */
export const EXAMPLE_RATES_FILE = path.join(ROOT, 'deploy/rates.example.csv');

/**
 * Writes the shipped gateway file (deploy/gateway.example.json) into `dir` with its trunk at
 * `127.0.0.1:carrierPort` over UDP and `overrides` on top; returns its path.
 */
export async function writeExampleGatewayFile(
  dir: string,
  carrierPort: number,
  overrides: Readonly<Record<string, unknown>> = {},
): Promise<string> {
  const example = JSON.parse(await fs.readFile(path.join(ROOT, 'deploy/gateway.example.json'), 'utf8')) as {
    trunks: Record<string, unknown>[];
  };
  const gatewayFile = path.join(dir, 'gateway.json');
  await fs.writeFile(
    gatewayFile,
    JSON.stringify({
      ...example,
      ...overrides,
      trunks: [{ ...example.trunks[0], uri: `sip:127.0.0.1:${carrierPort};transport=udp` }],
    }),
  );
  return gatewayFile;
}

export interface ExampleGateway {
  readonly svc: TestService;
  readonly carrier: RawCarrier;
  /** alice's phone (password `alice-phone-secret`), not registered. */
  readonly phone: UdpPhone;
  stop(): Promise<void>;
}

export async function startExampleGateway(
  options: { readonly pstnAllowed?: boolean } = {},
): Promise<ExampleGateway> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-gw-'));
  const carrier = await startRawCarrier({ toneHz: 1000 });
  const gatewayFile = await writeExampleGatewayFile(dir, carrier.port);
  const svc = await startTestService({
    sip: { sipUdp: { host: '127.0.0.1', port: 0 } },
    gateway: { gatewayFile, ratesFile: EXAMPLE_RATES_FILE },
  });
  await svc.createAccount('alice', 'alice-phone-secret');
  if (options.pstnAllowed) await svc.service.store.pstn.setPermission('alice', true, null, Date.now());
  const sipPort = svc.service.sip.listeners.find((l) => l.protocol === 'udp')!.port;
  const phone = await UdpPhone.open(sipPort, 'alice', 'alice-phone-secret');
  return {
    svc,
    carrier,
    phone,
    async stop() {
      phone.close();
      carrier.close();
      await svc.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

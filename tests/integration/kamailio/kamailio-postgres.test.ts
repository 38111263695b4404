/**
 * Kamailio (deploy/kamailio, `run.sh --db-url`) authenticating against the PostgreSQL the Parley
 * service writes: an account made through the sign-up API registers through Kamailio with its password
 * (auth_db over `subscriber`, db_postgres) and with a session token (sqlops over `sessions`); a wrong
 * password is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKamailio, type RunningKamailio } from '../../support/kamailio/start-kamailio.js';
import { startPostgres, type TestPostgres } from '../../support/postgres/start-postgres.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';
import { SipUser } from '../../support/store/sip-user.js';

const DOMAIN = 'kam-pg.test';
let pg: TestPostgres;
let service: TestService;
let kamailio: RunningKamailio;
let database: string;

beforeAll(async () => {
  pg = await startPostgres();
  const databaseUrl = await pg.createDatabase();
  database = new URL(databaseUrl).pathname.slice(1);
  service = await startTestService({ domain: DOMAIN, databaseUrl });
  kamailio = await startKamailio({ dbUrl: databaseUrl, domain: DOMAIN });
}, 60_000);
afterAll(async () => {
  await kamailio?.stop();
  await service?.stop();
  await pg?.stop();
});

describe('Kamailio on the service’s PostgreSQL', () => {
  it('registers an account made through the sign-up API, with its password or a session token', async () => {
    const alice = await service.createAccount('alice');
    // The row Kamailio reads, in PostgreSQL (not in a SQLite file).
    expect(service.service.store.backend).toBe('postgres');
    expect(await pg.query(database, 'SELECT username, domain FROM subscriber')).toEqual([
      { username: 'alice', domain: DOMAIN },
    ]);
    const withPassword = await SipUser.connect(kamailio.sipUrl, DOMAIN, 'alice', alice.password);
    expect(await withPassword.register()).toBe(200);
    const withToken = await SipUser.connect(kamailio.sipUrl, DOMAIN, 'alice', alice.token);
    expect(await withToken.register()).toBe(200);
    const wrong = await SipUser.connect(kamailio.sipUrl, DOMAIN, 'alice', 'not-the-password');
    expect([401, 403]).toContain(await wrong.register());
    expect(await kamailio.rpc('ul.lookup', 'location', `alice@${DOMAIN}`)).toContain('alice');
    for (const u of [withPassword, withToken, wrong]) u.close();
  });
});

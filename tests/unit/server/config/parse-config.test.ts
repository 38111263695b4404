import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../../server/src/config.js';

const cwd = '/srv/parley';
const DEFAULT_LIMITS = {
  sourceLimits: {
    maxConnectionsPerSource: 500,
    maxMessagesPerSecond: 1000,
    maxUnauthenticatedPerSecond: 200,
    banSeconds: 60,
  },
  maxBindingsPerUser: 10,
  maxSubscriptionsPerUser: 500,
  maxMessageBytes: 65_536,
  maxHeaderFields: 256,
  maxHeaderBytes: 16_384,
  maxNonces: 50_000,
  trustedProxies: ['127.0.0.1', '::1', '::ffff:127.0.0.1'],
};

describe('parseConfig', () => {
  it('has safe defaults', () => {
    expect(parseConfig({}, [], cwd)).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.join(cwd, 'data'),
      domain: 'localhost',
      iceServers: [],
      noAnswerTimeoutMs: 30_000,
      logLevel: 'info',
      voicemail: true,
      echo: true,
      recording: 'off',
      sipUdp: { host: '127.0.0.1', port: 5060 },
      sipTcp: { host: '127.0.0.1', port: 5060 },
      rtpengine: { host: '127.0.0.1', port: 2223 },
      sipLimits: DEFAULT_LIMITS,
    });
  });

  it('reads the SIP abuse limits (PARLEY_SIP_MAX_*, PARLEY_SIP_SOURCE_LIMITS) and refuses nonsense', () => {
    const limits = parseConfig(
      {
        PARLEY_SIP_MAX_BINDINGS_PER_USER: '3',
        PARLEY_SIP_MAX_MESSAGES_PER_SECOND: '50',
        PARLEY_SIP_BAN_SECONDS: '5',
        PARLEY_SIP_MAX_HEADER_FIELDS: '40',
      },
      [],
      cwd,
    ).sipLimits;
    expect(limits).toMatchObject({
      maxBindingsPerUser: 3,
      maxHeaderFields: 40,
      sourceLimits: { maxMessagesPerSecond: 50, banSeconds: 5, maxUnauthenticatedPerSecond: 200 },
    });
    expect(parseConfig({ PARLEY_SIP_SOURCE_LIMITS: 'off' }, [], cwd).sipLimits?.sourceLimits).toBe(false);
    expect(() => parseConfig({ PARLEY_SIP_MAX_BINDINGS_PER_USER: '0' }, [], cwd)).toThrow(
      /^PARLEY_SIP_MAX_BINDINGS_PER_USER must be a whole number/,
    );
    expect(() => parseConfig({ PARLEY_SIP_SOURCE_LIMITS: 'maybe' }, [], cwd)).toThrow(ConfigError);
    expect(
      parseConfig({ PARLEY_SIP_TRUSTED_PROXIES: '10.0.0.5, ::1' }, [], cwd).sipLimits?.trustedProxies,
    ).toEqual(['10.0.0.5', '::1']);
    expect(parseConfig({ PARLEY_SIP_TRUSTED_PROXIES: 'off' }, [], cwd).sipLimits?.trustedProxies).toEqual([]);
    expect(() => parseConfig({ PARLEY_SIP_TRUSTED_PROXIES: 'proxy.local' }, [], cwd)).toThrow(
      /^PARLEY_SIP_TRUSTED_PROXIES must be IP addresses/,
    );
  });

  it('reads PARLEY_RTPENGINE (udp:HOST:PORT or off) and --rtpengine', () => {
    expect(parseConfig({ PARLEY_RTPENGINE: 'udp:10.0.0.7:22222' }, [], cwd).rtpengine).toEqual({
      host: '10.0.0.7',
      port: 22222,
    });
    expect(parseConfig({}, ['--rtpengine', 'off'], cwd).rtpengine).toBeUndefined();
    expect(() => parseConfig({ PARLEY_RTPENGINE: '127.0.0.1:2223' }, [], cwd)).toThrow(
      /^PARLEY_RTPENGINE must be udp:HOST:PORT/,
    );
    expect(() => parseConfig({ PARLEY_RTPENGINE: 'udp:x:0' }, [], cwd)).toThrow(ConfigError);
  });

  it('reads the SIP listeners: host:port or off, TLS only with its PEM files, port 0 following PORT=0', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-tls-'));
    fs.writeFileSync(path.join(dir, 'c.pem'), 'cert');
    fs.writeFileSync(path.join(dir, 'k.pem'), 'key');
    try {
      expect(
        parseConfig(
          { PARLEY_SIP_UDP: 'off', PARLEY_SIP_TCP: '[::1]:5070', PARLEY_SIP_TLS: '0.0.0.0:5061' },
          ['--sip-tls-cert', 'c.pem', '--sip-tls-key=k.pem'],
          dir,
        ),
      ).toMatchObject({
        sipTcp: { host: '::1', port: 5070 },
        sipTls: { host: '0.0.0.0', port: 5061, cert: path.join(dir, 'c.pem'), key: path.join(dir, 'k.pem') },
      });
      expect(parseConfig({ PARLEY_SIP_UDP: 'off' }, [], dir).sipUdp).toBeUndefined();
      expect(() => parseConfig({ PARLEY_SIP_UDP: '5060' }, [], dir)).toThrow(
        'PARLEY_SIP_UDP must be host:port or off, got "5060"',
      );
      expect(() => parseConfig({ PARLEY_SIP_TLS: '127.0.0.1:5061' }, [], dir)).toThrow(
        'PARLEY_SIP_TLS needs PARLEY_SIP_TLS_CERT and PARLEY_SIP_TLS_KEY (PEM files)',
      );
      expect(() =>
        parseConfig(
          { PARLEY_SIP_TLS: '127.0.0.1:5061', PARLEY_SIP_TLS_CERT: 'nope.pem', PARLEY_SIP_TLS_KEY: 'k.pem' },
          [],
          dir,
        ),
      ).toThrow(/^PARLEY_SIP_TLS_CERT: no such file/);
      expect(parseConfig({ PORT: '0' }, [], dir)).toMatchObject({
        sipUdp: { host: '127.0.0.1', port: 0 },
        sipTcp: { host: '127.0.0.1', port: 0 },
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the voicemail switch and the SMTP URL, never echoing the URL', () => {
    expect(
      parseConfig({ PARLEY_VOICEMAIL: 'off', PARLEY_SMTP_URL: 'smtps://u:p@mail.example:465' }, [], cwd),
    ).toMatchObject({ voicemail: false, smtpUrl: 'smtps://u:p@mail.example:465' });
    expect(parseConfig({}, ['--voicemail', 'on'], cwd).voicemail).toBe(true);
    expect(parseConfig({ PARLEY_ECHO: 'off' }, [], cwd).echo).toBe(false);
    expect(() => parseConfig({ PARLEY_VOICEMAIL: 'maybe' }, [], cwd)).toThrow(
      /PARLEY_VOICEMAIL must be on or off/,
    );
    expect(() => parseConfig({ PARLEY_SMTP_URL: 'http://u:secret@x' }, [], cwd)).toThrow(ConfigError);
    try {
      parseConfig({ PARLEY_SMTP_URL: 'not a url secret' }, [], cwd);
    } catch (error) {
      expect(String(error)).not.toContain('secret');
    }
  });

  it('reads the database URL (postgres:// or postgresql://, flag or variable), never echoing it', () => {
    expect(parseConfig({}, [], cwd).databaseUrl).toBeUndefined();
    expect(
      parseConfig({ PARLEY_DATABASE_URL: 'postgres://u:pw@db.example:5432/parley' }, [], cwd),
    ).toMatchObject({
      databaseUrl: 'postgres://u:pw@db.example:5432/parley',
    });
    expect(parseConfig({}, ['--database-url', 'postgresql://u:pw@db/parley'], cwd).databaseUrl).toBe(
      'postgresql://u:pw@db/parley',
    );
    const refused = (raw: string): string => {
      try {
        parseConfig({ PARLEY_DATABASE_URL: raw }, [], cwd);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused('mysql://u:topsecret@db/parley')).toBe(
      'PARLEY_DATABASE_URL must be postgres://host[:port] or postgresql://host[:port] (got mysql://)',
    );
    expect(refused('not a url topsecret')).toBe('PARLEY_DATABASE_URL must be an absolute URL');
  });

  it('reads every variable', () => {
    const config = parseConfig(
      {
        PORT: '0',
        HOST: '0.0.0.0',
        PARLEY_DATA_DIR: '/var/lib/parley',
        PARLEY_DOMAIN: 'Corp.Example',
        PARLEY_ICE_SERVERS:
          '[{"urls":"stun:stun.corp.example:3478"},{"urls":["turn:t.example"],"username":"u","credential":"c"}]',
        PARLEY_NO_ANSWER_TIMEOUT_MS: '5000',
        PARLEY_PUBLIC_URL: 'https://parley.corp.example/',
        PARLEY_SIP_URL: 'wss://sip.corp.example:7443',
        PARLEY_WEB_ROOT: 'web',
        PARLEY_LOG_LEVEL: 'DEBUG',
        PARLEY_RTPENGINE: 'udp:[::1]:2300',
        PARLEY_RECORDING: 'Allowed',
      },
      [],
      cwd,
    );
    expect(config).toEqual({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/var/lib/parley',
      domain: 'corp.example',
      iceServers: [
        { urls: 'stun:stun.corp.example:3478' },
        { urls: ['turn:t.example'], username: 'u', credential: 'c' },
      ],
      noAnswerTimeoutMs: 5000,
      publicUrl: 'https://parley.corp.example',
      sipUrl: 'wss://sip.corp.example:7443',
      webRoot: path.join(cwd, 'web'),
      logLevel: 'debug',
      voicemail: true,
      echo: true,
      recording: 'allowed',
      sipUdp: { host: '0.0.0.0', port: 0 },
      sipTcp: { host: '0.0.0.0', port: 0 },
      rtpengine: { host: '::1', port: 2300 },
      sipLimits: DEFAULT_LIMITS,
    });
  });

  it('lets flags override the environment, in both spellings', () => {
    const config = parseConfig(
      { PORT: '1234', PARLEY_DOMAIN: 'a.example' },
      ['--port', '0', '--domain=b.example'],
      cwd,
    );
    expect(config.port).toBe(0);
    expect(config.domain).toBe('b.example');
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ PORT: '', HOST: '  ' }, [], cwd)).toMatchObject({ port: 8080, host: '127.0.0.1' });
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT must be an integer from 0 to 65535, got "abc"$/],
    [{ PORT: '65536' }, /^PORT/],
    [{ PORT: '-1' }, /^PORT/],
    [{ PORT: '80.5' }, /^PORT/],
    [{ HOST: 'http://x' }, /^HOST/],
    [{ PARLEY_DOMAIN: 'bad domain' }, /^PARLEY_DOMAIN/],
    [{ PARLEY_DOMAIN: '-x.example' }, /^PARLEY_DOMAIN/],
    [{ PARLEY_ICE_SERVERS: '{' }, /^PARLEY_ICE_SERVERS must be a JSON array/],
    [{ PARLEY_ICE_SERVERS: '{}' }, /^PARLEY_ICE_SERVERS must be a JSON array/],
    [{ PARLEY_ICE_SERVERS: '[{"urls":"http://x"}]' }, /^PARLEY_ICE_SERVERS\[0\]\.urls/],
    [{ PARLEY_ICE_SERVERS: '[{"urls":"stun:x","username":1}]' }, /^PARLEY_ICE_SERVERS\[0\]\.username/],
    [{ PARLEY_NO_ANSWER_TIMEOUT_MS: '30s' }, /^PARLEY_NO_ANSWER_TIMEOUT_MS/],
    [{ PARLEY_NO_ANSWER_TIMEOUT_MS: '10' }, /^PARLEY_NO_ANSWER_TIMEOUT_MS/],
    [{ PARLEY_PUBLIC_URL: 'parley.example' }, /^PARLEY_PUBLIC_URL must be an absolute URL/],
    [
      { PARLEY_PUBLIC_URL: 'ftp://parley.example' },
      /^PARLEY_PUBLIC_URL must start with http:\/\/ or https:\/\//,
    ],
    [{ PARLEY_SIP_URL: 'http://x/sip' }, /^PARLEY_SIP_URL must start with ws:\/\/ or wss:\/\//],
    [{ PARLEY_LOG_LEVEL: 'loud' }, /^PARLEY_LOG_LEVEL must be one of/],
  ])('refuses %j with a one-line reason', (env, reason) => {
    let error: unknown;
    try {
      parseConfig(env, [], cwd);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).not.toContain('\n');
  });

  it('refuses unknown flags and flags without a value', () => {
    expect(() => parseConfig({}, ['--prot', '1'], cwd)).toThrow(ConfigError);
    expect(() => parseConfig({}, ['--port'], cwd)).toThrow(/--port needs a value/);
  });
});

import { describe, expect, it } from 'vitest';
import { createJsonLogger, REDACTED, scrubText } from '../../../../server/src/logging/json-logger.js';

const capture = (level: Parameters<typeof createJsonLogger>[0]) => {
  const lines: string[] = [];
  const logger = createJsonLogger(level, (line) => lines.push(line), { room: 'test' });
  return { lines, logger, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
};

describe('createJsonLogger (pino)', () => {
  it('writes one JSON line per call: time, level name, msg, base and own fields', () => {
    const { logger, parsed } = capture('debug');
    logger.child({ flow: 'f1' }).info({ tnx: 'listen', port: 5060 }, 'ready');
    const [line] = parsed();
    expect(line).toMatchObject({
      level: 'info',
      msg: 'ready',
      room: 'test',
      flow: 'f1',
      tnx: 'listen',
      port: 5060,
    });
    expect(new Date(String(line!['time'])).getTime()).not.toBeNaN();
  });

  it('a child field replaces the parent field of the same name: each key once per line', () => {
    const { logger, lines } = capture('debug');
    logger.child({ room: 'voicemail' }).child({ room: 'voicemail-agent', callId: 'c1' }).info({}, 'x');
    expect(lines[0]!.match(/"room":/g)).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ room: 'voicemail-agent', callId: 'c1' });
  });

  it('drops what is below the level, and everything when silent', () => {
    const warn = capture('warn');
    warn.logger.debug({}, 'd');
    warn.logger.info({}, 'i');
    warn.logger.error({}, 'e');
    expect(warn.parsed().map((l) => l['msg'])).toEqual(['e']);
    const silent = capture('silent');
    silent.logger.error({}, 'e');
    expect(silent.lines).toEqual([]);
  });

  it('redacts secret-named fields at any depth, in child bindings, and credentials inside text', () => {
    const { logger, lines } = capture('debug');
    logger.child({ token: 'tok-123456' }).debug(
      {
        password: 'hunter22',
        body: { newPassword: 'n3w-pass', currentPassword: 'old-pass' },
        headers: { authorization: 'Basic YWxpY2U6aHVudGVyMjI=' },
        account: { ha1Md5: 'a'.repeat(32), ha1Sha256: 'b'.repeat(64) },
        raw: 'REGISTER sip:x SIP/2.0\r\nAuthorization: Digest username="a", response="0123456789abcdef0123"\r\n',
        url: '/api/events?token=tok-abcdef&x=1',
        status: 401,
      },
      'got Bearer tok-zyxwvu',
    );
    const text = lines.join('\n');
    for (const secret of [
      'tok-123456',
      'hunter22',
      'n3w-pass',
      'old-pass',
      'YWxpY2U6aHVudGVyMjI=',
      'a'.repeat(32),
    ]) {
      expect(text).not.toContain(secret);
    }
    for (const secret of ['b'.repeat(64), '0123456789abcdef0123', 'tok-abcdef', 'tok-zyxwvu']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain(REDACTED);
    expect(text).toContain('"status":401');
    expect(text).toContain('REGISTER sip:x');
  });

  it('scrubs the usual credential spellings in text', () => {
    expect(scrubText('Proxy-Authorization: Digest x\r\nVia: y')).toBe(
      `Proxy-Authorization: ${REDACTED}\r\nVia: y`,
    );
    expect(scrubText('basic dXNlcjpwYXNz')).toBe(`basic ${REDACTED}`);
    expect(scrubText('nothing secret here')).toBe('nothing secret here');
  });
});

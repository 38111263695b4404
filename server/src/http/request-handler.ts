/**
 * The one `request` listener of the HTTP server: `/api/*` goes to the API router, other GET/HEAD to the
 * web client. Whatever a handler throws becomes a JSON error; the process keeps serving.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../../common/logger.js';
import { HttpError, toHttpError } from './http-error.js';
import { sendError, sendJson } from './respond.js';
import type { RequestContext, Router } from './router.js';
import type { StaticHandler } from './static-files.js';

export interface RequestHandlerOptions {
  readonly router: Router;
  readonly staticFiles: StaticHandler;
  readonly logger: Logger;
}

export function createRequestHandler(
  options: RequestHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { router, staticFiles, logger } = options;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '';
    // Origin-form only (RFC 9112 §3.2.1): no absolute-form, no `*`, no protocol-relative `//host`.
    if (!rawUrl.startsWith('/') || rawUrl.startsWith('//')) {
      throw new HttpError(400, 'bad_request', 'The request target must be a path.');
    }
    const url = new URL('http://parley.invalid' + rawUrl);
    const method = (req.method ?? 'GET').toUpperCase();

    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      const match = router.match(method, url.pathname);
      if (match.kind === 'not_found')
        throw new HttpError(404, 'not_found', `No such endpoint: ${url.pathname}`);
      if (match.kind === 'method_not_allowed') {
        throw new HttpError(405, 'method_not_allowed', `${method} is not allowed here.`, {
          allow: match.allow.join(', '),
        });
      }
      const ctx: RequestContext = {
        req,
        res,
        url,
        params: match.params,
        clientAddress: req.socket.remoteAddress ?? 'unknown',
      };
      const result = await match.handler(ctx);
      if (result !== undefined) sendJson(res, result.status, result.body, result.headers);
      return;
    }

    if (method !== 'GET' && method !== 'HEAD') {
      throw new HttpError(405, 'method_not_allowed', `${method} is not allowed here.`, {
        allow: 'GET, HEAD',
      });
    }
    await staticFiles(req, res, url.pathname);
  }

  return (req, res) => {
    const started = performance.now();
    res.on('finish', () => {
      logger.debug(
        {
          tnx: 'http',
          method: req.method,
          path: (req.url ?? '').split('?')[0],
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        'request',
      );
    });
    handle(req, res).catch((error: unknown) => {
      const httpError = toHttpError(error);
      if (httpError.status >= 500) {
        logger.error(
          {
            tnx: 'http',
            method: req.method,
            path: (req.url ?? '').split('?')[0],
            err: String(error),
            stack: (error as Error)?.stack,
          },
          'request failed',
        );
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(res, httpError);
      // Drain what the client is still sending so the error response can reach it.
      if (!req.complete) req.resume();
    });
  };
}

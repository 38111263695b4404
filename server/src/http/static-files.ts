/**
 * Serves the built web client (renderer/dist): correct content types, ETag/304, long caching for
 * hashed `/assets/*`, `no-cache` for everything else, and the single-page-app fallback: any other GET
 * that names no file gets index.html so client-side routes survive a reload.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './respond.js';

/** renderer/dist of this repository (server/src/http → ../../../renderer/dist). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../renderer/dist', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parley</title></head>
<body><h1>Parley service is running</h1>
<p>The web client has not been built yet. Run <code>npm run build:web</code> (or <code>npm start</code>),
then reload this page.</p></body></html>
`;

export type StaticHandler = (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>;

export function createStaticFiles(root: string = DEFAULT_WEB_ROOT): StaticHandler {
  const resolvedRoot = path.resolve(root);

  const fileAt = async (pathname: string): Promise<{ file: string; stat: fs.Stats } | undefined> => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0')) return undefined;
    const file = path.resolve(resolvedRoot, '.' + path.posix.normalize('/' + decoded));
    // Never leave the root (path traversal), and never serve dotfiles.
    if (file !== resolvedRoot && !file.startsWith(resolvedRoot + path.sep)) return undefined;
    if (
      path
        .relative(resolvedRoot, file)
        .split(path.sep)
        .some((part) => part.startsWith('.'))
    )
      return undefined;
    try {
      const stat = await fs.promises.stat(file);
      return stat.isFile() ? { file, stat } : undefined;
    } catch {
      return undefined;
    }
  };

  return async (req, res, pathname) => {
    const index = path.join(resolvedRoot, 'index.html');
    let found = pathname === '/' ? undefined : await fileAt(pathname);
    let cacheControl = pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    if (found === undefined) {
      if (pathname.startsWith('/assets/')) {
        send(res, req, 404, 'text/plain; charset=utf-8', 'Not found\n');
        return;
      }
      try {
        const stat = await fs.promises.stat(index);
        found = { file: index, stat };
        cacheControl = 'no-cache';
      } catch {
        send(res, req, 503, 'text/html; charset=utf-8', NOT_BUILT_PAGE);
        return;
      }
    }
    const { file, stat } = found;
    const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    const headers = {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'cache-control': cacheControl,
      etag,
      'last-modified': stat.mtime.toUTCString(),
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': String(stat.size) });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = fs.createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };
}

function send(res: ServerResponse, req: IncomingMessage, status: number, type: string, body: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': type,
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

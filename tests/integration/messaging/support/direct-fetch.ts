/** A `fetchJson` that calls the messaging HTTP handlers directly, as `user` (the routes, no HTTP server). */
import type { FetchJson } from '../../../../renderer/src/messaging/messaging-client.js';
import { createMessagingHttpHandlers } from '../../../../server/src/messaging/http-handlers.js';
import type { MessagingService } from '../../../../server/src/messaging/messaging-service.js';

export function directFetch(service: () => MessagingService, user: string): FetchJson {
  return async (path, init) => {
    const url = new URL(path, 'http://local');
    const { routes } = createMessagingHttpHandlers(service());
    for (const route of routes) {
      if (route.method !== (init?.method ?? 'GET')) continue;
      const names: string[] = [];
      const re = new RegExp(
        '^' +
          route.pattern.replace(/:(\w+)/g, (_m, name: string) => {
            names.push(name);
            return '([^/]+)';
          }) +
          '$',
      );
      const m = re.exec(url.pathname);
      if (!m) continue;
      const params: Record<string, string> = Object.fromEntries(url.searchParams);
      names.forEach((n, i) => (params[n] = m[i + 1]!));
      const result = route.handler(user, params, init?.body);
      if (result.status >= 400) throw new Error(`HTTP ${result.status}`);
      return result.body;
    }
    throw new Error(`no route for ${path}`);
  };
}

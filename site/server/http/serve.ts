/**
 * The production server: the built Astro app (@astrojs/node, standalone handler: prerendered files
 * and the on-demand subscription routes) behind a layer (server.ts) that checks and normalises
 * every request, adds the site's security headers to every response and serves precompressed files.
 *
 *   node site/server/http/serve.ts [dist folder, default dist]     (HOST, PORT as for Astro)
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseHeadersFile } from './policy.ts';
import { createSiteServer } from './server.ts';
import { checkAtStart, selfUrl } from './startup-check.ts';

const dist = resolve(process.argv[2] ?? 'dist');
let headers: Record<string, string>;
try {
  headers = parseHeadersFile(readFileSync(join(dist, 'client', '_headers'), 'utf8'));
} catch {
  console.error(`No built site in ${dist} (no client/_headers): run \`npm run build\` first.`);
  process.exit(1);
}

// The entry module starts its own server unless told not to; this one wraps its handler instead.
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const { handler, options } = (await import(pathToFileURL(join(dist, 'server', 'entry.mjs')).href)) as {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  options: { bodySizeLimit: number };
};

const server = createSiteServer({
  headers,
  clientDir: join(dist, 'client'),
  astro: handler,
  bodySizeLimit: options.bodySizeLimit,
  log: (line) => console.error(line),
});
const host = process.env.HOST ?? 'localhost';
const port = Number(process.env.PORT ?? 4321);
server.listen(port, host, () => {
  console.log(`Serving ${dist} at http://${host}:${port}/`);
  void checkAtStart(selfUrl(server.address() as AddressInfo), (line) => console.log(line));
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  });
}

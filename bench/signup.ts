/**
 * Load and durability of the subscription endpoint, against the built Node server on loopback
 * with its default mail setup (an .eml outbox) and a fresh database file:
 *   1. `--signups` (1,000) distinct addresses posted by autocannon over `--connections` (50):
 *      requests/s, latency p50/p99, and a check that every accepted address is stored exactly
 *      once and nothing else is;
 *   2. the same load again, and the server killed with SIGKILL in the middle of it, then
 *      restarted on the same file: every signup the server acknowledged must still be there.
 * The per-IP rate limit is lifted for the run: all the load comes from one loopback address.
 *
 *   node bench/signup.ts [--signups N] [--connections N] [--json report.json]
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createClient } from '@libsql/client';
import { root } from '../tests/e2e/harness.ts';
import { startFixtureSite, startServer, type RunningServer } from '../tests/e2e/fixture-site.ts';

const { values } = parseArgs({
  options: {
    signups: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '50' },
    json: { type: 'string' },
  },
});
const signups = Number(values.signups);
const connections = Number(values.connections);

const outDir = join(root, 'tests', '.output', 'bench-signup');
const data = mkdtempSync(join(root, 'tests', '.output', 'bench-signup-data-'));

console.log('bench:signup: building the fixture site…');
const site = await startFixtureSite(join(outDir, 'dist'));
site.stop(); // only its build is needed; the benchmark runs servers of its own
const env = { ...site.env, NEWSLETTER_DATA_DIR: data, NEWSLETTER_RATE_LIMIT: '100000000' };

interface Load {
  result: autocannon.Result;
  accepted: string[];
  refused: number;
}

/** Post `amount` distinct addresses `<prefix><i>@bench.example`; `during` runs once the load is going. */
function load(server: RunningServer, prefix: string, amount: number, during?: () => void): Promise<Load> {
  const accepted: string[] = [];
  let refused = 0;
  let next = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: server.url,
        connections,
        amount,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: '/api/subscribe',
            headers: { 'content-type': 'application/json', origin: server.url },
            // The context belongs to one connection, which sends one request at a time.
            setupRequest: (request, context) => {
              const email = `${prefix}${next++}@bench.example`;
              (context as { email?: string }).email = email;
              return { ...request, body: JSON.stringify({ email }) };
            },
            onResponse: (status, _body, context) => {
              if (status === 200) accepted.push((context as { email: string }).email);
              else refused += 1;
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve({ result, accepted, refused })),
    );
    if (during) {
      let started = false;
      instance.on('response', () => {
        if (!started && accepted.length >= amount / 4) {
          started = true;
          during();
          setTimeout(() => instance.stop(), 1000);
        }
      });
    }
  });
}

async function stored(prefix: string): Promise<Map<string, number>> {
  const db = createClient({ url: `file:${join(data, 'newsletter.db')}` });
  try {
    const rows = await db.execute({
      sql: 'SELECT email, count(*) AS n FROM subscribers WHERE email LIKE ? GROUP BY email',
      args: [`${prefix}%`],
    });
    return new Map(rows.rows.map((r) => [String(r.email), Number(r.n)]));
  } finally {
    db.close();
  }
}

let server = await startServer(join(outDir, 'dist'), { env });
const report: Record<string, unknown> = { signups, connections };
try {
  // 1. Throughput, and exactly-once storage.
  const first = await load(server, 'load', signups);
  const rows = await stored('load');
  const once = first.accepted.every((e) => rows.get(e) === 1);
  const extra = [...rows.keys()].filter((e) => !first.accepted.includes(e)).length;
  const { result } = first;
  report.load = {
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    accepted: first.accepted.length,
    refused: first.refused,
    errors: result.errors,
    storedOnce: once,
    storedWithoutAcknowledgement: extra,
    outboxMessages: readdirSync(join(data, 'outbox')).length,
  };
  console.log(
    `signups: ${signups} over ${connections} connections: ${result.requests.average.toFixed(0)} requests/s, ` +
      `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
  );
  console.log(
    `  accepted ${first.accepted.length}, refused ${first.refused}, errors ${result.errors}; ` +
      `every accepted address stored exactly once: ${once ? 'yes' : 'NO'}; stored without acknowledgement: ${extra}`,
  );

  // 2. kill -9 in the middle of the same load, restart, count what survived.
  const victim = server;
  const killed = await load(server, 'crash', signups * 10, () => victim.process.kill('SIGKILL'));
  server = await startServer(join(outDir, 'dist'), { env });
  const after = await stored('crash');
  const lost = killed.accepted.filter((e) => after.get(e) !== 1);
  report.crash = {
    acknowledgedBeforeKill: killed.accepted.length,
    failedOrUnanswered: killed.refused + killed.result.errors,
    lost: lost.length,
    storedWithoutAcknowledgement: [...after.keys()].filter((e) => !killed.accepted.includes(e)).length,
  };
  console.log(
    `kill -9 during load: ${killed.accepted.length} signups acknowledged before the kill, ` +
      `${lost.length} lost after restart; ` +
      `${(report.crash as { storedWithoutAcknowledgement: number }).storedWithoutAcknowledgement} stored but never acknowledged (in flight)`,
  );
  if (!once || extra > 0 || lost.length > 0) process.exitCode = 1;
} finally {
  server.stop();
  rmSync(data, { recursive: true, force: true });
}
if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2));

/**
 * Timing, load and durability of the subscription endpoint, against the built Node server on
 * loopback with a real SMTP server on loopback and a fresh database file:
 *   1. timing: `--probes` (20) signups of new addresses and as many of confirmed ones, one at a
 *      time and interleaved, with the SMTP server taking 100 ms per message: the medians must
 *      differ by less than 1.5x and every status must be the same, or the answer would tell
 *      whether an address is subscribed;
 *   2. `--signups` (1,000) distinct addresses posted by autocannon over `--connections` (50):
 *      requests/s, latency p50/p99, and a check that every accepted address is stored exactly
 *      once and nothing else is;
 *   3. the same load again, and the server killed with SIGKILL in the middle of it, then
 *      restarted on the same file: every signup the server acknowledged must still be there, and
 *      must get its confirmation email from the restarted server.
 * The per-IP rate limit is lifted for the run: all the load comes from one loopback address.
 *
 *   node bench/signup.ts [--probes N] [--signups N] [--connections N] [--json report.json]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createClient } from '@libsql/client';
import { root } from '../tests/support/harness.ts';
import { startFixtureSite, startServer, type RunningServer } from '../tests/support/fixture-site.ts';
import { recipients, startMailServer } from '../tests/support/mail-server.ts';

const { values } = parseArgs({
  options: {
    probes: { type: 'string', default: '20' },
    signups: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '50' },
    json: { type: 'string' },
  },
});
const probes = Number(values.probes);
const signups = Number(values.signups);
const connections = Number(values.connections);

const outDir = join(root, 'tests', '.output', 'bench-signup');
const data = mkdtempSync(join(root, 'tests', '.output', 'bench-signup-data-'));

console.log('bench:signup: building the fixture site…');
const site = await startFixtureSite(join(outDir, 'dist'));
site.stop(); // only its build is needed; the benchmark runs servers of its own
const slowMail = await startMailServer({ delayMs: 100 });
const mail = await startMailServer();
const env = { ...site.env, NEWSLETTER_DATA_DIR: data, NEWSLETTER_RATE_LIMIT: '100000000', SMTP_URL: mail.url };

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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One signup, timed from the request to the end of the answer. */
async function timedSignup(url: string, email: string): Promise<{ ms: number; status: number; body: string }> {
  const started = performance.now();
  const response = await fetch(`${url}/api/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email }),
  });
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, body };
}

/** 1. New and confirmed addresses, interleaved, against a mail server that takes 100 ms a message. */
async function timing(): Promise<Record<string, unknown>> {
  const timingData = mkdtempSync(join(root, 'tests', '.output', 'bench-signup-timing-'));
  const probe = await startServer(join(outDir, 'dist'), {
    env: { ...env, NEWSLETTER_DATA_DIR: timingData, SMTP_URL: slowMail.url },
  });
  try {
    const known = Array.from({ length: probes }, (_, i) => `known${i}@bench.example`);
    for (const email of ['warm0@bench.example', 'warm1@bench.example', ...known]) await timedSignup(probe.url, email);
    const db = createClient({ url: `file:${join(timingData, 'newsletter.db')}` });
    await db.execute("UPDATE subscribers SET status = 'confirmed' WHERE email LIKE 'known%'");
    db.close();
    const fresh: { ms: number; status: number; body: string }[] = [];
    const again: { ms: number; status: number; body: string }[] = [];
    for (let i = 0; i < probes; i++) {
      fresh.push(await timedSignup(probe.url, `new${i}@bench.example`));
      again.push(await timedSignup(probe.url, known[i]!));
    }
    const [newMs, knownMs] = [median(fresh.map((r) => r.ms)), median(again.map((r) => r.ms))];
    const ratio = Math.max(newMs, knownMs) / Math.min(newMs, knownMs);
    const answers = new Set([...fresh, ...again].map((r) => `${r.status} ${r.body}`));
    console.log(
      `timing: median signup ${newMs.toFixed(2)} ms for a new address, ${knownMs.toFixed(2)} ms for a confirmed one ` +
        `(ratio ${ratio.toFixed(2)}, must be < 1.5), with SMTP taking 100 ms a message; ` +
        `${answers.size === 1 ? 'every answer identical' : `${answers.size} different answers`}`,
    );
    if (ratio >= 1.5 || answers.size !== 1) process.exitCode = 1;
    return { probes, medianMs: { new: newMs, confirmed: knownMs }, ratio, identicalAnswers: answers.size === 1 };
  } finally {
    probe.stop();
    rmSync(timingData, { recursive: true, force: true });
  }
}

/** Resolves once every address has a message, or rejects after `timeoutMs`. */
async function mailedTo(addresses: string[], timeoutMs: number): Promise<{ missing: number; duplicates: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = new Map<string, number>();
    for (const to of mail.messages.flatMap(recipients)) counts.set(to, (counts.get(to) ?? 0) + 1);
    const missing = addresses.filter((a) => !counts.has(a)).length;
    if (missing === 0 || Date.now() > deadline) {
      return { missing, duplicates: addresses.reduce((n, a) => n + Math.max(0, (counts.get(a) ?? 0) - 1), 0) };
    }
    await mail.waitFor(mail.messages.length + 1, Math.max(1, deadline - Date.now())).catch(() => {});
  }
}

let server = await startServer(join(outDir, 'dist'), { env });
const report: Record<string, unknown> = { signups, connections };
try {
  report.timing = await timing();

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
  const emails = await mailedTo(killed.accepted, 300_000);
  report.crash = {
    acknowledgedBeforeKill: killed.accepted.length,
    failedOrUnanswered: killed.refused + killed.result.errors,
    lost: lost.length,
    storedWithoutAcknowledgement: [...after.keys()].filter((e) => !killed.accepted.includes(e)).length,
    acknowledgedWithoutEmail: emails.missing,
    duplicateEmails: emails.duplicates,
  };
  console.log(
    `kill -9 during load: ${killed.accepted.length} signups acknowledged before the kill, ` +
      `${lost.length} lost after restart; ` +
      `${(report.crash as { storedWithoutAcknowledgement: number }).storedWithoutAcknowledgement} stored but never acknowledged (in flight); ` +
      `${emails.missing} acknowledged without a confirmation email after the restart, ${emails.duplicates} sent twice`,
  );
  if (!once || extra > 0 || lost.length > 0 || emails.missing > 0) process.exitCode = 1;
} finally {
  server.stop();
  await Promise.all([mail.close(), slowMail.close()]);
  rmSync(data, { recursive: true, force: true });
}
if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2));

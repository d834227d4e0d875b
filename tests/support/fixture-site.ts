/**
 * Builds the fixture site (tests/fixtures/posts) and serves it on loopback with the built Node
 * server: what the end-to-end tests and the benchmarks run against.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fixtureEnv, root, waitForHttp } from './harness.ts';

const astro = join(root, 'node_modules', '.bin', 'astro');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Runs a command from the repository root with inherited output; resolves to its exit code. With
 * `timeoutMs`, a command still running then is killed with everything it started (its own process
 * group: test files, browsers, servers) and the run fails with a message saying so.
 */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs?: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit', detached: timeoutMs !== undefined });
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            console.error(`${cmd} ${args.join(' ')}: still running after ${timeoutMs / 60_000} minutes; killed`);
            process.kill(-child.pid!, 'SIGKILL');
          }, timeoutMs);
    // Its own group no longer hears the terminal's Ctrl-C: pass an interruption on.
    const forward = (signal: NodeJS.Signals) => process.kill(-child.pid!, signal);
    if (timeoutMs !== undefined) for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, forward);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      for (const s of ['SIGINT', 'SIGTERM'] as const) process.off(s, forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

export interface RunningServer {
  url: string;
  process: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  stop(): void;
}

/**
 * Starts the built site with the production server (`site/server/http/serve.ts`) on loopback. `port` defaults to a free one;
 * `env` adds to the current environment (the newsletter settings, for example).
 */
export async function startServer(
  outDir: string,
  options: { port?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(root, 'site', 'server', 'http', 'serve.ts'), outDir], {
    cwd: root,
    env: { ...process.env, ...options.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  try {
    await waitForHttp(`${url}/`, 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\nserver output:\n${output}`, { cause: error });
  }
  return { url, process: child, output: () => output, stop: () => child.kill('SIGTERM') };
}

export interface FixtureSite {
  baseUrl: string;
  env: NodeJS.ProcessEnv;
  stop(): void;
}

/** Builds the fixture site into `outDir` and serves it; throws if the build fails. */
export async function startFixtureSite(outDir: string): Promise<FixtureSite> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = fixtureEnv(baseUrl);
  if ((await run(astro, ['build', '--outDir', outDir], env)) !== 0) {
    throw new Error('the fixture site failed to build');
  }
  // The shared server mails to an outbox beside the build, never to a real address.
  const server = await startServer(outDir, { port, env: { ...env, NEWSLETTER_DATA_DIR: join(outDir, '..', 'data') } });
  return { baseUrl, env, stop: server.stop };
}

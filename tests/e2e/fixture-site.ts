/**
 * Builds the fixture site (tests/fixtures/posts) and serves it on loopback with `astro preview`:
 * what the end-to-end tests and the demo benchmark run against.
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

/** Runs a command from the repository root with inherited output; resolves to its exit code. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
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
  const preview: ChildProcess = spawn(
    astro,
    ['preview', '--ignore-lock', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port)],
    { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  try {
    await waitForHttp(baseUrl, 30_000);
  } catch (error) {
    preview.kill('SIGTERM');
    throw error;
  }
  return { baseUrl, env, stop: () => preview.kill('SIGTERM') };
}

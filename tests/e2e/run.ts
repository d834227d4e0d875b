/**
 * End-to-end tests: build the fixture site (tests/fixtures/posts) into tests/.output, serve it on
 * loopback with `astro preview`, then run every tests/e2e/*.test.ts against it in Chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fixtureEnv, outDir, root, waitForHttp } from './harness.ts';

async function freePort(): Promise<number> {
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

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const astro = join(root, 'node_modules', '.bin', 'astro');
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const env = fixtureEnv(baseUrl);

rmSync(outDir, { recursive: true, force: true });
console.log(`e2e: building the fixture site into ${outDir}`);
if ((await run(astro, ['build', '--outDir', outDir], env)) !== 0) {
  console.error('e2e: the fixture site failed to build');
  process.exit(1);
}

let preview: ChildProcess | undefined;
let code: number;
try {
  preview = spawn(
    astro,
    ['preview', '--ignore-lock', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port)],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await waitForHttp(baseUrl, 30_000);
  const files = readdirSync(join(root, 'tests', 'e2e'))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join('tests', 'e2e', f));
  // One file at a time: each may start Chromium or a server, and the machine has two cores.
  code = await run(process.execPath, ['--test', '--test-concurrency=1', ...files], { ...env, BASE_URL: baseUrl });
} finally {
  preview?.kill('SIGTERM');
}
process.exit(code);

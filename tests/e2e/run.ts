/**
 * End-to-end tests: build the fixture site (tests/fixtures/posts) into tests/.output, serve it on
 * loopback with the production server, then run every tests/e2e/*.test.ts against it in Chromium.
 *
 *   node tests/e2e/run.ts [name …]     only the test files whose names contain one of the names
 */
import { rmSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { outDir, root } from '../support/harness.ts';
import { run, startFixtureSite } from '../support/fixture-site.ts';

rmSync(outDir, { recursive: true, force: true });
rmSync(join(outDir, '..', 'data'), { recursive: true, force: true });
console.log(`e2e: building the fixture site into ${outDir}`);
let site;
try {
  site = await startFixtureSite(outDir);
} catch (error) {
  console.error(`e2e: ${(error as Error).message}`);
  process.exit(1);
}
let code: number;
try {
  const files = readdirSync(join(root, 'tests', 'e2e'))
    .filter((f) => f.endsWith('.test.ts'))
    .filter((f) => process.argv.length <= 2 || process.argv.slice(2).some((name) => f.includes(name)))
    .map((f) => join('tests', 'e2e', f));
  // One file at a time: each may start Chromium or a server, and the machine has two cores. A test
  // that hangs fails after ten minutes, with its name, rather than holding up the whole run; a hook
  // that hangs, or anything else, ends the whole run after forty.
  code = await run(
    process.execPath,
    ['--test', '--test-concurrency=1', '--test-timeout=600000', ...files],
    {
      ...site.env,
      BASE_URL: site.baseUrl,
    },
    40 * 60_000,
  );
} finally {
  site.stop();
}
process.exit(code);

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../support/harness.ts';

const browserModule = pathToFileURL(join(root, 'tests', 'support', 'browser.ts')).href;

/** Runs `code` (an ES module that may import browser.ts) in a new Node process; resolves with its output. */
function node(code: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: root, env });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', reject);
    child.once('close', (exit) => resolve({ code: exit, output }));
  });
}

const openAPage = `
  import { findChromium, launchBrowser } from ${JSON.stringify(browserModule)};
  const { source } = await findChromium();
  const browser = await launchBrowser();
  const page = await browser.newPage();
  await page.setContent('<canvas width="4" height="4"></canvas>');
  const red = await page.evaluate(() => {
    const ctx = document.querySelector('canvas').getContext('2d');
    ctx.fillStyle = '#f00';
    ctx.fillRect(0, 0, 4, 4);
    return ctx.getImageData(1, 1, 1, 1).data[0];
  });
  console.log(source, browser.version(), red);
  await browser.close();
`;

describe('the Chromium that npm installs', { skip: process.platform !== 'linux' || process.arch !== 'x64' }, () => {
  const cache = mkdtempSync(join(tmpdir(), 'br-chromium-cache-'));
  after(() => rmSync(cache, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = { ...process.env, CHROMIUM_CACHE_DIR: cache };
  delete env.CHROMIUM_PATH;

  it('is unpacked once when two processes start it at the same time, and draws', async () => {
    const runs = await Promise.all([node(openAPage, env), node(openAPage, env)]);
    for (const run of runs) {
      assert.equal(run.code, 0, run.output);
      assert.match(run.output, /^@sparticuz\/chromium \S+ \d+\.\d+\.\d+\.\d+ 255$/m);
    }
    // One complete copy, and no partial one left behind by the process that lost the race.
    assert.equal(readdirSync(cache).length, 1, readdirSync(cache).join(', '));
  });

  it('leaves CHROMIUM_PATH in charge, and says so when it names no executable', async () => {
    const run = await node(openAPage, { ...env, CHROMIUM_PATH: '/dev/null' });
    assert.notEqual(run.code, 0);
    assert.match(run.output, /CHROMIUM_PATH=\/dev\/null is not an executable file/);
  });
});

/** The runner the e2e entry point uses: a command that outlives its time is killed with what it started. */
import { readFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from './support/fixture-site.ts';

describe('run', () => {
  it('resolves to the exit code of a command that ends', async () => {
    expect(await run(process.execPath, ['-e', 'process.exit(3)'], process.env)).toBe(3);
    expect(await run(process.execPath, ['-e', ''], process.env, 10_000)).toBe(0);
  });

  it('kills a command still running after its time, and its children, and fails', async () => {
    // The child starts a grandchild that would run for a minute, prints its pid, and waits.
    const script = `const c = require('node:child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
      require('node:fs').writeFileSync(process.env.PID_FILE, String(c.pid));
      setTimeout(() => {}, 60000);`;
    const file = `${process.env.TMPDIR ?? '/tmp'}/run-command-${process.pid}.pid`;
    const started = Date.now();
    const code = await run(process.execPath, ['-e', script], { ...process.env, PID_FILE: file }, 1500);
    expect(code).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    const grandchild = readFileSync(file, 'utf8');
    rmSync(file);
    // Killed with its parent's group: gone, or a zombie waiting for init to reap it.
    const state = () => {
      try {
        return /^\d+ \(.*\) (\S)/.exec(readFileSync(`/proc/${grandchild}/stat`, 'utf8'))?.[1];
      } catch {
        return 'gone';
      }
    };
    const dead = () => ['gone', 'Z', 'X'].includes(state()!);
    // The signal is sent at once; the kernel may take a moment to act on it.
    for (const until = Date.now() + 5000; !dead() && Date.now() < until;) await new Promise((r) => setTimeout(r, 50));
    expect(state()).toMatch(/^(gone|Z|X)$/);
  }, 20_000);
});

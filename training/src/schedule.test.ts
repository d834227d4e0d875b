import { describe, expect, it } from 'vitest';
import type { AnyExperiment } from './experiments/index.ts';
import { runScheduled } from './schedule.ts';

const exp = (name: string, after?: string[]) => ({ name, ...(after ? { after } : {}) }) as unknown as AnyExperiment;

/** A runOne whose jobs finish when the test says so, recording what ran when. */
function controlledRunner(codes: Record<string, number> = {}) {
  const log: string[] = [];
  const pending = new Map<string, () => void>();
  let running = 0;
  let most = 0;
  const runOne = (name: string) =>
    new Promise<number>((resolve) => {
      running++;
      most = Math.max(most, running);
      log.push(`start ${name}`);
      pending.set(name, () => {
        running--;
        log.push(`end ${name}`);
        resolve(codes[name] ?? 0);
      });
    });
  const finish = async (name: string) => {
    while (!pending.has(name)) await new Promise((r) => setImmediate(r));
    pending.get(name)!();
    pending.delete(name);
  };
  return { log, runOne, finish, most: () => most };
}

describe('runScheduled', () => {
  it('starts an experiment only after what it reads, and at most `jobs` at a time', async () => {
    const r = controlledRunner();
    const done = runScheduled({
      experiments: [exp('a'), exp('b'), exp('c'), exp('summary', ['a', 'b'])],
      jobs: 2,
      runOne: r.runOne,
      skipped: () => {},
    });
    await r.finish('a');
    await r.finish('b');
    await r.finish('c');
    await r.finish('summary');
    expect(await done).toEqual(new Set());
    expect(r.most()).toBe(2);
    expect(r.log.indexOf('start summary')).toBeGreaterThan(r.log.indexOf('end b'));
    expect(r.log.indexOf('start c')).toBeGreaterThan(r.log.indexOf('end a'));
  });

  it('skips what reads a failed experiment and reports both', async () => {
    const r = controlledRunner({ a: 1 });
    const skipped: string[] = [];
    const done = runScheduled({
      experiments: [exp('a'), exp('b'), exp('summary', ['a', 'b']), exp('study', ['summary'])],
      jobs: 4,
      runOne: r.runOne,
      skipped: (name, upstream) => skipped.push(`${name} <- ${upstream.join(',')}`),
    });
    await r.finish('a');
    await r.finish('b');
    expect(await done).toEqual(new Set(['a', 'summary', 'study']));
    expect(skipped).toEqual(['summary <- a', 'study <- summary']);
    expect(r.log).not.toContain('start summary');
  });

  it('starts at once what reads only experiments that are already up to date', async () => {
    const r = controlledRunner();
    const done = runScheduled({
      experiments: [exp('summary', ['a', 'b'])],
      jobs: 1,
      done: ['a', 'b'],
      runOne: r.runOne,
      skipped: () => {},
    });
    await r.finish('summary');
    expect(await done).toEqual(new Set());
    expect(r.log).toEqual(['start summary', 'end summary']);
  });

  it('refuses an order that cannot be met', async () => {
    const r = controlledRunner();
    await expect(
      runScheduled({ experiments: [exp('x', ['missing'])], jobs: 1, runOne: r.runOne, skipped: () => {} }),
    ).rejects.toThrow(/cannot order x/);
  });
});

import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashInputs, sourceClosure } from './hash.ts';
import { describeOutputs, freshness, manifestPath, readEntry, writeEntry } from './manifest.ts';

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'br-cache-'));
  mkdirSync(join(dir, 'nn'));
  writeFileSync(
    join(dir, 'exp.ts'),
    "import { a } from './nn/a';\nexport { b } from './b.ts';\nimport x from 'node:fs';\nimport type { T } from './types.ts';\n" +
      "import './side-effect.ts';\n" +
      "const kernels = readFileSync(new URL('./nn/kernels.wat', import.meta.url));\n",
  );
  writeFileSync(join(dir, 'types.ts'), "import { c } from './c.ts';\nexport type T = number;\n");
  writeFileSync(join(dir, 'nn', 'kernels.wat'), '(module)\n');
  writeFileSync(join(dir, 'nn', 'a.ts'), "import { c } from '../c.ts';\nexport const a = 1;\n");
  writeFileSync(join(dir, 'b.ts'), 'export const b = 2;\n');
  writeFileSync(join(dir, 'c.ts'), 'export const c = 3;\n');
  writeFileSync(join(dir, 'side-effect.ts'), 'globalThis.x = 1;\n');
  writeFileSync(join(dir, 'unrelated.ts'), 'export const u = 4;\n');
  return dir;
}

describe('input hashing', () => {
  it('follows local imports transitively, with the files a module loads by URL, and ignores packages and types', () => {
    const dir = project();
    expect(sourceClosure(join(dir, 'exp.ts')).map((f) => f.slice(dir.length + 1))).toEqual([
      'b.ts',
      'c.ts',
      'exp.ts',
      'nn/a.ts',
      'nn/kernels.wat',
      'side-effect.ts',
    ]);
  });

  it('changes when an imported helper or a config value changes, not otherwise', () => {
    const dir = project();
    const hash = (values: Record<string, unknown> = { lr: 1e-3 }) =>
      hashInputs(dir, sourceClosure(join(dir, 'exp.ts')), values);
    const before = hash();
    writeFileSync(join(dir, 'unrelated.ts'), 'export const u = 5;\n');
    expect(hash()).toBe(before);
    expect(hash({ lr: 1e-4 })).not.toBe(before);
    writeFileSync(join(dir, 'types.ts'), 'export type T = string;\n');
    expect(hash()).toBe(before);
    writeFileSync(join(dir, 'nn', 'kernels.wat'), '(module (func))\n');
    const withAsset = hash();
    expect(withAsset).not.toBe(before);
    writeFileSync(join(dir, 'c.ts'), 'export const c = 30;\n');
    expect(hash()).not.toBe(withAsset);
  });

  it('names a missing import', () => {
    const dir = project();
    writeFileSync(join(dir, 'exp.ts'), "import { a } from './gone';\n");
    expect(() => sourceClosure(join(dir, 'exp.ts'))).toThrow(/exp\.ts imports \.\/gone, which does not exist/);
  });
});

describe('manifest', () => {
  it('reports missing, fresh and stale entries, and round-trips them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'br-manifest-'));
    writeFileSync(join(dir, 'model.onnx'), 'weights');
    const entry = {
      experiment: 'vae',
      profile: 'full',
      inputHash: 'h1',
      outputs: describeOutputs(dir, ['model.onnx']),
      finishedAt: '',
      seconds: 1,
    };
    expect(freshness(undefined, 'h1', dir)).toEqual({ state: 'missing' });
    expect(freshness(entry, 'h1', dir)).toEqual({ state: 'fresh' });
    expect(freshness(entry, 'h2', dir)).toEqual({ state: 'stale', reason: 'code, config or data changed' });
    writeFileSync(join(dir, 'model.onnx'), 'edited');
    expect(freshness(entry, 'h1', dir)).toEqual({ state: 'stale', reason: 'model.onnx was changed by hand' });

    const path = manifestPath(dir, 'vae', 'full');
    expect(path).toBe(join(dir, 'training', 'manifest', 'vae.full.json'));
    expect(readEntry(path)).toBeUndefined();
    await writeEntry(path, entry);
    expect(readEntry(path)).toEqual(entry);
  });

  it('explains an unreadable entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'br-manifest-'));
    writeFileSync(join(dir, 'vae.full.json'), '{"inputHash": "h1", "outp');
    expect(() => readEntry(join(dir, 'vae.full.json'))).toThrow(
      /cannot be read .*delete it to retrain that experiment/,
    );
  });
});

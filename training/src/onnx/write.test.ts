import { describe, it, expect } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphBuilder } from './graph.ts';
import { decodeModel, encodeModel, writeModelFile } from './write.ts';

describe('writeModelFile', () => {
  it('creates the folder, writes the encoded model, and leaves no temporary file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'onnx-write-'));
    try {
      const g = new GraphBuilder('identity');
      g.output(g.input('x', [2]), [2], 'y');
      g.metadata({ experiment: 'test' });
      const model = g.build();
      const path = join(root, 'models', 'nested', 'identity.onnx');
      await writeModelFile(path, model);
      const bytes = new Uint8Array(await readFile(path));
      expect(bytes).toEqual(encodeModel(model));
      expect(decodeModel(bytes).metadataProps[0]).toMatchObject({ key: 'experiment', value: 'test' });
      expect(await readdir(join(root, 'models', 'nested'))).toEqual(['identity.onnx']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

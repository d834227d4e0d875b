import { describe, it, expect } from 'vitest';
import { GraphBuilder } from './graph.ts';
import { decodeModel, encodeModel } from './encode.ts';

describe('encodeModel / decodeModel', () => {
  it('round-trips a model with its metadata, in bytes that own their memory', () => {
    const g = new GraphBuilder('identity');
    g.output(g.input('x', [2]), [2], 'y');
    g.metadata({ experiment: 'test' });
    const bytes = encodeModel(g.build());
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
    const model = decodeModel(bytes);
    expect(model.metadataProps[0]).toMatchObject({ key: 'experiment', value: 'test' });
    expect(model.graph!.output![0]!.name).toBe('y');
  });
});

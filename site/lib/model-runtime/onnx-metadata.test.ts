import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { GraphBuilder } from '../../../training/src/onnx/graph.ts';
import { encodeModel } from '../../../training/src/onnx/write.ts';
import { readOnnxMetadata } from './onnx-metadata.ts';

function model(props: Record<string, string>): Uint8Array {
  const g = new GraphBuilder('identity');
  g.output(g.input('x', [2]), [2], 'y');
  g.metadata(props);
  return encodeModel(g.build());
}

describe('readOnnxMetadata', () => {
  it('reads what the training code writes, Unicode included', () => {
    const props = { experiment: 'vae-z2', test_nll_nats: '139.581', note: 'σ² ≥ 0 — ok' };
    expect(readOnnxMetadata(model(props))).toEqual(props);
  });

  it('reads the provenance of a committed model', () => {
    const bytes = new Uint8Array(readFileSync('content/posts/vae-baseline/models/vae-z2.decoder.onnx'));
    const metadata = readOnnxMetadata(bytes);
    expect(metadata).toMatchObject({ experiment: 'vae-z2', profile: 'full', dataset: 'mnist-10k', latent_dim: '2' });
    expect(Number(metadata.test_nll_nats)).toBeGreaterThan(0);
  });

  it('returns nothing for a model without metadata', () => {
    expect(readOnnxMetadata(model({}))).toEqual({});
  });

  it('throws on a truncated file', () => {
    const bytes = model({ experiment: 'x' });
    expect(() => readOnnxMetadata(bytes.subarray(0, bytes.length - 3))).toThrow(/past the end|ends inside/);
  });

  it('throws on an HTML page served in place of a model', () => {
    const html = new TextEncoder().encode('<!doctype html><title>Not found</title>');
    expect(() => readOnnxMetadata(html)).toThrow(/wire type|past the end|ends inside/);
  });
});

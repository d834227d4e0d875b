import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
// The reference protobuf encoder (CommonJS: the default import works under plain Node), not the
// training side's writer: the site reads what any ONNX writer produces, and stays out of training/.
import onnxProto from 'onnx-proto';
import { readOnnxMetadata } from './onnx-metadata.ts';

/** An identity model on [2] with these metadata_props, encoded by onnx-proto. */
function model(props: Record<string, string>): Uint8Array {
  const valueInfo = (name: string) => ({
    name,
    type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 2 }] } } },
  });
  const proto = onnxProto.onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'identity',
      node: [{ opType: 'Identity', input: ['x'], output: ['y'] }],
      input: [valueInfo('x')],
      output: [valueInfo('y')],
    },
    metadataProps: Object.entries(props).map(([key, value]) => ({ key, value })),
  });
  return new Uint8Array(onnxProto.onnx.ModelProto.encode(proto).finish());
}

describe('readOnnxMetadata', () => {
  it('reads the metadata an ONNX writer puts in, Unicode included', () => {
    const props = { experiment: 'vae-z2', test_nll_nats: '139.581', note: 'σ² ≥ 0 — ok' };
    expect(readOnnxMetadata(model(props))).toEqual(props);
  });

  it('reads the provenance of a committed model', () => {
    const bytes = new Uint8Array(readFileSync('tests/fixtures/posts/latent-pad-demo/models/vae-z2.decoder.onnx'));
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

import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
// The reference protobuf encoder (CommonJS: the default import works under plain Node), not the
// training side's writer: the site reads what any ONNX writer produces, and stays out of training/.
import onnxProto from 'onnx-proto';
import { readOnnxInitializers, readOnnxMetadata } from './read.ts';

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

describe('readOnnxInitializers', () => {
  it('reads float initializers stored as raw_data or as float_data, with their dims', () => {
    const tensor = (name: string, dims: number[], values: number[], raw: boolean) =>
      raw
        ? { name, dims, dataType: 1, rawData: new Uint8Array(new Float32Array(values).buffer) }
        : { name, dims, dataType: 1, floatData: values };
    const proto = onnxProto.onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: 'g',
        initializer: [tensor('w', [2, 3], [1, -2, 3.5, 0, 1e-8, -7], true), tensor('b', [3], [0.25, 0.5, -1], false)],
      },
    });
    const bytes = new Uint8Array(onnxProto.onnx.ModelProto.encode(proto).finish());
    const read = readOnnxInitializers(bytes);
    expect(read.get('w')).toEqual({ dims: [2, 3], data: new Float32Array([1, -2, 3.5, 0, 1e-8, -7]) });
    expect(read.get('b')).toEqual({ dims: [3], data: new Float32Array([0.25, 0.5, -1]) });
  });

  it('reads the weights of a committed model, the decoder the demos run', () => {
    const bytes = new Uint8Array(readFileSync('tests/fixtures/posts/latent-pad-demo/models/vae-z2.decoder.onnx'));
    const read = readOnnxInitializers(bytes);
    // 2 → 500 → 500 → 784: each layer's weight [in, out] and bias [out].
    expect([...read.values()].map((t) => t.dims)).toEqual([[2, 500], [500], [500, 500], [500], [500, 784], [784]]);
    for (const t of read.values()) expect(t.data.every(Number.isFinite)).toBe(true);
  });

  it('refuses an initializer whose values do not fill its dims, or that is not float32', () => {
    const encode = (initializer: object) =>
      new Uint8Array(
        onnxProto.onnx.ModelProto.encode(
          onnxProto.onnx.ModelProto.create({ graph: { name: 'g', initializer: [initializer] } }),
        ).finish(),
      );
    expect(() => readOnnxInitializers(encode({ name: 'w', dims: [4], dataType: 1, floatData: [1, 2] }))).toThrow(
      /holds 2 values for dims \[4\]/,
    );
    expect(() => readOnnxInitializers(encode({ name: 'k', dims: [1], dataType: 7, int64Data: [3] }))).toThrow(
      /data type 7, not float32/,
    );
  });
});

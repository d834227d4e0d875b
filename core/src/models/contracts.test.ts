import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
// The reference protobuf decoder: what the committed files declare, read independently of the
// training side's writer.
import onnxProto from 'onnx-proto';
import { posteriorSampler, vaeDecoder, type Feeds } from './contracts.ts';

/** A committed model's graph: its name, and each input and output with its shape ('batch' or a size). */
function graphOf(path: string) {
  const { graph } = onnxProto.onnx.ModelProto.decode(readFileSync(path));
  const values = (list: onnxProto.onnx.IValueInfoProto[] | null | undefined) =>
    (list ?? []).map((v) => ({
      name: v.name!,
      dims: v.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue)),
    }));
  return { name: graph!.name!, inputs: values(graph!.input), outputs: values(graph!.output) };
}

/** Feeds as the graph declares its inputs: the same names, and each shape with `batch` rows. */
function expectFeedsFit(feeds: Feeds, inputs: { name: string; dims: (string | number)[] }[], batch: number) {
  expect(Object.keys(feeds).sort()).toEqual(inputs.map((i) => i.name).sort());
  for (const input of inputs) {
    const { data, dims } = feeds[input.name]!;
    expect(dims).toEqual(input.dims.map((d) => (d === 'batch' ? batch : d)));
    expect(data.length).toBe(dims.reduce((a, b) => a * b, 1));
  }
}

const decoders = [
  { path: 'content/posts/vae-iaf/models/iaf-z2-t4.decoder.onnx', latentDim: 2 },
  { path: 'tests/fixtures/posts/latent-pad-demo/models/vae-z32.decoder.onnx', latentDim: 32 },
];
const samplers = [
  'content/posts/vae-iaf/models/iaf-z2-t0.posterior.onnx',
  'content/posts/vae-iaf/models/iaf-z2-t4.posterior.onnx',
];

describe('vaeDecoder', () => {
  it.each(decoders)('names and shapes its feeds and outputs as $path declares them', ({ path, latentDim }) => {
    const graph = graphOf(path);
    expect(graph.name).toBe(vaeDecoder.graph);
    expect(graph.inputs.map((i) => i.name)).toEqual(Object.values(vaeDecoder.inputs));
    expect(graph.outputs.map((o) => o.name)).toEqual(Object.values(vaeDecoder.outputs));
    expectFeedsFit(vaeDecoder.feeds(new Float32Array(3 * latentDim), latentDim), graph.inputs, 3);
  });

  it('feeds n codes as n rows, in order, and reads the probabilities', () => {
    const z = Float32Array.of(1, 2, 3, 4, 5, 6);
    expect(vaeDecoder.feeds(z, 2)).toEqual({ z: { data: z, dims: [3, 2] } });
    const probabilities = Float32Array.of(0.25, 0.75);
    expect(vaeDecoder.probabilities({ probabilities: { data: probabilities } })).toBe(probabilities);
  });

  it('says which output is missing when given the wrong model', () => {
    expect(() => vaeDecoder.probabilities({ z: { data: new Float32Array(2) } })).toThrow(
      'The decoder model gave no output "probabilities"; is it the right file?',
    );
  });
});

describe('posteriorSampler', () => {
  it.each(samplers)('names and shapes its feeds and outputs as %s declares them', (path) => {
    const graph = graphOf(path);
    expect(graph.name).toBe(posteriorSampler.graph);
    expect(graph.inputs.map((i) => i.name)).toEqual(Object.values(posteriorSampler.inputs));
    expect(graph.outputs.map((o) => o.name)).toEqual(Object.values(posteriorSampler.outputs));
    const [pixels, latentDim] = [graph.inputs[0]!.dims[1] as number, graph.inputs[1]!.dims[1] as number];
    const feeds = posteriorSampler.feeds(
      new Float32Array(5 * pixels),
      new Float32Array(5 * latentDim),
      pixels,
      latentDim,
    );
    expectFeedsFit(feeds, graph.inputs, 5);
  });

  it('feeds the images and the noise row by row, and reads z and log q', () => {
    const x = Float32Array.of(1, 0, 0, 1, 1, 1);
    const eps = Float32Array.of(0.5, -0.5, 2, -2);
    expect(posteriorSampler.feeds(x, eps, 3, 2)).toEqual({
      x: { data: x, dims: [2, 3] },
      eps: { data: eps, dims: [2, 2] },
    });
    const [z, logQ] = [Float32Array.of(0.1, 0.2), Float32Array.of(-1)];
    expect(posteriorSampler.sample({ z: { data: z }, log_q: { data: logQ } })).toEqual({ z, logQ });
  });

  it('says which output is missing when given the wrong model', () => {
    expect(() => posteriorSampler.sample({ z: { data: new Float32Array(2) } })).toThrow(
      'The posterior sampler model gave no output "log_q"; is it the right file?',
    );
    expect(() => posteriorSampler.sample({ probabilities: { data: new Float32Array(2) } })).toThrow(/no output "z"/);
  });
});

import { describe, it, expect } from 'vitest';
import { GraphBuilder, IR_VERSION, OPSET_VERSION, PRODUCER_NAME, dense, maskedDense } from './graph.ts';
import { onnx } from './proto.ts';
import { decodeModel, encodeModel } from './encode.ts';

const weight = (inputs: number, outputs: number) => ({
  data: new Float32Array(inputs * outputs).fill(0.5),
  dims: [inputs, outputs] as const,
});
const bias = (outputs: number) => ({ data: new Float32Array(outputs), dims: [outputs] as const });

describe('GraphBuilder', () => {
  it('writes opset 17, IR version 8, the producer and the metadata, which survive a round trip', () => {
    const g = new GraphBuilder('tiny');
    const x = g.input('x', ['batch', 3]);
    g.output(dense(g, x, weight(3, 2), bias(2), 'tanh', 'layer'), ['batch', 2], 'y');
    g.metadata({ experiment: 'vae-z2', commit: 'abc123' });
    g.metadata({ commit: 'def456' });
    const model = decodeModel(encodeModel(g.build()));

    expect(Number(model.irVersion)).toBe(IR_VERSION);
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', OPSET_VERSION]]);
    expect(model.producerName).toBe(PRODUCER_NAME);
    expect(Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]))).toEqual({
      experiment: 'vae-z2',
      commit: 'def456',
    });
    const graph = model.graph!;
    expect(graph.node!.map((n) => n.opType)).toEqual(['Gemm', 'Tanh', 'Identity']);
    expect(graph.initializer!.map((t) => [t.name, t.dims!.map(Number)])).toEqual([
      ['layer.weight', [3, 2]],
      ['layer.bias', [2]],
    ]);
    const dims = graph.input![0]!.type!.tensorType!.shape!.dim!;
    expect(dims.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['batch', 3]);
    expect(graph.output!.map((o) => o.name)).toEqual(['y']);
  });

  it('maps attribute values to their ONNX types', () => {
    const body = new GraphBuilder('body');
    body.output(body.input('b', []), []);
    const g = new GraphBuilder('attributes');
    const x = g.input('x', [2]);
    const y = g.node('Custom', [x], {
      int: 3,
      ints: [1, -2],
      float: { float: 0.25 },
      floats: new Float32Array([0.5, 1.5]),
      string: 'same_upper',
      graph: body,
    });
    g.output(y, [2]);
    const attributes = decodeModel(encodeModel(g.build())).graph!.node![0]!.attribute!;
    const T = onnx.AttributeProto.AttributeType;
    const byName = Object.fromEntries(attributes.map((a) => [a.name, a]));
    expect(byName.int).toMatchObject({ type: T.INT });
    expect(Number(byName.int!.i)).toBe(3);
    expect(byName.ints!.type).toBe(T.INTS);
    expect(byName.ints!.ints.map(Number)).toEqual([1, -2]);
    expect(byName.float).toMatchObject({ type: T.FLOAT, f: 0.25 });
    expect(byName.floats).toMatchObject({ type: T.FLOATS, floats: [0.5, 1.5] });
    expect(byName.string!.type).toBe(T.STRING);
    expect(new TextDecoder().decode(byName.string!.s)).toBe('same_upper');
    expect(byName.graph!.type).toBe(T.GRAPH);
    expect(byName.graph!.g!.name).toBe('body');
  });

  it('generates unique names for intermediate values', () => {
    const g = new GraphBuilder('names');
    const x = g.input('x', [2]);
    const a = g.node('Relu', [x]);
    const b = g.node('Relu', [a]);
    const [c, d] = g.node('Split', [b], { axis: 0 }, { outputs: 2 });
    expect(new Set([a, b, c, d]).size).toBe(4);
  });

  it('stores the masked weight of a MADE layer', () => {
    const g = new GraphBuilder('made');
    const x = g.input('x', ['batch', 2]);
    const w = { data: new Float32Array([1, 2, 3, 4]), dims: [2, 2] as const };
    g.output(maskedDense(g, x, w, new Uint8Array([1, 0, 1, 1]), bias(2), 'none', 'made_0'), ['batch', 2]);
    const init = g.build().graph!.initializer!.find((t) => t.name === 'made_0.weight')!;
    expect(Array.from(new Float32Array(init.rawData!.slice().buffer))).toEqual([1, 0, 3, 4]);
  });

  describe('errors name the bad value', () => {
    it('a node input that is not defined', () => {
      const g = new GraphBuilder('g');
      g.input('x', [1]);
      expect(() => g.node('Add', ['x', 'missing'])).toThrow(/Add node "add": input "missing" is not a graph input/);
    });

    it('duplicate names', () => {
      const g = new GraphBuilder('g');
      g.input('x', [1]);
      expect(() => g.input('x', [1])).toThrow(/"x" is already defined as a graph input/);
      expect(() => g.initializer('x', new Float32Array(1), [1])).toThrow(/"x" is already defined/);
      g.node('Relu', ['x'], {}, { name: 'act', output: 'h' });
      expect(() => g.node('Tanh', ['x'], {}, { output: 'h' })).toThrow(/"h" is already defined as the output of Relu/);
      expect(() => g.node('Tanh', ['x'], {}, { name: 'act' })).toThrow(/Tanh node "act": a node of that name/);
      g.output('h', [1]);
      expect(() => g.output('h', [1])).toThrow(/output "h" is already declared/);
    });

    it('an initializer whose data do not fill its dims', () => {
      const g = new GraphBuilder('g');
      expect(() => g.initializer('w', new Float32Array(5), [2, 3])).toThrow(
        /initializer "w" has 5 values, but dims \[2, 3\] hold 6/,
      );
      expect(() => dense(g, 'x', weight(3, 2), bias(4), 'none', 'd')).toThrow(/dense "d": bias dims \[4\]/);
    });

    it('a graph output that is never produced', () => {
      const g = new GraphBuilder('g');
      g.input('x', [1]);
      expect(() => g.output('y', [1])).toThrow(/output "y": "y" is never produced/);
      expect(() => g.build()).toThrow(/graph "g" has no outputs/);
    });

    it('a non-integer INT attribute, and a bad dimension', () => {
      const g = new GraphBuilder('g');
      g.input('x', [1]);
      expect(() => g.node('Gemm', ['x'], { alpha: 0.5 })).toThrow(/attribute "alpha" = 0.5 is not an integer/);
      expect(() => g.input('z', [-1])).toThrow(/input "z": bad dimension -1/);
    });

    it('a subgraph reads its parent, but may not shadow it', () => {
      const g = new GraphBuilder('g');
      g.input('x', [1]);
      const body = new GraphBuilder('body', { parent: g });
      expect(() => body.input('x', [1])).toThrow(/graph "body": "x" is already defined as a graph input/);
      const i = body.input('i', []);
      expect(() => body.node('Add', [i, 'x'])).not.toThrow();
      expect(() => body.build()).toThrow(/subgraph/);
    });
  });
});

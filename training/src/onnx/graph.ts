/**
 * A small typed builder for ONNX graphs (opset 17, IR version 8) that checks names as the graph is
 * built, and the layer helpers the model exporters use.
 *
 * Tensors are row-major. A dense layer computes y = x W + b with x [batch, in], W [in, out], b [out],
 * the layout of `nn/dense.ts`, so TensorFlow.js weights are written as they are.
 */
import {
  onnx,
  type AttributeFields,
  type AttributeProto,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from './proto.ts';

export const OPSET_VERSION = 17;
export const IR_VERSION = 8;
export const PRODUCER_NAME = 'bounded-rationality';

/** Element types of graph inputs, outputs and initializers. */
export type ElemType = 'float32' | 'int64' | 'int32' | 'bool';

/** A dimension: a size, or a name for a size known only at run time (e.g. 'batch'). */
export type Dim = number | string;

/** Tensor contents, row-major. A Uint8Array holds booleans (0 or 1). */
export type TensorData = Float32Array | BigInt64Array | Int32Array | Uint8Array;

/** A FLOAT attribute. A plain number is an INT attribute, so Gemm's alpha is `{ float: 0.5 }`. */
export interface FloatAttribute {
  float: number;
}

/**
 * An attribute value and the ONNX type it is written as: number → INT, number[] → INTS,
 * { float } → FLOAT, Float32Array → FLOATS, string → STRING, GraphBuilder → GRAPH (e.g. a Loop body).
 */
export type AttributeValue = number | readonly number[] | FloatAttribute | Float32Array | string | GraphBuilder;

export type Attributes = Readonly<Record<string, AttributeValue>>;

export interface NodeOptions {
  /** The node's name, unique in its graph; generated from the op type when absent. */
  name?: string;
  /** The name of the node's single output; generated from the node's name when absent. */
  output?: string;
}

export interface MultiOutputNodeOptions {
  name?: string;
  /** How many outputs the node has (names generated), or their names. */
  outputs: number | readonly string[];
}

const ELEM_TYPES: Readonly<Record<ElemType, number>> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  bool: onnx.TensorProto.DataType.BOOL,
};

/** The first of `base`, `base_1`, `base_2`, … not in `taken`. */
function unique(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  for (let k = 1; taken.has(name); k++) name = `${base}_${k}`;
  return name;
}

function checkDims(dims: readonly Dim[], what: string): void {
  for (const d of dims) {
    const ok = typeof d === 'number' ? Number.isInteger(d) && d >= 0 : d.length > 0;
    if (!ok) throw new Error(`${what}: bad dimension ${JSON.stringify(d)} in [${dims.join(', ')}].`);
  }
}

function valueInfo(name: string, dims: readonly Dim[], type: ElemType): ValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: ELEM_TYPES[type], shape: { dim } } } });
}

function elemTypeOf(data: TensorData): ElemType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof Int32Array) return 'int32';
  return 'bool';
}

function toAttribute(name: string, value: AttributeValue, where: string): AttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  const integers = (values: readonly number[]) => {
    const bad = values.find((v) => !Number.isInteger(v));
    if (bad !== undefined) {
      throw new Error(`${where}: attribute "${name}" = ${bad} is not an integer; write { float: ${bad} } for a FLOAT.`);
    }
    return [...values];
  };
  const attribute = (fields: Omit<AttributeFields, 'name'>) => onnx.AttributeProto.create({ name, ...fields });
  if (typeof value === 'number') return attribute({ type: AttributeType.INT, i: integers([value])[0] });
  if (typeof value === 'string') return attribute({ type: AttributeType.STRING, s: new TextEncoder().encode(value) });
  if (value instanceof Float32Array) return attribute({ type: AttributeType.FLOATS, floats: Array.from(value) });
  if (value instanceof GraphBuilder) return attribute({ type: AttributeType.GRAPH, g: value.graph() });
  if ('float' in value) return attribute({ type: AttributeType.FLOAT, f: value.float });
  return attribute({ type: AttributeType.INTS, ints: integers(value) });
}

/**
 * Builds one ONNX graph. Every value must be defined (graph input, initializer or node output) before
 * a node reads it, and every name is defined once; the errors name the value.
 *
 * A subgraph (a Loop body) is a GraphBuilder with a `parent`: it may read the parent's values that
 * exist when its nodes are added, and may not redefine them. Pass it as a node attribute.
 */
export class GraphBuilder {
  readonly name: string;
  private readonly parent: GraphBuilder | undefined;
  /** Value name → how it was defined, for error messages. */
  private readonly values = new Map<string, string>();
  /** Every value name in this graph and its relatives, so that generated names never collide. */
  private readonly allValues: Set<string>;
  private readonly nodeNames = new Set<string>();
  private readonly graphInputs: ValueInfoProto[] = [];
  private readonly graphOutputs: ValueInfoProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly nodes: NodeProto[] = [];
  private readonly props = new Map<string, string>();

  constructor(name: string, options: { parent?: GraphBuilder } = {}) {
    this.name = name;
    this.parent = options.parent;
    this.allValues = options.parent ? options.parent.allValues : new Set();
  }

  /** A graph input of shape `dims` ('batch' for a size chosen at run time); returns its name. */
  input(name: string, dims: readonly Dim[], type: ElemType = 'float32'): string {
    checkDims(dims, `graph "${this.name}": input "${name}"`);
    this.define(name, 'a graph input');
    this.graphInputs.push(valueInfo(name, dims, type));
    return name;
  }

  /** A constant tensor of shape `dims`, stored in the model; its element type follows `data`. */
  initializer(name: string, data: TensorData, dims: readonly number[]): string {
    const what = `graph "${this.name}": initializer "${name}"`;
    checkDims(dims, what);
    const size = dims.reduce((a, b) => a * b, 1);
    if (data.length !== size) {
      throw new Error(`${what} has ${data.length} values, but dims [${dims.join(', ')}] hold ${size}.`);
    }
    if (data instanceof Uint8Array && data.some((v) => v > 1)) throw new Error(`${what}: booleans must be 0 or 1.`);
    this.define(name, 'an initializer');
    // raw_data is little-endian, as typed arrays are on every platform Node runs on. Copied, so
    // that the caller may reuse its buffer.
    const rawData = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    const dataType = ELEM_TYPES[elemTypeOf(data)];
    this.initializers.push(onnx.TensorProto.create({ name, dims: [...dims], dataType, rawData }));
    return name;
  }

  /**
   * Adds a node of the default domain (ai.onnx, opset 17). `''` stands for an omitted optional input.
   * Returns the name of its output, or of its outputs when `options.outputs` is given.
   */
  node(opType: string, inputs: readonly string[], attributes?: Attributes, options?: NodeOptions): string;
  node(opType: string, inputs: readonly string[], attributes: Attributes, options: MultiOutputNodeOptions): string[];
  node(
    opType: string,
    inputs: readonly string[],
    attributes: Attributes = {},
    options: NodeOptions | MultiOutputNodeOptions = {},
  ): string | string[] {
    const name = options.name ?? unique(opType.toLowerCase(), this.nodeNames);
    const where = `graph "${this.name}": ${opType} node "${name}"`;
    if (this.nodeNames.has(name)) throw new Error(`${where}: a node of that name already exists.`);
    for (const input of inputs) {
      if (input !== '' && this.definition(input) === undefined) {
        throw new Error(
          `${where}: input "${input}" is not a graph input, an initializer, or an output of an earlier node.`,
        );
      }
    }
    const attribute = Object.entries(attributes).map(([key, value]) => toAttribute(key, value, where));

    const multiple = 'outputs' in options;
    let outputs: string[];
    if (!multiple) outputs = [options.output ?? unique(name, this.allValues)];
    else if (typeof options.outputs === 'number') {
      outputs = Array.from({ length: options.outputs }, (_, i) => unique(`${name}_${i}`, this.allValues));
    } else outputs = [...options.outputs];
    for (const output of outputs) this.define(output, `the output of ${opType} node "${name}"`);

    this.nodeNames.add(name);
    this.nodes.push(onnx.NodeProto.create({ name, opType, input: [...inputs], output: outputs, attribute }));
    return multiple ? outputs : outputs[0]!;
  }

  /**
   * Declares `value` a graph output of shape `dims`, under `name` when given (through an Identity
   * node), so that callers can give results stable names like 'probabilities'.
   */
  output(value: string, dims: readonly Dim[], name: string = value, type: ElemType = 'float32'): void {
    const what = `graph "${this.name}": output "${name}"`;
    checkDims(dims, what);
    if (this.definition(value) === undefined) {
      throw new Error(
        `${what}: "${value}" is never produced (not a graph input, an initializer, or an output of an earlier node).`,
      );
    }
    if (this.graphOutputs.some((o) => o.name === name)) throw new Error(`${what} is already declared.`);
    if (name !== value) this.node('Identity', [value], {}, { output: name });
    this.graphOutputs.push(valueInfo(name, dims, type));
  }

  /** Strings stored with the model (its provenance), in `metadata_props`; later calls win on a key. */
  metadata(props: Readonly<Record<string, string>>): void {
    for (const [key, value] of Object.entries(props)) this.props.set(key, value);
  }

  /** A name not yet used for any value, derived from `base`, for callers that name families of values. */
  freshName(base: string): string {
    return unique(base, this.allValues);
  }

  /** The graph alone, as a subgraph attribute needs it. */
  graph(): GraphProto {
    if (this.graphOutputs.length === 0) throw new Error(`graph "${this.name}" has no outputs.`);
    return onnx.GraphProto.create({
      name: this.name,
      node: [...this.nodes],
      initializer: [...this.initializers],
      input: [...this.graphInputs],
      output: [...this.graphOutputs],
    });
  }

  /** The model: this graph, ai.onnx opset 17, IR version 8, and the metadata. */
  build(): ModelProto {
    if (this.parent) throw new Error(`graph "${this.name}" is a subgraph; build its outermost graph.`);
    return onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: OPSET_VERSION }],
      producerName: PRODUCER_NAME,
      graph: this.graph(),
      metadataProps: [...this.props].map(([key, value]) => ({ key, value })),
    });
  }

  /** How `value` was defined, here or in an enclosing graph; undefined when it was not. */
  private definition(value: string): string | undefined {
    return this.values.get(value) ?? this.parent?.definition(value);
  }

  private define(value: string, how: string): void {
    if (value === '') throw new Error(`graph "${this.name}": ${how} has an empty name.`);
    const earlier = this.definition(value);
    if (earlier !== undefined) {
      throw new Error(`graph "${this.name}": "${value}" is already defined as ${earlier}; cannot define it as ${how}.`);
    }
    this.values.set(value, how);
    this.allValues.add(value);
  }
}

// Layer helpers. Each returns the name of its output value.

export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'none';

/** A dense layer's weight, [in, out], row-major. */
export interface DenseWeight {
  data: Float32Array;
  dims: readonly [number, number];
}

/** A dense layer's bias, [out]. */
export interface DenseBias {
  data: Float32Array;
  dims: readonly [number];
}

const ACTIVATION_OPS = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid' } as const;

/** Applies an activation elementwise (any shape); 'none' returns `x` itself. */
export function activate(g: GraphBuilder, x: string, activation: Activation, name?: string): string {
  return activation === 'none' ? x : g.node(ACTIVATION_OPS[activation], [x], {}, { name });
}

export const sigmoid = (g: GraphBuilder, x: string, name?: string): string => g.node('Sigmoid', [x], {}, { name });
export const tanh = (g: GraphBuilder, x: string, name?: string): string => g.node('Tanh', [x], {}, { name });
export const relu = (g: GraphBuilder, x: string, name?: string): string => g.node('Relu', [x], {}, { name });
export const exp = (g: GraphBuilder, x: string, name?: string): string => g.node('Exp', [x], {}, { name });
/** a + b, with NumPy broadcasting. */
export const add = (g: GraphBuilder, a: string, b: string, name?: string): string =>
  g.node('Add', [a, b], {}, { name });
/** a ⊙ b, with NumPy broadcasting. */
export const mul = (g: GraphBuilder, a: string, b: string, name?: string): string =>
  g.node('Mul', [a, b], {}, { name });

/**
 * A dense layer, x [batch, in] → activation(x W + b) [batch, out], as one Gemm node (and the
 * activation's). The parameters become initializers `${name}.weight` and `${name}.bias`, the names
 * `nn/dense.ts` gives them.
 */
export function dense(
  g: GraphBuilder,
  x: string,
  weight: DenseWeight,
  bias: DenseBias,
  activation: Activation = 'none',
  name: string = g.freshName('dense'),
): string {
  const [, outputs] = weight.dims;
  if (bias.dims[0] !== outputs) {
    throw new Error(
      `dense "${name}": bias dims [${bias.dims[0]}] do not match weight dims [${weight.dims.join(', ')}].`,
    );
  }
  const w = g.initializer(`${name}.weight`, weight.data, weight.dims);
  const b = g.initializer(`${name}.bias`, bias.data, bias.dims);
  const y = g.node('Gemm', [x, w, b], {}, { name: `${name}_gemm` });
  return activate(g, y, activation, `${name}_${activation}`);
}

/**
 * A MADE layer: dense with weight ⊙ mask, the mask ([in, out], 0 or 1) applied at export time, so
 * the model holds the masked weight and runs as a plain dense layer.
 */
export function maskedDense(
  g: GraphBuilder,
  x: string,
  weight: DenseWeight,
  mask: Float32Array | Uint8Array,
  bias: DenseBias,
  activation: Activation = 'none',
  name: string = g.freshName('masked_dense'),
): string {
  if (mask.length !== weight.data.length) {
    throw new Error(`maskedDense "${name}": mask has ${mask.length} values, weight ${weight.data.length}.`);
  }
  const masked = weight.data.map((w, i) => w * mask[i]!);
  return dense(g, x, { data: masked, dims: weight.dims }, bias, activation, name);
}

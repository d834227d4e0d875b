/**
 * Reads an ONNX model straight from the file's bytes, with a small protobuf walk: its
 * `metadata_props` (the provenance the training code writes: experiment, data, profile, metrics,
 * commit), which onnxruntime-web does not expose and the demos show to readers; and its float
 * initializers, the trained weights, for a demo that computes with them itself (the MADE sampler's
 * incremental passes). Everything else is skipped.
 */
import { decodeUtf8 } from '../text/utf8.ts';

/** ModelProto.metadata_props, a repeated StringStringEntryProto { key = 1; value = 2; }. */
const METADATA_PROPS = 14;
/** ModelProto.graph; GraphProto.initializer; TensorProto's dims, data_type, float_data, name, raw_data. */
const GRAPH = 7;
const INITIALIZER = 5;
const TENSOR = { dims: 1, dataType: 2, floatData: 4, name: 8, rawData: 9 } as const;
/** TensorProto.DataType FLOAT. */
const FLOAT = 1;

/** The model's metadata as a plain object; later entries win on a repeated key, as in ONNX. */
export function readOnnxMetadata(bytes: Uint8Array): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const field of fields(bytes, 0, bytes.length)) {
    if (field.number !== METADATA_PROPS || field.body === undefined) continue;
    let key = '';
    let value = '';
    for (const entry of fields(bytes, field.body.start, field.body.end)) {
      if (entry.body === undefined) continue;
      const text = decodeUtf8(bytes.subarray(entry.body.start, entry.body.end));
      if (entry.number === 1) key = text;
      else if (entry.number === 2) value = text;
    }
    metadata[key] = value;
  }
  return metadata;
}

/** A float32 initializer: its shape and values. */
export interface Initializer {
  dims: number[];
  data: Float32Array;
}

/** The model's float32 initializers by name; throws naming one stored in another type. */
export function readOnnxInitializers(bytes: Uint8Array): Map<string, Initializer> {
  const out = new Map<string, Initializer>();
  for (const field of fields(bytes, 0, bytes.length)) {
    if (field.number !== GRAPH || field.body === undefined) continue;
    for (const entry of fields(bytes, field.body.start, field.body.end)) {
      if (entry.number !== INITIALIZER || entry.body === undefined) continue;
      const tensor = readTensor(bytes, entry.body.start, entry.body.end);
      out.set(tensor.name, { dims: tensor.dims, data: tensor.data });
    }
  }
  return out;
}

function readTensor(bytes: Uint8Array, start: number, end: number) {
  let name = '';
  let dataType = 0;
  const dims: number[] = [];
  let data: Float32Array | undefined;
  for (const f of fields(bytes, start, end)) {
    if (f.number === TENSOR.name && f.body) name = decodeUtf8(bytes.subarray(f.body.start, f.body.end));
    else if (f.number === TENSOR.dataType && f.value !== undefined) dataType = f.value;
    else if (f.number === TENSOR.dims && f.value !== undefined) dims.push(f.value);
    else if (f.number === TENSOR.dims && f.body) dims.push(...packedVarints(bytes, f.body.start, f.body.end));
    else if ((f.number === TENSOR.rawData || f.number === TENSOR.floatData) && f.body) {
      // float_data is packed float32, raw_data little-endian bytes: the same layout either way.
      const length = f.body.end - f.body.start;
      if (length % 4 !== 0) throw new Error(`a tensor's data has ${length} bytes, not whole float32 values`);
      data = new Float32Array(length / 4);
      new Uint8Array(data.buffer).set(bytes.subarray(f.body.start, f.body.end));
    }
  }
  if (dataType !== FLOAT) throw new Error(`initializer "${name}" has data type ${dataType}, not float32 (1)`);
  const size = dims.reduce((a, b) => a * b, 1);
  if (!data || data.length !== size) {
    throw new Error(`initializer "${name}" holds ${data?.length ?? 0} values for dims [${dims.join(', ')}]`);
  }
  return { name, dims, data };
}

function packedVarints(bytes: Uint8Array, start: number, end: number): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 1;
  for (let at = start; at < end; at++) {
    const byte = bytes[at]!;
    value += (byte & 0x7f) * shift;
    shift *= 128;
    if (byte < 0x80) {
      values.push(value);
      [value, shift] = [0, 1];
    }
  }
  if (shift !== 1) throw new Error('a packed number runs past the end of its field');
  return values;
}

interface Field {
  number: number;
  /** The byte range of a length-delimited field's payload; undefined for the other wire types. */
  body?: { start: number; end: number };
  /** The value of a varint field. */
  value?: number;
}

/** The fields of one protobuf message occupying bytes[start, end); throws on a malformed message. */
function* fields(bytes: Uint8Array, start: number, end: number): Generator<Field> {
  let at = start;
  const varint = (): number => {
    let value = 0;
    for (let shift = 1; ; shift *= 128) {
      if (at >= end) throw new Error('the file ends inside a number');
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * shift;
      if (byte < 0x80) return value;
      if (shift > 2 ** 56) throw new Error('a number is longer than 10 bytes');
    }
  };
  while (at < end) {
    const key = varint();
    const number = Math.floor(key / 8);
    const wire = key % 8;
    if (number === 0) throw new Error(`field number 0 at byte ${at}`);
    if (wire === 0) {
      yield { number, value: varint() };
    } else if (wire === 1 || wire === 5) {
      at += wire === 1 ? 8 : 4;
      if (at > end) throw new Error('the file ends inside a fixed-width field');
      yield { number };
    } else if (wire === 2) {
      const length = varint();
      if (at + length > end) throw new Error(`field ${number} claims ${length} bytes, past the end of the file`);
      yield { number, body: { start: at, end: at + length } };
      at += length;
    } else {
      throw new Error(`unsupported protobuf wire type ${wire} at byte ${at}`);
    }
  }
}

/**
 * Reads an ONNX model's `metadata_props` (the provenance the training code writes: experiment,
 * data, profile, metrics, commit) straight from the file's bytes. onnxruntime-web does not expose
 * them, and the demos show them to readers, so the worker reads them itself with this small
 * protobuf walk over the top-level ModelProto fields; everything else (the graph) is skipped.
 */

/** ModelProto.metadata_props, a repeated StringStringEntryProto { key = 1; value = 2; }. */
const METADATA_PROPS = 14;

/** The model's metadata as a plain object; later entries win on a repeated key, as in ONNX. */
export function readOnnxMetadata(bytes: Uint8Array): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const field of fields(bytes, 0, bytes.length)) {
    if (field.number !== METADATA_PROPS || field.body === undefined) continue;
    let key = '';
    let value = '';
    for (const entry of fields(bytes, field.body.start, field.body.end)) {
      if (entry.body === undefined) continue;
      const text = decoder.decode(bytes.subarray(entry.body.start, entry.body.end));
      if (entry.number === 1) key = text;
      else if (entry.number === 2) value = text;
    }
    metadata[key] = value;
  }
  return metadata;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

interface Field {
  number: number;
  /** The byte range of a length-delimited field's payload; undefined for the other wire types. */
  body?: { start: number; end: number };
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
      varint();
      yield { number };
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

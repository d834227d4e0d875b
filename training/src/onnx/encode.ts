/** ONNX models to the bytes of a .onnx file, and back. */
import { onnx, type ModelProto } from './proto.ts';

/** The model's protobuf encoding, the contents of a .onnx file. */
export function encodeModel(model: ModelProto): Uint8Array {
  // In Node, protobufjs returns a Buffer, which may be a view into a shared pool; a copy owns its memory.
  return new Uint8Array(onnx.ModelProto.encode(model).finish());
}

/** Parses a .onnx file's bytes, for tests and inspection. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  return onnx.ModelProto.decode(bytes);
}

/**
 * The ONNX protobuf schema (onnx-proto: static protobufjs code for ONNX 1.10, IR version 8).
 *
 * onnx-proto is CommonJS that assigns `module.exports` whole, so Node cannot see its named exports:
 * `import { onnx } from 'onnx-proto'` fails under plain Node. The default import works everywhere,
 * so it is done once, here.
 */
import onnxProto from 'onnx-proto';
import type { onnx as schema } from 'onnx-proto';

export const onnx = onnxProto.onnx;

export type ModelProto = schema.ModelProto;
export type GraphProto = schema.GraphProto;
export type NodeProto = schema.NodeProto;
export type TensorProto = schema.TensorProto;
export type ValueInfoProto = schema.ValueInfoProto;
export type AttributeProto = schema.AttributeProto;
export type AttributeFields = schema.IAttributeProto;

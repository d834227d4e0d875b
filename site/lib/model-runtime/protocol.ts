/** Messages between the page and the model worker. Tensors travel as float32 data plus a shape. */

export interface FloatTensor {
  data: Float32Array;
  dims: number[];
}

export type Feeds = Record<string, FloatTensor>;

export interface ModelInfo {
  inputNames: string[];
  outputNames: string[];
  /** The model's ONNX metadata_props: its provenance as the training code recorded it. */
  metadata: Record<string, string>;
  /** Size of the model file, bytes. */
  bytes: number;
}

export type Request =
  { type: 'load'; id: number; url: string } | { type: 'run'; id: number; url: string; feeds: Feeds };

export type Response =
  | { type: 'progress'; id: number; loaded: number; total: number | null }
  | { type: 'loaded'; id: number; info: ModelInfo }
  | { type: 'result'; id: number; outputs: Feeds; ms: number }
  | { type: 'error'; id: number; message: string };

/**
 * A trained MADE for islands that compute with its weights on the page (sampling pixel by pixel
 * is D dependent steps, which a model runtime would take as D calls): the ONNX file's weights
 * and provenance, read with core's ONNX reader, and the degrees of the masks it was evaluated
 * with. One download per page, shared by the islands that ask; a failed load is not kept.
 * Same stages as `useModels`: idle (server render), loading with progress, ready, error with retry.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { readOnnxInitializers, readOnnxMetadata } from '@bounded-rationality/core/onnx/read.ts';
import { madeWeights, type MadeWeights } from '@bounded-rationality/core/made/network.ts';
import type { Degrees } from '@bounded-rationality/core/made/masks.ts';
import { download } from '../../lib/model-runtime/download.ts';
import type { ModelInfo } from '../../lib/model-runtime/protocol.ts';
import { errorMessage } from './use-model.ts';

export interface MadeModel {
  weights: MadeWeights;
  info: ModelInfo;
  /** The degrees of the masks the training run evaluated, in pool order. */
  masks: Degrees[];
}

export type MadeStatus =
  | { kind: 'idle' }
  | { kind: 'loading'; percent: number | null }
  | { kind: 'ready'; model: MadeModel }
  | { kind: 'error'; message: string };

const loads = new Map<string, Promise<MadeModel>>();

/** The masks file's degrees, checked against the model: permutation degrees and hidden degrees in range. */
function checkMasks(value: unknown, weights: MadeWeights, url: string): Degrees[] {
  const masks = (value as { masks?: unknown } | null)?.masks;
  const inRange = (values: unknown, length: number, low: number, high: number) =>
    Array.isArray(values) &&
    values.length === length &&
    values.every((d) => Number.isInteger(d) && (d as number) >= low && (d as number) <= high);
  const fits = (m: Degrees) =>
    inRange(m?.inputs, weights.dim, 1, weights.dim) &&
    new Set(m.inputs).size === weights.dim &&
    Array.isArray(m.hidden) &&
    m.hidden.length === 1 &&
    inRange(m.hidden[0], weights.hidden, 1, weights.dim - 1);
  if (!Array.isArray(masks) || masks.length === 0 || !masks.every(fits)) {
    throw new Error(`The masks file ${url} does not fit the model.`);
  }
  return masks as Degrees[];
}

async function loadMade(
  modelUrl: string,
  masksUrl: string,
  onProgress: (percent: number | null) => void,
): Promise<MadeModel> {
  const [bytes, masksJson] = await Promise.all([
    download(modelUrl, (loaded, total) => onProgress(total ? Math.round((100 * loaded) / total) : null)),
    fetch(masksUrl).then((r) => {
      if (!r.ok) throw new Error(`The masks file ${masksUrl} could not be downloaded (HTTP ${r.status}).`);
      return r.json() as Promise<unknown>;
    }),
  ]);
  let weights: MadeWeights;
  let metadata: Record<string, string>;
  try {
    metadata = readOnnxMetadata(bytes);
    weights = madeWeights(readOnnxInitializers(bytes));
  } catch (error) {
    throw new Error(`The model ${modelUrl} is damaged or not a MADE (${errorMessage(error)}).`, { cause: error });
  }
  const masks = checkMasks(masksJson, weights, masksUrl);
  const info: ModelInfo = { inputNames: [], outputNames: [], metadata, bytes: bytes.length };
  return { weights, info, masks };
}

export function useMadeModel(modelUrl: string, masksUrl: string): { status: MadeStatus; retry: () => void } {
  const [status, setStatus] = useState<MadeStatus>({ kind: 'idle' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let cancelled = false;
    const key = `${modelUrl}\n${masksUrl}`;
    setStatus({ kind: 'loading', percent: null });
    let load = loads.get(key);
    if (!load) {
      load = loadMade(modelUrl, masksUrl, (percent) => !cancelled && setStatus({ kind: 'loading', percent }));
      loads.set(key, load);
      load.catch(() => loads.delete(key));
    }
    load
      .then((model) => !cancelled && setStatus({ kind: 'ready', model }))
      .catch((error: unknown) => !cancelled && setStatus({ kind: 'error', message: errorMessage(error) }));
    return () => {
      cancelled = true;
    };
  }, [modelUrl, masksUrl, attempt]);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { status, retry };
}

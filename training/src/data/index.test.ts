import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { debianFashionMnistDir } from './fashion-mnist.ts';
import { datasetFingerprint, datasetNames, isDatasetName, loadDataset } from './index.ts';

describe('dataset registry', () => {
  it('knows mnist-10k and fashion-mnist, and rejects other names', () => {
    expect(datasetNames).toEqual(['mnist-10k', 'fashion-mnist']);
    expect(isDatasetName('mnist-10k')).toBe(true);
    expect(isDatasetName('toString')).toBe(false);
    expect(() => datasetFingerprint('mnist')).toThrow('Unknown dataset "mnist"; known: mnist-10k, fashion-mnist');
  });

  it('loads mnist-10k binarized', () => {
    const { train, validation, test } = loadDataset('mnist-10k');
    expect([train.n, validation.n, test.n]).toEqual([8000, 1000, 1000]);
    expect(train.images.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it("fingerprints mnist-10k's content stably", () => {
    const first = datasetFingerprint('mnist-10k');
    expect(datasetFingerprint('mnist-10k')).toBe(first);
    // Pinned: a change here re-keys every cached mnist-10k artifact, so it must be deliberate
    // (a new mnist package version, or a new mnist10kProtocol).
    expect(first).toBe('7fdba442392fabb4ccecadafc0cd0540feaf5aaf31128022eae69ac5f2751c68');
  });

  it.skipIf(!existsSync(join(debianFashionMnistDir, 'train-images-idx3-ubyte.gz')) || !!process.env.FASHION_MNIST_DIR)(
    "fingerprints Debian's Fashion-MNIST",
    { timeout: 30_000 },
    () => {
      const value = datasetFingerprint('fashion-mnist');
      expect(value).toBe('3843be3faa50187cc408609313953fc43456b4230d661a72c36a648e46487c49');
      expect(value).not.toBe(datasetFingerprint('mnist-10k'));
    },
  );
});

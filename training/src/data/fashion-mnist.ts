/**
 * Fashion-MNIST (Zalando): 60,000 training and 10,000 test images of clothing, 28×28 grey levels,
 * 10 classes, read from the IDX files that Debian's `dataset-fashion-mnist` package installs:
 *
 *   /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz   [60000, 28, 28] unsigned bytes
 *   /usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz   [60000]
 *   /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz    [10000, 28, 28]
 *   /usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz    [10000]
 *
 * The same names without `.gz` (decompressed copies) are accepted too.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { binarize, subset, type ImageSet, type Splits } from './dataset.ts';
import { contentFingerprint } from './fingerprint.ts';
import { readIdxFile, readIdxImageSet } from './idx.ts';

/** Where Debian's package puts the files. */
export const debianFashionMnistDir = '/usr/share/datasets/fashion-mnist';

/** What the split and fingerprint functions below implement; change it when they change. */
export const fashionMnistProtocol =
  'fashion-mnist v1: IDX train/t10k; train index i%6==5 validation, else train; binarize pixel > 0.5';

/** Every `validationStride`-th training image (i % 6 == 5) is held out for validation: 10,000 of 60,000. */
export const validationStride = 6;

/** `$FASHION_MNIST_DIR` when set and non-empty, else Debian's folder. */
export function defaultFashionMnistDir(): string {
  return process.env.FASHION_MNIST_DIR || debianFashionMnistDir;
}

export interface FashionMnistFiles {
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
}

const baseNames: Record<keyof FashionMnistFiles, string> = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/** The four files' paths in `dir`, each `<name>.gz` or `<name>`; throws, with how to get them, if any is missing. */
export function fashionMnistFiles(dir: string): FashionMnistFiles {
  const found: Partial<FashionMnistFiles> = {};
  const missing: string[] = [];
  for (const [key, base] of Object.entries(baseNames) as [keyof FashionMnistFiles, string][]) {
    const path = [join(dir, `${base}.gz`), join(dir, base)].find((candidate) => existsSync(candidate));
    if (path === undefined) missing.push(`${base}[.gz]`);
    else found[key] = path;
  }
  if (missing.length > 0) {
    throw new Error(
      `Fashion-MNIST not found: ${resolve(dir)} lacks ${missing.join(', ')}. ` +
        `Install it with \`apt-get install dataset-fashion-mnist\` (files in ${debianFashionMnistDir}), ` +
        'or set FASHION_MNIST_DIR to a folder holding the four IDX files.',
    );
  }
  return found as FashionMnistFiles;
}

const cache = new Map<string, { train: ImageSet; test: ImageSet }>();

/**
 * The official 60,000 / 10,000 split, grey levels in [0, 1]. Read once per folder per process, then
 * shared: do not modify the arrays.
 */
export function loadFashionMnist(dir = defaultFashionMnistDir()): { train: ImageSet; test: ImageSet } {
  const key = resolve(dir);
  const cached = cache.get(key);
  if (cached) return cached;
  const files = fashionMnistFiles(dir);
  const sets = {
    train: readIdxImageSet(files.trainImages, files.trainLabels, 'fashion-mnist/train'),
    test: readIdxImageSet(files.testImages, files.testLabels, 'fashion-mnist/test'),
  };
  cache.set(key, sets);
  return sets;
}

/**
 * Holds out training images i with i % 6 == 5 (10,000 of 60,000) for validation; the rest train.
 * Interleaved rather than a contiguous tail, as in mnist-10k, so that any drift along the file
 * order is shared by both parts. Rows are copied.
 */
export function splitFashionMnistValidation(train: ImageSet): { train: ImageSet; validation: ImageSet } {
  const kept: number[] = [];
  const held: number[] = [];
  for (let i = 0; i < train.n; i++) (i % validationStride === validationStride - 1 ? held : kept).push(i);
  return {
    train: subset(train, kept, 'fashion-mnist/train'),
    validation: subset(train, held, 'fashion-mnist/validation'),
  };
}

/** 50,000 / 10,000 / 10,000 images with grey levels kept; fresh copies except `test`, which is shared. */
export function loadFashionMnistGrayscale(dir = defaultFashionMnistDir()): Splits {
  const { train, test } = loadFashionMnist(dir);
  return { ...splitFashionMnistValidation(train), test };
}

/** The splits of {@link loadFashionMnistGrayscale}, binarized with pixel > 0.5; fresh copies. */
export function loadFashionMnistBinarized(dir = defaultFashionMnistDir()): Splits {
  const { train, validation, test } = loadFashionMnistGrayscale(dir);
  return { train: binarize(train, 0.5), validation: binarize(validation, 0.5), test: binarize(test, 0.5) };
}

/**
 * sha256 (hex) over the protocol and the four files' decoded IDX contents (shape and bytes), so a
 * raw and a gzipped copy of the same data give the same fingerprint.
 */
export function fashionMnistFingerprint(dir = defaultFashionMnistDir()): string {
  const files = fashionMnistFiles(dir);
  // A generator, so that only one decompressed file is held at a time.
  function* parts() {
    for (const key of Object.keys(baseNames) as (keyof FashionMnistFiles)[]) {
      const { dims, data } = readIdxFile(files[key]);
      yield { name: `${baseNames[key]} [${dims.join(', ')}]`, bytes: data };
    }
  }
  return contentFingerprint(fashionMnistProtocol, parts());
}

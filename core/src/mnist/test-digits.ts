/**
 * The file of test digits the demos offer to readers who would rather not draw: a few binarized
 * images from the test split, written by the training code (`npm run train`) and read by the
 * site. Both sides use this module, so the format has one definition. Each image is packed one
 * bit per pixel, most significant bit first, as hex: 196 characters for a 28 × 28 digit.
 */

export interface TestDigit {
  /** The digit's class, 0–9. */
  label: number;
  /** Position in the dataset's test split. */
  index: number;
  /** width × height values, each exactly 0 or 1, row-major. */
  pixels: Float32Array;
}

export interface TestDigitsFile {
  /** Where the images come from, e.g. `mnist-10k/test`. */
  source: string;
  width: number;
  height: number;
  digits: { label: number; index: number; bits: string }[];
}

/** Binary pixels (each exactly 0 or 1) as hex, one bit per pixel, most significant bit first. */
export function packBits(pixels: Float32Array): string {
  const bytes = new Uint8Array(Math.ceil(pixels.length / 8));
  pixels.forEach((v, i) => {
    if (v !== 0 && v !== 1) throw new Error(`pixel ${i} is ${v}; only binary images (0 or 1) can be packed`);
    if (v === 1) bytes[i >> 3]! |= 0x80 >> (i & 7);
  });
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The inverse of packBits for `length` pixels. */
export function unpackBits(hex: string, length: number): Float32Array {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex) || hex.length !== 2 * Math.ceil(length / 8)) {
    throw new Error(`expected ${2 * Math.ceil(length / 8)} lowercase hex characters for ${length} pixels`);
  }
  const pixels = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const byte = parseInt(hex.slice(2 * (i >> 3), 2 * (i >> 3) + 2), 16);
    pixels[i] = (byte >> (7 - (i & 7))) & 1;
  }
  return pixels;
}

/** Checks a parsed file and unpacks its images; a malformed file fails with what is wrong in it. */
export function readTestDigits(file: unknown): { source: string; width: number; height: number; digits: TestDigit[] } {
  const f = file as Partial<TestDigitsFile> | null;
  const positive = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
  if (!f || typeof f.source !== 'string' || !positive(f.width) || !positive(f.height) || !Array.isArray(f.digits)) {
    throw new Error('the test digits file needs source, width, height and a digits list');
  }
  const { width, height } = f;
  const digits = f.digits.map((d, k) => {
    if (!Number.isInteger(d?.label) || d.label < 0 || !Number.isInteger(d.index) || d.index < 0) {
      throw new Error(`test digit ${k} needs a non-negative integer label and index`);
    }
    try {
      return { label: d.label, index: d.index, pixels: unpackBits(String(d.bits), width * height) };
    } catch (error) {
      throw new Error(`test digit ${k}: ${(error as Error).message}`, { cause: error });
    }
  });
  return { source: f.source, width, height, digits };
}

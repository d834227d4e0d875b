/**
 * The IDX format of MNIST-style files (http://yann.lecun.com/exdb/mnist/), raw or gzipped.
 *
 * Layout, all integers big-endian: a 4-byte magic number `0x00 0x00 <type> <rank>`, then `rank`
 * 32-bit dimension sizes, then the values in row-major order. Only the unsigned-byte type (0x08) is
 * supported, with rank 1 (labels, magic 0x00000801) or rank 3 (images [n, rows, cols], 0x00000803).
 * Gzip is recognised by its magic bytes 1f 8b, whatever the file is called.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createImageSet, type ImageSet } from './dataset.ts';

/** A decoded IDX array: `data` holds product(dims) values in row-major order. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** The ranks this reader accepts: 1 for labels, 3 for images. */
export type IdxRank = 1 | 3;

const unsignedByte = 0x08;
const typeNames: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

const hex = (value: number, digits: number) => `0x${value.toString(16).padStart(digits, '0')}`;

/** Whether `bytes` start with the gzip magic bytes 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** `bytes` decompressed if they are gzip, else `bytes` itself. */
export function gunzipIfGzip(bytes: Uint8Array, fileName: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new Error(`${fileName}: corrupt gzip data (${(error as Error).message})`, { cause: error });
  }
}

function magicError(fileName: string, found: number, rank: IdxRank | undefined): Error {
  const expected = rank === undefined ? `${hex(0x801, 8)} or ${hex(0x803, 8)}` : hex(0x800 | rank, 8);
  return new Error(
    `${fileName}: not an unsigned-byte IDX file: magic number expected ${expected}, found ${hex(found, 8)}`,
  );
}

/**
 * Decodes an IDX file's bytes (gunzipping them first if they are gzip).
 * @param fileName named in every error.
 * @param rank the rank the caller expects; when omitted, 1 and 3 are both accepted.
 * @returns the dimension sizes, and the values as a view into the (decompressed) bytes.
 */
export function parseIdx(bytes: Uint8Array, fileName: string, rank?: IdxRank): IdxArray {
  const gzipped = isGzip(bytes);
  const raw = gunzipIfGzip(bytes, fileName);
  const sizeNote = gzipped ? ' after gunzip' : '';
  if (raw.length < 4) {
    throw new Error(
      `${fileName}: truncated: expected at least 4 bytes (the IDX magic number), found ${raw.length}${sizeNote}`,
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const magic = view.getUint32(0);
  const type = (magic >>> 8) & 0xff;
  const foundRank = magic & 0xff;
  if (magic >>> 16 !== 0) throw magicError(fileName, magic, rank);
  if (type !== unsignedByte) {
    const typeName = typeNames[type];
    if (typeName === undefined) throw magicError(fileName, magic, rank);
    throw new Error(
      `${fileName}: unsupported IDX data type ${hex(type, 2)} (${typeName}); only ${hex(unsignedByte, 2)} (unsigned byte) is supported`,
    );
  }
  if (rank === undefined ? foundRank !== 1 && foundRank !== 3 : foundRank !== rank)
    throw magicError(fileName, magic, rank);

  const headerBytes = 4 + 4 * foundRank;
  if (raw.length < headerBytes) {
    throw new Error(
      `${fileName}: truncated: a rank-${foundRank} IDX header needs ${headerBytes} bytes, found ${raw.length}${sizeNote}`,
    );
  }
  const dims = Array.from({ length: foundRank }, (_, d) => view.getUint32(4 + 4 * d));
  const values = dims.reduce((product, size) => product * size, 1);
  const expected = headerBytes + values;
  const shape = `[${dims.join(', ')}]`;
  if (raw.length < expected) {
    throw new Error(
      `${fileName}: truncated: shape ${shape} needs ${expected} bytes (${headerBytes} header + ${values} data), ` +
        `found ${raw.length}${sizeNote}`,
    );
  }
  if (raw.length > expected) {
    throw new Error(
      `${fileName}: ${raw.length - expected} bytes of trailing data: shape ${shape} needs ${expected} bytes, ` +
        `found ${raw.length}${sizeNote}`,
    );
  }
  return { dims, data: new Uint8Array(raw.buffer, raw.byteOffset + headerBytes, values) };
}

/** Reads and decodes one IDX file, raw or gzipped. */
export function readIdxFile(path: string, rank?: IdxRank): IdxArray {
  return parseIdx(readFileSync(path), path, rank);
}

/**
 * An image set from an IDX image file ([n, height, width] bytes) and an IDX label file ([n] bytes,
 * each a class in 0..9). Pixels are scaled from 0..255 to [0, 1] by dividing by 255.
 */
export function readIdxImageSet(imagesPath: string, labelsPath: string, name: string): ImageSet {
  const images = readIdxFile(imagesPath, 3);
  const labels = readIdxFile(labelsPath, 1);
  const [n, height, width] = images.dims as [number, number, number];
  const [labelCount] = labels.dims as [number];
  if (n !== labelCount) {
    throw new Error(`${imagesPath} holds ${n} images but ${labelsPath} holds ${labelCount} labels; they must match`);
  }
  if (height === 0 || width === 0) throw new Error(`${imagesPath}: images have an empty size ${height}×${width}`);
  const badLabel = labels.data.findIndex((label) => label > 9);
  if (badLabel >= 0) {
    throw new Error(`${labelsPath}: label ${labels.data[badLabel]} at index ${badLabel} is outside 0..9`);
  }
  const pixels = new Float32Array(images.data.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images.data[i]! / 255;
  return createImageSet({ name, images: pixels, labels: labels.data.slice(), height, width });
}

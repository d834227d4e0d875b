/**
 * Training checkpoints: one file holding a JSON header and the raw float32 tensors, written
 * atomically, so an interrupted write never leaves a half-written checkpoint.
 *
 * Layout: "BRCK" | u32 header length | header JSON (utf-8) | float32 data (little-endian).
 */
import { readFile } from 'node:fs/promises';
import { writeAtomic } from '../runtime/write-atomic.ts';
import type { ParamArray } from '../nn/params.ts';

const MAGIC = 'BRCK';

export interface Checkpoint<S> {
  /** Small JSON-serialisable training state (epoch, history, …). */
  state: S;
  tensors: Record<string, ParamArray>;
}

interface Header<S> {
  state: S;
  tensors: { name: string; shape: number[]; offset: number; length: number }[];
}

export function encodeCheckpoint<S>(checkpoint: Checkpoint<S>): Buffer {
  let offset = 0;
  const index = Object.entries(checkpoint.tensors).map(([name, t]) => {
    const entry = { name, shape: t.shape, offset, length: t.data.length };
    offset += t.data.length;
    return entry;
  });
  const header = Buffer.from(JSON.stringify({ state: checkpoint.state, tensors: index } satisfies Header<S>), 'utf8');
  const data = new Float32Array(offset);
  for (const entry of index) data.set(checkpoint.tensors[entry.name]!.data, entry.offset);
  const prefix = Buffer.alloc(8);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(header.length, 4);
  // Pad the header so the float data starts on a 4-byte boundary.
  const pad = Buffer.alloc((4 - ((8 + header.length) % 4)) % 4);
  return Buffer.concat([prefix, header, pad, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

export function decodeCheckpoint<S>(bytes: Buffer, file: string): Checkpoint<S> {
  const fail = (why: string): never => {
    throw new Error(`Checkpoint ${file} is corrupt (${why}). Delete it to start this run over.`);
  };
  if (bytes.length < 8 || bytes.toString('latin1', 0, 4) !== MAGIC) fail('not a checkpoint file');
  const headerLength = bytes.readUInt32LE(4);
  if (8 + headerLength > bytes.length) fail(`header of ${headerLength} bytes runs past the end`);
  let header: Header<S>;
  try {
    header = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength)) as Header<S>;
  } catch {
    return fail('header is not JSON');
  }
  const start = 8 + headerLength + ((4 - ((8 + headerLength) % 4)) % 4);
  const total = header.tensors.reduce((n, t) => Math.max(n, t.offset + t.length), 0);
  if (start + total * 4 !== bytes.length) fail(`expected ${start + total * 4} bytes, found ${bytes.length}`);
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + start + total * 4));
  const tensors: Record<string, ParamArray> = {};
  for (const t of header.tensors) {
    if (t.shape.reduce((a, b) => a * b, 1) !== t.length) fail(`tensor ${t.name} has the wrong size`);
    tensors[t.name] = { shape: t.shape, data: data.slice(t.offset, t.offset + t.length) };
  }
  return { state: header.state, tensors };
}

export async function saveCheckpoint<S>(path: string, checkpoint: Checkpoint<S>): Promise<void> {
  await writeAtomic(path, encodeCheckpoint(checkpoint));
}

/** The checkpoint at `path`, or undefined when there is none. */
export async function loadCheckpoint<S>(path: string): Promise<Checkpoint<S> | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return decodeCheckpoint<S>(bytes, path);
}

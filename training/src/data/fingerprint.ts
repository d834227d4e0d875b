/** Content fingerprints of datasets, for the experiment cache's keys. */
import { createHash } from 'node:crypto';

/** One named piece of a dataset's content: a file's bytes, or a decoded array's bytes. */
export interface FingerprintPart {
  name: string;
  bytes: Uint8Array;
}

/**
 * sha256 (64 hex characters) over a protocol description and the parts, in the order given. Each
 * name and byte length is hashed before the bytes, so moving bytes from one part to the next, or
 * renaming a part, changes the result.
 */
export function contentFingerprint(protocol: string, parts: Iterable<FingerprintPart>): string {
  const h = createHash('sha256');
  h.update(`${protocol}\n`);
  for (const { name, bytes } of parts) {
    h.update(`${name}\n${bytes.length}\n`);
    h.update(bytes);
  }
  return h.digest('hex');
}

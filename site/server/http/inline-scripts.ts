/** The CSP hashes of the inline scripts in built HTML. */
import { createHash } from 'node:crypto';

// A <script> without src: its attributes, and its text exactly as the browser will hash it.
const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const TYPE = /\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;

/**
 * Whether the browser runs a script element of this `type` (and so checks it against script-src).
 * No type, a JavaScript MIME type, module, importmap and speculationrules run; anything else
 * (application/ld+json, say) is a data block, which CSP does not govern. Hashing those would put
 * one hash per page into a header every response carries.
 */
export function isExecutable(type: string | undefined): boolean {
  const t = (type ?? '').trim().toLowerCase();
  return (
    t === '' ||
    t === 'module' ||
    t === 'importmap' ||
    t === 'speculationrules' ||
    /^(?:application|text)\/(?:x-)?(?:javascript|ecmascript)$|^text\/(?:jscript|livescript|javascript1\.[0-5])$/.test(t)
  );
}

export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(INLINE_SCRIPT)]
    .filter((m) => {
      const type = TYPE.exec(m[1]!);
      return isExecutable(type ? (type[1] ?? type[2] ?? type[3]) : undefined);
    })
    .map((m) => `sha256-${createHash('sha256').update(m[2]!, 'utf8').digest('base64')}`);
}

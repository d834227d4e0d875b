import { describe, expect, it } from 'vitest';
import { inlineScriptHashes, isExecutable } from './inline-scripts.ts';

// Hashes computed outside this code: printf '%s' '<text>' | openssl dgst -sha256 -binary | base64
const CLASSIC = 'document.documentElement.dataset.js = "1"';
const CLASSIC_HASH = 'sha256-MVBBbuMwVYmjOtt/9GUwY13Vpo1oRhsErO8ihRrNs6w=';
const IMPORT_MAP = '{"imports":{"a":"/a.js"}}';
const IMPORT_MAP_HASH = 'sha256-+q/WiRau/ts/QoAL1BbUDQHiuI1hDmKvdtcVWR5N5AQ=';

describe('inlineScriptHashes', () => {
  it('hashes the text of every script the browser runs, exactly as written', () => {
    const html = `<head><script>${CLASSIC}</script><script type="importmap">${IMPORT_MAP}</script></head>`;
    expect(inlineScriptHashes(html)).toEqual([CLASSIC_HASH, IMPORT_MAP_HASH]);
    expect(inlineScriptHashes(`<script type='module' defer>${CLASSIC}</script >`)).toEqual([CLASSIC_HASH]);
    expect(inlineScriptHashes(`<SCRIPT TYPE=text/javascript>${CLASSIC}</SCRIPT>`)).toEqual([CLASSIC_HASH]);
  });

  it('leaves out data blocks and scripts loaded from a file', () => {
    const html =
      `<script type="application/ld+json">{"@type":"BlogPosting"}</script>` +
      `<script type="text/plain">x</script><script src="/_astro/a.js"></script>` +
      `<script type="module" src="/_astro/b.js"></script>`;
    expect(inlineScriptHashes(html)).toEqual([]);
  });

  it('knows which types run', () => {
    for (const t of [
      undefined,
      '',
      ' Module ',
      'importmap',
      'speculationrules',
      'text/javascript',
      'application/x-ecmascript',
      'text/jscript',
    ]) {
      expect(isExecutable(t), String(t)).toBe(true);
    }
    for (const t of ['application/ld+json', 'application/json', 'text/plain', 'text/x-template', 'javascript']) {
      expect(isExecutable(t), t).toBe(false);
    }
  });
});

/**
 * The site's response headers, in one place: the Node server sends them (serve.ts), and the build
 * writes them as `_headers` for static hosts that read that format (Netlify, Cloudflare Pages).
 */

/**
 * Scripts: the site's own files, the hashes of its inline scripts (theme, form enhancement, island
 * bootstrap) and 'wasm-unsafe-eval', which onnxruntime-web needs to compile its wasm; no
 * 'unsafe-inline'. Styles allow inline attributes: KaTeX and the code highlighter position with them.
 */
export function contentSecurityPolicy(scriptHashes: readonly string[]): string {
  const hashes = [...new Set(scriptHashes)].sort().map((h) => `'${h}'`);
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    // Vite inlines small font files into the CSS as data: URLs.
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers for every response. */
export function securityHeaders(scriptHashes: readonly string[]): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(scriptHashes),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
}

/** Content-hashed build output under /_astro/ never changes: cache it for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The `_headers` file (Netlify / Cloudflare Pages format) with the same policy. */
export function headersFile(headers: Record<string, string>): string {
  const block = (path: string, entries: Record<string, string>) =>
    [path, ...Object.entries(entries).map(([k, v]) => `  ${k}: ${v}`)].join('\n');
  return `${block('/*', headers)}\n${block('/_astro/*', { 'Cache-Control': IMMUTABLE })}\n`;
}

/** Read back the `/*` block of a `_headers` file written by `headersFile`. */
export function parseHeadersFile(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let inAll = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(' ')) inAll = line.trim() === '/*';
    else if (inAll) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
  }
  return headers;
}

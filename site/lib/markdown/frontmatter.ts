import type { VFile } from 'vfile';

/**
 * Pass a value from a remark plugin to the page, where `render(entry)` returns it in
 * `remarkPluginFrontmatter`. This is Astro's documented channel for plugin output.
 */
export function setFrontmatter(file: VFile, key: string, value: unknown): void {
  const data = file.data as { astro?: { frontmatter?: Record<string, unknown> } };
  data.astro ??= {};
  data.astro.frontmatter ??= {};
  data.astro.frontmatter[key] = value;
}

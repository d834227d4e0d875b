/**
 * URL-safe words: accents dropped (é → e), lower case, every run of other characters one hyphen,
 * none at the ends. The site's tag pages and the post scaffold's folder names both use it.
 * '' when nothing is left; callers say what that means for them.
 */
export function slugWords(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

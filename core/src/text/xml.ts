/**
 * Text for XML content and attribute values: the five special characters escaped, and the control
 * characters that XML 1.0 forbids (even as character references) dropped.
 */
export function escapeXml(text: string): string {
  return text.replace(FORBIDDEN, '').replace(/[&<>"']/g, (ch) => XML_ENTITIES[ch]!);
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point here.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

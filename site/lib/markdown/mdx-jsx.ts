import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';

export type MdxJsxElement = MdxJsxFlowElement | MdxJsxTextElement;

/** The literal string value of a JSX attribute; undefined when absent or an expression. */
export function stringAttribute(node: MdxJsxElement, name: string): string | undefined {
  for (const attr of node.attributes) {
    if (attr.type === 'mdxJsxAttribute' && attr.name === name) {
      return typeof attr.value === 'string' ? attr.value : undefined;
    }
  }
  return undefined;
}

/** Whether the element has an attribute of this name, whatever its value. */
export function hasAttribute(node: MdxJsxElement, name: string): boolean {
  return node.attributes.some((a) => a.type === 'mdxJsxAttribute' && a.name === name);
}

/** Set (or replace) a string attribute. */
export function setStringAttribute(node: MdxJsxElement, name: string, value: string): void {
  node.attributes = node.attributes.filter((a) => !(a.type === 'mdxJsxAttribute' && a.name === name));
  node.attributes.push({ type: 'mdxJsxAttribute', name, value });
}

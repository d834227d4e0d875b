import type { Math } from 'mdast-util-math';

/**
 * Change the LaTeX of a display-math node. remark-math copies the source into the node's
 * pre-built HTML children at parse time, so both copies must change together.
 */
export function setMathValue(node: Math, latex: string): void {
  node.value = latex;
  const code = node.data?.hChildren?.[0];
  if (code && code.type === 'element') code.children = [{ type: 'text', value: latex }];
}

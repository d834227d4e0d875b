/**
 * Every error an author can cause at build time, in one catalogue, so that a KaTeX error, a
 * dangling cross-reference or a bad frontmatter field all read the same way: a title, what went
 * wrong, and how to fix it.
 */

export interface ErrorEntry<A extends unknown[]> {
  title: string;
  message: (...args: A) => string;
  hint: string;
}

function entry<A extends unknown[]>(e: ErrorEntry<A>): ErrorEntry<A> {
  return e;
}

export const errors = {
  mathParse: entry({
    title: 'Math could not be rendered',
    message: (latex: string, reason: string) => `KaTeX could not parse \`${latex}\`: ${reason}`,
    hint: 'Fix the LaTeX, or add the macro it needs to site/lib/markdown/katex-options.ts.',
  }),
  duplicateLabel: entry({
    title: 'Duplicate label',
    message: (label: string) => `The label "${label}" is defined more than once in this post.`,
    hint: 'Give every figure, table and equation its own label.',
  }),
  unknownRef: entry({
    title: 'Reference to an unknown label',
    message: (label: string, known: string[]) =>
      `<Ref to="${label}" /> points at nothing. Labels in this post: ${known.length ? known.join(', ') : '(none)'}.`,
    hint: 'Label the target: <Figure label="…">, <Table label="…">, or \\label{…} inside display math.',
  }),
  badRef: entry({
    title: 'Malformed reference',
    message: () => '<Ref> needs a literal string attribute `to`, e.g. <Ref to="fig-samples" />.',
    hint: 'Write the label as a plain string; expressions are not resolved at build time.',
  }),
  badLabel: entry({
    title: 'Malformed label',
    message: (what: string) => `${what} needs a literal string label.`,
    hint: 'Labels are plain strings such as "elbo" or "fig:samples".',
  }),
  idCollision: entry({
    title: 'Label clashes with another id on the page',
    message: (label: string, id: string, owner: string) =>
      `The label "${label}" becomes the id "${id}", which ${owner} already has; links to either would be ambiguous.`,
    hint: 'Choose a label that says what the target is, such as "results-z32" or "fig:posterior".',
  }),
  keyFigureMissing: entry({
    title: 'Key figure not found',
    message: (post: string, image: string, resolved: string) =>
      `The post "${post}" names the key figure \`image: ${image}\`, but ${resolved} does not exist.`,
    hint: 'Write the path relative to the post folder, e.g. `image: ./figures/samples.png`, or remove the field.',
  }),
  keyFigureFormat: entry({
    title: 'Key figure is not a PNG or SVG file',
    message: (post: string, image: string) =>
      `The post "${post}" names the key figure \`image: ${image}\`, which is not a valid PNG or SVG file.`,
    hint: "Link previews embed PNG and SVG figures only: point `image` at one of the post's figures/*.png or *.svg.",
  }),
  duplicateMoreMarker: entry({
    title: 'More than one teaser marker',
    message: () => 'The post contains the {/* more */} marker more than once.',
    hint: 'Keep a single marker where the teaser should end.',
  }),
} as const;

/** Format a catalogue entry as one message: "Title: message (hint)". */
export function formatError<A extends unknown[]>(e: ErrorEntry<A>, ...args: A): string {
  return `${e.title}: ${e.message(...args)}\nHint: ${e.hint}`;
}

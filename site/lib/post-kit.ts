/**
 * What an MDX post imports by name (`import { … } from '@post-kit'`): the formatters for numbers
 * in prose and tables. Demos come from `@demos/<Island>.tsx`.
 */
export { formatMeanStd, formatNumber, formatSigned } from './format.ts';

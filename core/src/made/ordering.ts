/** Between the two ways of writing a MADE's ordering: the inputs in order, and each input's degree. */
import type { Degrees } from './masks.ts';

/** The ordering the degrees encode: order[k] is the input of degree k + 1. */
export function orderOf(degrees: Pick<Degrees, 'inputs'>): number[] {
  const order = new Array<number>(degrees.inputs.length);
  degrees.inputs.forEach((degree, input) => (order[degree - 1] = input));
  return order;
}

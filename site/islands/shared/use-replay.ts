/**
 * Replays a draw pixel by pixel: starting from `draw.start` (n images, row-major), the pixels of
 * `draw.pixels` take their values in `draw.images`, in that order, a few per frame, in every image
 * at once. A reader who prefers reduced motion gets the final images at once. Returns what to show,
 * and whether the replay of `draw` has ended.
 */
import { useLayoutEffect, useState } from 'preact/hooks';

export interface Replay {
  start: Float32Array;
  images: Float32Array;
  /** Pixel indices within an image, in the order they were drawn. */
  pixels: readonly number[];
  /** Pixels per image. */
  dim: number;
}

export function useReplay(draw: Replay | null, perFrame: number): { shown: Float32Array | null; done: boolean } {
  const [state, setState] = useState<{ of: Replay | null; shown: Float32Array | null; done: boolean }>({
    of: null,
    shown: null,
    done: true,
  });
  // Before the paint: the first frame of a new draw is its first step, not the last draw's images.
  useLayoutEffect(() => {
    if (!draw) return;
    const { images, pixels, dim } = draw;
    const canvas = draw.start.slice();
    const n = images.length / dim;
    const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    let at = 0;
    let frame = 0;
    const step = () => {
      const next = reduced ? pixels.length : Math.min(pixels.length, at + perFrame);
      for (; at < next; at++) {
        for (let i = 0; i < n; i++) canvas[i * dim + pixels[at]!] = images[i * dim + pixels[at]!]!;
      }
      setState({ of: draw, shown: canvas.slice(), done: at >= pixels.length });
      if (at < pixels.length) frame = requestAnimationFrame(step);
    };
    step();
    return () => cancelAnimationFrame(frame);
  }, [draw, perFrame]);
  // A new draw whose replay has not taken its first step (the render that brings it): its start,
  // and not done, so that nothing reads the last draw's end as this one's.
  if (draw && state.of !== draw) return { shown: draw.start, done: false };
  return { shown: state.shown, done: state.done };
}

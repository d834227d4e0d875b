/**
 * N images of pixel probabilities on one canvas, crisp at any displayed size: the canvas holds one
 * pixel per image pixel and CSS scales it with `image-rendering: pixelated`, so the browser never
 * smooths the digits.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { gridSize, probabilitiesToRgba } from '@bounded-rationality/core/images/raster.ts';

export interface ImageGridProps {
  /** n × side × side probabilities, or null for an empty grid of the same size. */
  images: Float32Array | null;
  n: number;
  columns: number;
  /** Side of one image, pixels. */
  side?: number;
  /** Image pixels between neighbouring images. */
  padding?: number;
  /** What the images show, for screen readers. */
  label: string;
}

export function ImageGrid({ images, n, columns, side = 28, padding = 0, label }: ImageGridProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = gridSize(n, side, side, columns, padding);

  // In the commit that renders them, before the browser paints: the text that comes with the images
  // never shows before them.
  useLayoutEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, size.width, size.height);
    if (!images) return;
    const raster = probabilitiesToRgba(images, n, side, side, columns, { padding });
    ctx.putImageData(new ImageData(raster.data, raster.width, raster.height), 0, 0);
  }, [images, n, columns, side, padding, size.width, size.height]);

  return (
    <canvas ref={canvas} class="image-grid" width={size.width} height={size.height} role="img" aria-label={label} />
  );
}

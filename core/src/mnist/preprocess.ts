/**
 * A drawn digit to an MNIST-style input, the way MNIST itself was made (LeCun et al.): crop to the
 * ink, scale so the longer side is 20 pixels (aspect ratio kept, anti-aliased by area averaging),
 * centre the centre of mass in a 28 × 28 frame, then binarize at 0.5 as the training data was
 * (binarized mnist-10k: pixel > 0.5).
 *
 * Images are greyscale, row-major Float32Arrays with values in [0, 1], 1 = ink (white on black, as
 * in MNIST). Coordinates are pixel indices: pixel (x, y) is `data[y * width + x]`, and its mass sits
 * at (x, y), as in scipy.ndimage.center_of_mass, which the usual reproductions use.
 */

/** Side of an MNIST image, pixels. */
export const MNIST_SIDE = 28;
/** Side of the box the digit is scaled to fit, pixels. */
export const FIT_SIDE = 20;
/** A pixel counts as ink for the bounding box above this value (stray anti-aliasing is not ink). */
export const INK_THRESHOLD = 0.05;
/** Binarization threshold of the training data: value > 0.5 → 1. */
export const BINARY_THRESHOLD = 0.5;

/** A greyscale image: `data` is height × width values in [0, 1], row-major. */
export interface GreyImage {
  data: Float32Array;
  /** Pixels. */
  width: number;
  /** Pixels. */
  height: number;
}

/** A rectangle of pixels: columns x … x + width − 1, rows y … y + height − 1. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The full pipeline.
 *
 * @param ink width × height values in [0, 1], row-major, 1 = ink.
 * @param width, height canvas size in pixels (integers ≥ 1).
 * @returns 784 (= 28 × 28) values, each exactly 0 or 1, or null when nothing is drawn (no pixel
 *   above INK_THRESHOLD).
 * @throws on bad sizes, or on a value outside [0, 1] or not finite (naming the pixel).
 */
export function preprocessDigit(ink: Float32Array, width: number, height: number): Float32Array | null {
  checkImage(ink, width, height);
  const box = inkBoundingBox(ink, width, height);
  if (!box) return null;
  return binarize(centerByMass(resampleToFit(ink, width, height, box)));
}

/**
 * The smallest box holding every pixel with value > threshold, or null when there is none.
 *
 * @param ink width × height values, row-major.
 */
export function inkBoundingBox(
  ink: Float32Array,
  width: number,
  height: number,
  threshold = INK_THRESHOLD,
): PixelBox | null {
  checkSize(ink, width, height);
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! > threshold) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        bottom = y;
      }
    }
  }
  if (right < 0) return null;
  return { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

/**
 * Crops `box` out of the image and scales it so its longer side is `side` pixels, keeping the aspect
 * ratio (the shorter side is rounded, at least 1 pixel). Each output pixel is the area-weighted mean
 * of the source pixels its footprint covers (a box filter), so a stroke thinner than one output
 * pixel fades to grey instead of vanishing between samples. Upscaling (a box smaller than `side`)
 * uses the same rule, which is nearest-neighbour blended at the seams.
 *
 * @param ink width × height values, row-major.
 * @param box a non-empty rectangle inside the image, pixels.
 * @returns an image of at most side × side pixels, values in the range of the input.
 */
export function resampleToFit(
  ink: Float32Array,
  width: number,
  height: number,
  box: PixelBox,
  side = FIT_SIDE,
): GreyImage {
  checkSize(ink, width, height);
  checkInteger('side', side, 1);
  const { x, y } = box;
  if (
    !Number.isInteger(x) ||
    !Number.isInteger(y) ||
    !Number.isInteger(box.width) ||
    !Number.isInteger(box.height) ||
    x < 0 ||
    y < 0 ||
    box.width < 1 ||
    box.height < 1 ||
    x + box.width > width ||
    y + box.height > height
  ) {
    throw new Error(
      `box {x: ${x}, y: ${y}, width: ${box.width}, height: ${box.height}} is not a non-empty integer ` +
        `rectangle inside the ${width} × ${height} image`,
    );
  }
  const scale = side / Math.max(box.width, box.height);
  const outWidth = Math.max(1, Math.round(box.width * scale));
  const outHeight = Math.max(1, Math.round(box.height * scale));
  const columnTaps = boxFilterTaps(x, box.width, outWidth);
  const rowTaps = boxFilterTaps(y, box.height, outHeight);

  // Separable: average along rows into box.height × outWidth, then along columns.
  const rows = new Float32Array(box.height * outWidth);
  for (let r = 0; r < box.height; r++) {
    const source = (y + r) * width;
    for (let c = 0; c < outWidth; c++) {
      let sum = 0;
      for (const tap of columnTaps[c]!) sum += tap.weight * ink[source + tap.index]!;
      rows[r * outWidth + c] = sum;
    }
  }
  const data = new Float32Array(outHeight * outWidth);
  for (let r = 0; r < outHeight; r++) {
    for (let c = 0; c < outWidth; c++) {
      let sum = 0;
      for (const tap of rowTaps[r]!) sum += tap.weight * rows[(tap.index - y) * outWidth + c]!;
      data[r * outWidth + c] = sum;
    }
  }
  return { data, width: outWidth, height: outHeight };
}

interface Tap {
  /** Source pixel index along the axis. */
  index: number;
  /** Fraction of the output pixel's footprint this source pixel covers; a pixel's taps sum to 1. */
  weight: number;
}

/**
 * For each of `outLength` output pixels, the source pixels under its footprint along one axis: the
 * source span start … start + length is cut into outLength equal intervals, so the footprints tile
 * the span exactly and a uniformly inked box stays uniform.
 */
function boxFilterTaps(start: number, length: number, outLength: number): Tap[][] {
  const step = length / outLength;
  const taps: Tap[][] = [];
  for (let i = 0; i < outLength; i++) {
    const lo = i * step;
    const hi = i === outLength - 1 ? length : (i + 1) * step;
    const pixel: Tap[] = [];
    for (let j = Math.floor(lo); j < Math.min(Math.ceil(hi), length); j++) {
      const overlap = Math.min(hi, j + 1) - Math.max(lo, j);
      if (overlap > 0) pixel.push({ index: start + j, weight: overlap / (hi - lo) });
    }
    taps.push(pixel);
  }
  return taps;
}

/**
 * Intensity-weighted centre of mass in pixel-index coordinates, or null when the image has no mass.
 */
export function centerOfMass(image: GreyImage): { x: number; y: number } | null {
  const { data, width, height } = image;
  checkSize(data, width, height);
  let mass = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x]!;
      mass += v;
      sx += v * x;
      sy += v * y;
    }
  }
  return mass > 0 ? { x: sx / mass, y: sy / mass } : null;
}

/**
 * Places `image` in a side × side frame so that its centre of mass lands at (side / 2, side / 2),
 * i.e. (14, 14) for MNIST, shifting by whole pixels (the shift is rounded, so the centre ends up
 * within half a pixel of the target on each axis). Pixels shifted outside the frame are dropped. An
 * image without mass is centred by its geometric centre instead.
 *
 * @returns side × side values, row-major.
 */
export function centerByMass(image: GreyImage, side = MNIST_SIDE): Float32Array {
  checkInteger('side', side, 1);
  const { data, width, height } = image;
  const centre = centerOfMass(image) ?? { x: (width - 1) / 2, y: (height - 1) / 2 };
  const dx = Math.round(side / 2 - centre.x);
  const dy = Math.round(side / 2 - centre.y);
  const frame = new Float32Array(side * side);
  for (let y = 0; y < height; y++) {
    const ty = y + dy;
    if (ty < 0 || ty >= side) continue;
    for (let x = 0; x < width; x++) {
      const tx = x + dx;
      if (tx >= 0 && tx < side) frame[ty * side + tx] = data[y * width + x]!;
    }
  }
  return frame;
}

/** 1 where value > threshold, else 0 (the binarized-MNIST protocol), as a new array. */
export function binarize(values: Float32Array, threshold = BINARY_THRESHOLD): Float32Array {
  return values.map((v) => (v > threshold ? 1 : 0));
}

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer ≥ ${min}, got ${value}`);
  }
}

function checkSize(data: Float32Array, width: number, height: number): void {
  checkInteger('width', width, 1);
  checkInteger('height', height, 1);
  if (data.length !== width * height) {
    throw new Error(`image has ${data.length} values, expected width × height = ${width} × ${height}`);
  }
}

function checkImage(data: Float32Array, width: number, height: number): void {
  checkSize(data, width, height);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    // Written so that NaN fails too.
    if (!(v >= 0 && v <= 1)) {
      throw new Error(`pixel (x ${i % width}, y ${Math.floor(i / width)}) is ${v}, not an ink value in [0, 1]`);
    }
  }
}

/**
 * Pointer and arrow keys on a latent panel (a `role="slider"` element; see lib/demo/latent-panel.ts):
 * the props that let the latent pad and the posterior explorer's maps pick a latent point, so that a
 * reader with a mouse, a finger or only a keyboard gets the same panel in both.
 */
import type { TargetedKeyboardEvent, TargetedPointerEvent } from 'preact';
import type { Extent } from '@bounded-rationality/core/posterior/grid.ts';
import { arrowStep, latentAt, pointerAt, type LatentPoint } from '../../lib/demo/latent-panel.ts';

export interface PanelInputOptions {
  /** The latent space the panel shows; null while there is none: no input, and out of the tab order. */
  extent: Extent | null;
  /**
   * 'drag': the point follows a pressed pointer, captured so that a drag may leave the panel;
   * 'hover': it follows any pointer over the panel.
   */
  follow: 'drag' | 'hover';
  /** The point the arrow keys move; null starts them from the middle. */
  point: LatentPoint | null;
  /** One arrow press, in latent units; `shiftStep` with Shift held (`step` by default). */
  step: number;
  shiftStep?: number;
  onPoint: (z: LatentPoint) => void;
}

export function panelInput({ extent, follow, point, step, shiftStep = step, onPoint }: PanelInputOptions) {
  const moveTo = (event: TargetedPointerEvent<HTMLElement>) => {
    if (!extent) return;
    const box = event.currentTarget.getBoundingClientRect();
    onPoint(latentAt(extent, pointerAt(box, event.clientX, event.clientY)));
  };
  return {
    tabIndex: extent ? 0 : -1,
    onPointerDown: (event: TargetedPointerEvent<HTMLElement>) => {
      if (extent && follow === 'drag') event.currentTarget.setPointerCapture(event.pointerId);
      moveTo(event);
    },
    onPointerMove: (event: TargetedPointerEvent<HTMLElement>) => {
      if (follow === 'hover' || event.currentTarget.hasPointerCapture(event.pointerId)) moveTo(event);
    },
    onKeyDown: (event: TargetedKeyboardEvent<HTMLElement>) => {
      const next = extent && arrowStep(extent, point, event.key, event.shiftKey ? shiftStep : step);
      if (!next) return;
      // The arrows move the point, not the page.
      event.preventDefault();
      onPoint(next);
    },
  };
}

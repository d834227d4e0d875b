/**
 * The status line under a demo: what it is waiting for, what to do once it is ready, or what went
 * wrong with a way to try again. A live region, so screen readers hear the changes.
 */
import type { ComponentChildren } from 'preact';
import type { ModelStatus } from './use-model.ts';

/** What the line needs of a demo's state (a model's, or any other load with the same stages). */
export type DemoState = { kind: 'idle' | 'ready' } | Extract<ModelStatus, { kind: 'loading' | 'error' }>;

/** A demo that needs its models and a data file, as one state: an error in either wins, then loading. */
export function modelsAndFile(models: ModelStatus, file: { kind: string }): DemoState {
  if (models.kind === 'error') return models;
  if (file.kind === 'error') return file as DemoState;
  if (models.kind === 'ready' && file.kind === 'ready') return { kind: 'ready' };
  if (models.kind === 'idle') return models;
  return models.kind === 'loading' ? models : { kind: 'loading', percent: null };
}

export interface DemoStatusProps {
  status: DemoState;
  retry: () => void;
  /** What the reader can do once the demo is ready. */
  children: ComponentChildren;
  /**
   * The longest line the demo will show once ready: laid hidden under every state's line, from the
   * page as built on, so that the line's height never changes when the demo starts, loads or gets
   * ready (which would move what is below).
   */
  room?: string;
}

export function DemoStatus({ status, retry, children, room }: DemoStatusProps) {
  const line = (
    <>
      {status.kind === 'idle' && 'An interactive demo: it starts when JavaScript runs.'}
      {status.kind === 'loading' && `Loading the model${status.percent === null ? '…' : ` (${status.percent}%)`}`}
      {status.kind === 'ready' && children}
      {status.kind === 'error' && (
        <>
          <span class="demo-error">{status.message}</span>{' '}
          <button type="button" class="demo-button" onClick={retry}>
            Try again
          </button>
        </>
      )}
    </>
  );
  return (
    <p class="demo-status" role="status">
      {room === undefined ? (
        line
      ) : (
        <span class="demo-lines">
          {/* Keyed, so that a new line (each percentage too) is new text, not old text moved and
              re-centred, which would count as a layout shift. */}
          <span key={status.kind === 'loading' ? `loading ${status.percent}` : status.kind}>{line}</span>
          <span class="demo-room" aria-hidden="true">
            {room}
          </span>
        </span>
      )}
    </p>
  );
}

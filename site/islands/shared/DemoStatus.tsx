/**
 * The status line under a demo: what it is waiting for, what to do once it is ready, or what went
 * wrong with a way to try again. A live region, so screen readers hear the changes.
 */
import type { ComponentChildren } from 'preact';
import type { ModelStatus } from './use-model.ts';

export interface DemoStatusProps {
  status: ModelStatus;
  retry: () => void;
  /** What the reader can do once the demo is ready. */
  children: ComponentChildren;
}

export function DemoStatus({ status, retry, children }: DemoStatusProps) {
  return (
    <p class="demo-status" role="status">
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
    </p>
  );
}

/**
 * Where a demo's model came from, read from the model file's own metadata (written by the training
 * code): the experiment, its data and profile, the headline metric and the commit, with every
 * recorded field one click away.
 */
import type { ModelInfo } from '../../lib/model-runtime/protocol.ts';

export function Provenance({ info }: { info: ModelInfo }) {
  const m = info.metadata;
  const entries = Object.entries(m);
  if (entries.length === 0) return <p class="demo-provenance">This model file records no provenance.</p>;
  const nll = m.test_nll_nats === undefined ? undefined : Number(m.test_nll_nats);
  // A classifier's headline (the M2 demo's models): the error as a fraction of the test images.
  const error = m.test_error === undefined ? undefined : Number(m.test_error);
  const megabytes = (info.bytes / 2 ** 20).toFixed(1);
  return (
    <details class="demo-provenance">
      <summary>
        Model <code>{m.experiment ?? 'unnamed'}</code>
        {m.dataset && <>, trained on {m.dataset}</>}
        {m.profile && <> ({m.profile} profile)</>}
        {nll !== undefined && Number.isFinite(nll) && <>; test NLL {nll.toFixed(2)} nats</>}
        {error !== undefined && Number.isFinite(error) && <>; test error {(100 * error).toFixed(2)}%</>}
        {m.commit && (
          <>
            ; commit <code>{m.commit.slice(0, 7)}</code>
          </>
        )}
        ; {megabytes} MB.
      </summary>
      <dl>
        {entries.map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/**
 * A demo's provenance on one line (demo.css), however long its summary (every field is in the
 * details), kept empty until the model is ready: the line is there from the page as built on, so
 * that nothing below moves when the model comes in.
 */
export function ProvenanceLine({ info }: { info: ModelInfo | null }) {
  return (
    <div class="demo-provenance-line">
      {info ? <Provenance info={info} /> : <p class="demo-provenance" aria-hidden="true" />}
    </div>
  );
}

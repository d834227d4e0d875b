/**
 * Cards drawn on worker threads. satori and resvg take about 15 ms a card, all of it on the
 * thread that asks; on workers, the cards in flight together are drawn in parallel (astro.config.ts
 * sets build.concurrency so that Astro keeps several card routes in flight; it prerenders them
 * before the pages, so the main thread mostly waits on them).
 * A renderer from here is a drop-in for render.ts#renderCard and draws the same bytes.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CardNode } from './card.ts';
import type { CardFont } from './fonts.ts';
import type { renderCard } from './render.ts';
import type { RenderReply, RenderRequest } from './render-worker.ts';

interface Pending {
  resolve: (png: Buffer) => void;
  reject: (error: Error) => void;
}
interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** One thread per core, at most four: while the cards are drawn the main thread mostly waits on them. */
export const defaultThreads = () => Math.max(1, Math.min(4, availableParallelism()));

/** The worker script under a project root (Node runs it from source, as it runs the server). */
export const workerScript = (root: string) => join(root, 'site', 'lib', 'og', 'render-worker.ts');

/**
 * A renderer backed by `threads` workers, started on first use with `fonts`. Idle workers do not
 * keep the process alive; a worker that dies fails the cards it was drawing, with its reason, and
 * is replaced by the next card.
 */
export function pooledRenderer(script: string, threads = defaultThreads()): typeof renderCard {
  const slots: (Slot | undefined)[] = Array.from({ length: threads }, () => undefined);
  let nextId = 0;
  let started: CardFont[] | undefined;

  const start = (index: number, fonts: CardFont[]): Slot => {
    const worker = new Worker(script, { workerData: { fonts } });
    const slot: Slot = { worker, pending: new Map() };
    const fail = (error: Error) => {
      if (slots[index] === slot) slots[index] = undefined;
      for (const p of slot.pending.values()) p.reject(error);
      slot.pending.clear();
      void worker.terminate();
    };
    worker.on('message', (reply: RenderReply) => {
      const p = slot.pending.get(reply.id);
      if (!p) return;
      slot.pending.delete(reply.id);
      if (!slot.pending.size) worker.unref();
      if ('error' in reply) p.reject(new Error(`Link-preview card: ${reply.error}`));
      else p.resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength));
    });
    worker.on('error', (error) => fail(new Error(`Link-preview card worker failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new Error(`Link-preview card worker exited with code ${code}`)));
    worker.unref();
    return slot;
  };

  return (tree: CardNode, fonts: CardFont[]) => {
    // The workers hold the fonts they were started with: one renderer, one set of fonts.
    if (started && started !== fonts) throw new Error('pooledRenderer: started with other fonts');
    started = fonts;
    // An idle worker, else a new one while there is room, else the least busy.
    let index = slots.findIndex((s) => s && !s.pending.size);
    if (index < 0) index = slots.findIndex((s) => !s);
    if (index < 0) index = slots.reduce((best, s, i) => (s!.pending.size < slots[best]!.pending.size ? i : best), 0);
    const slot = (slots[index] ??= start(index, fonts));
    const id = nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.ref();
      slot.worker.postMessage({ id, tree } satisfies RenderRequest);
    });
  };
}

/**
 * Worker-thread entry of render-pool.ts: draws the cards it is sent with the fonts it was started
 * with. Run by Node directly (not bundled), so it imports only what Node can load as written.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CardNode } from './card.ts';
import type { CardFont } from './fonts.ts';
import { renderCard } from './render.ts';

export interface RenderRequest {
  id: number;
  tree: CardNode;
}
export type RenderReply = { id: number; png: Uint8Array } | { id: number; error: string };

// Structured cloning turns each font's Buffer into a plain Uint8Array.
const fonts: CardFont[] = (workerData as { fonts: CardFont[] }).fonts.map((f) => ({ ...f, data: Buffer.from(f.data) }));

parentPort!.on('message', ({ id, tree }: RenderRequest) => {
  renderCard(tree, fonts).then(
    (png) => parentPort!.postMessage({ id, png } satisfies RenderReply),
    (error: unknown) =>
      parentPort!.postMessage({
        id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies RenderReply),
  );
});

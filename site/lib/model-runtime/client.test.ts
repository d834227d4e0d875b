import { describe, it, expect } from 'vitest';
import { ModelHandle, type ModelClient } from './client.ts';
import type { Feeds } from './protocol.ts';

/** A client whose runs finish when the test says so, recording what was run. */
function controlledClient() {
  const started: number[] = [];
  const finish: (() => void)[] = [];
  const client = {
    run(_url: string, feeds: Feeds) {
      const value = feeds.z!.data[0]!;
      started.push(value);
      return new Promise<{ outputs: Feeds; ms: number }>((resolve) =>
        finish.push(() => resolve({ outputs: { y: { data: Float32Array.of(value * 10), dims: [1] } }, ms: 1 })),
      );
    },
  } as unknown as ModelClient;
  return { client, started, finish };
}

const feeds = (v: number): Feeds => ({ z: { data: Float32Array.of(v), dims: [1] } });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('ModelHandle.runLatest', () => {
  it('runs the first request, drops those overtaken while it runs, then runs the latest', async () => {
    const { client, started, finish } = controlledClient();
    const handle = new ModelHandle(client, 'm.onnx', { inputNames: ['z'], outputNames: ['y'], metadata: {}, bytes: 0 });
    const first = handle.runLatest(feeds(1));
    const second = handle.runLatest(feeds(2));
    const third = handle.runLatest(feeds(3));
    await tick();
    expect(started).toEqual([1]);
    expect(await second).toBeNull();
    finish[0]!();
    expect((await first)!.outputs.y!.data[0]).toBe(10);
    await tick();
    expect(started).toEqual([1, 3]);
    finish[1]!();
    expect((await third)!.outputs.y!.data[0]).toBe(30);
  });

  it('passes a failure to the caller whose request failed, and keeps serving later ones', async () => {
    const client = {
      run: (_url: string, f: Feeds) =>
        f.z!.data[0] === 1 ? Promise.reject(new Error('boom')) : Promise.resolve({ outputs: f, ms: 0 }),
    } as unknown as ModelClient;
    const handle = new ModelHandle(client, 'm.onnx', { inputNames: [], outputNames: [], metadata: {}, bytes: 0 });
    await expect(handle.runLatest(feeds(1))).rejects.toThrow('boom');
    expect((await handle.runLatest(feeds(2)))!.outputs.z!.data[0]).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { feedWindow } from './feed-window.ts';

const post = (id: string, digest = 'v1') => ({ id, digest });

describe('feedWindow', () => {
  it('keeps the first `limit` posts, in the order given', async () => {
    const items = feedWindow(2, async (p: { id: string }) => p.id.toUpperCase());
    expect(await items([post('c'), post('b'), post('a')])).toEqual(['C', 'B']);
    expect(await items([post('a')])).toEqual(['A']);
    expect(await items([])).toEqual([]);
  });

  it('renders a post once across feeds, and again when its content changes', async () => {
    const calls: string[] = [];
    const items = feedWindow(10, async (p: { id: string; digest: string }) => {
      calls.push(`${p.id}@${p.digest}`);
      return p.id;
    });
    await Promise.all([items([post('b'), post('a')]), items([post('a')])]);
    await items([post('b'), post('a')]);
    expect(calls.sort()).toEqual(['a@v1', 'b@v1']);
    expect(await items([post('a', 'v2')])).toEqual(['a']);
    expect(calls).toContain('a@v2');
    expect(calls).toHaveLength(3);
  });
});

import { describe, expect, it } from 'vitest';
import { slugWords } from './slug.ts';

describe('slugWords', () => {
  it('drops accents, lower-cases and joins words with single hyphens', () => {
    expect(slugWords('Variational Inference')).toBe('variational-inference');
    expect(slugWords('  Élan & Zoë’s M2 — VAE!  ')).toBe('elan-zoe-s-m2-vae');
  });

  it('leaves nothing for text without letters or digits', () => {
    expect(slugWords('—?!')).toBe('');
  });
});

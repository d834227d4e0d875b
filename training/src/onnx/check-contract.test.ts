import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GraphBuilder } from './graph.ts';
import { encodeModel } from './encode.ts';
import { CONTRACTS, checkContract } from './check-contract.ts';
import { checkModelCommand } from '../check-model.ts';

const fixture = (path: string) =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url))));

/** A one-node model: `inputs` → Sigmoid of the first (plus the rest) → `output`, all [batch, width]. */
function model(inputs: string[], output: string, op: 'Sigmoid' | 'Log' = 'Sigmoid', width = 4): Uint8Array {
  const g = new GraphBuilder('m');
  const [first, ...rest] = inputs.map((name) => g.input(name, ['batch', width]));
  let y = g.node(op, [first!], {});
  for (const r of rest) y = g.node('Add', [y, r], {});
  g.output(y, ['batch', width], output);
  return encodeModel(g.build());
}

describe('checkContract', () => {
  it('passes a decoder the project trained, fed with a free batch of 2, and returns its provenance', async () => {
    const report = await checkContract(
      fixture('tests/fixtures/posts/latent-pad-demo/models/vae-z2.decoder.onnx'),
      CONTRACTS.vae_decoder!,
    );
    expect(report.problems).toEqual([]);
    expect(report.fed).toEqual({ z: [2, 2] });
    expect(report.metadata.experiment).toBe('vae-z2');
  });

  it('names what is missing and what is extra when the model is for another contract', async () => {
    const { problems } = await checkContract(model(['latent'], 'probabilities'), CONTRACTS.vae_decoder!);
    expect(problems).toEqual(['no input "z"', 'unexpected input "latent"']);
    const sampler = await checkContract(model(['x', 'eps'], 'z'), CONTRACTS.iaf_posterior!);
    expect(sampler.problems).toEqual(['no output "log_q"']);
  });

  it('accepts a numbered family of inputs (MADE’s hidden masks) and refuses a gap in the names', async () => {
    const names = ['x', 'mask_direct', 'mask_output', 'mask_hidden_0', 'mask_hidden_1'];
    expect((await checkContract(model(names, 'logits'), CONTRACTS.made_conditionals!)).problems).toEqual([]);
    const odd = await checkContract(model([...names, 'mask_hidden_x'], 'logits'), CONTRACTS.made_conditionals!);
    expect(odd.problems).toEqual(['unexpected input "mask_hidden_x"']);
  });

  it('fails a model whose outputs are not finite on valid inputs', async () => {
    // The trial inputs lie in (0, 1), so log(z − 1) is NaN.
    const g = new GraphBuilder('neg');
    const z = g.input('z', ['batch', 3]);
    const minusOne = g.initializer('minus_one', new Float32Array([-1]), [1]);
    g.output(g.node('Log', [g.node('Add', [z, minusOne], {})], {}), ['batch', 3], 'probabilities');
    const { problems } = await checkContract(encodeModel(g.build()), CONTRACTS.vae_decoder!);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^output "probabilities" has a non-finite value \(NaN\) at index 0$/);
  });

  it('says that a file is not a model rather than throwing', async () => {
    const { problems } = await checkContract(new TextEncoder().encode('not onnx'), CONTRACTS.vae_decoder!);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^not an ONNX model: /);
    // A real model cut short: its header reads, the runtime refuses it.
    const whole = fixture('tests/fixtures/posts/latent-pad-demo/models/vae-z2.decoder.onnx');
    const cut = await checkContract(whole.subarray(0, whole.length - 100), CONTRACTS.vae_decoder!);
    expect(cut.problems).toHaveLength(1);
    expect(cut.problems[0]).toMatch(/^(not an ONNX model|onnxruntime-web cannot load it): /);
  });

  it('knows every contract in core by its graph name', () => {
    expect(Object.keys(CONTRACTS).sort()).toEqual([
      'ensemble_classifier',
      'iaf_posterior',
      'm2_classifier',
      'm2_decoder',
      'm2_encoder',
      'made_conditionals',
      'vae_decoder',
    ]);
  });
});

describe('npm run check-model', () => {
  const decoder = 'tests/fixtures/posts/latent-pad-demo/models/vae-z2.decoder.onnx';
  const run = async (args: string[]) => {
    const lines: string[] = [];
    const code = await checkModelCommand(args, (l) => lines.push(l));
    return { code, text: lines.join('\n') };
  };

  it('says a model meets its contract, with the shapes it ran and the provenance it carries', async () => {
    const { code, text } = await run([fileURLToPath(new URL(`../../../${decoder}`, import.meta.url)), 'vae_decoder']);
    expect(code).toBe(0);
    expect(text).toMatch(/meets the vae_decoder contract \(ran with z \[2, 2\]; every output finite\)/);
    expect(text).toMatch(/Provenance: .*experiment/);
  });

  it('lists the problems and exits 1, and names the contracts for an unknown one', async () => {
    const wrong = await run([fileURLToPath(new URL(`../../../${decoder}`, import.meta.url)), 'm2_decoder']);
    expect(wrong.code).toBe(1);
    expect(wrong.text).toMatch(/does not meet the m2_decoder contract:\n {2}- no input "y"/);
    const unknown = await run(['x.onnx', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.text).toMatch(/Unknown contract "nope".*vae_decoder/);
  });
});

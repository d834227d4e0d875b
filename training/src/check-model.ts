/**
 * npm run check-model -- <model.onnx> <contract>
 *
 * Checks an ONNX file against one of core's model contracts (onnx/check-contract.ts): for a model
 * trained elsewhere, before a demo is built on it. Exits 1 with the problems listed.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CONTRACTS, checkContract } from './onnx/check-contract.ts';

const usage = `Usage: npm run check-model -- <model.onnx> <contract>; contracts: ${Object.keys(CONTRACTS).join(', ')}`;

/** Runs the command; returns the exit code and writes what it found to `log`. */
export async function checkModelCommand(args: readonly string[], log: (line: string) => void): Promise<number> {
  const [file, name] = args;
  if (!file || !name || args.length > 2) return (log(usage), 2);
  const contract = CONTRACTS[name];
  if (!contract) return (log(`Unknown contract "${name}". ${usage}`), 2);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (error) {
    return (log(`Cannot read ${file}: ${(error as Error).message}`), 1);
  }
  const { problems, fed, metadata } = await checkContract(bytes, contract);
  if (problems.length > 0) {
    log(`${file} does not meet the ${name} contract:`);
    for (const p of problems) log(`  - ${p}`);
    return 1;
  }
  const shapes = Object.entries(fed).map(([input, dims]) => `${input} [${dims.join(', ')}]`);
  log(`${file} meets the ${name} contract (ran with ${shapes.join(', ')}; every output finite).`);
  const keys = Object.keys(metadata);
  log(keys.length ? `Provenance: ${keys.join(', ')}.` : 'No provenance (metadata_props): add where it came from.');
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await checkModelCommand(process.argv.slice(2), (line) => console.log(line));
}

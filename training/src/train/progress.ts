/**
 * Training progress for people: a redrawn bar on a terminal, plain periodic lines in CI logs and
 * pipes. Injected into the loop, so tests run silently.
 */

export interface StepInfo {
  label: string;
  epoch: number;
  maxEpochs: number;
  batch: number;
  batches: number;
  /** Running mean of the training loss this epoch. */
  loss: number;
  /** Seconds since the epoch started. */
  elapsed: number;
}

export interface Progress {
  step(info: StepInfo): void;
  /** A line that stays (epoch summaries, notices). */
  log(line: string): void;
}

export const silentProgress: Progress = { step: () => undefined, log: () => undefined };

function bar(fraction: number, width: number): string {
  const filled = Math.round(fraction * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

function eta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const m = Math.floor(seconds / 60);
  return `${m}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;
}

/** A progress bar redrawn in place; for a TTY. */
export function ttyProgress(stream: NodeJS.WriteStream): Progress {
  let last = 0;
  return {
    step(i) {
      const now = Date.now();
      if (now - last < 100 && i.batch < i.batches) return;
      last = now;
      const left = (i.elapsed / i.batch) * (i.batches - i.batch);
      stream.write(
        `\r${i.label} epoch ${i.epoch}/${i.maxEpochs} ${bar(i.batch / i.batches, 24)} ${i.batch}/${i.batches} ` +
          `loss ${i.loss.toFixed(2)} eta ${eta(left)}\u001b[K`,
      );
    },
    log(line) {
      stream.write(`\r\u001b[K${line}\n`);
    },
  };
}

/** One line every `everySeconds`, for logs. */
export function lineProgress(write: (line: string) => void, everySeconds = 30): Progress {
  let last = Date.now();
  return {
    step(i) {
      const now = Date.now();
      if (now - last < everySeconds * 1000) return;
      last = now;
      write(`${i.label} epoch ${i.epoch}/${i.maxEpochs} batch ${i.batch}/${i.batches} loss ${i.loss.toFixed(2)}`);
    },
    log: write,
  };
}

/** The right progress display for this process. */
export function defaultProgress(): Progress {
  const interactive = process.stderr.isTTY && !process.env.CI && process.env.BR_PROGRESS !== 'lines';
  return interactive ? ttyProgress(process.stderr) : lineProgress((l) => process.stderr.write(`${l}\n`));
}

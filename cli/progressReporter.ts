import { SingleBar, Presets } from 'cli-progress';
import type { PublishProgress } from '../engine/publish/publishProduct';

/**
 * A publish progress listener for a terminal: phases as lines on stderr, the upload as a bar in bytes. Call `stop`
 * when the publish ends, successfully or not.
 */
export function progressReporter(label: string): { onProgress: (e: PublishProgress) => void; stop: () => void } {
  let bar: SingleBar | undefined;
  return {
    onProgress(e: PublishProgress): void {
      if (e.phase === 'upload') {
        if (!bar) {
          bar = new SingleBar({ format: `${label} upload [{bar}] {percentage}% {value}/{total} bytes`, stream: process.stderr }, Presets.shades_classic);
          bar.start(e.totalBytes, 0);
        }
        bar.update(e.sentBytes);
        return;
      }
      if (bar) {
        bar.stop();
        bar = undefined;
      }
      process.stderr.write(`${label} ${e.message}\n`);
    },
    stop(): void {
      bar?.stop();
    },
  };
}

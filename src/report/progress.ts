// One self-overwriting progress line on a terminal's stderr, at most five updates a second.

import { printable } from '../text/printable.js';
import { fmtInt } from './format.js';

export interface ProgressReporter {
  update: (path: string, consumed: number, total: number, packets: number) => void;
  done: () => void;
}

export function progressReporter(stream: NodeJS.WriteStream): ProgressReporter {
  let last = 0;
  let shown = false;
  return {
    update(path, consumed, total, packets) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const pct = total > 0 ? `${Math.min(100, Math.floor((100 * consumed) / total))}%` : '';
      const mb = (consumed / 1e6).toFixed(0);
      stream.write(`\r\x1b[Kanalyzing ${printable(path)} ${pct} (${mb} MB, ${fmtInt(packets)} packets)`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

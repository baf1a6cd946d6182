// What a capture gives back, as renderers take it: the live status line and the result at the end.

import type { Analysis, VerdictCounts } from '../analyze/types.js';
import type { ChildStats } from './child-protocol.js';
import type { Engine } from './source.js';

export interface LiveStatus {
  seconds: number;
  packets: number;
  /** Kernel and interface drops, summed over points. */
  dropped: number;
  /** Verdicts so far; none with --no-analysis. */
  segments?: Readonly<VerdictCounts>;
}

export interface PointResult {
  label: string;
  description: string;
  packets: number;
  stats: ChildStats;
}

/** stdin: the input closed or the parent went (a remote capture whose ssh session ended); workload: the caller's `stop` signal (its workload ended). */
export type StopReason = 'count' | 'duration' | 'SIGINT' | 'SIGTERM' | 'stdin' | 'workload' | 'end';

export interface CaptureResult {
  engine: Engine;
  /** None with --no-analysis: the frames were only written. */
  analysis?: Analysis;
  points: PointResult[];
  files: string[];
  stoppedBy: StopReason;
  seconds: number;
}

/** What `doctor --cleanup` removed of killed captures' OVS mirrors, and what it kept. */
export interface LeftoverCleanup {
  db: string;
  /** Mirrors and ports removed (their names). */
  removed: string[];
  /** Tagged mirrors kept because their capture is still running. */
  live: string[];
}

// What a capture gives back, as renderers take it: the live status line and the result at the end.

import type { Analysis, VerdictCounts } from '../analyze/types.js';
import type { ChildStats } from './child-protocol.js';
import type { Engine } from './source.js';

export interface LiveStatus {
  seconds: number;
  packets: number;
  /** Frames written in the last second. */
  packetsPerSecond: number;
  /** libpcap's ps_drop + ps_ifdrop, summed over points. */
  dropped: number;
  /** The capture's CPU over the last second (this process and its capture programs), in cores. */
  cpuCores: number;
  /** Frames the live analysis skipped so far; none with --no-analysis. */
  shed?: number;
  /** Verdicts so far; none with --no-analysis. */
  segments?: Readonly<VerdictCounts>;
}

export interface PointResult {
  label: string;
  description: string;
  packets: number;
  stats: ChildStats;
}

/**
 * stdin: the input closed or the parent went (a remote capture whose ssh session ended); stdout: the
 * reader of a spooled `-w -` went away; workload: the caller's `stop` signal (its workload ended).
 */
export type StopReason = 'count' | 'duration' | 'SIGINT' | 'SIGTERM' | 'stdin' | 'stdout' | 'workload' | 'end';

export interface CaptureResult {
  engine: Engine;
  /** None with --no-analysis: the frames were only written. */
  analysis?: Analysis;
  /** Frames written but not analysed (the analysis worker lagged): the analysis is partial. */
  shedPackets?: number;
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

// Host changes undone on every exit path: a thrown error, SIGINT or SIGTERM. The work gets an
// AbortSignal to stop between steps, so the undo never races a half-made change.

export class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
  }
}

/**
 * Runs work; if it throws or a signal arrives, runs undo before the error propagates. After a
 * signal the process re-raises it once undo is done, so it ends the way the sender expects.
 */
export async function withUndo<T>(work: (signal: AbortSignal) => Promise<T>, undo: () => Promise<void>): Promise<T> {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    received ??= sig;
    controller.abort(new Interrupted(sig));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await work(controller.signal);
    controller.signal.throwIfAborted();
    return result;
  } catch (e) {
    await undo();
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (received) process.kill(process.pid, received);
  }
}

// How a capture run by a remote ssh session hears the session end (docs/remote-capture.md): its
// stdin closes, its stdout breaks (EPIPE), a hangup comes, or its parent process changes (polled
// once a second). Each calls `stop`, so the capture ends as with Ctrl-C and removes its mirrors.

const ignore = (): void => {};

/** How often the parent (the ssh session) is checked. */
const PARENT_POLL_MS = 1000;

/** Starts watching; the returned function stops watching and puts back what it changed. */
export function watchSessionEnd(stop: () => void): () => void {
  // Not the CLI's exit on EPIPE: a reader gone means stop, and the mirrors must still be removed.
  const exitsOnEpipe = process.stdout.listeners('error') as ((e: Error) => void)[];
  for (const l of exitsOnEpipe) process.stdout.off('error', l);
  process.stdin.on('end', stop).on('close', stop).on('error', stop).resume();
  process.stdout.on('error', stop);
  // The summary after the stop may meet a closed stderr too: it is lost, not fatal.
  process.stderr.on('error', ignore);
  process.on('SIGHUP', stop);
  const parent = process.ppid;
  const poll = setInterval(() => process.ppid !== parent && stop(), PARENT_POLL_MS);
  return () => {
    clearInterval(poll);
    process.stdin.off('end', stop).off('close', stop).off('error', stop).pause();
    process.stdout.off('error', stop);
    process.off('SIGHUP', stop);
    for (const l of exitsOnEpipe) process.stdout.on('error', l);
  };
}

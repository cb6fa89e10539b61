/**
 * Calls `onGone` once, when the process that started this one has exited (this process was
 * re-parented). Returns a function that stops watching.
 *
 * Why: `npx modelreg serve` (and an npm script that runs `modelreg serve`) starts the server
 * under `sh -c`. npm forwards SIGTERM and SIGINT to that shell only, and dash (Debian's and
 * Ubuntu's /bin/sh) dies of the signal without passing it on, so the server would stay up,
 * re-parented, while the supervisor that sent SIGTERM to npm sees it exit. Linux has no portable
 * way for node to be told its parent died (prctl PR_SET_PDEATHSIG is native), so the parent's pid
 * is read every `everyMs`; the timer never keeps the process alive.
 */
export function whenParentExits(onGone: () => void, everyMs = 200): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** True when npm started this process through its script shell (`npx`, `npm exec`, `npm run`). */
export function startedByNpm(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env['npm_lifecycle_event'] ?? '') !== '';
}

import { dirname, sep } from 'node:path';

/** The directory of kube-harden's own modules (`dist/` once built, `lib/` from source). */
const OWN_MODULES = `${dirname(__dirname)}${sep}`;

/** How many frames are captured, so that the caller's frames survive kube-harden's own. */
const CAPTURED_FRAMES = 50;

/**
 * Re-captures `error`'s stack so that it starts at the caller's code: the frames inside kube-harden's own modules
 * that lead to the throw are dropped, so a validation error points first at the line that passed the bad props.
 *
 * @param error the error to point at its caller
 * @param constructorOpt the function whose frame and everything above it is left out (the error's constructor)
 */
export function pointAtCaller(error: Error, constructorOpt: abstract new (...args: never[]) => Error): void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = CAPTURED_FRAMES;
  try {
    Error.captureStackTrace(error, constructorOpt);
  } finally {
    Error.stackTraceLimit = limit;
  }
  const lines = (error.stack ?? '').split('\n');
  const firstFrame = lines.findIndex((line) => /^\s+at /.test(line));
  if (firstFrame === -1) return;
  const frames = lines.slice(firstFrame);
  const callerFrame = frames.findIndex((frame) => !frame.includes(OWN_MODULES));
  if (callerFrame <= 0) return;
  error.stack = [...lines.slice(0, firstFrame), ...frames.slice(callerFrame, callerFrame + limit)].join('\n');
}

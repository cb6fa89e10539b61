import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

export interface Resource<T> {
  /** The last value loaded; kept while a new one loads, so the page does not jump. */
  readonly data: T | undefined;
  /** The error of the last load, once it has settled. */
  readonly error: unknown;
  readonly loading: boolean;
  /** Loads again (after a change the page made). */
  readonly reload: () => void;
}

interface Settled<T> {
  readonly key?: string;
  readonly generation: number;
  readonly data?: T;
  readonly error?: unknown;
}

/**
 * Loads a value whenever `key` changes (undefined: nothing to load), cancelling the previous
 * load. `key` names everything the load depends on, so the hook cannot miss a dependency.
 */
export function useResource<T>(
  key: string | undefined,
  load: (signal: AbortSignal) => Promise<T>,
): Resource<T> {
  const [settled, setSettled] = useState<Settled<T>>({ generation: 0 });
  const [generation, setGeneration] = useState(0);
  const loader = useRef(load);
  useLayoutEffect(() => {
    loader.current = load;
  });

  useEffect(() => {
    if (key === undefined) return;
    const controller = new AbortController();
    loader.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ key, generation, data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setSettled((previous) => ({ ...previous, key, generation, error }));
      },
    );
    return () => controller.abort();
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const current = settled.key === key && settled.generation === generation;
  return {
    data: settled.data,
    error: current ? settled.error : undefined,
    loading: key !== undefined && !current,
    reload,
  };
}

/** Live events come in bursts: `soon()` runs `reload` once, a moment after the last call. */
import { useCallback, useEffect, useRef } from "react";

const RELOAD_DELAY_MS = 400;

export function useReloadSoon(reload: () => void): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(reload);
  useEffect(() => {
    latest.current = reload;
  });
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  return useCallback(() => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, RELOAD_DELAY_MS);
  }, []);
}

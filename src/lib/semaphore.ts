export type Semaphore = {
  /** Runs `fn` holding one slot. */
  <T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` holding `n` slots at once (at most the semaphore's size). */
  many<T>(n: number, fn: () => Promise<T>): Promise<T>;
};

/** At most `size` slots held at once; the rest wait in arrival order (a big ask is not overtaken). */
export function createSemaphore(size: number): Semaphore {
  let free = size;
  const waiting: Array<{ n: number; go: () => void }> = [];
  const wake = () => {
    while (waiting.length > 0 && (waiting[0]?.n ?? 0) <= free) {
      const next = waiting.shift()!;
      free -= next.n;
      next.go();
    }
  };
  const many = async <T>(n: number, fn: () => Promise<T>): Promise<T> => {
    const want = Math.max(1, Math.min(n, size));
    if (waiting.length === 0 && want <= free) free -= want;
    else await new Promise<void>((go) => waiting.push({ n: want, go }));
    try {
      return await fn();
    } finally {
      free += want;
      wake();
    }
  };
  const one = <T>(fn: () => Promise<T>) => many(1, fn);
  return Object.assign(one, { many });
}

/**
 * `Promise.withResolvers` (Node 22) for Node 20: PostGraphile 5's engine (grafast, @dataplan/pg) calls it and is the
 * only thing in its stack that needs more than Node 20. Importing this file first installs it where it is missing.
 */
interface WithResolvers {
  withResolvers?: <T>() => { promise: Promise<T>; resolve: (value: T | PromiseLike<T>) => void; reject: (reason?: unknown) => void };
}

const PromiseWithResolvers = Promise as PromiseConstructor & WithResolvers;

if (typeof PromiseWithResolvers.withResolvers !== 'function') {
  PromiseWithResolvers.withResolvers = <T>() => {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

export {};

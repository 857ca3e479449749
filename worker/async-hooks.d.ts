/**
 * The one Node API the Worker uses, `AsyncLocalStorage` (the `nodejs_als` compatibility flag; see
 * worker/oauth/library-fetch.ts). Declared here rather than by adding `@types/node` to the
 * Worker's types, which would bring every Node global into code that runs in workerd.
 */
declare module "node:async_hooks" {
  export class AsyncLocalStorage<T> {
    getStore(): T | undefined;
    run<R>(store: T, callback: () => R): R;
  }
}

import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from '@surge/testing';

/** The apps `nx build` emits under dist/apps/<app>/ and the image runs. */
export const BUILT_APPS = ['order-intake', 'fulfillment', 'notifier', 'log-sink', 'loadgen'] as const;
export type BuiltApp = (typeof BUILT_APPS)[number];

export function distPath(app: BuiltApp, file: string): string {
  return join(REPO_ROOT, 'dist', 'apps', app, file);
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Packages the bundle loads from node_modules: webpack leaves each external as a plain require("name"). */
export function externalPackages(bundle: string): string[] {
  const names = new Set<string>();
  for (const [, specifier] of bundle.matchAll(/\brequire\("([^".][^"]*)"\)/g)) {
    if (isBuiltin(specifier)) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
  return [...names].sort();
}

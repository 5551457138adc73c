import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The house's layering (README, Layout): domain <- (spend-files, store) <- (jobs, api) <- web <- local.
// jobs and api are siblings: neither imports the other. Each package may import only the packages
// below it; a new import across the layers fails here rather than in review.

const allowed: Record<string, string[]> = {
  domain: [],
  'spend-files': ['domain'],
  store: ['domain'],
  jobs: ['domain', 'spend-files', 'store'],
  api: ['domain', 'spend-files', 'store'],
  web: ['domain', 'spend-files', 'store', 'api'],
  local: ['domain', 'spend-files', 'store', 'jobs', 'api', 'web'],
};

const root = path.resolve('packages');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

function importsOf(pkg: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(path.join(root, pkg, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const [, imported = ''] of text.matchAll(/(?:from |import\()\s*'@compact-tracker\/([a-z-]+)/g)) {
      if (imported === pkg) continue;
      found.set(imported, [...(found.get(imported) ?? []), path.relative(root, file)]);
    }
  }
  return found;
}

describe('package layering', () => {
  it('knows every package', () => {
    const packages = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(packages.sort()).toEqual(Object.keys(allowed).sort());
  });

  it.each(Object.keys(allowed))('%s imports only the packages below it', (pkg) => {
    const across = [...importsOf(pkg)].filter(([imported]) => !allowed[pkg]?.includes(imported));
    expect(Object.fromEntries(across)).toEqual({});
  });
});

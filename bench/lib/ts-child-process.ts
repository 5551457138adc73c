// Runs a TypeScript script in a fresh Node process (through tsx's loader) and returns the JSON of
// the last line it prints: for figures, such as peak memory, that the benchmark process's own
// state would spoil. A child that fails or overruns is an error carrying its stderr.

import { spawn } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export async function runTsChild<T>(
  script: string,
  args: string[],
  options: { nodeFlags?: string[]; timeoutMs?: number } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode, signal) => resolve(signal ? null : exitCode));
  }).finally(() => clearTimeout(timer));
  const name = path.relative(repoRoot, script);
  if (code !== 0) {
    throw new Error(
      `${name} ${code === null ? `was killed (over ${timeoutMs / 1000} s?)` : `exited ${code}`}: ${stderr.slice(-2000)}`,
    );
  }
  const last = stdout.trim().split('\n').at(-1);
  if (!last) throw new Error(`${name} printed nothing: ${stderr.slice(-2000)}`);
  return JSON.parse(last) as T;
}

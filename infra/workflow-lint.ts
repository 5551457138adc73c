// Lints the GitHub Actions workflows (.github/workflows/*.yml) with GitHub's own workflow parser
// (@actions/workflow-parser: the workflow schema, expressions and the contexts each key may use,
// job dependencies), plus one rule of ours: no `${{ }}` of text an outsider writes (a pull
// request's title or body, a branch name, a commit message) inside a `run:` script, where it would
// be executed; pass it through `env:` instead. Run by test/delivery/workflows.test.ts in `npm test`.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { projectRoot } from './bundling.ts';

export const workflowsDir = path.join(projectRoot, '.github', 'workflows');

/** Contexts an outsider controls: never interpolated into a shell script. */
const untrusted =
  /\$\{\{[^}]*github\.(event\.(pull_request|issue|comment|review|head_commit|commits)|head_ref)[^}]*\}\}/;

export function workflowFiles(): string[] {
  return readdirSync(workflowsDir)
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => path.join(workflowsDir, file));
}

/** Every problem found in one workflow's text, as `file (Line: n, Col: m): message`. */
export async function lintWorkflow(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const problems = parsed.context.errors.getErrors().map((error) => error.message);
  if (parsed.value && problems.length === 0) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    for (const error of template.errors ?? []) problems.push(error.Message);
  }
  let inRun = false;
  content.split('\n').forEach((line, i) => {
    const run = /^(\s*)(-\s+)?run:\s*(.*)$/.exec(line);
    if (run) inRun = true;
    else if (/^\s*(-\s+)?[\w-]+:/.test(line)) inRun = false;
    if ((run || inRun) && untrusted.test(line)) {
      problems.push(
        `${name} (Line: ${i + 1}): text an outsider controls is interpolated into a run script; pass it through env:`,
      );
    }
  });
  return problems;
}

export async function lintWorkflows(): Promise<Record<string, string[]>> {
  const results: Record<string, string[]> = {};
  for (const file of workflowFiles()) {
    results[path.basename(file)] = await lintWorkflow(path.basename(file), readFileSync(file, 'utf8'));
  }
  return results;
}

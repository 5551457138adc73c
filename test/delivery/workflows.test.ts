import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lintWorkflow, lintWorkflows, workflowsDir } from '../../infra/workflow-lint.ts';

// The delivery pipeline: every workflow passes GitHub's workflow parser (infra/workflow-lint.ts),
// and delivery.yml does what the README says: test and synth always, `cdk diff` on pull requests,
// deploy dev then prod on main, with OIDC (no stored AWS keys).

type Job = {
  if?: string;
  needs?: string | string[];
  environment?: string;
  permissions?: Record<string, string>;
  steps: { uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> }[];
};
const delivery = parse(readFileSync(path.join(workflowsDir, 'delivery.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};
/** `${{ inner }}`, a GitHub expression (spelt so that it is not read as a template placeholder). */
const expression = (inner: string) => ['$', '{{ ', inner, ' }}'].join('');
const runs = (job: Job | undefined) => (job?.steps ?? []).map((s) => s.run ?? '').join('\n');

describe('the workflows', () => {
  it('pass the linter', async () => {
    const results = await lintWorkflows();
    expect(Object.keys(results)).toContain('delivery.yml');
    for (const [file, problems] of Object.entries(results)) expect(problems, file).toEqual([]);
  });

  it('the linter notices a broken workflow (it is not vacuous)', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-onn: ubuntu-latest',
      '    steps:',
      `      - run: echo ${expression('nosuch.value')}`,
      `      - run: echo "${expression('github.event.pull_request.title')}"`,
    ].join('\n');
    const problems = await lintWorkflow('broken.yml', broken);
    expect(problems.join('\n')).toMatch(/Unexpected value 'runs-onn'/);
    expect(problems.join('\n')).toMatch(/Unrecognized named-value: 'nosuch'/);
    expect(problems.join('\n')).toMatch(/outsider controls/);
  });
});

describe('delivery.yml', () => {
  it('runs on pull requests and pushes to main, reading the repository only by default', () => {
    expect(Object.keys(delivery.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
    expect(delivery.permissions).toEqual({ contents: 'read' });
  });

  it('tests and synthesises the prod stage on every run', () => {
    const test = delivery.jobs.test;
    expect(test?.if).toBeUndefined();
    expect(runs(test)).toContain('npm test');
    expect(runs(test)).toContain('npm run synth -- -c stage=prod -c alarmEmail=');
  });

  it('fails before the tests when npm scripts would not run on the pinned Node 24', () => {
    const steps = delivery.jobs.test?.steps ?? [];
    const at = (run: string) => steps.findIndex((s) => s.run?.trim().startsWith(run));
    const check = steps.findIndex((s) => s.run?.includes('node_modules/.bin/node'));
    expect(check).toBeGreaterThan(at('npm ci'));
    expect(check).toBeLessThan(at('npm test'));
    // The step as GitHub runs it (bash -e -o pipefail), in a folder whose node_modules/.bin/node is given.
    const runWith = (node: string | undefined) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'ct-node-check-'));
      if (node !== undefined) {
        mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
        writeFileSync(path.join(dir, 'node_modules/.bin/node'), `#!/bin/sh\necho ${node}\n`);
        chmodSync(path.join(dir, 'node_modules/.bin/node'), 0o755);
      }
      const script = steps[check]?.run ?? '';
      return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
        cwd: dir,
        encoding: 'utf8',
      });
    };
    expect(runWith('v24.21.0').status).toBe(0);
    for (const node of ['v22.12.0', 'v20.20.2', undefined]) {
      const refused = runWith(node);
      expect(refused.status, String(node)).toBe(1);
      expect(refused.stdout).toContain('is not Node 24');
    }
  });

  it('shows `cdk diff` against dev on pull requests', () => {
    const diff = delivery.jobs.diff;
    expect(diff?.if).toBe("github.event_name == 'pull_request'");
    expect(diff?.needs).toBe('test');
    expect(runs(diff)).toMatch(/cdk diff --all -c stage=dev/);
  });

  it('deploys dev, then prod, on main, through OIDC', () => {
    const dev = delivery.jobs['deploy-dev'];
    const prod = delivery.jobs['deploy-prod'];
    expect(dev?.needs).toBe('test');
    expect(prod?.needs).toBe('deploy-dev');
    expect(dev?.environment).toBe('dev');
    expect(prod?.environment).toBe('prod');
    expect(runs(dev)).toMatch(/cdk deploy --all --require-approval never -c stage=dev/);
    expect(runs(prod)).toMatch(/cdk deploy --all --require-approval never -c stage=prod/);
    for (const job of [delivery.jobs.diff, dev, prod]) {
      expect(job?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
      const credentials = job?.steps.find((s) =>
        s.uses?.startsWith('aws-actions/configure-aws-credentials@'),
      );
      expect(credentials?.with?.['role-to-assume']).toBe(expression('vars.AWS_DEPLOY_ROLE_ARN'));
      expect(JSON.stringify(job)).not.toMatch(/aws-access-key-id|AWS_SECRET_ACCESS_KEY/i);
    }
  });

  it("passes every context value a deploy by hand sets, from the environment's variables", () => {
    const names = [
      'ALARM_EMAIL',
      'MONTHLY_BUDGET',
      'ADMIN_EMAIL',
      'ADMIN_NAME',
      'SES_FROM_ADDRESS',
      'SES_REGION',
      'DOMAIN_NAME',
      'CERTIFICATE_ARN',
      'BACKUP_COPY_VAULT_ARN',
    ];
    for (const job of [delivery.jobs.diff, delivery.jobs['deploy-dev'], delivery.jobs['deploy-prod']]) {
      const step = job?.steps.find((s) => /npx cdk (diff|deploy)/.test(s.run ?? ''));
      expect(step?.run).toMatch(/source \.github\/stage-context\.sh\n.*"\$\{STAGE_CONTEXT\[@\]\}"/s);
      for (const name of names) expect(step?.env?.[name], name).toBe(expression(`vars.${name}`));
    }
    // What the script makes of them: only the ones set, values with spaces kept whole.
    const printed = spawnSync(
      'bash',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash array expansion, not a template
      ['-c', 'source .github/stage-context.sh && printf "%s\\n" "${STAGE_CONTEXT[@]}"'],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          ALARM_EMAIL: 'ops@example.org',
          ADMIN_NAME: 'Your Name',
          SES_REGION: '',
        },
      },
    );
    expect(printed.stdout.trim().split('\n')).toEqual([
      '-c',
      'alarmEmail=ops@example.org',
      '-c',
      'adminName=Your Name',
    ]);
  });
});

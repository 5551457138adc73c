import * as assessments from '@compact-tracker/api/services/assessments';
import { authoriseProgressRead, authoriseProgressWrite } from '@compact-tracker/api/services/progress-access';
import * as targets from '@compact-tracker/api/services/targets';
import { can } from '@compact-tracker/domain/authorisation';
import { DomainError } from '@compact-tracker/domain/errors';
import {
  assessmentInput,
  isoDateString,
  type Target,
  THEMES,
  targetsInput,
} from '@compact-tracker/domain/flexible-framework';
import { isoDate } from '@compact-tracker/domain/periods';
import { Hono } from 'hono';
import {
  criterionDescription,
  evidenceField,
  evidenceInputId,
  knownCriteria,
  metField,
} from '../components/framework.tsx';
import { shellOf } from '../components/layout.tsx';
import { serviceContext, type WebContext, type WebEnv } from '../env.ts';
import { capitalise, domainStatus } from '../errors.tsx';
import { type FieldErrors, type FormValues, readForm } from '../forms.ts';
import { AssessmentPage } from '../pages/assessment.tsx';
import { type AssessmentFormProblem, NewAssessmentPage } from '../pages/assessment-new.tsx';
import { AssessmentsPage } from '../pages/assessments.tsx';
import { TargetsPage } from '../pages/targets.tsx';
import { allPages } from '../paging.ts';
import { setFlash } from '../session.ts';

// Flexible Framework pages of an organisation: self-assessments on the 5 x 5 matrix, their
// history and comparison, and targets. Its officers and representatives write; its members and
// its partnerships' coordinators and board read (the services decide, as for the API).

export function assessmentRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/organisations/:id/assessments', async (c) => {
    const id = c.req.param('id');
    const ctx = serviceContext(c);
    const { organisation } = await authoriseProgressRead(ctx, id);
    const list = await allPages((page) => assessments.listAssessments(ctx, id, page));
    const known = new Set(list.map((a) => a.id));
    const from = c.req.query('from');
    const to = c.req.query('to');
    const compare = { from: list[1]?.id ?? '', to: list[0]?.id ?? '', changes: null, message: undefined };
    if (from !== undefined || to !== undefined) {
      if (!from || !to || !known.has(from) || !known.has(to)) {
        return c.html(
          <AssessmentsPage
            shell={shellOf(c)}
            organisation={organisation}
            assessments={list}
            canWrite={can.logProgress(c.var.caller, id)}
            compare={{ ...compare, message: 'Choose two of the assessments listed to compare.' }}
          />,
          400,
        );
      }
      const changes = await assessments.assessmentChanges(ctx, id, to, from);
      return c.html(
        <AssessmentsPage
          shell={shellOf(c)}
          organisation={organisation}
          assessments={list}
          canWrite={can.logProgress(c.var.caller, id)}
          compare={{ from, to, changes }}
        />,
      );
    }
    return c.html(
      <AssessmentsPage
        shell={shellOf(c)}
        organisation={organisation}
        assessments={list}
        canWrite={can.logProgress(c.var.caller, id)}
        compare={compare}
      />,
    );
  });

  app.get('/organisations/:id/assessments/new', async (c) => {
    const id = c.req.param('id');
    const ctx = serviceContext(c);
    const { organisation } = await authoriseProgressWrite(ctx, id);
    const [latest] = (await assessments.listAssessments(ctx, id, { limit: 1 })).items;
    const values: FormValues = {};
    for (const criterion of latest?.criteriaMet ?? []) values[metField(criterion)] = 'yes';
    for (const [criterion, text] of Object.entries(latest?.evidence ?? {})) {
      values[evidenceField(criterion)] = text;
    }
    return c.html(
      <NewAssessmentPage
        shell={shellOf(c)}
        organisation={organisation}
        today={isoDate(c.var.deps.now())}
        copiedFrom={latest ? { id: latest.id, assessedOn: latest.assessedOn } : null}
        values={values}
      />,
    );
  });

  app.post('/organisations/:id/assessments', async (c) => {
    const id = c.req.param('id');
    const values = await readForm(c);
    const ctx = serviceContext(c);
    const today = isoDate(c.var.deps.now());
    const { input, errors, problems } = assessmentFromForm(values, today);
    const again = async (status: 400 | 403 | 409 | 422, message?: string) => {
      const { organisation } = await authoriseProgressWrite(ctx, id);
      return c.html(
        <NewAssessmentPage
          shell={shellOf(c)}
          organisation={organisation}
          today={today}
          copiedFrom={null}
          values={values}
          errors={errors}
          problems={problems}
          message={message}
        />,
        status,
      );
    };
    if (!input) return again(400);
    try {
      const saved = await assessments.createAssessment(ctx, id, input);
      const levels = THEMES.map((t) => `${t} ${saved.themeLevels[t]}`).join(', ');
      setFlash(c, {
        kind: 'success',
        text: `The assessment of ${saved.assessedOn} is saved: overall level ${saved.overallLevel} (${levels}).`,
      });
      return c.redirect(
        `/organisations/${encodeURIComponent(id)}/assessments/${encodeURIComponent(saved.id)}`,
        303,
      );
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind === 'not-found' || error.kind === 'forbidden') {
        throw error;
      }
      return again(domainStatus[error.kind], capitalise(error.message));
    }
  });

  app.get('/organisations/:id/assessments/:aid', async (c) => {
    const id = c.req.param('id');
    const aid = c.req.param('aid');
    const ctx = serviceContext(c);
    const { organisation } = await authoriseProgressRead(ctx, id);
    const [assessment, changes] = await Promise.all([
      assessments.getAssessment(ctx, id, aid),
      assessments.assessmentChanges(ctx, id, aid),
    ]);
    return c.html(
      <AssessmentPage
        shell={shellOf(c)}
        organisation={organisation}
        assessment={assessment}
        changes={changes}
        canWrite={can.logProgress(c.var.caller, id)}
      />,
    );
  });

  app.get('/organisations/:id/targets', async (c) => renderTargets(c, c.req.param('id')));

  app.post('/organisations/:id/targets', async (c) => {
    const id = c.req.param('id');
    const values = await readForm(c);
    const { input, errors } = targetsFromForm(values);
    if (!input) return renderTargets(c, id, { values, errors }, 400);
    try {
      const saved = await targets.putTargets(serviceContext(c), id, input);
      setFlash(c, {
        kind: 'success',
        text:
          saved.targets.length === 0
            ? 'The targets are cleared.'
            : `The targets are saved: ${saved.targets.length} of 5 themes.`,
      });
      return c.redirect(`/organisations/${encodeURIComponent(id)}/targets`, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind === 'not-found' || error.kind === 'forbidden') {
        throw error;
      }
      return renderTargets(c, id, { values, message: capitalise(error.message) }, domainStatus[error.kind]);
    }
  });

  return app;
}

async function renderTargets(
  c: WebContext,
  id: string,
  state?: { values: FormValues; errors?: FieldErrors; message?: string },
  status: 200 | 400 | 409 | 422 = 200,
) {
  const ctx = serviceContext(c);
  const { organisation } = await authoriseProgressRead(ctx, id);
  const view = await targets.getTargets(ctx, id);
  const values: FormValues = state?.values ?? {};
  if (!state) {
    for (const t of view.targets) {
      values[`level:${t.theme}`] = String(t.level);
      values[`by:${t.theme}`] = t.by;
    }
  }
  return c.html(
    <TargetsPage
      shell={shellOf(c)}
      organisation={organisation}
      targets={view}
      canWrite={can.logProgress(c.var.caller, id)}
      values={values}
      errors={state?.errors}
      message={state?.message}
    />,
    status,
  );
}

/**
 * The matrix form as the service's input: `met:<id>` checkboxes and `evidence:<id>` fields. Every
 * problem is explained in words and, where it has one, at its field: evidence for a criterion not
 * ticked names the criterion; a date after today says so.
 */
export function assessmentFromForm(values: FormValues, today: string) {
  const criteriaMet: string[] = [];
  const evidence: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (name.startsWith('met:') && value === 'yes') criteriaMet.push(name.slice('met:'.length));
    if (name.startsWith('evidence:') && value.trim()) evidence[name.slice('evidence:'.length)] = value.trim();
  }
  const errors: FieldErrors = {};
  const problems: AssessmentFormProblem[] = [];
  const dateProblem = (message: string) => {
    errors.assessedOn = message;
    problems.push({ text: `Date of the assessment: ${message}`, href: '#assessment-assessedOn' });
  };
  const parsed = assessmentInput.safeParse({ assessedOn: values.assessedOn ?? '', criteriaMet, evidence });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [field, key] = issue.path;
      if (field === 'assessedOn') {
        if (!errors.assessedOn) {
          dateProblem(values.assessedOn?.trim() ? issue.message : 'enter the date of the assessment');
        }
      } else if (field === 'evidence' && typeof key === 'string') {
        const message = !knownCriteria.has(key)
          ? `${key} is not a criterion of the Flexible Framework`
          : !criteriaMet.includes(key)
            ? `evidence is given for ${criterionDescription(key)}, which is not ticked: tick it, or clear its evidence`
            : `evidence for ${criterionDescription(key)}: ${issue.message}`;
        errors[evidenceField(key)] ??= message;
        problems.push({
          text: knownCriteria.has(key) ? capitalise(message) : message,
          href: knownCriteria.has(key) ? `#${evidenceInputId(key)}` : undefined,
        });
      } else {
        // Unknown criterion ids, named as posted.
        problems.push({ text: issue.message });
      }
    }
  } else if (parsed.data.assessedOn > today) {
    dateProblem(`${parsed.data.assessedOn} is in the future: the date can be today (${today}) at the latest`);
  }
  return { input: problems.length === 0 && parsed.success ? parsed.data : null, errors, problems };
}

/** The targets form: per theme, a level and a date, both or neither. */
export function targetsFromForm(values: FormValues) {
  const errors: FieldErrors = {};
  const rows: Target[] = [];
  for (const theme of THEMES) {
    const level = values[`level:${theme}`]?.trim() ?? '';
    const by = values[`by:${theme}`]?.trim() ?? '';
    if (!level && !by) continue;
    if (!level) {
      errors[`level:${theme}`] = 'choose the level to reach by that date, or clear the date';
      continue;
    }
    const number = Number(level);
    if (!Number.isInteger(number) || number < 1 || number > 5) {
      errors[`level:${theme}`] = 'choose a level from 1 Foundation to 5 Lead';
      continue;
    }
    if (!by) {
      errors[`by:${theme}`] = 'enter the date to reach the level by';
      continue;
    }
    const date = isoDateString.safeParse(by);
    if (!date.success) {
      errors[`by:${theme}`] = date.error.issues[0]?.message ?? 'enter a date such as 2026-03-31';
      continue;
    }
    rows.push({ theme, level: number, by: date.data });
  }
  const parsed = targetsInput.safeParse({ targets: rows });
  if (Object.keys(errors).length > 0 || !parsed.success) return { input: null, errors };
  return { input: parsed.data, errors };
}

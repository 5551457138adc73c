// Loaded first for its side effect: zod-to-openapi adds `.openapi()` to every zod schema.
import '@hono/zod-openapi';
// The namespace import lets bundlers keep only the parts of zod in use.
import * as z from 'zod';
import { page } from './common.ts';

const level = z.number().int().min(0).max(5);
const themeRecord = <T extends z.ZodType>(value: T) =>
  z.object({ people: value, policy: value, process: value, suppliers: value, measurement: value });

export const frameworkSchema = z
  .object({
    version: z.string().openapi({ example: 'ff-2011-paraphrase-v1' }),
    source: z.string(),
    levels: z.array(z.object({ level: z.number().int(), name: z.string() })),
    themes: z.array(
      z.object({
        id: z.enum(['people', 'policy', 'process', 'suppliers', 'measurement']),
        name: z.string(),
        levels: z.array(
          z.object({
            level: z.number().int(),
            name: z.string(),
            criteria: z.array(
              z.object({ id: z.string().openapi({ example: 'people.1.a' }), text: z.string() }),
            ),
          }),
        ),
      }),
    ),
  })
  .openapi('FlexibleFramework');

const nextLevel = z
  .object({
    level,
    levelName: z.string(),
    missing: z.array(z.string()),
    summary: z.string().openapi({ example: 'to reach Practice in people: 3b, 3c' }),
  })
  .nullable()
  .openapi({ description: 'What the theme lacks for its next level; null at Lead' });

export const assessmentSchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    assessedOn: z.string().openapi({ example: '2026-03-31' }),
    criteriaMet: z.array(z.string()),
    evidence: z.record(z.string(), z.string()),
    frameworkVersion: z.string(),
    themeLevels: themeRecord(level),
    overallLevel: level,
    missingForNextLevel: themeRecord(nextLevel),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .openapi('Assessment');

export const assessmentPage = page(assessmentSchema).openapi('AssessmentPage');

const assessmentSummary = z.object({
  id: z.string(),
  assessedOn: z.string(),
  frameworkVersion: z.string(),
  themeLevels: themeRecord(level),
  overallLevel: level,
});

const levelChange = z.object({ from: level, to: level, change: z.number().int() });

export const assessmentChangesSchema = z
  .object({
    organisationId: z.string(),
    from: assessmentSummary.nullable(),
    to: assessmentSummary,
    gained: z.array(z.string()),
    lost: z.array(z.string()),
    overall: levelChange,
    themes: themeRecord(levelChange.extend({ gained: z.array(z.string()), lost: z.array(z.string()) })),
  })
  .openapi('AssessmentChanges');

const target = z.object({
  theme: z.enum(['people', 'policy', 'process', 'suppliers', 'measurement']),
  level: z.number().int(),
  by: z.string(),
});

export const targetsSchema = z
  .object({
    organisationId: z.string(),
    asOf: z.string(),
    latestAssessment: assessmentSummary.omit({ frameworkVersion: true }).nullable(),
    targets: z.array(
      target.extend({
        levelName: z.string(),
        currentLevel: level.nullable(),
        daysLeft: z.number().int(),
        state: z.enum(['met', 'on-track', 'at-risk', 'missed']).openapi({
          description:
            'met: the latest assessment reaches the level; missed: not met and `by` has passed; at-risk: not met with fewer than 90 days left (the `by` day included); on-track: 90 days or more left',
        }),
      }),
    ),
    revision: z.number().int(),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
  })
  .openapi('Targets');

export const targetsHistorySchema = z
  .object({
    organisationId: z.string(),
    items: z.array(
      z.object({
        organisationId: z.string(),
        targets: z.array(target),
        revision: z.number().int(),
        updatedAt: z.string(),
        updatedBy: z.string(),
      }),
    ),
  })
  .openapi('TargetsHistory');

// Reports: snapshots of the scheduled jobs.

import * as z from 'zod';
import data from './data/flexible-framework.json' with { type: 'json' };
import './messages.ts';

// The Flexible Framework (UK Sustainable Procurement Task Force, "Procuring the Future" 2006;
// Defra guidance 2011): five themes, five levels, criteria in each cell. The criteria are data
// with a version, never code, so that a partnership can load the official wording; levels are
// derived here and nowhere else.

export const THEMES = ['people', 'policy', 'process', 'suppliers', 'measurement'] as const;
export type Theme = (typeof THEMES)[number];

export const LEVEL_NAMES = ['Foundation', 'Embed', 'Practice', 'Enhance', 'Lead'] as const;
export const TOP_LEVEL = LEVEL_NAMES.length;

/** 0 (not yet Foundation) to 5 (Lead). */
export type Level = 0 | 1 | 2 | 3 | 4 | 5;
export type ThemeLevels = Record<Theme, Level>;

/** `theme.level.letter`, as the contract writes them: `people.3.b`. */
export const CRITERION_ID = /^([a-z]+)\.([1-5])\.([a-z])$/;

const criterionSchema = z.object({ id: z.string().regex(CRITERION_ID), text: z.string().min(1).max(500) });

const levelSchema = z.object({
  level: z.number().int().min(1).max(TOP_LEVEL),
  name: z.string().min(1),
  criteria: z.array(criterionSchema).min(1),
});

const themeSchema = z.object({
  id: z.enum(THEMES),
  name: z.string().min(1),
  levels: z.array(levelSchema).length(TOP_LEVEL),
});

/**
 * A framework version: every theme once in the contract's order, each with levels 1-5 in order
 * and named as the framework names them, each criterion's id naming its own theme and level, and
 * no id twice.
 */
export const frameworkSchema = z
  .object({
    version: z.string().regex(/^[0-9A-Za-z._-]{1,64}$/),
    source: z.string().min(1),
    themes: z.array(themeSchema).length(THEMES.length),
  })
  .superRefine((framework, ctx) => {
    const seen = new Set<string>();
    framework.themes.forEach((theme, t) => {
      if (theme.id !== THEMES[t]) {
        ctx.addIssue({ code: 'custom', path: ['themes', t, 'id'], message: `expected ${THEMES[t]}` });
      }
      theme.levels.forEach((level, l) => {
        if (level.level !== l + 1 || level.name !== LEVEL_NAMES[l]) {
          ctx.addIssue({
            code: 'custom',
            path: ['themes', t, 'levels', l],
            message: `expected level ${l + 1} ${LEVEL_NAMES[l]}`,
          });
        }
        level.criteria.forEach((criterion, c) => {
          const path = ['themes', t, 'levels', l, 'criteria', c, 'id'];
          if (!criterion.id.startsWith(`${theme.id}.${level.level}.`)) {
            ctx.addIssue({
              code: 'custom',
              path,
              message: `${criterion.id} is not in ${theme.id} level ${level.level}`,
            });
          }
          if (seen.has(criterion.id))
            ctx.addIssue({ code: 'custom', path, message: `${criterion.id} appears twice` });
          seen.add(criterion.id);
        });
      });
    });
  });

export type Framework = z.infer<typeof frameworkSchema>;

/** The framework in force: DOMAIN.md's paraphrase, shipped as data and checked when loaded. */
export const flexibleFramework: Framework = frameworkSchema.parse(data);

export const levelName = (level: number): string | null => LEVEL_NAMES[level - 1] ?? null;

export function criterionIds(framework: Framework): string[] {
  return framework.themes.flatMap((theme) =>
    theme.levels.flatMap((level) => level.criteria.map((c) => c.id)),
  );
}

/** The ids of `ids` that the framework does not know, in the order given. */
export function unknownCriteria(framework: Framework, ids: readonly string[]): string[] {
  const known = new Set(criterionIds(framework));
  return ids.filter((id) => !known.has(id));
}

/**
 * A theme's level: the highest L such that every criterion of levels 1..L is met; 0 if a level-1
 * criterion is missing. A gap caps the theme: criteria met above it do not count until it is filled.
 */
export function themeLevel(framework: Framework, theme: Theme, met: ReadonlySet<string>): Level {
  const levels = themeOf(framework, theme).levels;
  let reached = 0;
  for (const level of levels) {
    if (!level.criteria.every((c) => met.has(c.id))) break;
    reached = level.level;
  }
  return reached as Level;
}

export function themeLevels(framework: Framework, criteriaMet: Iterable<string>): ThemeLevels {
  const met = new Set(criteriaMet);
  return Object.fromEntries(THEMES.map((theme) => [theme, themeLevel(framework, theme, met)])) as ThemeLevels;
}

/** The organisation's overall level: the lowest of its five theme levels. */
export function overallLevel(levels: ThemeLevels): Level {
  return Math.min(...THEMES.map((theme) => levels[theme])) as Level;
}

export type NextLevel = {
  /** The level the theme would reach next. */
  level: Level;
  levelName: string;
  /** Criteria of that level not yet met: all that stands between the theme and it. */
  missing: string[];
  /** For people: "to reach Practice in people: 3b, 3c". */
  summary: string;
};

/**
 * For each theme, what it lacks to reach its next level (null at Lead). A theme at level L has met
 * every criterion of levels 1..L, so only level L+1's unmet criteria are missing.
 */
export function missingForNextLevel(
  framework: Framework,
  criteriaMet: Iterable<string>,
): Record<Theme, NextLevel | null> {
  const met = new Set(criteriaMet);
  const result = {} as Record<Theme, NextLevel | null>;
  for (const theme of THEMES) {
    const current = themeLevel(framework, theme, met);
    const next = themeOf(framework, theme).levels[current];
    if (!next) {
      result[theme] = null;
      continue;
    }
    const missing = next.criteria.map((c) => c.id).filter((id) => !met.has(id));
    result[theme] = {
      level: next.level as Level,
      levelName: next.name,
      missing,
      summary: `to reach ${next.name} in ${theme}: ${missing.map(shortId).join(', ')}`,
    };
  }
  return result;
}

/** `people.3.b` -> `3b`, as the framework's cells are referred to. */
export const shortId = (id: string) => id.split('.').slice(1).join('');

/** Everything derived from the criteria met, computed once and stored with the assessment. */
export function assessLevels(framework: Framework, criteriaMet: readonly string[]) {
  const levels = themeLevels(framework, criteriaMet);
  return {
    frameworkVersion: framework.version,
    themeLevels: levels,
    overallLevel: overallLevel(levels),
    missingForNextLevel: missingForNextLevel(framework, criteriaMet),
  };
}

/** What changed between two assessments: criteria gained and lost, overall and per theme. */
export function compareAssessments(
  framework: Framework,
  before: { criteriaMet: readonly string[]; themeLevels: ThemeLevels } | null,
  after: { criteriaMet: readonly string[]; themeLevels: ThemeLevels },
) {
  const was = new Set(before?.criteriaMet ?? []);
  const now = new Set(after.criteriaMet);
  // In the framework's order; ids of another framework version after the known ones, alphabetically.
  const order = new Map(criterionIds(framework).map((id, index) => [id, index]));
  const rank = (id: string) => order.get(id) ?? order.size;
  const sorted = (ids: string[]) => ids.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const gained = sorted([...now].filter((id) => !was.has(id)));
  const lost = sorted([...was].filter((id) => !now.has(id)));
  const fromLevels = before?.themeLevels ?? (Object.fromEntries(THEMES.map((t) => [t, 0])) as ThemeLevels);
  const themes = Object.fromEntries(
    THEMES.map((theme) => [
      theme,
      {
        from: fromLevels[theme],
        to: after.themeLevels[theme],
        change: after.themeLevels[theme] - fromLevels[theme],
        gained: gained.filter((id) => id.startsWith(`${theme}.`)),
        lost: lost.filter((id) => id.startsWith(`${theme}.`)),
      },
    ]),
  ) as Record<Theme, { from: Level; to: Level; change: number; gained: string[]; lost: string[] }>;
  const from = overallLevel(fromLevels);
  const to = overallLevel(after.themeLevels);
  return { gained, lost, overall: { from, to, change: to - from }, themes };
}

function themeOf(framework: Framework, theme: Theme) {
  const found = framework.themes.find((t) => t.id === theme);
  if (!found) throw new RangeError(`the framework has no theme ${theme}`);
  return found;
}

// Targets: a level per theme and a date to reach it.

export type TargetState = 'met' | 'on-track' | 'at-risk' | 'missed';

/** Fewer days left than this, and not met: at risk. */
export const AT_RISK_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `today` to `by` (both ISO dates): 0 on the day itself, negative once past. */
export function daysLeft(by: string, today: string): number {
  return Math.round((Date.parse(by) - Date.parse(today)) / DAY_MS);
}

/**
 * A target's state on `today` against the latest assessment's levels (null: none yet):
 * - met: the latest assessment reaches the level (whatever the date: a target met late still says met);
 * - missed: not met and `by` has passed; `by` itself still counts (a target for 31 Mar may be met on 31 Mar);
 * - at-risk: not met, not passed, and fewer than 90 days left: 89 days left (and 0, the `by` day) is at risk;
 * - on-track: not met, and 90 days or more left: exactly 90 days left is still on track.
 */
export function targetState(
  target: { theme: Theme; level: number; by: string },
  latest: ThemeLevels | null,
  today: string,
): TargetState {
  if (latest && latest[target.theme] >= target.level) return 'met';
  const left = daysLeft(target.by, today);
  if (left < 0) return 'missed';
  if (left < AT_RISK_DAYS) return 'at-risk';
  return 'on-track';
}

// Request bodies.

/** A calendar date written as the contract writes dates: `2026-03-31`, and a real day. */
export const isoDateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-03-31')
  .refine((d) => {
    const at = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === d;
  }, 'must be a real calendar date');

export const MAX_EVIDENCE_CHARS = 2000;

/** Evidence is text, or a link; what starts as a link must be a whole http(s) URL. */
const evidenceValue = z
  .string()
  .trim()
  .min(1)
  .max(MAX_EVIDENCE_CHARS)
  .refine((v) => !/^https?:/i.test(v) || isHttpUrl(v), 'a link must be a whole http(s) URL');

export function isHttpUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export const evidenceKind = (value: string): 'link' | 'text' => (isHttpUrl(value) ? 'link' : 'text');

/**
 * An assessment's body, checked against a framework version: every id known (each unknown one
 * named at its place), none twice, and evidence only for criteria ticked as met.
 */
export function assessmentInputFor(framework: Framework) {
  const known = new Set(criterionIds(framework));
  const criteriaMet = z
    .array(z.string().max(64))
    .max(known.size)
    .superRefine((ids, ctx) => {
      const seen = new Set<string>();
      ids.forEach((id, index) => {
        if (!known.has(id)) {
          ctx.addIssue({
            code: 'custom',
            path: [index],
            message: `${id} is not a criterion of the Flexible Framework (${framework.version})`,
          });
        } else if (seen.has(id)) {
          ctx.addIssue({ code: 'custom', path: [index], message: `${id} appears twice` });
        }
        seen.add(id);
      });
    });
  return z
    .object({
      assessedOn: isoDateString,
      criteriaMet,
      evidence: z.record(z.string().max(64), evidenceValue).optional(),
    })
    .strict()
    .superRefine((input, ctx) => {
      const ticked = new Set(input.criteriaMet);
      for (const id of Object.keys(input.evidence ?? {})) {
        if (!ticked.has(id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['evidence', id],
            message: known.has(id)
              ? `${id} is not ticked in criteriaMet: evidence is only for criteria met`
              : `${id} is not a criterion of the Flexible Framework (${framework.version})`,
          });
        }
      }
    });
}

export const assessmentInput = assessmentInputFor(flexibleFramework);
export type AssessmentInput = z.infer<typeof assessmentInput>;

/** Targets replace the previous set: at most one per theme, a level 1-5 and a date. */
export const targetsInput = z
  .object({
    targets: z
      .array(
        z
          .object({
            theme: z.enum(THEMES),
            level: z.number().int().min(1).max(TOP_LEVEL),
            by: isoDateString,
          })
          .strict(),
      )
      .max(THEMES.length),
  })
  .strict()
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.targets.forEach((target, index) => {
      if (seen.has(target.theme)) {
        ctx.addIssue({
          code: 'custom',
          path: ['targets', index, 'theme'],
          message: `${target.theme} has a target already: one per theme`,
        });
      }
      seen.add(target.theme);
    });
  });

export type TargetsInput = z.infer<typeof targetsInput>;
export type Target = TargetsInput['targets'][number];

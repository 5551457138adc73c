import { createHash } from 'node:crypto';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
} from '@compact-tracker/store/idempotency';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import { problem, problemResponse } from './problem.ts';

const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Creating POSTs honour an Idempotency-Key: the first request under a key runs and its successful
 * response is kept; a replay with the same body gets that response again without writing; the same
 * key with another body is a 422; a replay while the first is still running is a 409.
 */
export function idempotency(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (!KEY_PATTERN.test(key)) {
      return problemResponse(
        c,
        problem(400, 'Idempotency-Key must be 1-128 letters, digits or ._:-', [
          { path: 'Idempotency-Key', message: 'invalid' },
        ]),
      );
    }
    const { db, now } = c.get('deps');
    const scope = `${c.get('caller')?.sub ?? 'anonymous'}#${c.req.method}#${c.req.path}`;
    const requestHash = createHash('sha256')
      .update(await c.req.text())
      .digest('hex');

    const existing = await claimIdempotencyKey(db, scope, key, requestHash, now());
    if (existing) {
      if (existing.requestHash !== requestHash) {
        return problemResponse(
          c,
          problem(422, 'this Idempotency-Key was used with a different request body'),
        );
      }
      if (existing.state !== 'done') {
        return problemResponse(
          c,
          problem(409, 'a request with this Idempotency-Key is still being processed'),
        );
      }
      return c.body(existing.body ?? '', existing.status as 200, {
        'content-type': existing.contentType ?? 'application/json',
        'idempotent-replayed': 'true',
      });
    }

    try {
      await next();
    } catch (error) {
      await releaseIdempotencyKey(db, scope, key);
      throw error;
    }
    if (c.res.status >= 200 && c.res.status < 300) {
      const body = await c.res.clone().text();
      await completeIdempotencyKey(db, scope, key, {
        status: c.res.status,
        body,
        contentType: c.res.headers.get('content-type') ?? 'application/json',
      });
    } else {
      await releaseIdempotencyKey(db, scope, key);
    }
  };
}

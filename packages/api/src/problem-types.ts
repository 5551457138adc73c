// Every kind of problem the API answers with: its `type` URI (`/problems/{name}`, relative to the
// API's own host, where the web function serves a page for each), its status and title, and what
// a person reads on that page: what happened and how to put it right.

export type ProblemType = {
  /** The last part of the type URI. */
  name: string;
  /** Absent for the general kind, which any other status falls back to. */
  status?: number;
  title: string;
  /** What happened, in a sentence or two. */
  explanation: string;
  /** What to do about it, step by step. */
  fix: string[];
};

export const problemTypes: readonly ProblemType[] = [
  {
    name: 'invalid-request',
    status: 400,
    title: 'Invalid request',
    explanation:
      'Something in the request is malformed or does not have the value it must: the body is not valid JSON, a field is missing or out of range, or a path or query parameter is not in its format. Validation failures list each field at fault in `errors`, with its `path` (such as `lines.0.totalPence`) and what it must be.',
    fix: [
      'Read `detail` and each entry of `errors`: the `path` names the field, the `message` says what it must be.',
      'Money is in whole pence (integers), dates are `2026-03-31`, quarters `2025-26-Q3`, financial years `2025-26`.',
      'Compare the request with the operation in the API reference at /docs (or /v1/openapi.json): unknown fields are refused rather than ignored.',
    ],
  },
  {
    name: 'unauthenticated',
    status: 401,
    title: 'Not signed in',
    explanation:
      'This needs a signed-in caller, and the request had no bearer token, or one that is malformed, expired or not issued for this service. It is answered before anything else in the request is looked at.',
    fix: [
      'Send `Authorization: Bearer <token>` with an ID token of the user pool (on a laptop running `npm start`: `npm run --silent token -- --email EMAIL`).',
      'If the token has expired, sign in again for a new one.',
    ],
  },
  {
    name: 'forbidden',
    status: 403,
    title: 'Not allowed',
    explanation:
      'You are signed in, but your memberships do not allow this: each action belongs to a role (representative or officer of an organisation, coordinator or board member of a partnership, administrator).',
    fix: [
      'Check your memberships at GET /v1/me.',
      'Ask a representative of the organisation, or a coordinator of the partnership, to add you with the role the action needs.',
    ],
  },
  {
    name: 'not-found',
    status: 404,
    title: 'Not found',
    explanation:
      'Nothing is at this address: the id is unknown, the path does not exist, or the resource is one you may not know about (a draft compact, say), which is answered the same way.',
    fix: [
      'Check the id and the path against the API reference at /docs.',
      'Ids are opaque strings: copy them from the response that created or listed the resource.',
    ],
  },
  {
    name: 'method-not-allowed',
    status: 405,
    title: 'Method not allowed',
    explanation:
      'The path exists but does not take this method. The `Allow` header lists the methods it takes; HEAD works wherever GET does.',
    fix: ['Use one of the methods in the `Allow` header, as the API reference at /docs shows for this path.'],
  },
  {
    name: 'conflict',
    status: 409,
    title: 'Conflict with the current state',
    explanation:
      'The request is valid but clashes with the state things are in now: the organisation has already signed, someone changed the resource since you read it, an organisation with that company number already exists, or an earlier request with the same Idempotency-Key is still running.',
    fix: [
      'Read `detail`: it names the conflict (and, for a duplicate organisation, the existing one).',
      'Read the resource again, then decide whether to retry with what it now holds.',
    ],
  },
  {
    name: 'too-large',
    status: 413,
    title: 'Request body too large',
    explanation: 'The request body is over the limit of 64 KB for a JSON body.',
    fix: [
      'Send less in one request.',
      'For spend transactions, import the council CSV file through a spend import (POST …/spend-imports gives an upload URL for the file) rather than in a JSON body.',
    ],
  },
  {
    name: 'unsupported-media-type',
    status: 415,
    title: 'Unsupported media type',
    explanation: 'Request bodies are JSON, and this one was sent as something else.',
    fix: ['Send the body as JSON with `Content-Type: application/json`.'],
  },
  {
    name: 'rule-broken',
    status: 422,
    title: 'Request breaks a rule',
    explanation:
      'The request is well formed but breaks a rule of the tracker: signing a compact that is not open, or a version or text hash that is no longer current, or reusing an Idempotency-Key with a different body.',
    fix: [
      'Read `detail`: it says which rule.',
      'To sign, read the compact again and send its current `version` and `textSha256`.',
      'Use a new Idempotency-Key for a new request.',
    ],
  },
  {
    name: 'internal',
    status: 500,
    title: 'Internal error',
    explanation:
      'Something went wrong on our side, not in your request. It has been logged for us to put right.',
    fix: ['Try again later; if it keeps happening, tell the service team the time of the request.'],
  },
  {
    name: 'unavailable',
    status: 503,
    title: 'Temporarily unavailable',
    explanation:
      'The service is busy or a part of it did not answer in time. Nothing was half done: the request either took effect completely or not at all.',
    fix: [
      'Wait for the number of seconds in the `Retry-After` header, then send the same request again.',
      'For creating requests, send an Idempotency-Key so that a retry cannot create twice.',
    ],
  },
  {
    name: 'error',
    title: 'Error',
    explanation: 'The request could not be handled; `status` and `detail` say how.',
    fix: ['Read `detail`, correct the request, and compare it with the API reference at /docs.'],
  },
];

/** The type of a problem with this status: its own kind, or the general one for another status. */
export function problemTypeFor(status: number): ProblemType {
  return (
    problemTypes.find((type) => type.status === status) ??
    (problemTypes.find((type) => type.name === 'error') as ProblemType)
  );
}

/** The type URI of a kind of problem: relative, resolved against the API's own host. */
export const problemTypeUri = (type: ProblemType) => `/problems/${type.name}`;

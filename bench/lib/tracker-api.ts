// What the verify scripts share: the HTTP API of a running tracker as one signed-in user calls it,
// a spend import uploaded and followed to its end, and the mapping a person picks from the headers
// of Oxford City Council's "expenditure over £500" files.

import { parse } from 'csv-parse/sync';

export type Mapping = Record<string, string | Record<string, string>>;

export type Import = {
  id: string;
  status: string;
  rowsImported: number;
  rowsDuplicate: number;
  rowsRestated: number;
  rowsRejected: number;
  reviewReasons?: { reason: string; rows: number; suggestedDateFormat?: string }[];
  totalsByQuarter: Record<string, number>;
};

export type Api = <T>(method: string, url: string, body?: unknown) => Promise<{ status: number; body: T }>;

/** Calls the tracker at `base` with this bearer token; JSON in and out. */
export function trackerApi(base: string, token: string): Api {
  return async <T>(method: string, url: string, body?: unknown) => {
    const response = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
}

/** Uploads and follows the imports of one organisation (`imports`: its spend-imports path). */
export function spendImports(api: Api, imports: string) {
  /** The import once its run has finished (any status but waiting, running or reverting). */
  const settled = async (id: string): Promise<Import> => {
    for (;;) {
      const { body } = await api<Import>('GET', `${imports}/${id}`);
      if (body.status !== 'waiting' && body.status !== 'running' && body.status !== 'reverting') return body;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const upload = async (bytes: Buffer, mapping: Mapping, dateFormat = 'dd/mm/yyyy') => {
    const created = await api<{ id: string; uploadUrl: string }>('POST', imports, { mapping, dateFormat });
    if (created.status !== 201) throw new Error(`import: ${JSON.stringify(created.body)}`);
    const put = await fetch(created.body.uploadUrl, { method: 'PUT', body: new Uint8Array(bytes) });
    if (put.status >= 300) throw new Error(`upload: ${put.status} ${await put.text()}`);
    return settled(created.body.id);
  };
  return { settled, upload };
}

/** The mapping a person picks from an Oxford file's own headers. */
export function oxfordMapping(bytes: Buffer): Mapping {
  const [headers = []] = parse(bytes, { to_line: 1, bom: true, relax_column_count: true }) as string[][];
  const fold = (h: string) => h.toLowerCase().replace(/[\s_]/g, '');
  const find = (test: (folded: string) => boolean) => headers.find((h) => test(fold(h)));
  const mapping: Mapping = {};
  for (const [field, test] of [
    ['date', (h: string) => h === 'paiddate'],
    ['amount', (h: string) => h === 'amount'],
    ['transactionId', (h: string) => h === 'transno'],
    ['supplierName', (h: string) => h === 'suppliername'],
    ['category', (h: string) => /^expenditure(category|catergory)$/.test(h)],
  ] as const) {
    const header = find(test);
    if (header !== undefined) mapping[field] = header;
  }
  return mapping;
}

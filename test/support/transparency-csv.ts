// Generates "spending over £500" files like English councils publish under the Local Government
// Transparency Code, with the quirks real files have, and the totals an importer must arrive at,
// computed independently from the numbers before they were written as text.

export type GeneratedFile = {
  bytes: Buffer;
  rows: number;
  /** Rows that must be rejected, by line number. */
  rejectedLines: number[];
  /** Expected ledger totals of the valid rows, in pence, by quarter and by our category. */
  totals: Map<string, { totalPence: number; localPence: number; smePence: number }>;
  totalsByQuarter: Record<string, number>;
};

export const transparencyMapping = {
  date: 'Payment Date',
  amount: 'Ammount', // misspelt in the file, as some are
  transactionId: 'Transaction Number',
  supplierName: 'Supplier Name',
  category: 'Expense Type',
  categoryMap: {
    'Building Repairs': 'construction',
    'IT Software': 'ict',
    'Consultancy Fees': 'professional-services',
    Electricity: 'energy-utilities',
    'Refuse Collection': 'waste',
  },
  local: 'Local Supplier',
  sme: 'SME',
} as const;

const expenseTypes = [
  'Building Repairs',
  'IT Software',
  'Consultancy Fees',
  'Electricity',
  'Refuse Collection',
  'Stationery',
];
const categoryOf = (type: string): string =>
  (transparencyMapping.categoryMap as Record<string, string>)[type] ?? 'other';

/** A deterministic pseudo-random sequence (mulberry32), so every run makes the same file. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

function formatAmount(pence: number, style: number): string {
  const abs = Math.abs(pence);
  const pounds = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  const grouped = pounds.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = pence < 0 ? '-' : '';
  switch (style % 4) {
    case 0:
      return `${sign}${pounds}`;
    case 1:
      return `${sign}£${grouped}`;
    case 2:
      return `${sign}${grouped}`;
    default:
      return pence < 0 ? `(${grouped})` : `£${pounds}`;
  }
}

export function transparencyCsv(options: {
  rows: number;
  seed?: number;
  /** Rows start at this index of the same sequence: two files with overlapping ranges share rows. */
  startAt?: number;
  encoding?: 'utf-8' | 'windows-1252';
  invalidEvery?: number;
}): GeneratedFile {
  const seed = options.seed ?? 42;
  const startAt = options.startAt ?? 0;
  const header = [
    'Body Name',
    'Service Area',
    'Expense Type',
    'Expense Code',
    'Payment Date',
    'Transaction Number',
    'Ammount',
    'Revenue / Capital',
    'Supplier ID',
    'Supplier Name',
    'Local Supplier',
    'SME',
  ];
  const lines = [header.map(quote).join(',')];
  const totals: GeneratedFile['totals'] = new Map();
  const totalsByQuarter: Record<string, number> = {};
  const rejectedLines: number[] = [];
  for (let i = startAt; i < startAt + options.rows; i++) {
    // Each row depends only on (seed, i): overlapping files contain the very same rows.
    const next = random(seed * 1_000_003 + i);
    const type = expenseTypes[Math.floor(next() * expenseTypes.length)] as string;
    // Like published files, rows run in date order: about a thousand payments a month, April 2024 on.
    const month = Math.floor(i / 1000) % 24;
    const year = 2024 + Math.floor((month + 3) / 12);
    const monthOfYear = ((month + 3) % 12) + 1;
    const day = 1 + Math.floor(next() * 28);
    const date = `${String(day).padStart(2, '0')}/${String(monthOfYear).padStart(2, '0')}/${year}`;
    const credit = next() < 0.05;
    const pence = (credit ? -1 : 1) * (50_000 + Math.floor(next() * 5_000_000));
    const local = next() < 0.4;
    const sme = next() < 0.3;
    const supplierRoll = next();
    const supplier =
      supplierRoll < 0.05
        ? ''
        : supplierRoll < 0.1
          ? 'REDACTED'
          : supplierRoll < 0.2
            ? `Smith, Jones & Co ${i % 7}`
            : `Café Supplies ${i % 13} Ltd`;
    const txn = `${46_000_000 + Math.floor(i / 2)} - ${(i % 2) + 1}`;
    let dateText = date;
    let amountText = formatAmount(pence, i);
    const invalid =
      options.invalidEvery !== undefined && i % options.invalidEvery === options.invalidEvery - 1;
    if (invalid) {
      if (i % 3 === 0) dateText = '31/02/2025';
      else if (i % 3 === 1) amountText = 'N/A';
      else amountText = '';
    }
    const line = [
      'Testshire County Council',
      'Adult Social Care',
      type,
      String(4000 + expenseTypes.indexOf(type)),
      dateText,
      txn,
      amountText,
      next() < 0.5 ? 'Revenue' : 'Capital',
      `S${1000 + (i % 500)}`,
      supplier,
      local ? 'Y' : 'N',
      sme ? 'Yes' : 'No',
    ];
    lines.push(line.map(quote).join(','));
    const lineNumber = lines.length;
    if (invalid) {
      rejectedLines.push(lineNumber);
      continue;
    }
    const quarter = quarterOfDate(year, monthOfYear);
    const key = `${quarter}|${categoryOf(type)}`;
    const t = totals.get(key) ?? { totalPence: 0, localPence: 0, smePence: 0 };
    t.totalPence += pence;
    if (local) t.localPence += pence;
    if (sme) t.smePence += pence;
    totals.set(key, t);
    totalsByQuarter[quarter] = (totalsByQuarter[quarter] ?? 0) + pence;
  }
  // A byte-order mark, CRLF line ends and trailing blank lines, as spreadsheets export them.
  const text = `${lines.join('\r\n')}\r\n\r\n,,,,,,,,,,,\r\n\r\n`;
  const bytes =
    options.encoding === 'windows-1252'
      ? Buffer.from(text, 'latin1') // £ and é are the same single bytes in Latin-1 and Windows-1252
      : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  return { bytes, rows: options.rows, rejectedLines, totals, totalsByQuarter };
}

function quarterOfDate(year: number, month: number): string {
  const fyStart = month >= 4 ? year : year - 1;
  const fy = `${fyStart}-${String((fyStart + 1) % 100).padStart(2, '0')}`;
  const q = month >= 4 && month <= 6 ? 1 : month >= 7 && month <= 9 ? 2 : month >= 10 ? 3 : 4;
  return `${fy}-Q${q}`;
}

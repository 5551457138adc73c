// Why a CSV file could not be read, in words for people. CSV readers (csv-parse) say it their way
// ("Invalid Closing Quote: got \"x\" at line 3 instead of delimiter, record delimiter, trimable
// character (if activated) or comment"): what a person reads is this instead.

/** A reader's error as a sentence fragment for people; errors that are not a reader's keep their message. */
export function csvReadProblem(error: unknown): string {
  const { code, lines } = (error ?? {}) as { code?: unknown; lines?: unknown };
  // csv-parse's codes: CSV_... and, for a quote opening inside a value, INVALID_OPENING_QUOTE.
  if (typeof code !== 'string' || !/^(CSV_[A-Z_]+|INVALID_OPENING_QUOTE)$/.test(code)) {
    return (error as Error)?.message ?? String(error);
  }
  const where = typeof lines === 'number' ? ` (line ${lines})` : '';
  if (code === 'CSV_QUOTE_NOT_CLOSED') {
    return `a quoted value is never closed${where}: the file may be cut short; save the sheet again as CSV`;
  }
  if (code === 'CSV_INVALID_CLOSING_QUOTE' || code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE') {
    return `a quoted value has text after its closing quote${where}; save the sheet again as CSV`;
  }
  if (code === 'INVALID_OPENING_QUOTE') {
    return `a quote opens in the middle of a value${where}; save the sheet again as CSV`;
  }
  if (code === 'CSV_MAX_RECORD_SIZE') return `a row is far longer than any spend row${where}`;
  return `the file could not be read as CSV${where}; save the sheet again as CSV`;
}

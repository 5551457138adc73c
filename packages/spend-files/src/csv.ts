import { CsvError } from 'csv-parse';

// How a council spend file is cut into rows and cells: the same options for the import's two
// passes and for the preview, so that the page shows the rows the import will read.

/** The longest row read: quoting gone wrong must not read the rest of a file as one field. */
export const MAX_ROW_BYTES = 64 * 1024;

export const csvOptions = {
  info: true,
  skip_empty_lines: true,
  // Rows of empty cells (",,,,") are spacing, not payments.
  skip_records_with_empty_values: true,
  // Title rows, short rows and long rows all come through; the reader decides what they are.
  relax_column_count: true,
  // A quote inside an unquoted field (TOYS ''R" US LIMITED) is part of the text.
  relax_quotes: true,
  max_record_size: MAX_ROW_BYTES,
} as const;

/** A problem with the file itself, said for the person who chose it: retrying will not help. */
export class SpendFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpendFileError';
  }
}

/** csv-parse's own errors (unclosed quotes, a record too large): not every code starts CSV_. */
export function isCsvError(error: unknown): error is Error & { code: string; lines?: number } {
  if (error instanceof CsvError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('CSV_');
}

/** The environment variable naming the import function, for the functions that run imports again. */
export const SPEND_IMPORT_FUNCTION = 'SPEND_IMPORT_FUNCTION';

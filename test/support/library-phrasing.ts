/** A library's words, which no person should read in a problem: zod's defaults, hono's, csv-parse's. */
export const LIBRARY_PHRASING =
  /Invalid input|expected |received |Invalid URL|Invalid option|Invalid (string|number|enum|literal|type|email|key|element|union|format|value)|Too (small|big)|Unrecognized key|Malformed JSON|Unsupported Media Type|Payload Too Large|Bad Request|Invalid Closing Quote|Quote Not Closed|Invalid Record Length|Invalid Opening Quote/i;

/** What the API's upload URLs are (its `Uploads`), as far as running again needs. */
type Uploads = {
  uploadUrl: (key: string, options: { expiresInSeconds: number }) => Promise<string>;
  rerun?: (key: string) => Promise<void>;
};

/**
 * The upload URLs of the spend and page functions in AWS, able to run an import again (confirmed
 * after review, or with a corrected reading): the Lambda client is imported on the first such run,
 * not at every cold start. Without an upload bucket there are no uploads.
 */
export function withLambdaRerun(
  uploads: Uploads | undefined,
  bucket = process.env.UPLOAD_BUCKET,
): Uploads | undefined {
  if (!uploads || !bucket) return uploads;
  return {
    ...uploads,
    rerun: async (key) => {
      const { invokeImportRerun } = await import('./invoke-rerun.ts');
      await invokeImportRerun(bucket, key);
    },
  };
}

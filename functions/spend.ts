import { spendApp } from '@compact-tracker/api/apps/spend';
import { depsFromEnvironment } from '@compact-tracker/api/deps';
import { lambdaHandler } from '@compact-tracker/api/lambda';
import { withLambdaRerun } from '@compact-tracker/jobs/import/lambda-rerun';
import { s3UploadsFromEnvironment } from '@compact-tracker/store/s3-upload-urls';

// Confirming or retrying an import invokes the import function again (its name in the environment).
export const handler = lambdaHandler(
  spendApp({ ...depsFromEnvironment(), uploads: withLambdaRerun(s3UploadsFromEnvironment()) }),
);

// Where spend CSV files are uploaded: a private bucket that browsers PUT to through presigned URLs
// issued by the spend function, and that the import function reads. Uploads are transient (the
// ledger in DynamoDB is the record), so they expire after a week.

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { acknowledge } from '../acknowledge.ts';
import { logicalIdOf } from './node-function.ts';

/** Every upload key starts with this (`imports/{organisationId}/{importId}.csv`, packages/domain). */
export const importsPrefix = 'imports/';
/** Only `.csv` objects start an import. */
export const importsSuffix = '.csv';
/** Official register files for the supplier register loader (`registers/{loadId}.data`, packages/domain). */
export const registersPrefix = 'registers/';
/** Uploads (imported or abandoned) are deleted after this many days. */
export const uploadExpiryDays = 7;

export class UploadBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // SSE-S3 rather than a KMS key: the files are spend lines (suppliers, amounts), kept for days,
      // not secrets. A customer managed key would cost a key a month plus requests, and add
      // kms:GenerateDataKey to the presigning role and kms:Decrypt to the import for no real gain.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: false,
      lifecycleRules: [
        { id: 'expire-imports', prefix: importsPrefix, expiration: Duration.days(uploadExpiryDays) },
        { id: 'expire-registers', prefix: registersPrefix, expiration: Duration.days(uploadExpiryDays) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // Browsers PUT the file straight to S3 from the site. Any origin: the presigned URL is the
      // capability (signed for one key, by the spend function, for minutes), CORS is no access
      // control for a request that carries its own signature, and S3 never allows credentials
      // (cookies) with `*`. Naming the site's origin instead would need the API's URL here, and the
      // API depends on the spend function, which depends on this bucket: a circular dependency.
      cors: [
        {
          allowedMethods: [HttpMethods.PUT],
          allowedOrigins: ['*'],
          allowedHeaders: ['*'],
          maxAge: 3600,
        },
      ],
      // Kept if the stack is deleted or the bucket replaced, like the table: an upload is never lost
      // by accident, and the lifecycle rule empties it within a week anyway. No autoDeleteObjects
      // (it would add a custom resource with its own function and a delete-everything policy).
      removalPolicy: RemovalPolicy.RETAIN,
      autoDeleteObjects: false,
    });
    acknowledge(
      this.bucket,
      'AwsSolutions-S1',
      'No server access logs: objects are written only through presigned URLs that the authenticated ' +
        'spend API issues (and logs, with the import it belongs to), read only by the import function ' +
        '(which logs each run), and expire after 7 days. A log bucket would itself need logs and a ' +
        'lifecycle; enable CloudTrail S3 data events for the account if object-level audit is required.',
    );
  }
}

/** What issuing presigned PUT URLs needs: s3:PutObject on `imports/*`, nothing else. */
export function grantUploadUrls(fn: IFunction, bucket: IBucket): void {
  grantOnImports(fn, bucket, 's3:PutObject');
}

/** What issuing presigned PUT URLs for register files needs: s3:PutObject on `registers/*`. */
export function grantRegisterUploadUrls(fn: IFunction, bucket: IBucket): void {
  grantOnPrefix(fn, bucket, 's3:PutObject', registersPrefix, 'registers/{loadId}.data');
}

/** What the register loader needs: s3:GetObject on `registers/*`, nothing else. */
export function grantRegisterRead(fn: IFunction, bucket: IBucket): void {
  grantOnPrefix(fn, bucket, 's3:GetObject', registersPrefix, 'registers/{loadId}.data');
}

/** What the import job needs: s3:GetObject on `imports/*`, nothing else (no listing, no writes). */
export function grantImportRead(fn: IFunction, bucket: IBucket): void {
  grantOnImports(fn, bucket, 's3:GetObject');
}

// One explicit statement rather than bucket.grantPut/grantRead: those add s3:Abort*, tagging,
// legal hold and retention (put), or GetBucket* and List* on the whole bucket (read).
function grantOnImports(fn: IFunction & IGrantable, bucket: IBucket, action: string): void {
  grantOnPrefix(fn, bucket, action, importsPrefix, `${importsPrefix}{organisationId}/{importId}.csv`);
}

function grantOnPrefix(
  fn: IFunction & IGrantable,
  bucket: IBucket,
  action: string,
  prefix: string,
  keyShape: string,
): void {
  fn.addToRolePolicy(
    new PolicyStatement({ actions: [action], resources: [bucket.arnForObjects(`${prefix}*`)] }),
  );
  acknowledge(
    fn.role as IConstruct,
    `AwsSolutions-IAM5[Resource::<${logicalIdOf(bucket)}.Arn>/${prefix}*]`,
    `${action} on the upload bucket's ${prefix} objects only: upload keys are made per upload ` +
      `(${keyShape}), so they cannot be listed in advance.`,
  );
}

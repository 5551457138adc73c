import { notFound } from '@compact-tracker/domain/errors';
import { canSupplier } from '@compact-tracker/domain/supplier-authorisation';
import { type RegisterKind, registerUploadKey } from '@compact-tracker/domain/supplier-facts';
import * as store from '@compact-tracker/store/supplier-registers';
import { authorise, type ServiceContext } from './context.ts';
import { UploadsUnavailable } from './spend-imports.ts';

// Loads of official register files (admins): create one, PUT the file to its upload URL, follow it.

const UPLOAD_URL_SECONDS = 60 * 60;

export async function createRegisterLoad(ctx: ServiceContext, input: { kind: RegisterKind }) {
  const caller = authorise(ctx, canSupplier.loadRegisters, 'load register files (admins only)');
  const uploads = ctx.deps.uploads;
  if (!uploads) throw new UploadsUnavailable();
  const id = ctx.deps.newId();
  const now = ctx.deps.now();
  const record: store.RegisterLoadRecord = {
    id,
    kind: input.kind,
    status: 'waiting',
    uploadKey: registerUploadKey(id),
    rowsProcessed: 0,
    suppliersMatched: 0,
    factsSet: 0,
    numbersRefused: 0,
    createdAt: now.toISOString(),
    createdBy: caller.email,
  };
  await store.createRegisterLoad(ctx.deps.db, record);
  const uploadUrl = await uploads.uploadUrl(record.uploadKey, { expiresInSeconds: UPLOAD_URL_SECONDS });
  return {
    ...view(record),
    uploadUrl,
    uploadMethod: 'PUT' as const,
    uploadExpiresAt: new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
  };
}

export async function getRegisterLoad(ctx: ServiceContext, id: string) {
  authorise(ctx, canSupplier.loadRegisters, 'follow register loads (admins only)');
  const record = await store.getRegisterLoad(ctx.deps.db, id);
  if (!record) throw notFound(`register load ${id}`);
  return view(record);
}

function view(record: store.RegisterLoadRecord) {
  const { uploadKey: _key, createdBy: _by, ...rest } = record;
  return rest;
}

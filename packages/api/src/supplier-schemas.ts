import './schemas/common.ts';
import * as z from 'zod';

// Response shapes of the supplier routes (API.md: suppliers, areas, supplier registers).

const fact = z.union([z.string(), z.boolean()]).nullable();

export const supplierFactSchema = z
  .object({
    field: z.string(),
    value: z.union([z.string(), z.boolean()]),
    source: z.enum(['officer', 'register']),
    setAt: z.string(),
    setBy: z.string(),
    setByName: z
      .string()
      .describe(
        "Who set it, in words: an organisation, a partnership's coordinator, an admin, a register file",
      ),
    inForce: z.boolean(),
  })
  .openapi('SupplierFact');

export const factChangeSchema = z
  .object({
    id: z.string(),
    field: z.string(),
    source: z.enum(['officer', 'register']),
    value: fact,
    previous: fact,
    setAt: z.string(),
    setBy: z.string(),
    setByName: z.string(),
    restoredFrom: z.string().optional(),
  })
  .openapi('SupplierFactChange');

export const supplierSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    names: z.array(z.object({ name: z.string(), normalisedName: z.string(), rule: z.string() })),
    undisclosed: z.boolean(),
    postcode: z.string().nullable(),
    companyNumber: z.string().nullable(),
    charityNumber: z.string().nullable(),
    sme: z.boolean().nullable(),
    vcse: z.boolean().nullable(),
    publicBody: z.boolean().nullable(),
    organisationId: z.string().nullable(),
    facts: z.array(supplierFactSchema),
    history: z.array(factChangeSchema),
    historyCursor: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi('Supplier');

export const organisationSupplierSchema = z
  .object({
    supplierId: z.string(),
    name: z.string(),
    spendPence: z.number().int(),
    rows: z.number().int(),
    postcode: z.string().nullable(),
    sme: z.boolean().nullable(),
    vcse: z.boolean().nullable(),
    publicBody: z.boolean().nullable(),
    organisationId: z.string().nullable(),
    undisclosed: z.boolean(),
    /** Share of the organisation's supplier spend covered by this supplier and every larger one. */
    cumulativeShare: z.number(),
    /** Local to each partnership whose compact the organisation has signed (null: no postcode). */
    localTo: z.record(z.string(), z.boolean().nullable()),
  })
  .openapi('OrganisationSupplier');

export const supplierListSummary = {
  suppliers: z.number().int(),
  spendPence: z.number().int(),
  unclassifiedSuppliers: z.number().int(),
  unclassifiedPence: z.number().int(),
};

const share = z.object({
  classifiedPence: z.number().int().openapi({ description: 'Third-party spend whose answer is known' }),
  yesPence: z.number().int(),
});

export const classifiedSharesSchema = z
  .object({
    partnershipId: z.string().nullable(),
    name: z.string().nullable(),
    spendPence: z.number().int(),
    interPartnerPence: z
      .number()
      .int()
      .openapi({ description: "Paid to the partnership's other signatories" }),
    local: share,
    sme: share,
    vcse: share,
  })
  .openapi('ClassifiedShares');

export const organisationSupplierPage = z
  .object({
    items: z.array(organisationSupplierSchema),
    nextCursor: z.string().nullable(),
    ...supplierListSummary,
    shares: z.array(classifiedSharesSchema).openapi({
      description:
        'All quarters, per partnership the organisation belongs to: shares of classified third-party spend and their coverage',
    }),
  })
  .openapi('OrganisationSupplierPage');

export const partnershipSupplierSchema = z
  .object({
    supplierId: z.string(),
    name: z.string(),
    spendPence: z.number().int(),
    rows: z.number().int(),
    partners: z.number().int(),
    postcode: z.string().nullable(),
    local: z.boolean().nullable(),
    sme: z.boolean().nullable(),
    vcse: z.boolean().nullable(),
    publicBody: z.boolean().nullable(),
    interPartner: z.boolean(),
    cumulativeShare: z.number(),
  })
  .openapi('PartnershipSupplier');

export const partnershipSupplierPage = z
  .object({
    items: z.array(partnershipSupplierSchema),
    nextCursor: z.string().nullable(),
    ...supplierListSummary,
    interPartnerPence: z.number().int(),
  })
  .openapi('PartnershipSupplierPage');

export const supplierListQuery = z.object({
  q: z.string().trim().max(64).optional(),
  unclassified: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ example: 50 }),
  cursor: z.string().min(1).max(2048).optional(),
});

export const partnershipAreaSchema = z
  .object({
    partnershipId: z.string(),
    postcodes: z.array(z.string()),
    areaSetAt: z.string(),
  })
  .openapi('PartnershipArea');

export const supplierNamePointerSchema = z
  .object({
    organisationId: z.string(),
    name: z.string(),
    normalisedName: z.string(),
    supplierId: z.string(),
    status: z.enum(['done', 'moving']).openapi({
      description:
        '`done`: the rows already imported under the name count under the supplier now; `moving`: `moved` says how far the request got, and the rest move in the background',
    }),
    moved: z.object({ rows: z.number().int(), spendPence: z.number().int() }).openapi({
      description: 'Rows already imported that this request moved to the supplier, and their spend',
    }),
  })
  .openapi('SupplierNamePointer');

export const supplierRegisterLoadSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['companies-house', 'charity-commission']),
    status: z.enum(['waiting', 'running', 'completed', 'failed']),
    rowsProcessed: z.number().int(),
    suppliersMatched: z.number().int(),
    factsSet: z.number().int(),
    numbersRefused: z.number().int(),
    createdAt: z.string(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    failure: z.string().optional(),
    uploadUrl: z.string().optional(),
    uploadMethod: z.literal('PUT').optional(),
    uploadExpiresAt: z.string().optional(),
  })
  .openapi('SupplierRegisterLoad');

export const supplierFactsSheetOutcome = z
  .object({
    organisationId: z.string(),
    rows: z.number().int().openapi({ description: 'Rows of suppliers read' }),
    suppliers: z.number().int().openapi({ description: 'Distinct suppliers on the sheet' }),
    suppliersClassified: z.number().int().openapi({ description: 'Suppliers whose facts changed' }),
    factsChanged: z.number().int(),
    unchangedRows: z.number().int().openapi({ description: 'Rows whose facts were already so' }),
  })
  .openapi('SupplierFactsSheetOutcome');

// Deterministic keys of the supplier register and of spend by supplier, in the single table.
// (Kept beside keys.ts, which holds every other key; nothing else builds these.)

export const supplierKeys = {
  /** One record per real supplier: its display name, facts (both sources) and version. */
  supplier: (supplierId: string) => ({ PK: `SUPPLIER#${supplierId}`, SK: 'SUPPLIER' }),
  supplierPk: (supplierId: string) => `SUPPLIER#${supplierId}`,
  /** The supplier record's sort key: a change of this item is a change of facts (the fan-out's trigger). */
  supplierSk: 'SUPPLIER',
  /** The supplier id of a `SUPPLIER#{id}` partition key, or null for any other key. */
  supplierIdOfPk: (pk: string) => (pk.startsWith('SUPPLIER#') && pk.length > 9 ? pk.slice(9) : null),
  suppliersIndex: (supplierId: string) => ({ GSI1PK: 'SUPPLIERS', GSI1SK: supplierId }),
  /** A name seen for the supplier (by its normalised key), with the rule that matched it. */
  supplierName: (supplierId: string, normalised: string) => ({
    PK: `SUPPLIER#${supplierId}`,
    SK: `NAME#${normalised}`,
  }),
  supplierNamePrefix: 'NAME#',
  /** The public history of the supplier's facts, oldest first. */
  factChange: (supplierId: string, setAt: string, changeId: string) => ({
    PK: `SUPPLIER#${supplierId}`,
    SK: `HISTORY#${setAt}#${changeId}`,
  }),
  factChangePrefix: 'HISTORY#',
  /** An organisation that has paid the supplier: who may classify it, and where a change fans out. */
  paidBy: (supplierId: string, organisationId: string) => ({
    PK: `SUPPLIER#${supplierId}`,
    SK: `PAID_BY#${organisationId}`,
  }),
  paidByPrefix: 'PAID_BY#',

  /** Identity items: a normalised name or a number belongs to one record (attribute_not_exists). */
  nameIdentity: (normalised: string) => ({ PK: `SUPPLIER_NAME#${normalised}`, SK: 'SUPPLIER_NAME' }),
  numberIdentity: (kind: 'company' | 'charity', number: string) => ({
    PK: `SUPPLIER_NUMBER#${kind}#${number}`,
    SK: 'SUPPLIER_NUMBER',
  }),
  /** An officer's pointing of a name of their organisation's rows at another record. */
  organisationName: (organisationId: string, normalised: string) => ({
    PK: `ORG#${organisationId}`,
    SK: `SUPPLIER_NAME#${normalised}`,
  }),
  /**
   * The move of a pointed name's imported lines, once it goes on in the background: its progress.
   * Writing it starts the fan-out function in AWS (the table's stream).
   */
  nameMove: (organisationId: string, normalised: string) => ({
    PK: `ORG#${organisationId}`,
    SK: `SUPPLIER_MOVE#${normalised}`,
  }),
  nameMovePrefix: 'SUPPLIER_MOVE#',

  /** Spend by supplier of an organisation, all quarters together: the suppliers page reads these. */
  supplierSpend: (organisationId: string, supplierId: string) => ({
    PK: `ORG#${organisationId}#SUPPLIERS`,
    SK: supplierId,
  }),
  supplierSpendPk: (organisationId: string) => `ORG#${organisationId}#SUPPLIERS`,
  /** Spend by supplier and quarter, with the classification its amounts are counted under. */
  supplierQuarter: (organisationId: string, supplierId: string, quarter: string) => ({
    PK: `ORG#${organisationId}#SUPPLIER_QUARTERS`,
    SK: `${supplierId}#${quarter}`,
  }),
  supplierQuarterPk: (organisationId: string) => `ORG#${organisationId}#SUPPLIER_QUARTERS`,
  /**
   * Quarterly totals by the facts that classify (postcode district, SME, VCSE, paying a fellow
   * organisation): what the shares, their coverage and spend between partners are summed from.
   * In the organisation's partition between its returns (`RETURN#`) and its ledger totals (`SPEND#`),
   * so that the report jobs read them in the same query as those, at no extra request. One item
   * per quarter and classification, amounts by row-flag pattern (`*` before the classification's
   * key); items keyed by one bucket (no `*`), written before, are read alike.
   */
  classifiedTotal: (organisationId: string, quarter: string, classKey: string) => ({
    PK: `ORG#${organisationId}`,
    SK: `SCLASS#${quarter}#*${classKey}`,
  }),
  classifiedTotalPk: (organisationId: string) => `ORG#${organisationId}`,
  classifiedTotalPrefix: 'SCLASS#',

  /** A register file load (Companies House, Charity Commission) and its progress. */
  registerLoad: (loadId: string) => ({ PK: `SUPPLIER_REGISTER#${loadId}`, SK: 'LOAD' }),
};

/** The id of an organisation's one "undisclosed" supplier (blank and redacted names). */
export const undisclosedSupplierId = (organisationId: string) => `undisclosed-${organisationId}`;

import { formatPence } from '@compact-tracker/domain/money';
import { CsrfField, TextField } from '../components/fields.tsx';
import { Layout, type Shell } from '../components/layout.tsx';
import { type SharesView, SupplierShares } from './supplier-shares.tsx';
import { type SheetRefusal, SupplierSheetForm } from './supplier-sheet.tsx';

// Supplier lists: an organisation's suppliers (spend, rows, largest first, search, unclassified
// filter, running coverage) and a partnership's shared suppliers with its area form. A supplier's
// own page is in supplier.tsx.

export const yesNo = (value: boolean | null) => (value === true ? 'Yes' : value === false ? 'No' : '–');
const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;

export type SupplierListItem = {
  supplierId: string;
  name: string;
  spendPence: number;
  rows: number;
  postcode: string | null;
  sme: boolean | null;
  vcse: boolean | null;
  cumulativeShare: number;
  local?: boolean | null;
  partners?: number;
  interPartner?: boolean;
  undisclosed?: boolean;
};

export type SupplierListSummary = {
  suppliers: number;
  spendPence: number;
  unclassifiedSuppliers: number;
  unclassifiedPence: number;
  interPartnerPence?: number;
};

function Coverage(props: { items: SupplierListItem[]; summary: SupplierListSummary }) {
  const largest = props.items.slice(0, 50);
  const last = largest.at(-1);
  return (
    <p class="meta">
      {props.summary.suppliers} suppliers, {formatPence(props.summary.spendPence)} in all;{' '}
      <strong>{formatPence(props.summary.unclassifiedPence)}</strong> with{' '}
      {props.summary.unclassifiedSuppliers} suppliers not yet classified.
      {last ? ` The ${largest.length} largest cover ${percent(last.cumulativeShare)} of spend.` : ''}
    </p>
  );
}

/** A supplier table's row header: the supplier's name, linking to its page. */
function SupplierCell(props: { item: SupplierListItem }) {
  return (
    <th scope="row">
      <a href={`/suppliers/${encodeURIComponent(props.item.supplierId)}`}>{props.item.name}</a>
    </th>
  );
}

function Filters(props: { action: string; q: string; unclassified: boolean }) {
  return (
    <form class="card no-print" method="get" action={props.action}>
      <div class="actions">
        <div class="field">
          <label for="suppliers-q">Search suppliers</label>
          <input id="suppliers-q" name="q" type="search" value={props.q} maxlength={64} />
        </div>
        <div class="field">
          <label>
            <input type="checkbox" name="unclassified" value="true" checked={props.unclassified} /> Only
            unclassified
          </label>
        </div>
        <button type="submit" class="button secondary">
          Show
        </button>
      </div>
    </form>
  );
}

export function OrganisationSuppliersPage(props: {
  shell: Shell;
  organisation: { id: string; name: string };
  items: SupplierListItem[];
  summary: SupplierListSummary;
  q: string;
  unclassified: boolean;
  partnerships: { id: string; name: string }[];
  localTo: Record<string, Record<string, boolean | null>>;
  shares: SharesView[];
  /** Officers and representatives may classify many suppliers from a sheet. */
  canClassifyMany?: boolean;
  sheetRefusal?: SheetRefusal;
}) {
  const org = props.organisation;
  return (
    <Layout shell={props.shell} title={`Suppliers – ${org.name}`}>
      <p class="meta">
        <a href={`/organisations/${encodeURIComponent(org.id)}`}>{org.name}</a>
      </p>
      <h1>Suppliers</h1>
      <p class="lede">
        Who the imported spend went to, largest first. Classify a supplier once (postcode, SME, VCSE) and
        every row that pays it counts.
      </p>
      <Coverage items={props.items} summary={props.summary} />
      <SupplierShares shares={props.shares} />
      <Filters
        action={`/organisations/${encodeURIComponent(org.id)}/suppliers`}
        q={props.q}
        unclassified={props.unclassified}
      />
      {props.canClassifyMany ? (
        <SupplierSheetForm
          organisationId={org.id}
          csrfToken={props.shell.csrfToken}
          refusal={props.sheetRefusal}
        />
      ) : null}
      {props.items.length === 0 ? (
        <div class="notice info">
          <p>No suppliers to show.</p>
        </div>
      ) : (
        <div class="table-wrap">
          <table class="supplier-table">
            <thead>
              <tr>
                <th scope="col">Supplier</th>
                <th scope="col" class="num">
                  Spend
                </th>
                <th scope="col" class="num">
                  Rows
                </th>
                <th scope="col">Postcode</th>
                {props.partnerships.map((p) => (
                  <th scope="col">Local to {p.name}</th>
                ))}
                <th scope="col">SME</th>
                <th scope="col">VCSE</th>
                <th scope="col" class="num">
                  Running coverage
                </th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((s) => (
                <tr>
                  <SupplierCell item={s} />
                  <td class="num">{formatPence(s.spendPence)}</td>
                  <td class="num">{s.rows}</td>
                  <td>{s.postcode ?? '–'}</td>
                  {props.partnerships.map((p) => (
                    <td>{yesNo(props.localTo[s.supplierId]?.[p.id] ?? null)}</td>
                  ))}
                  <td>{yesNo(s.sme)}</td>
                  <td>{yesNo(s.vcse)}</td>
                  <td class="num">{percent(s.cumulativeShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function PartnershipSuppliersPage(props: {
  shell: Shell;
  partnership: { id: string; name: string; areaPostcodes: string[] };
  items: SupplierListItem[];
  summary: SupplierListSummary;
  q: string;
  unclassified: boolean;
  canSetArea: boolean;
  areaValue?: string;
  areaError?: string;
}) {
  const p = props.partnership;
  const base = `/partnerships/${encodeURIComponent(p.id)}`;
  return (
    <Layout shell={props.shell} title={`Shared suppliers – ${p.name}`}>
      <p class="meta">{p.name}</p>
      <h1>Shared suppliers</h1>
      <p class="lede">
        The signatories' suppliers by combined spend: the firms to engage together. Local means inside the
        partnership's area ({p.areaPostcodes.length > 0 ? p.areaPostcodes.join(', ') : 'not defined yet'}).
      </p>
      {props.canSetArea ? (
        <section aria-labelledby="area" class="card no-print">
          <h2 id="area">Area</h2>
          <form method="post" action={`${base}/area`}>
            <CsrfField token={props.shell.csrfToken} />
            <TextField
              form="area"
              name="postcodes"
              label="Postcode areas or districts"
              hint='Separated by commas or spaces, such as "B, WS1, DY4"'
              values={{ postcodes: props.areaValue ?? p.areaPostcodes.join(', ') }}
              errors={props.areaError ? { postcodes: props.areaError } : undefined}
              required
            />
            <button type="submit" class="button">
              Save area
            </button>
          </form>
        </section>
      ) : null}
      <Coverage items={props.items} summary={props.summary} />
      {props.summary.interPartnerPence ? (
        <p class="meta">{formatPence(props.summary.interPartnerPence)} was paid between partners.</p>
      ) : null}
      <Filters action={`${base}/suppliers`} q={props.q} unclassified={props.unclassified} />
      <div class="table-wrap">
        <table class="supplier-table">
          <thead>
            <tr>
              <th scope="col">Supplier</th>
              <th scope="col" class="num">
                Combined spend
              </th>
              <th scope="col" class="num">
                Partners paying
              </th>
              <th scope="col">Local</th>
              <th scope="col">SME</th>
              <th scope="col">VCSE</th>
              <th scope="col">Between partners</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((s) => (
              <tr>
                <SupplierCell item={s} />
                <td class="num">{formatPence(s.spendPence)}</td>
                <td class="num">{s.partners ?? 1}</td>
                <td>{yesNo(s.local ?? null)}</td>
                <td>{yesNo(s.sme)}</td>
                <td>{yesNo(s.vcse)}</td>
                <td>{s.interPartner ? 'Yes' : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

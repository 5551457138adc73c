import { formatPence } from '@compact-tracker/domain/money';

/** After an import: the suppliers it saw first and the spend still to classify, with the way there. */
export function ImportSuppliersNotice(props: {
  organisationId: string;
  newSuppliers: number;
  unclassifiedPence: number;
}) {
  const { newSuppliers, unclassifiedPence } = props;
  const suppliers = `/organisations/${props.organisationId}/suppliers`;
  return (
    <p class="import-suppliers">
      {newSuppliers.toLocaleString('en-GB')} new {newSuppliers === 1 ? 'supplier' : 'suppliers'},{' '}
      {formatPence(unclassifiedPence)} not yet classified.{' '}
      {unclassifiedPence > 0 ? (
        <a href={`${suppliers}?unclassified=true`}>Classify the largest suppliers</a>
      ) : (
        <a href={suppliers}>See the suppliers</a>
      )}
      .
    </p>
  );
}

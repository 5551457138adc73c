// The methodology page's address and the link to a part of it, apart from the page itself, so that
// the pages linking to it (a compact, a report) do not carry its text.

export const METHODOLOGY_PATH = '/methodology';

/** A link to a part of the methodology page, for the pages that show that figure. */
export function MethodologyLink(props: { part?: string; children?: string }) {
  return (
    <a href={props.part ? `${METHODOLOGY_PATH}#${props.part}` : METHODOLOGY_PATH} class="methodology-link">
      {props.children ?? 'How these figures are worked out'}
    </a>
  );
}

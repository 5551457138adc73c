import { labelOf } from '@compact-tracker/domain/labels';

// Status words shown as badges: the word is always visible text, colour only reinforces it.

export function Badge(props: { value: string | null | undefined }) {
  if (!props.value) return <span class="meta">–</span>;
  return <span class={`badge ${props.value}`}>{labelOf(props.value)}</span>;
}

export function sectorLabel(sector: string): string {
  return labelOf(sector);
}

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

/** A date as people read it, inside <time> with the machine form. */
export function DateText(props: { at: string | null | undefined; withTime?: boolean }) {
  if (!props.at) return <span class="meta">–</span>;
  const date = new Date(props.at);
  if (Number.isNaN(date.getTime())) return <span>{props.at}</span>;
  return <time datetime={props.at}>{(props.withTime ? timeFormat : dateFormat).format(date)}</time>;
}

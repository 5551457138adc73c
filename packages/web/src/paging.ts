// Pages show whole lists (a register, an audit trail), so they follow the service's cursors to
// the end, up to a bound that keeps one page render from running away.

const PAGE_SIZE = 500;
const MAX_ITEMS = 5000;

export async function allPages<T>(
  fetchPage: (page: { limit: number; cursor?: string }) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor === undefined ? { limit: PAGE_SIZE } : { limit: PAGE_SIZE, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && items.length < MAX_ITEMS);
  return items;
}

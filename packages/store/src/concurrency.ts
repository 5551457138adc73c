// Many requests to DynamoDB at once, but never more than a bound: the report jobs read and write a
// row per signatory, and one at a time they wait out every round trip in turn.

/** Runs `fn` over `items` with at most `limit` in flight, keeping the order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

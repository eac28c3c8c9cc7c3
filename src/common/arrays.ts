/**
 * Removes one occurrence of `item` from a small array; true if it was there. Per-socket bookkeeping uses arrays
 * rather than Sets (a Set of one costs several times more), and this is their delete.
 */
export function removeFrom<T>(list: T[], item: T): boolean {
  const i = list.indexOf(item);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}

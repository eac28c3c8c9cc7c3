/** Text with the given [start, end) ranges marked (offsets from the server, no HTML from it). */
export function Highlighted({ text, ranges }: { text: string; ranges: ReadonlyArray<{ start: number; end: number }> }) {
  const parts: Array<string | { mark: string }> = [];
  let at = 0;
  for (const r of ranges) {
    if (r.start < at || r.end > text.length) continue;
    if (r.start > at) parts.push(text.slice(at, r.start));
    parts.push({ mark: text.slice(r.start, r.end) });
    at = r.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return (
    <span className="search-result__body">
      {parts.map((p, i) => (typeof p === 'string' ? p : <mark key={i}>{p.mark}</mark>))}
    </span>
  );
}

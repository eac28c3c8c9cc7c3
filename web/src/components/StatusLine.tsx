import './StatusLine.css';

/**
 * A one-line status in a polite live region that is always present (a screen reader announces a region's changes
 * only once it exists), empty and out of the way while there is nothing to say.
 */
export function StatusLine({ text, state, testId }: { text: string; state: string; testId: string }) {
  return (
    <p className={`status-line${text ? '' : ' status-line--idle'}`} role="status" aria-live="polite" data-testid={testId} data-state={state}>
      {text}
    </p>
  );
}

import { StatusLine } from '../../components/StatusLine';
import type { JumpState } from './useJumpToMessage';

function text(s: JumpState): string {
  switch (s) {
    case 'loading':
      return 'Loading earlier messages…';
    case 'retrying':
      return 'Could not load earlier messages yet. Trying again…';
    case 'missing':
      return 'That message is no longer in this room.';
    default:
      return '';
  }
}

/**
 * How opening the room at one message is going (useJumpToMessage), in a polite live region that is present while
 * the room is open at a message and empty once the message is shown.
 */
export function JumpStatus({ state }: { state: JumpState }) {
  return <StatusLine text={text(state)} state={state} testId="jump-status" />;
}

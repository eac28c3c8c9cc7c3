/** What the message says about its mentions (from MessageItem_message). */
export interface MentionInfo {
  mentions: ReadonlyArray<{ username: string }>;
  mentionsMe: boolean;
  viewerUsername?: string;
}

/** One `@name` found in a body: how many characters after the `@` it takes, and whether it is the viewer's. */
export interface MentionHit {
  length: number;
  mine: boolean;
}

/** Where a mention may start: not after a character of a word or an address (so `bob@example.com` is none). */
export const MENTION_BEFORE = /[\p{L}\p{N}_.@-]$/u;

/**
 * Decides, for the text after an `@`, whether it is one of the message's mentions, as the server parsed it:
 * `@ann.` names `ann.` or `ann` (whichever the server matched), `@room` counts when it reached the viewer.
 * Null when the message mentions nobody, so plain messages pay nothing.
 */
export function mentionMatcher({ mentions, mentionsMe, viewerUsername }: MentionInfo): ((raw: string) => MentionHit | null) | null {
  const names = new Set(mentions.map((m) => m.username.toLowerCase()));
  if (!names.size && !mentionsMe) return null;
  const me = viewerUsername?.toLowerCase();
  // @room counts only when it reached the viewer (mentionsMe without being named).
  const viaRoom = mentionsMe && (!me || !names.has(me));
  return (raw) => {
    const lower = raw.toLowerCase();
    const name = [lower, lower.replace(/[.-]+$/, '')].find((n) => names.has(n) || (n === 'room' && viaRoom));
    if (!name) return null;
    return { length: name.length, mine: name === me || (name === 'room' && !names.has('room')) };
  };
}

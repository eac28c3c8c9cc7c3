/** What a message body mentions: lower-cased usernames to look up among the room's members, and whether `@room`. */
export interface ParsedMentions {
  usernames: string[];
  room: boolean;
}

const USERNAME = /^[a-z0-9_.-]{3,32}$/;
const MAX_MENTIONS = 50;

/**
 * Finds `@username` and `@room` in a body. The `@` must start the text or follow a character that is not part of a
 * word or address (so `bob@example.com` mentions nobody). Usernames may contain `.` and `-`, which also end
 * sentences: `@ann.` names `ann.` or `ann`, whichever is a member (both candidates are looked up).
 */
export function parseMentions(body: string): ParsedMentions {
  const names = new Set<string>();
  let room = false;
  const re = /(?<![\p{L}\p{N}_.@-])@([A-Za-z0-9_.-]+)/gu;
  for (let m = re.exec(body); m && names.size < MAX_MENTIONS; m = re.exec(body)) {
    const raw = m[1].toLowerCase();
    const trimmed = raw.replace(/[.-]+$/, '');
    if (trimmed === 'room') room = true;
    for (const candidate of [raw, trimmed]) if (USERNAME.test(candidate)) names.add(candidate);
  }
  return { usernames: [...names], room };
}

/**
 * The tab title: "Parley", with a count in front while something waits for the user. Two parts of the app count:
 * the room list (rooms with unread messages, the open one aside) and desktop notifications (those shown while the tab
 * was hidden, until it is seen again). Each says its own count here and the title shows the larger, so neither one's
 * change takes back the other's (before, the notifications' reset on return to the tab wrote a bare "Parley" over the
 * room list's "(2) Parley").
 */
const TITLE = 'Parley';
const counts = new Map<'rooms' | 'notifications', number>();

export function setTitleCount(source: 'rooms' | 'notifications', count: number) {
  counts.set(source, count);
  const shown = Math.max(0, ...counts.values());
  document.title = shown ? `(${shown}) ${TITLE}` : TITLE;
}

import { useSubscription } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { nameOf } from '../../lib/format';
import { TypingSubscription } from './fragments';


interface Typist {
  name: string;
  until: number;
}

/** "Alice is typing…": who is typing in the room now (a start expires on its own after a few seconds). */
export function TypingIndicator({ roomId, viewerId, stopFor }: { roomId: string; viewerId: string; stopFor: { userId: string; n: number } | null }) {
  const [typists, setTypists] = useState<Record<string, Typist>>({});

  useSubscription(TypingSubscription, {
    variables: { roomId },
    onData: ({ data }) => {
      const ev = data.data?.typing;
      if (!ev || ev.user.id === viewerId) return;
      setTypists((t) => {
        const next = { ...t };
        if (ev.isTyping) next[ev.user.id] = { name: nameOf(ev.user), until: Date.now() + 6000 };
        else delete next[ev.user.id];
        return next;
      });
    },
  });

  // A message from someone ends their typing.
  useEffect(() => {
    if (!stopFor) return;
    setTypists((t) => {
      if (!t[stopFor.userId]) return t;
      const next = { ...t };
      delete next[stopFor.userId];
      return next;
    });
  }, [stopFor]);

  const active = Object.keys(typists).length > 0;
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => {
      const now = Date.now();
      setTypists((t) => {
        const kept = Object.entries(t).filter(([, v]) => v.until > now);
        return kept.length === Object.keys(t).length ? t : Object.fromEntries(kept);
      });
    }, 1000);
    return () => clearInterval(id);
  }, [active]);

  const names = Object.values(typists).map((t) => t.name);
  let text = '';
  if (names.length === 1) text = `${names[0]} is typing…`;
  else if (names.length === 2) text = `${names[0]} and ${names[1]} are typing…`;
  else if (names.length > 2) text = 'Several people are typing…';
  return (
    <div className="typing" aria-live="polite" data-testid="typing">
      {text && (
        <>
          <span className="typing__dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {text}
        </>
      )}
    </div>
  );
}

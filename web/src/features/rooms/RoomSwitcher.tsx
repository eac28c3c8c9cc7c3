import { useQuery } from '@apollo/client/react';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { navigate } from '../../lib/router';
import { RoomListQuery } from './RoomList';
import { roomTitle } from './room-title';

/** Ctrl+K / Cmd+K anywhere in the signed-in app opens the room switcher. */
export function useRoomSwitcherShortcut(open: () => void) {
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        open();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
}

/** Type part of a room's name, arrows to pick, Enter to open it. */
export function RoomSwitcher({ viewerId, onClose }: { viewerId: string; onClose: () => void }) {
  const { data } = useQuery(RoomListQuery, { fetchPolicy: 'cache-first' });
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const q = text.trim().toLowerCase();
  const rooms = [...(data?.rooms.edges.map((e) => e.node) ?? [])]
    .sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt))
    .map((r) => ({ id: r.id, title: roomTitle(r, viewerId), unread: r.unreadCount }))
    .filter((r) => !q || r.title.toLowerCase().includes(q))
    .slice(0, 20);
  const current = Math.min(active, Math.max(0, rooms.length - 1));

  function open(id: string) {
    onClose();
    navigate(`/rooms/${encodeURIComponent(id)}`);
  }

  function onKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((current + 1) % Math.max(1, rooms.length));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((current - 1 + rooms.length) % Math.max(1, rooms.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const r = rooms[current];
      if (r) open(r.id);
    }
  }

  return (
    <Dialog title="Go to a room" onClose={onClose} testId="room-switcher">
      <div className="field">
        <label htmlFor={`${listId}-input`}>Room name</label>
        <input
          id={`${listId}-input`}
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={rooms[current] ? `${listId}-${rooms[current]!.id}` : undefined}
          value={text}
          onChange={(e) => (setText(e.target.value), setActive(0))}
          onKeyDown={onKey}
          autoComplete="off"
        />
      </div>
      <ul className="switcher" id={listId} role="listbox" aria-label="Rooms">
        {rooms.map((r, i) => (
          <li
            key={r.id}
            id={`${listId}-${r.id}`}
            role="option"
            aria-selected={i === current}
            className={`switcher__item${i === current ? ' is-active' : ''}`}
            onClick={() => open(r.id)}
            onMouseMove={() => i !== current && setActive(i)}
          >
            <span>{r.title}</span>
            {r.unread > 0 && <span className="badge">{r.unread > 99 ? '99+' : r.unread}<span className="sr-only"> unread</span></span>}
          </li>
        ))}
        {rooms.length === 0 && <li className="muted switcher__none">No room matches.</li>}
      </ul>
      <p className="muted switcher__hint">↑ ↓ to choose, Enter to open, Esc to close.</p>
    </Dialog>
  );
}

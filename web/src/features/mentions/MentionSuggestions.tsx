import { Avatar } from '../../components/Avatar';
import type { MentionOption } from './useMentionAutocomplete';
import './mentions.css';

interface Props {
  id: string;
  options: MentionOption[];
  activeIndex: number;
  optionId: (i: number) => string;
  onPick: (o: MentionOption) => void;
  onHover: (i: number) => void;
}

/** The composer's `@` suggestions: a listbox above the message box (focus stays in the box). */
export function MentionSuggestions({ id, options, activeIndex, optionId, onPick, onHover }: Props) {
  return (
    <ul id={id} className="mention-list" role="listbox" aria-label="People to mention" data-testid="mention-suggestions">
      {options.map((o, i) => (
        <li
          key={o.id}
          id={optionId(i)}
          role="option"
          aria-selected={i === activeIndex}
          className={`mention-option${i === activeIndex ? ' is-active' : ''}`}
          data-testid="mention-option"
          // Keep the focus in the message box: the click inserts, the box keeps typing.
          onMouseDown={(e) => e.preventDefault()}
          onMouseMove={() => i !== activeIndex && onHover(i)}
          onClick={() => onPick(o)}
        >
          {o.everyone ? <Avatar label="@" size={24} /> : <Avatar user={o} size={24} />}
          <span className="mention-option__name">{o.everyone ? 'Everyone in this room' : o.displayName || o.username}</span>
          <span className="mention-option__handle">@{o.username}</span>
        </li>
      ))}
    </ul>
  );
}

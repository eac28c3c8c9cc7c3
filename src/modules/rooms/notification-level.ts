import { registerEnumType } from 'type-graphql';
import { RoomKind } from './room.entity.js';

export enum NotificationLevel {
  ALL = 'ALL',
  MENTIONS = 'MENTIONS',
  NONE = 'NONE',
}

registerEnumType(NotificationLevel, {
  name: 'NotificationLevel',
  description: 'What a member wants to be notified of in one room.',
  valuesConfig: {
    ALL: { description: 'Every message (the default for direct rooms and groups).' },
    MENTIONS: { description: 'Only messages that mention them (the default for public rooms).' },
    NONE: { description: 'Nothing: the room is muted (clients show no unread badge, only a muted look).' },
  },
});

/** A membership's level when the member never chose one. */
export function defaultNotificationLevel(kind: RoomKind): NotificationLevel {
  return kind === RoomKind.PUBLIC ? NotificationLevel.MENTIONS : NotificationLevel.ALL;
}

import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { RoomEventData, RoomEventType } from './room-event.payloads.js';
import { Room } from './room.entity.js';

export type { RoomEventType } from './room-event.payloads.js';

/** The room's ordered log. Every change appends one, with the room's next seq, in the change's transaction. */
@Entity({ tableName: 'room_events' })
@Unique({ properties: ['room', 'seq'] })
export class RoomEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Room, { deleteRule: 'cascade' })
  room!: Room;

  @Property({ type: 'integer' })
  seq!: number;

  @Property({ type: 'string', length: 32 })
  type!: RoomEventType;

  /** Small and JSON-safe: ids only (messageId, userId, removedById...), the shape `RoomEventPayloads` gives its type. */
  @Property({ type: 'json' })
  payload!: RoomEventData['payload'];

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}

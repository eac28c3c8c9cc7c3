import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { Room } from '../rooms/room.entity.js';

@Resolver(() => Room)
export class RoomAccessFieldResolver {
  @FieldResolver(() => Boolean, { description: 'True when joining needs a password (joinRoom(roomId, password)). The password itself is never returned.' })
  hasPassword(@Root() room: Room, @Ctx() _ctx: Context): boolean {
    return !!room.passwordHash;
  }
}

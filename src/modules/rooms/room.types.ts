import { Field, ID, InputType } from 'type-graphql';
import { AddPolicy } from './room.entity.js';
import { ConnectionType } from '../../common/connection.js';
import { Membership } from './membership.entity.js';
import { Room } from './room.entity.js';

export const RoomConnection = ConnectionType(Room, 'Room', 'room');
export type RoomConnection = InstanceType<typeof RoomConnection>;

export const MemberConnection = ConnectionType(Membership, 'Member', 'member');
export type MemberConnection = InstanceType<typeof MemberConnection>;

@InputType({ description: 'A new private group. The creator becomes its OWNER.' })
export class CreateGroupRoomInput {
  @Field(() => String, { description: 'Group name, 1-80 characters.' })
  name!: string;

  @Field(() => [ID], { description: 'Ids of the users to add as MEMBERs (up to 100; the creator is added anyway).' })
  memberIds!: string[];

  @Field(() => String, { nullable: true, description: 'Optional description, up to 500 characters.' })
  description?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'List the group in publicRooms, where people may ask to join (default false).' })
  discoverable?: boolean | null;
}

@InputType({ description: 'A new public room anyone may find and join. The creator becomes its OWNER.' })
export class CreatePublicRoomInput {
  @Field(() => String, { description: 'Room name, 1-80 characters.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Optional description, up to 500 characters.' })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Optional join password (4-128 characters): people then join with joinRoom(roomId, password). Stored hashed, never returned.' })
  password?: string | null;
}

@InputType({ description: "Changes to a room's settings; omitted fields stay as they are." })
export class UpdateRoomInput {
  @Field(() => String, { nullable: true, description: 'New name, 1-80 characters.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New description, up to 500 characters; an empty string clears it.' })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Public rooms: a new join password (4-128 characters), or an empty string to remove it. Current members stay.' })
  password?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Groups: whether the group is listed in publicRooms for join requests.' })
  discoverable?: boolean | null;

  @Field(() => AddPolicy, { nullable: true, description: 'Whether OWNER and ADMINs add people directly or invite them.' })
  addPolicy?: AddPolicy | null;
}


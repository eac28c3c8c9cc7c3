import { Field, ID, Int, ObjectType } from 'type-graphql';
import { RoomKind } from '../rooms/room.entity.js';

/** What an invite link shows before joining (invitePreview): the room's public face, nothing of its members or messages. */
@ObjectType('InvitePreview', {
  description: "The room behind an invite link, as its holder may see it before joining: name, kind, description and size; never its members or messages.",
})
export class InvitePreview {
  @Field(() => String, { description: "The link's code (pass it to joinByInvite)." })
  code!: string;

  @Field(() => ID, { description: 'The room (readable once joined).' })
  roomId!: string;

  @Field(() => String, { nullable: true, description: "The room's name." })
  name!: string | null;

  @Field(() => String, { nullable: true, description: "The room's description." })
  description!: string | null;

  @Field(() => RoomKind, { description: 'GROUP or PUBLIC.' })
  kind!: RoomKind;

  @Field(() => Int, { description: 'How many members it has.' })
  memberCount!: number;

  @Field(() => Boolean, { description: 'Whether the room is password-protected. Joining through the link needs no password.' })
  hasPassword!: boolean;

  @Field(() => Boolean, { description: 'Whether the viewer already is a member (joining again changes nothing and spends no use).' })
  isMember!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the link stops working; null for never.' })
  expiresAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Joins left before the link is used up; null for unlimited.' })
  usesLeft!: number | null;
}
